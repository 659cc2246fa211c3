// Runs the import list on the terminal; `e` hands one proposal to $EDITOR and comes back. Writing
// is the caller's: `write` gets the notes (with edited proposals) and the accepted items, and
// returns the lines that say what it did.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink';
import { yogaReady } from '../../scripts/yoga-shim.js';
import type { ImportItem } from '../core/import-plan.js';
import type { NoteImport } from '../import/notes-folder.js';
import { ImportList } from './import-list.js';
import { ImportApp } from './ImportApp.js';

function editText(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'recall-import-'));
  const file = join(dir, 'card.md');
  writeFileSync(file, text + '\n');
  try {
    const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
    const [cmd, ...args] = editor.split(/\s+/).filter(Boolean);
    // A require: command bundles run in a vm.Script, which has no dynamic import.
    const { spawnSync } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
    const result = spawnSync(cmd!, [...args, file], { stdio: 'inherit' });
    if (result.error) throw new Error(`could not start editor '${editor}': ${result.error.message} (set $EDITOR)`);
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type WriteAccepted = (notes: NoteImport[], accepted: (item: ImportItem) => boolean) => string[];

export async function runImportScreen(notes: NoteImport[], write: WriteAccepted): Promise<number> {
  await yogaReady;
  const list = new ImportList(notes);
  for (;;) {
    const app = render(<ImportApp list={list} />, { exitOnCtrlC: true, patchConsole: false });
    await app.waitUntilExit();
    const exit = list.exit;
    if (!exit || exit.kind === 'cancel') {
      process.stdout.write('Cancelled: nothing was written.\n');
      return 1;
    }
    if (exit.kind === 'edit') {
      try {
        list.applyEdit(exit.row, editText(exit.row.item.proposal.snippet));
      } catch (error) {
        list.exit = undefined;
        list.message = (error as Error).message;
      }
      continue;
    }
    const accepted = new Set(list.rows.filter((r) => r.decision === 'accept').map((r) => r.item));
    // The rows hold edited proposals: write from them, not from the notes as first read.
    const current = new Map(list.rows.map((r) => [r.original, r.item]));
    const edited = notes.map((n) => ({ ...n, items: n.items.map((item) => current.get(item) ?? item) }));
    for (const line of write(edited, (item) => accepted.has(item))) process.stdout.write(line + '\n');
    return 0;
  }
}

// Runs the import list on the terminal; `e` hands one proposal to $EDITOR and comes back.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { render } from 'ink';
import { yogaReady } from '../../scripts/yoga-shim.js';
import { prepareWrites, type NoteImport } from '../commands/import.js';
import { commitAppend } from '../store/deck-writer.js';
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

export async function runImportScreen(root: string, notes: NoteImport[]): Promise<number> {
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
    const edited = notes.map((n) => ({ ...n, items: list.rows.filter((r) => r.note === n).map((r) => r.item) }));
    for (const w of prepareWrites(root, edited, (item) => accepted.has(item))) {
      commitAppend(w);
      const where = relative(process.cwd(), w.path) || w.path;
      process.stdout.write(`${w.created ? 'created' : 'changed'} ${where}: ${w.added.length} cards added, ${w.updated} updated\n`);
    }
    const skipped = list.count('skip') + list.count('pending');
    if (skipped) process.stdout.write(`${skipped} proposal${skipped === 1 ? '' : 's'} skipped.\n`);
    return 0;
  }
}

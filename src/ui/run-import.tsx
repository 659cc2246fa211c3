// Runs the import list on the terminal; `e` hands one proposal to the caller's `edit` (the user's
// editor) and comes back. Writing is the caller's: `write` gets the notes (with edited proposals)
// and the accepted items, and returns the lines that say what it did.
import type { ImportItem } from '../core/import-plan.js';
import type { NoteImport } from '../import/notes-folder.js';
import { ImportList } from './import-list.js';
import { ImportApp } from './ImportApp.js';
import { mount } from './mount.js';
import { m } from '../i18n/index.js';

export type WriteAccepted = (notes: NoteImport[], accepted: (item: ImportItem) => boolean) => string[];

/** Hands text to the user's editor and returns it edited; throws a message when it cannot. */
export type EditText = (text: string) => string;

export async function runImportScreen(notes: NoteImport[], write: WriteAccepted, edit: EditText): Promise<number> {
  const list = new ImportList(notes);
  for (;;) {
    await mount(<ImportApp list={list} />);
    const exit = list.exit;
    if (!exit || exit.kind === 'cancel') {
      process.stdout.write(m.import.list.cancelled + '\n');
      return 1;
    }
    if (exit.kind === 'edit') {
      try {
        list.applyEdit(exit.row, edit(exit.row.item.proposal.snippet));
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

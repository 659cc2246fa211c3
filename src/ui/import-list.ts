// The `recall import` review list as a state machine over keys: accept, skip, edit, accept all,
// then write or cancel. No React here, so a key never sees stale state.
import type { ImportItem } from '../core/import-plan.js';
import { cardsOf } from '../core/propose.js';
import type { NoteImport } from '../import/notes-folder.js';
import { m } from '../i18n/index.js';

export type Decision = 'pending' | 'accept' | 'skip';

export interface Row {
  note: NoteImport;
  /** The item as planned; `item` is replaced when the proposal is edited. */
  original: ImportItem;
  item: ImportItem;
  decision: Decision;
}

export type ListExit = { kind: 'write' } | { kind: 'cancel' } | { kind: 'edit'; row: Row };

export class ImportList {
  readonly rows: Row[];
  index = 0;
  message?: string;
  exit?: ListExit;

  constructor(notes: NoteImport[]) {
    this.rows = notes.flatMap((note) =>
      note.items.filter((i) => i.status === 'new' || i.status === 'update').map((item) => ({ note, original: item, item, decision: 'pending' as Decision })),
    );
  }

  get current(): Row | undefined {
    return this.rows[this.index];
  }

  count(d: Decision): number {
    return this.rows.filter((r) => r.decision === d).length;
  }

  private decide(d: Decision) {
    this.current!.decision = d;
    const next = this.rows.findIndex((r, i) => i > this.index && r.decision === 'pending');
    if (next !== -1) this.index = next;
    else if (this.index < this.rows.length - 1) this.index++;
  }

  key(input: string, key: { upArrow?: boolean; downArrow?: boolean; return?: boolean; escape?: boolean }): void {
    if (this.exit) return;
    this.message = undefined;
    if (key.escape || input === 'q') this.exit = { kind: 'cancel' };
    else if (key.upArrow || input === 'k') this.index = Math.max(0, this.index - 1);
    else if (key.downArrow || input === 'j') this.index = Math.min(this.rows.length - 1, this.index + 1);
    else if (input === 'a') this.decide('accept');
    else if (input === 's') this.decide('skip');
    else if (input === 'A') {
      for (const r of this.rows) if (r.decision === 'pending') r.decision = 'accept';
      this.message = m.import.list.acceptedAll;
    } else if (input === 'e') this.exit = { kind: 'edit', row: this.current! };
    else if (key.return || input === 'w') {
      if (this.count('accept') === 0) this.message = m.import.list.nothingAccepted;
      else this.exit = { kind: 'write' };
    }
  }

  /** Takes the card text back from the editor; a text that is not a clean card is refused. */
  applyEdit(row: Row, snippet: string): void {
    this.exit = undefined;
    const cards = cardsOf(snippet.trim());
    if (!cards) {
      this.message = m.import.list.invalidEdit;
      return;
    }
    row.item = { ...row.item, proposal: { ...row.item.proposal, snippet: snippet.trim(), cards, kind: /^ {0,3}##\s/.test(snippet.trim()) ? 'question' : row.item.proposal.kind } };
    this.index = this.rows.indexOf(row);
    this.decide('accept');
    this.message = m.import.list.edited;
  }
}

// Anki's plain-text import format with every header Anki reads, so a file imports without
// touching the import dialog: stock note types (Basic, Basic (and reversed card), Cloze), the
// deck, tags and a GUID per row (a second import updates instead of duplicating).
import { NOTE_TYPES, toAnkiNotes } from './anki-notes.js';
import type { Card } from '../core/types.js';

/** Quotes a field when it holds the separator, a quote or a line break (Anki reads CSV quoting). */
function csvField(s: string): string {
  return /[\t"\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function ankiText(cards: Card[]): { text: string; notes: number } {
  const notes = toAnkiNotes(cards);
  const lines = [
    '#separator:tab',
    '#html:true',
    '#guid column:1',
    '#notetype column:2',
    '#deck column:3',
    '#tags column:4',
  ];
  for (const note of notes) {
    const [first, second, context] = note.fields as [string, string, string];
    // Stock types have no Context field: it leads the first field, as the apkg templates show it.
    const lead = context ? `<div class="context" style="color:#888;font-size:0.8em">${context}</div>` : '';
    const fields = [lead + first, second];
    lines.push([note.guid, NOTE_TYPES[note.kind].stock, note.deck, note.tags.join(' '), ...fields].map(csvField).join('\t'));
  }
  return { text: lines.join('\n') + '\n', notes: notes.length };
}

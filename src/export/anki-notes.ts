// recall cards as Anki notes, cards and review log rows: plain data, shared by the .apkg and
// the text exporter. A recall note (one heading card, one line, one cloze text) is one Anki note.
import { createHash } from 'node:crypto';
import type { CardRecord, LogEvent } from '../core/events.js';
import { State } from '../core/scheduler.js';
import type { Card } from '../core/types.js';
import { ankiStripHtml, markdownToHtml } from './html.js';

export type NoteKind = 'basic' | 'basic-reverse' | 'cloze';

/** Our own note types: fixed ids and names, so Anki never confuses them with a user's types. */
export const NOTE_TYPES: Record<NoteKind, { id: number; name: string; fields: string[]; stock: string; stockFields: string[] }> = {
  basic: { id: 1732406400001, name: 'recall Basic', fields: ['Front', 'Back', 'Context'], stock: 'Basic', stockFields: ['Front', 'Back'] },
  'basic-reverse': {
    id: 1732406400002,
    name: 'recall Basic (and reversed card)',
    fields: ['Front', 'Back', 'Context'],
    stock: 'Basic (and reversed card)',
    stockFields: ['Front', 'Back'],
  },
  cloze: { id: 1732406400003, name: 'recall Cloze', fields: ['Text', 'Back Extra', 'Context'], stock: 'Cloze', stockFields: ['Text', 'Back Extra'] },
};

export interface AnkiNote {
  kind: NoteKind;
  guid: string;
  deck: string;
  tags: string[];
  /** HTML, in the note type's field order. */
  fields: string[];
  sfld: string;
  csum: number;
  /** The recall cards of the note, with their Anki template ord. */
  cards: { card: Card; ord: number }[];
}

/** Anki's field checksum: the first 4 bytes of SHA-1 of the stripped first field, big-endian. */
export function fieldChecksum(html: string): number {
  return createHash('sha1').update(ankiStripHtml(html), 'utf8').digest().readUInt32BE(0);
}

/** Stable across exports: derived from the identity of the note's first card. */
export function noteGuid(first: Card): string {
  return `recall-${first.id}`;
}

const tag = (t: string) => t.trim().replace(/\s+/g, '_');

/** Groups cards into notes, in card order. */
export function toAnkiNotes(cards: Card[]): AnkiNote[] {
  const byNote = new Map<string, Card[]>();
  for (const card of cards) {
    const list = byNote.get(card.noteKey);
    if (list) list.push(card);
    else byNote.set(card.noteKey, [card]);
  }
  const notes: AnkiNote[] = [];
  for (const group of byNote.values()) {
    const first = group[0]!;
    const context = markdownToHtml([first.section, first.heading].filter(Boolean).join(' › '));
    let kind: NoteKind;
    let fields: string[];
    let ords: { card: Card; ord: number }[];
    if (first.kind === 'cloze') {
      kind = 'cloze';
      fields = [markdownToHtml(first.front), '', context];
      ords = group.map((card) => ({ card, ord: (card.cloze ?? 1) - 1 }));
    } else {
      const basic = group.find((c) => c.kind === 'basic') ?? first;
      kind = group.some((c) => c.kind === 'reverse') && group.some((c) => c.kind === 'basic') ? 'basic-reverse' : 'basic';
      fields = [markdownToHtml(basic.front), markdownToHtml(basic.back), context];
      ords = group.map((card) => ({ card, ord: card.kind === 'reverse' && kind === 'basic-reverse' ? 1 : 0 }));
    }
    notes.push({
      kind,
      guid: noteGuid(first),
      deck: first.deck,
      tags: [...new Set(first.tags.map(tag))],
      fields,
      sfld: ankiStripHtml(fields[0]!),
      csum: fieldChecksum(fields[0]!),
      cards: ords,
    });
  }
  return notes;
}

export interface AnkiSchedule {
  type: number;
  queue: number;
  due: number;
  ivl: number;
  factor: number;
  reps: number;
  lapses: number;
  data: string;
}

const DAY = 86_400_000;

/**
 * A card's progress as Anki schedules it. `crt` is the collection's creation (day start, in
 * seconds): review cards are due in days since then, learning cards at an epoch second.
 */
export function ankiSchedule(p: CardRecord | undefined, position: number, crtSecs: number, retention: number): AnkiSchedule {
  if (!p || p.st === State.New) {
    return { type: 0, queue: p?.suspended ? -1 : 0, due: position, ivl: 0, factor: 0, reps: 0, lapses: 0, data: '' };
  }
  const data = JSON.stringify({ s: round(p.s), d: round(p.d), dr: retention, lrt: p.lrt !== undefined ? Math.floor(p.lrt / 1000) : undefined });
  const suspended = Boolean(p.suspended);
  if (p.st === State.Review) {
    return {
      type: 2,
      queue: suspended ? -1 : 2,
      due: Math.max(0, Math.floor((p.due - crtSecs * 1000) / DAY)),
      ivl: Math.max(1, Math.round(p.sd)),
      factor: 2500,
      reps: p.reps,
      lapses: p.lapses,
      data,
    };
  }
  const relearning = p.st === State.Relearning;
  return {
    type: relearning ? 3 : 1,
    queue: suspended ? -1 : 1,
    due: Math.floor(p.due / 1000),
    ivl: relearning ? Math.max(1, Math.round(p.sd)) : 0,
    factor: 2500,
    reps: p.reps,
    lapses: p.lapses,
    data,
  };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

export interface AnkiRevlog {
  id: number;
  cardId: string;
  ease: number;
  ivl: number;
  lastIvl: number;
  time: number;
  type: number;
}

/** Review log rows for the given cards: undone answers left out, moved histories followed. */
export function ankiRevlog(events: LogEvent[], cardIds: Set<string>): AnkiRevlog[] {
  const undone = new Set(events.filter((e) => e.type === 'undo').map((e) => (e as { of: string }).of));
  const movedTo = new Map<string, string>();
  for (const e of events) if (e.type === 'move') movedTo.set(e.card, e.to);
  const resolve = (id: string) => {
    let at = id;
    for (let hops = 0; movedTo.has(at) && hops < 100; hops++) at = movedTo.get(at)!;
    return at;
  };
  const rows: AnkiRevlog[] = [];
  const used = new Set<number>();
  for (const e of events) {
    if (e.type !== 'review' || undone.has(e.id)) continue;
    const card = resolve(e.card);
    if (!cardIds.has(card)) continue;
    // Anki's revlog id is the answer time in ms and must be unique.
    let id = e.at;
    while (used.has(id)) id++;
    used.add(id);
    const interval = (p: CardRecord | null | undefined) =>
      !p ? 0 : p.st === State.Review ? Math.max(1, Math.round(p.sd)) : -Math.max(1, Math.round((p.due - e.at) / 1000));
    const before = e.before;
    const type = !before || before.st === State.New || before.st === State.Learning ? 0 : before.st === State.Review ? 1 : 2;
    rows.push({ id, cardId: card, ease: e.grade, ivl: interval(e.after), lastIvl: before ? interval(before) : 0, time: Math.min(60_000, Math.max(0, Math.round(e.ms))), type });
  }
  return rows;
}

// recall cards as Anki notes, cards and review log rows: plain data, shared by the .apkg and
// the text exporter. A recall note (one heading card, one line, one cloze text) is one Anki note.
// What each field means to Anki is taken from ankitects/anki's rslib (files cited below).
import { createHash } from 'node:crypto';
import type { CardRecord, LogEvent } from '../core/events.js';
import { State } from '../core/scheduler.js';
import type { Card } from '../core/types.js';
import { ankiStripHtml, markdownToHtml } from './html.js';

export type NoteKind = 'basic' | 'cloze';

/**
 * Our own note types, with fixed ids and names so Anki never confuses them with a user's types.
 * One Basic type carries the reverse card as an optional field (like Anki's "Basic (optional
 * reversed card)"): adding or removing a reverse changes a field, never the note's type, and Anki
 * refuses to update a note whose type changed.
 */
export const NOTE_TYPES: Record<NoteKind, { id: number; name: string; fields: string[] }> = {
  basic: { id: 1732406400001, name: 'recall Basic (optional reversed card)', fields: ['Front', 'Back', 'Context', 'Add Reverse'] }, // not-ui: an Anki note type
  cloze: { id: 1732406400003, name: 'recall Cloze', fields: ['Text', 'Back Extra', 'Context'] }, // not-ui: an Anki note type
};

/** The value of "Add Reverse" when a note has its reverse card (any non-empty text makes it). */
export const REVERSE_MARK = 'y';

/** A note's `mod` when nothing says when its text changed: fixed, so re-exports never look newer. */
export const STABLE_NOTE_MOD_SECS = 1_732_406_400;

export interface AnkiNote {
  kind: NoteKind;
  guid: string;
  deck: string;
  tags: string[];
  /** HTML, in the note type's field order. */
  fields: string[];
  sfld: string;
  csum: number;
  /** When the note's text last changed, in seconds (Anki updates a note only from a newer one). */
  modSecs: number;
  /** The recall cards of the note, with their Anki template ord. */
  cards: { card: Card; ord: number }[];
}

export interface NoteOptions {
  /**
   * The identity a note's GUID is made from, given the note's first card (the forward card, or
   * the lowest cloze number). Default: the card's id, which changes when its front is edited;
   * pass the first id of the card's history chain so that re-imports update the same notes.
   */
  noteIdentity?: (card: Card) => string;
  /** When the text of a card last changed (ms), or undefined when unknown. */
  noteModified?: (card: Card) => number | undefined;
  /** The media file name an image of the card is exported under (see media.ts), or undefined to keep its source. */
  image?: (card: Card, src: string) => string | undefined;
  /** The GUID a note imported from Anki had there, by identity: exported under it, Anki updates that note. */
  ankiGuid?: (identity: string) => string | undefined;
}

/** Anki's field checksum: the first 4 bytes of SHA-1 of the stripped first field, big-endian. */
export function fieldChecksum(html: string): number {
  return createHash('sha1').update(ankiStripHtml(html), 'utf8').digest().readUInt32BE(0);
}

export function noteGuid(identity: string): string {
  return `recall-${identity}`;
}

const tag = (t: string) => t.trim().replace(/\s+/g, '_');

/**
 * The section and heading a card is shown under, as HTML with each part marked, so that an
 * importer can tell them apart again (either may contain " › ").
 */
export function contextHtml(card: Pick<Card, 'section' | 'heading'>): string {
  const parts: string[] = [];
  if (card.section) parts.push(`<span class="recall-section">${markdownToHtml(card.section)}</span>`); // not-ui: HTML
  if (card.heading) parts.push(`<span class="recall-heading">${markdownToHtml(card.heading)}</span>`); // not-ui: HTML
  return parts.join(' › ');
}

/** A pinned id travels in the note as the same comment the deck format uses; Anki shows nothing. */
export function pinComment(card: Card): string {
  if (!card.pinned) return '';
  const pin = card.kind === 'cloze' ? card.id.replace(/:c\d+$/, '') : card.id.replace(/:r$/, '');
  return `<!-- id: ${pin} -->`;
}

/** Groups cards into notes, in card order. */
export function toAnkiNotes(cards: Card[], options: NoteOptions = {}): AnkiNote[] {
  return [...ankiNotes(cards, options)];
}

/** The notes of toAnkiNotes one at a time: a writer need not hold them all. */
export function* ankiNotes(cards: Card[], options: NoteOptions = {}): Generator<AnkiNote> {
  const byNote = new Map<string, Card[]>();
  for (const card of cards) {
    const list = byNote.get(card.noteKey);
    if (list) list.push(card);
    else byNote.set(card.noteKey, [card]);
  }
  const identity = options.noteIdentity ?? ((card: Card) => card.id);
  for (const group of byNote.values()) {
    let kind: NoteKind;
    let fields: string[];
    let ords: { card: Card; ord: number }[];
    let first: Card;
    const html = (card: Card, markdown: string) => markdownToHtml(markdown, { image: options.image && ((src) => options.image!(card, src)) });
    if (group[0]!.kind === 'cloze') {
      kind = 'cloze';
      first = group.reduce((a, b) => ((b.cloze ?? 1) < (a.cloze ?? 1) ? b : a));
      fields = [html(first, first.front) + pinComment(first), '', contextHtml(first)];
      ords = group.map((card) => ({ card, ord: (card.cloze ?? 1) - 1 }));
    } else {
      kind = 'basic';
      first = group.find((c) => c.kind === 'basic') ?? group[0]!;
      const reversed = group.some((c) => c.kind === 'reverse') && group.some((c) => c.kind === 'basic');
      fields = [html(first, first.front) + pinComment(first), html(first, first.back), contextHtml(first), reversed ? REVERSE_MARK : ''];
      ords = group.map((card) => ({ card, ord: card.kind === 'reverse' && reversed ? 1 : 0 }));
    }
    let modified: number | undefined;
    for (const card of group) {
      const at = options.noteModified?.(card);
      if (at !== undefined && (modified === undefined || at > modified)) modified = at;
    }
    yield {
      kind,
      guid: options.ankiGuid?.(identity(first)) ?? noteGuid(identity(first)),
      deck: first.deck,
      tags: [...new Set(first.tags.map(tag))],
      fields,
      sfld: ankiStripHtml(fields[0]!),
      csum: fieldChecksum(fields[0]!),
      modSecs: modified === undefined ? STABLE_NOTE_MOD_SECS : Math.floor(modified / 1000),
      cards: ords,
    };
  }
}

// --- days ------------------------------------------------------------------------------------

/**
 * The exporter's day: Anki counts review due dates in days since the collection's creation,
 * where a day starts at the rollover hour in the local time zone (rslib/src/scheduler/timing.rs,
 * sched_timing_today_v2_new). `minutesWest` is the UTC offset as Anki stores it (UTC minus local,
 * in minutes: +300 for New York in winter, -480 for Beijing), which is also what JavaScript's
 * Date.getTimezoneOffset() returns.
 */
export interface AnkiDay {
  rolloverHour: number;
  minutesWest: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The number of the exporter's day that holds `ms` (day 0 starts 1970-01-01 at the rollover). */
export function dayNumber(ms: number, day: AnkiDay): number {
  return Math.floor((ms - day.minutesWest * 60_000 - day.rolloverHour * HOUR) / DAY);
}

/** When day `n` starts, in epoch milliseconds. */
export function dayStartMs(n: number, day: AnkiDay): number {
  return n * DAY + day.rolloverHour * HOUR + day.minutesWest * 60_000;
}

// --- scheduling ------------------------------------------------------------------------------

export interface AnkiSchedule {
  type: number;
  queue: number;
  due: number;
  ivl: number;
  factor: number;
  reps: number;
  lapses: number;
  left: number;
  mod: number;
  data: string;
}

export interface ScheduleContext {
  now: number;
  day: AnkiDay;
  /** The day `crt` starts: review due dates count from it. */
  crtDay: number;
  /** How many learning and relearning steps the scheduler has (`left` counts the ones to go). */
  learningSteps: number;
  relearningSteps: number;
  retention: number;
  /** FSRS-6's decay parameter (w[20]) that the memory state was computed with. */
  decay: number;
}

/** Anki rounds these before it stores them (rslib/src/storage/card/data.rs, convert_to_json). */
const roundTo = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

/**
 * The FSRS memory state as current Anki reads `cards.data` (rslib/src/storage/card/data.rs):
 * stability `s` in days, difficulty `d` from 1 to 10, desired retention `dr`, the forgetting
 * curve's `decay`, and the last review time `lrt` in seconds.
 */
export function cardData(p: CardRecord, retention: number, decay: number): string {
  if (!(p.s > 0) || !(p.d >= 1 && p.d <= 10)) return '';
  const data: Record<string, number> = { s: roundTo(p.s, 4), d: roundTo(p.d, 3), dr: roundTo(retention, 2), decay: roundTo(decay, 3) };
  if (p.lrt !== undefined) data.lrt = Math.floor(p.lrt / 1000);
  return JSON.stringify(data);
}

/**
 * A card's progress as Anki schedules it (rslib/src/card/mod.rs for the fields). Review cards are
 * due on a day number counted from `crt`; (re)learning cards at an epoch second, with `left` the
 * number of steps still to go: Anki's step index is the step count minus `left`
 * (rslib/src/scheduler/states/steps.rs), as recall's is `ls`.
 */
export function ankiSchedule(p: CardRecord | undefined, position: number, ctx: ScheduleContext): AnkiSchedule {
  const held = (queue: number) => (p?.suspended ? -1 : p?.buriedUntil !== undefined && p.buriedUntil > ctx.now ? -3 : queue);
  if (!p || p.st === State.New) {
    return { type: 0, queue: held(0), due: position, ivl: 0, factor: 0, reps: 0, lapses: 0, left: 0, mod: Math.floor(ctx.now / 1000), data: '' };
  }
  const data = cardData(p, ctx.retention, ctx.decay);
  const mod = Math.floor((p.lrt ?? ctx.now) / 1000);
  if (p.st === State.Review) {
    return {
      type: 2,
      queue: held(2),
      due: dayNumber(p.due, ctx.day) - ctx.crtDay,
      ivl: Math.max(1, Math.round(p.sd)),
      factor: 2500,
      reps: p.reps,
      lapses: p.lapses,
      left: 0,
      mod,
      data,
    };
  }
  const relearning = p.st === State.Relearning;
  const steps = relearning ? ctx.relearningSteps : ctx.learningSteps;
  return {
    type: relearning ? 3 : 1,
    queue: held(1),
    due: Math.floor(p.due / 1000),
    // A relearning card keeps the interval it returns to; FSRS's is about its stability.
    ivl: relearning ? Math.max(1, Math.round(p.s)) : 0,
    // Anki gives a card its starting ease when it graduates; a learning card has none yet.
    factor: relearning ? 2500 : 0,
    reps: p.reps,
    lapses: p.lapses,
    left: Math.max(0, steps - p.ls),
    mod,
    data,
  };
}

// --- history moves ------------------------------------------------------------------------

/**
 * Which card each logged card id belongs to now: moved histories (`move` events) followed, and
 * also the moves in `pending`, re-attachments a review session would make but has not logged yet.
 */
export function historyResolver(events: Iterable<LogEvent>, pending: Iterable<[from: string, to: string]> = []): (id: string) => string {
  const movedTo = new Map<string, string>();
  for (const e of events) if (e.type === 'move') movedTo.set(e.card, e.to);
  for (const [from, to] of pending) if (!movedTo.has(from)) movedTo.set(from, to);
  return (id) => {
    let at = id;
    for (let hops = 0; movedTo.has(at) && hops < 1000; hops++) at = movedTo.get(at)!;
    return at;
  };
}

/**
 * The first id of each card's history chain: the id its history started under, before any edit
 * moved it. A note's GUID made from it survives edits of the front (pass it as `noteIdentity`).
 */
export function firstIdsOfHistory(events: Iterable<LogEvent>, pending: Iterable<[from: string, to: string]> = []): (card: Card) => string {
  const movedFrom = new Map<string, string>();
  const moves: [string, string][] = [];
  for (const e of events) if (e.type === 'move') moves.push([e.card, e.to]);
  moves.push(...pending);
  for (const [from, to] of moves) if (!movedFrom.has(to) && from !== to) movedFrom.set(to, from);
  return (card) => {
    let at = card.id;
    for (let hops = 0; movedFrom.has(at) && hops < 1000; hops++) at = movedFrom.get(at)!;
    return at;
  };
}

// The review log is a list of events; progress is what you get by applying them in order.
// Every event is self-contained (an undo carries the state it restores), so progress can be
// caught up from any point of the log without reading what came before.
import type { CardRef } from './policy.js';
import { ProgressStore } from './progress-store.js';
import type { Memory, Progress } from './scheduler.js';
import type { Grade } from './types.js';
import { m } from '../i18n/index.js';

interface Base {
  /** Unique, so that lines duplicated by a merge are applied once. */
  id: string;
  at: number;
  card: string;
}

export interface ReviewEvent extends Base {
  type: 'review';
  grade: Grade;
  /** Milliseconds from showing the card to the answer. */
  ms: number;
  before: Progress | null;
  after: Progress;
  /** Where the card was, and a similarity sketch of its text: lets history follow an edit. */
  file?: string;
  sk?: string;
  /** Given in a drill, or a cram with --reschedule: a real review, also counted as practice. */
  mode?: 'drill' | 'cram';
  /** The drill or cram session it was given in (its first event's id). */
  session?: string;
}

/**
 * An answer in a cram session (without --reschedule): practice that stats count and the fold
 * ignores, so it never moves a due date.
 */
export interface CramEvent extends Base {
  type: 'cram';
  grade: Grade;
  ms: number;
  session?: string;
}

export interface UndoEvent extends Base {
  type: 'undo';
  /** The undone event. */
  of: string;
  /** The card's record before the undone event; absent when that event changed no progress (a cram answer). */
  restore?: Progress | null;
}

export interface FlagEvent extends Base {
  type: 'bury' | 'suspend' | 'unsuspend' | 'mark' | 'unmark';
  /** For bury: when the card comes back. */
  until?: number;
}

/** History of card `card` now belongs to card `to` (an edited card, reattached). */
export interface MoveEvent extends Base {
  type: 'move';
  to: string;
}

/** History of an orphaned card dropped on purpose (`recall check --drop`). */
export interface DropEvent extends Base {
  type: 'drop';
}

/** The card is new again (`r` in recall find): its schedule is forgotten; its mark, its suspension by you and its logged answers stay. */
export interface ResetEvent extends Base {
  type: 'reset';
}

export type LogEvent = ReviewEvent | CramEvent | UndoEvent | FlagEvent | MoveEvent | DropEvent | ResetEvent;

/** Per card: progress plus where it was last seen and its text sketch. */
export interface CardRecord extends Progress {
  file?: string;
  sk?: string;
  /** The id the card's history began under, when it has followed edits of the card's text since. */
  origin?: string;
  /** Marked with `m`: for cramming, searching and exporting. Kept through answers and resets. */
  marked?: true;
}

export type ProgressMap = Map<string, CardRecord>;

const EVENT_TYPES = new Set(['review', 'cram', 'undo', 'bury', 'suspend', 'unsuspend', 'mark', 'unmark', 'reset', 'move', 'drop']);

/** Why a parsed log line is not an event we can apply, or undefined when it is one. */
export function invalidEvent(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return m.event.notObject;
  const e = value as Record<string, unknown>;
  if (typeof e.id !== 'string' || e.id === '') return m.event.noId;
  if (typeof e.type !== 'string' || !EVENT_TYPES.has(e.type)) return m.event.unknownType(String(JSON.stringify(e.type)));
  if (typeof e.at !== 'number' || !Number.isFinite(e.at)) return m.event.badAt;
  if (typeof e.card !== 'string' || e.card === '') return m.event.noCard;
  if (e.type === 'review') {
    if (![1, 2, 3, 4].includes(e.grade as number)) return m.event.badGrade;
    if (!isMemory(e.after)) return m.event.badAfter;
    if (e.before !== null && !isMemory(e.before)) return m.event.badBefore;
    if (e.mode !== undefined && e.mode !== 'drill' && e.mode !== 'cram') return m.event.badMode;
  }
  if (e.type === 'cram') {
    if (![1, 2, 3, 4].includes(e.grade as number)) return m.event.badGrade;
    if (typeof e.ms !== 'number' || !Number.isFinite(e.ms)) return m.event.badMs;
  }
  if (e.type === 'undo' && (typeof e.of !== 'string' || (e.restore !== undefined && e.restore !== null && !isMemory(e.restore)))) return m.event.badUndo;
  if (e.type === 'move' && typeof e.to !== 'string') return m.event.badMove;
  return undefined;
}

function isMemory(v: unknown): v is Memory {
  if (v === null || typeof v !== 'object') return false;
  const m = v as Record<string, unknown>;
  return ['due', 's', 'd', 'st', 'reps', 'lapses'].every((k) => typeof m[k] === 'number' && Number.isFinite(m[k]));
}

function sameMemory(a: Memory | undefined | null, b: Memory | undefined | null): boolean {
  if (!a || !b) return !a && !b;
  return a.due === b.due && a.reps === b.reps && a.lrt === b.lrt && a.st === b.st && a.s === b.s;
}

/** How the fold recomputes an answer it cannot take as logged: the scheduling policy (core/policy.ts). */
export interface FoldContext {
  answer(card: CardRef, before: CardRecord | undefined, at: number, grade: Grade): CardRecord;
}

/**
 * Applies one event. A review whose `before` matches the current state is taken as logged;
 * one that does not (two devices reviewed the same card, then merged) is recomputed with FSRS
 * from the current state, so the result is what a single device would have computed.
 */
export function applyEvent(map: ProgressMap, e: LogEvent, ctx: FoldContext): void {
  const current = map.get(e.card);
  switch (e.type) {
    case 'review': {
      const after: CardRecord = sameMemory(e.before, current) ? { ...e.after } : ctx.answer({ id: e.card, file: e.file ?? current?.file }, current, e.at, e.grade);
      if (e.file !== undefined) after.file = e.file;
      else if (current?.file) after.file = current.file;
      if (e.sk !== undefined) after.sk = e.sk;
      else if (current?.sk) after.sk = current.sk;
      map.set(e.card, after);
      return;
    }
    case 'cram':
      return;
    case 'undo': {
      if (e.restore === undefined) return;
      if (e.restore === null) map.delete(e.card);
      else map.set(e.card, { ...e.restore, file: current?.file, sk: current?.sk, origin: current?.origin });
      return;
    }
    case 'bury':
      map.set(e.card, { ...(current ?? newCardRecord(e.at)), buriedUntil: e.until });
      return;
    case 'suspend':
      map.set(e.card, { ...(current ?? newCardRecord(e.at)), suspended: 'user' });
      return;
    case 'unsuspend':
      if (current) {
        const next = { ...current };
        delete next.suspended;
        map.set(e.card, next);
      }
      return;
    case 'mark':
      map.set(e.card, { ...(current ?? newCardRecord(e.at)), marked: true });
      return;
    case 'unmark':
      if (current?.marked) {
        const next = { ...current };
        delete next.marked;
        map.set(e.card, next);
      }
      return;
    case 'reset':
      if (current) {
        // A leech starts over with no lapses; a card you suspended stays suspended.
        const next: CardRecord = { ...newCardRecord(e.at), file: current.file, sk: current.sk, origin: current.origin };
        if (current.marked) next.marked = true;
        if (current.suspended === 'user') next.suspended = 'user';
        map.set(e.card, next);
      }
      return;
    case 'move':
      if (current && !map.has(e.to)) {
        map.set(e.to, { ...current, origin: current.origin ?? e.card });
        map.delete(e.card);
      }
      return;
    case 'drop':
      map.delete(e.card);
      return;
  }
}

/** A record for a card buried or suspended before it was ever reviewed: still new, but flagged. */
function newCardRecord(at: number): CardRecord {
  return { due: at, s: 0, d: 0, st: 0, reps: 0, lapses: 0, sd: 0, ls: 0, ed: 0 };
}

/** Sorted by time (merges can interleave two devices' lines), duplicates dropped by id. */
export function orderEvents(events: LogEvent[]): LogEvent[] {
  const seen = new Set<string>();
  const unique = events.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
  return unique
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map(({ e }) => e);
}

export function replay(events: LogEvent[], ctx: FoldContext, map: ProgressStore = new ProgressStore()): ProgressStore {
  for (const e of orderEvents(events)) applyEvent(map, e, ctx);
  return map;
}

/** Time-ordered, unique enough across devices for merged logs: `<ms base36>-<random>`. */
export function newEventId(now: number): string {
  return `${now.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

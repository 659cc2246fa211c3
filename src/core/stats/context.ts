// What every stats panel reads, computed once: each card's state, recall now, due time and
// target retention as columns, and each answer's user day. Panels then loop over plain arrays.
import { dayKey, dayStart, nextDayStart } from '../day.js';
import type { History } from '../history.js';
import type { CardTable } from '../card-table.js';
import { WordColumn } from '../word-column.js';
import type { Policy } from '../policy.js';
import { asTable, recordsOf, type ProgressLookup } from '../queue.js';
import { State } from '../scheduler.js';
import type { Card } from '../types.js';

export const DAY = 86_400_000;

export interface StatsInput {
  /** The cards in scope: a table makes only the few cards a panel names (the weakest ten). */
  cards: CardTable | readonly Card[];
  progress: ProgressLookup;
  /** In time order; only answers to the cards in `cards` are counted. */
  history: History;
  now: number;
  policy: Policy;
  /** Days of review history the heatmap shows (default 26 weeks). */
  heatmapDays?: number;
}

export const enum Kind {
  New = 0,
  Learning = 1,
  Review = 2,
  Suspended = 3,
}

/** The start of each of the `count` user days from the one that starts at `from` (DST included). */
export function dayStarts(from: number, count: number, rollover: number): Float64Array {
  const starts = new Float64Array(count + 1);
  starts[0] = from;
  for (let d = 1; d <= count; d++) starts[d] = nextDayStart(starts[d - 1]!, rollover);
  return starts;
}

export interface StatsContext {
  input: StatsInput;
  now: number;
  rollover: number;
  todayKey: string;
  todayStart: number;
  tomorrow: number;
  /** Days since 1970 of today's user day. */
  todayNumber: number;
  cards: CardTable;
  /** Per card, in `cards` order. */
  kind: Uint8Array;
  recall: Float64Array;
  due: Float64Array;
  lapses: Uint32Array;
  /** The card's desired retention (its deck's own, else the config's). */
  target: Float64Array;
  /** The day the card was first answered, NaN if never. */
  first: Float64Array;
  /** Per history entry: its user day (days since 1970), or -1 for an answer to a card out of scope. */
  day: Int32Array;
  /** Per card of the history (History.cards): 1 if it is in scope. */
  inScope: Uint8Array;
}

/** Days since 1970 of a YYYY-MM-DD key: consecutive keys differ by one, DST or not. */
export function dayNumber(key: string): number {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY);
}

export function keyOfNumber(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

/**
 * Per history card, 1 if it is one of `cards`: the history's ids joined to the cards' index in
 * one pass (a lookup each made a column of one id per call). A word column holds ids without
 * spaces: a history that names a card with one (not recall's own ids) is looked up id by id.
 */
function cardsInScope(cards: CardTable, names: readonly string[]): Uint8Array {
  if (names.some((id) => id === '' || id.includes(' '))) return Uint8Array.from(names, (id) => (cards.find(id) === -1 ? 0 : 1));
  const rows = names.length > 0 ? cards.ids.index.join(WordColumn.fromStrings(names)) : new Int32Array(0);
  return Uint8Array.from(rows, (row) => (row === -1 ? 0 : 1));
}

export function statsContext(input: StatsInput): StatsContext {
  const { now, policy } = input;
  const cards = asTable(input.cards);
  const rollover = policy.settings.rolloverHour;
  const todayKey = dayKey(now, rollover);
  const record = recordsOf(cards, input.progress);
  const n = cards.length;
  const kind = new Uint8Array(n);
  const recall = new Float64Array(n);
  const due = new Float64Array(n);
  const lapses = new Uint32Array(n);
  const target = new Float64Array(n);
  const first = new Float64Array(n).fill(NaN);
  // A deck file's retention is looked up once.
  const retentionOf = cards.groups.map((g) => policy.retention(g.file));
  for (let i = 0; i < n; i++) {
    target[i] = retentionOf[cards.group[i]!]!;
    const p = record(i);
    if (p?.suspended) kind[i] = Kind.Suspended;
    else if (!p || p.st === State.New) kind[i] = Kind.New;
    else {
      kind[i] = p.st === State.Learning || p.st === State.Relearning ? Kind.Learning : Kind.Review;
      recall[i] = policy.scheduler.retrievability(p, now);
      due[i] = p.due;
      lapses[i] = p.lapses;
      if (p.first !== undefined) first[i] = p.first;
    }
  }

  // Answers come in time order: the user's day changes at known instants, so a day's number is
  // computed once per day, not once per answer.
  const h = input.history;
  const inScope = cardsInScope(cards, h.cards);
  const day = new Int32Array(h.length).fill(-1);
  let from = Infinity;
  let until = -Infinity;
  let current = 0;
  for (let i = 0; i < h.length; i++) {
    if (!inScope[h.card[i]!]) continue;
    const at = h.at[i]!;
    if (at < from || at >= until) {
      from = dayStart(at, rollover);
      until = nextDayStart(at, rollover);
      current = dayNumber(dayKey(at, rollover));
    }
    day[i] = current;
  }
  return {
    input,
    now,
    rollover,
    todayKey,
    todayStart: dayStart(now, rollover),
    tomorrow: nextDayStart(now, rollover),
    todayNumber: dayNumber(todayKey),
    cards,
    kind,
    recall,
    due,
    lapses,
    target,
    first,
    day,
    inScope,
  };
}

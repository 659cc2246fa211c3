// The review history as the FSRS optimizer wants it: per card, the answers in time order with the
// days between them counted in the user's days (the rollover hour applies). Undone answers are
// left out, a moved history follows its card, and a dropped history or a reset starts the card
// over (the history has done all that). Made straight from the history's columns into columns:
// a million answers make no object each, only the optimizer's own items do.
import type { History } from './history.js';

const HOUR = 3_600_000;

/** A whole-number day index in local time, the day starting at the rollover hour. */
export function userDay(at: number, rolloverHour: number): number {
  const d = new Date(at - rolloverHour * HOUR);
  return Math.round(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86_400_000);
}

/**
 * The optimizer's training data. Answers are laid out card after card (cards in the order of
 * their first answer), each card's in time order. An item is one card's history up to one of
 * its answers from the second on: the answers from `itemStart` for `itemLength`, asking the
 * model to predict the last. Items are in time order (ties: card order, then answer order).
 */
export interface TrainingSet {
  /** Answers in all. */
  reviews: number;
  /** Cards with at least one answer. */
  cards: number;
  /** Per answer: its grade, 1-4. */
  rating: Uint8Array;
  /** Per answer: the user's days since the card's previous answer (0 for its first). */
  deltaT: Uint32Array;
  itemStart: Uint32Array;
  itemLength: Uint32Array;
  /** Time of the item's last answer: the one the item asks the model to predict. */
  itemAt: Float64Array;
}

/** Items `from` (inclusive) to `to` (exclusive) of a training set: the ones a fit or an evaluation uses. */
export interface ItemRange {
  set: TrainingSet;
  from: number;
  to: number;
}

/**
 * The training set of a history. Only items with at least one answer a day or more after the
 * card's first are kept: the optimizer aborts the process on any other (see
 * ../shared/reference/library-facts.md).
 */
export function trainingSet(h: History, rolloverHour: number): TrainingSet {
  // Cards numbered in the order of their first answer; each card's answers counted.
  const rank = new Int32Array(h.cards.length).fill(-1);
  const counts: number[] = [];
  for (let i = 0; i < h.length; i++) {
    const c = h.card[i]!;
    if (rank[c] === -1) rank[c] = counts.push(0) - 1;
    counts[rank[c]!]!++;
  }
  const cards = counts.length;
  const start = new Uint32Array(cards + 1);
  for (let r = 0; r < cards; r++) start[r + 1] = start[r]! + counts[r]!;
  // Each answer to its card's run: rows are in time order, so each run comes out in time order.
  const next = start.slice(0, cards);
  const rating = new Uint8Array(h.length);
  const at = new Float64Array(h.length);
  for (let i = 0; i < h.length; i++) {
    const p = next[rank[h.card[i]!]!]!++;
    rating[p] = h.grade[i]!;
    at[p] = h.at[i]!;
  }
  const deltaT = new Uint32Array(h.length);
  const itemStart = new Uint32Array(Math.max(0, h.length - cards));
  const itemLength = new Uint32Array(itemStart.length);
  const itemAt = new Float64Array(itemStart.length);
  let items = 0;
  for (let r = 0; r < cards; r++) {
    const s = start[r]!;
    const e = start[r + 1]!;
    let day = userDay(at[s]!, rolloverHour);
    let laterDay = false;
    for (let p = s + 1; p < e; p++) {
      const d = userDay(at[p]!, rolloverHour);
      deltaT[p] = Math.max(0, d - day);
      day = d;
      laterDay ||= deltaT[p]! > 0;
      if (laterDay) {
        itemStart[items] = s;
        itemLength[items] = p - s + 1;
        itemAt[items++] = at[p]!;
      }
    }
  }
  // In time order; equal times keep the order they were made in.
  const order = new Uint32Array(items);
  for (let k = 0; k < items; k++) order[k] = k;
  order.sort((a, b) => itemAt[a]! - itemAt[b]! || a - b);
  return {
    reviews: h.length,
    cards,
    rating,
    deltaT,
    itemStart: order.map((k) => itemStart[k]!),
    itemLength: order.map((k) => itemLength[k]!),
    itemAt: Float64Array.from(order, (k) => itemAt[k]!),
  };
}

/** All the set's items. */
export function allItems(set: TrainingSet): ItemRange {
  return { set, from: 0, to: set.itemAt.length };
}

/** Splits the items by time: the earlier ones (before `at`) train, the later ones test. */
export function splitByTime(set: TrainingSet, at: number): { train: ItemRange; test: ItemRange } {
  let k = 0;
  while (k < set.itemAt.length && set.itemAt[k]! < at) k++;
  return { train: { set, from: 0, to: k }, test: { set, from: k, to: set.itemAt.length } };
}

/** Item k's answers, as the optimizer takes them (for tests). */
export function itemReviews(set: TrainingSet, k: number): { rating: number; deltaT: number }[] {
  const s = set.itemStart[k]!;
  return Array.from({ length: set.itemLength[k]! }, (_, j) => ({ rating: set.rating[s + j]!, deltaT: set.deltaT[s + j]! }));
}

// The cards of a join in the order they come due, with what a queue reads of each record, so
// that a start reads the reviews due by tomorrow, the records in no review state (learning cards,
// mostly) and the list of cards with no record, not every card: at 100k cards a pass over every
// card, and the four columns it read, were a third of the time to the first card. Beside them,
// the cards by when they were last answered and until when they are buried, latest first, so
// that a second session of the day finds the few answered today (their siblings are buried) and
// the few buried without a pass either. Made when a join is kept (store/progress-join.ts), for
// that join's rows only.
import { orderByKey } from './queue.js';
import { State } from './scheduler.js';

/** How an entry's state is kept: a State value, or OTHER_STATE for anything else (none, say). */
export const OTHER_STATE = 255;

/**
 * Entries of a due agenda: each entry's card (its position in the join), last review time and
 * stability, aligned. The `reviews` first ones are the records in no review state (learning,
 * relearning, new with a record, or a review with no due time), with their state and due time
 * in `st` and `due` (a queue reads no other entry's); after them the reviews. Each part is by
 * due time (none last), ties in card order, so that the learning cards come in the order a
 * queue shows them.
 */
export interface AgendaEntries {
  card: Int32Array;
  lrt: Float64Array;
  s: Float64Array;
  /** Where the reviews start. */
  reviews: number;
  /** The states of the entries before `reviews`. */
  st: Uint8Array;
  /** The due times of the entries before `reviews`. */
  due: Float64Array;
}

/**
 * A join's cards that have a record and are not suspended, as AgendaEntries, and the cards with
 * no record (`fresh`, in card order). A suspended card is left out: a queue shows none.
 */
export interface DueAgenda {
  /**
   * The entries a queue reads at `time`: every one before the reviews, and the reviews due
   * before `time`. Undefined when they cannot be read (a damaged or replaced cache).
   */
  before(time: number): AgendaEntries | undefined;
  /** The cards with no record, in card order, or undefined when they cannot be read. */
  fresh(): Int32Array | undefined;
  /** The cards last answered at or after `time`, suspended ones too, or undefined when they cannot be read. */
  answeredSince(time: number): Int32Array | undefined;
  /** The cards buried beyond `time`, or undefined when they cannot be read. */
  buriedAfter(time: number): Int32Array | undefined;
}

/** Cards by a time of their record, latest first, ties in card order (no card without that time). */
export interface LatestFirst {
  card: Int32Array;
  time: Float64Array;
}

/** The columns a DueAgenda is made of (what the cache writes): `st` and `due` for every entry. */
export interface AgendaColumns extends AgendaEntries {
  fresh: Int32Array;
  /** By last review time. */
  answered: LatestFirst;
  /** By the end of a bury. */
  buried: LatestFirst;
}

/** A state as an agenda keeps it. */
function stateCode(st: number): number {
  return st === State.New || st === State.Learning || st === State.Relearning || st === State.Review ? st : OTHER_STATE;
}

/** What agendaOf reads of each record: its columns (NaN where absent). */
export interface AgendaSource {
  st: ArrayLike<number>;
  due: ArrayLike<number>;
  lrt: ArrayLike<number>;
  s: ArrayLike<number>;
  buriedUntil: ArrayLike<number>;
}

/** The cards of `rows` whose records have a `time`, latest first, ties in card order. */
function latestFirst(rows: Int32Array, time: ArrayLike<number>): LatestFirst {
  const cards = cardsWhere(rows, (row) => time[row] === time[row]);
  const order = orderByKey(Float64Array.from(cards, (j) => -time[rows[j]!]!));
  const card = new Int32Array(order.length);
  const at = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) {
    card[k] = cards[order[k]!]!;
    at[k] = time[rows[card[k]!]!]!;
  }
  return { card, time: at };
}

/** The cards (positions in `rows`) with a row that passes `test`, in card order: typed, for 100k cards. */
function cardsWhere(rows: Int32Array, test: (row: number) => boolean): Int32Array {
  let count = 0;
  for (let j = 0; j < rows.length; j++) if (rows[j]! >= 0 && test(rows[j]!)) count++;
  const out = new Int32Array(count);
  let k = 0;
  for (let j = 0; j < rows.length; j++) if (rows[j]! >= 0 && test(rows[j]!)) out[k++] = j;
  return out;
}

/**
 * The agenda of the cards joined by `rows` (each card's row, -1 for none) to records whose
 * columns are `columns` and whose suspensions are `suspended`.
 */
export function agendaOf(rows: Int32Array, columns: AgendaSource, suspended: ArrayLike<number>): AgendaColumns {
  const { st, due, lrt, s } = columns;
  const isReview = (row: number) => st[row] === State.Review && due[row] === due[row];
  const others = cardsWhere(rows, (row) => suspended[row] === 0 && !isReview(row));
  const reviewCards = cardsWhere(rows, (row) => suspended[row] === 0 && isReview(row));
  let freshCount = 0;
  for (let j = 0; j < rows.length; j++) if (rows[j]! < 0) freshCount++;
  const fresh = new Int32Array(freshCount);
  for (let j = 0, k = 0; j < rows.length; j++) if (rows[j]! < 0) fresh[k++] = j;
  const size = others.length + reviewCards.length;
  const out: AgendaColumns = {
    card: new Int32Array(size),
    st: new Uint8Array(size),
    due: new Float64Array(size),
    lrt: new Float64Array(size),
    s: new Float64Array(size),
    reviews: others.length,
    fresh,
    answered: latestFirst(rows, lrt),
    buried: latestFirst(rows, columns.buriedUntil),
  };
  // Each part by due time, ties in card order.
  let e = 0;
  for (const part of [others, reviewCards]) {
    const order = orderByKey(Float64Array.from(part, (j) => due[rows[j]!]!));
    for (let k = 0; k < order.length; k++, e++) {
      const j = part[order[k]!]!;
      const row = rows[j]!;
      out.card[e] = j;
      out.st[e] = stateCode(st[row]!);
      out.due[e] = due[row]!;
      out.lrt[e] = lrt[row]!;
      out.s[e] = s[row]!;
    }
  }
  return out;
}

/** A DueAgenda over columns held in memory (a test's, or one just made). */
export function agendaInMemory(columns: AgendaColumns): DueAgenda {
  return {
    before(time) {
      const count = reviewsBefore(columns.reviews, columns.card.length, (e) => columns.due[e]!, time);
      return {
        card: columns.card.subarray(0, count),
        lrt: columns.lrt.subarray(0, count),
        s: columns.s.subarray(0, count),
        reviews: columns.reviews,
        st: columns.st.subarray(0, columns.reviews),
        due: columns.due.subarray(0, columns.reviews),
      };
    },
    fresh: () => columns.fresh,
    answeredSince: (time) => columns.answered.card.subarray(0, latestCount(columns.answered.card.length, (e) => columns.answered.time[e]!, time, true)),
    buriedAfter: (time) => columns.buried.card.subarray(0, latestCount(columns.buried.card.length, (e) => columns.buried.time[e]!, time, false)),
  };
}

/**
 * How many of `length` times, latest first (`timeAt(e)`), are after `time`, or at it too when
 * `orAt`. A binary search, as reviewsBefore.
 */
export function latestCount(length: number, timeAt: (e: number) => number, time: number, orAt: boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const t = timeAt(mid);
    if (t > time || (orAt && t === time)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many entries come before `time`: the `reviews` first ones, and the reviews (entries
 * `reviews`..`length`-1, rising due times `dueAt(e)`) due before it. A binary search, so that a
 * file's column is read at a few places only.
 */
export function reviewsBefore(reviews: number, length: number, dueAt: (e: number) => number, time: number): number {
  let lo = reviews;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dueAt(mid) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

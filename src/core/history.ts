// The review history the statistics read: one entry per answer that still stands (undone
// answers removed), under the id its card has now (moved histories renamed), in time order.
// Kept as columns: a million answers are 38 MB of typed arrays instead of a million objects.
// Practice (drill answers, which are reviews too, and cram answers, which are not) is kept
// beside it as a short list.
import type { LogEvent } from './events.js';
import type { Grade } from './types.js';

export interface ReviewRecord {
  at: number;
  card: string;
  grade: Grade;
  /** Time spent on the card, in milliseconds. */
  ms: number;
  /** The card's state before the answer: -1 new, 1 learning, 2 review, 3 relearning. */
  beforeState: number;
  /** The interval the card was on before the answer, in days (young below 21, mature from 21). */
  beforeInterval: number;
  /** Stability after the answer, in days: with `at` it gives the card's predicted recall later. */
  stability: number;
}

/** An answer given in a drill or a cram session. */
export interface PracticeRecord {
  at: number;
  card: string;
  grade: Grade;
  ms: number;
  kind: 'drill' | 'cram';
  /** The session it belongs to: answers of one drill share it. */
  session: string;
}

/** The history's columns, `n` rows of zeros: the one place they are made. */
function historyColumns(n: number): HistoryColumns {
  return {
    at: new Float64Array(n),
    ms: new Float64Array(n),
    stability: new Float64Array(n),
    beforeInterval: new Float64Array(n),
    grade: new Uint8Array(n),
    beforeState: new Int8Array(n),
    card: new Uint32Array(n),
  };
}

/**
 * Builds the history one event at a time (a million-review log never has to be held whole, nor
 * a million objects made): answers go straight into growing columns with their event id, and at
 * the end undone ones are dropped, duplicates from merged logs counted once, moved histories
 * renamed and the result put in time order.
 */
export class HistoryBuilder {
  private length = 0;
  private readonly ids: string[] = [];
  /** The answers so far, in rows 0 to length - 1; replaced by columns twice as long when full. */
  private rows = historyColumns(1024);
  private readonly cards: string[] = [];
  private readonly cardIndex = new Map<string, number>();
  private readonly practice: (PracticeRecord & { id: string })[] = [];
  private readonly undone = new Set<string>();
  private readonly renamed = new Map<string, string>();
  /** Dropped histories, by card: their answers before the drop are another card's (a history started over). */
  private readonly dropped = new Map<string, number[]>();
  /** Cards reset to new: like a drop, unless the reset was undone. */
  private readonly resets: { id: string; card: string; at: number }[] = [];

  /** One answer, already reduced to what the history keeps (the log reader's fast path). */
  addReview(id: string, r: ReviewRecord): void {
    const i = this.length++;
    let c = this.cardIndex.get(r.card);
    if (c === undefined) this.cardIndex.set(r.card, (c = this.cards.push(r.card) - 1));
    this.ids.push(id);
    if (i === this.rows.at.length) this.rows = copyRows(this.rows, i, historyColumns(2 * i));
    // Each column is one kind of typed array: a store per column, no dispatch on the kind.
    const rows = this.rows;
    rows.at[i] = r.at;
    rows.ms[i] = r.ms;
    rows.stability[i] = r.stability;
    rows.beforeInterval[i] = r.beforeInterval;
    rows.grade[i] = r.grade;
    rows.beforeState[i] = r.beforeState;
    rows.card[i] = c;
  }

  add(e: LogEvent): void {
    if (e.type === 'review') {
      this.addReview(e.id, {
        at: e.at,
        card: e.card,
        grade: e.grade,
        ms: e.ms,
        beforeState: e.before ? e.before.st : -1,
        beforeInterval: e.before ? e.before.sd : 0,
        stability: e.after.s,
      });
      if (e.mode) this.practice.push({ id: e.id, at: e.at, card: e.card, grade: e.grade, ms: e.ms, kind: e.mode, session: e.session ?? e.id });
    } else if (e.type === 'cram') {
      this.practice.push({ id: e.id, at: e.at, card: e.card, grade: e.grade, ms: e.ms, kind: 'cram', session: e.session ?? e.id });
    } else if (e.type === 'undo') this.undone.add(e.of);
    else if (e.type === 'move') this.renamed.set(e.card, e.to);
    else if (e.type === 'reset') this.resets.push({ id: e.id, card: e.card, at: e.at });
    else if (e.type === 'drop') {
      const times = this.dropped.get(e.card);
      if (times) times.push(e.at);
      else this.dropped.set(e.card, [e.at]);
    }
  }

  /** True when these events can be appended to a history built from earlier ones. */
  appendable(): boolean {
    if (this.renamed.size > 0 || this.dropped.size > 0 || this.resets.length > 0) return false;
    const own = new Set([...this.ids, ...this.practice.map((p) => p.id)]);
    return [...this.undone].every((id) => own.has(id));
  }

  /** Drill and cram answers not undone, each once, under their card's current id, in time order. */
  private standingPractice(current: (id: string) => string): PracticeRecord[] {
    const seen = new Set<string>();
    const out: PracticeRecord[] = [];
    for (const { id, ...record } of this.practice) {
      if (this.undone.has(id) || seen.has(id)) continue;
      seen.add(id);
      out.push({ ...record, card: current(record.card) });
    }
    return out.sort((a, b) => a.at - b.at);
  }

  finish(): History {
    const current = (id: string) => {
      let hops = 0;
      while (this.renamed.has(id) && hops++ < 1000) id = this.renamed.get(id)!;
      return id;
    };
    for (const r of this.resets) {
      if (this.undone.has(r.id)) continue;
      const times = this.dropped.get(r.card);
      if (times) times.push(r.at);
      else this.dropped.set(r.card, [r.at]);
    }
    // Renames apply to a card, not an answer: worked out once per card.
    const named = this.cards.map(current);
    const { rows, ids } = this;
    const at = rows.at;
    const kept = new Uint32Array(this.length);
    for (let k = 0; k < kept.length; k++) kept[k] = k;
    // A merged log can hold two devices' lines out of time order.
    for (let k = 1; k < kept.length; k++) {
      if (at[k]! < at[k - 1]!) {
        kept.sort((a, b) => at[a]! - at[b]! || a - b);
        break;
      }
    }
    // Undone answers go; a line merged in twice is one answer: its copies share a time, so in
    // time order they sit among the answers of that same millisecond.
    const undone = this.undone;
    let n = 0;
    for (let k = 0; k < kept.length; k++) {
      const i = kept[k]!;
      const id = ids[i]!;
      if (undone.size > 0 && undone.has(id)) continue;
      let repeat = false;
      for (let j = n - 1; j >= 0 && at[kept[j]!] === at[i]; j--) if (ids[kept[j]!] === id) repeat = true;
      if (!repeat) kept[n++] = i;
    }
    const h: History = { length: n, ...historyColumns(n), cards: [], practice: this.standingPractice(current) };
    const index = new Map<string, number>();
    // Each card's place in h.cards, found once per card, unless some of its history was dropped.
    const placed = new Int32Array(this.cards.length).fill(-1);
    const drops = named.map((name) => this.dropped.get(name));
    for (let k = 0; k < n; k++) {
      const i = kept[k]!;
      let c = placed[rows.card[i]!]!;
      if (c === -1) {
        let name = named[rows.card[i]!]!;
        const times = drops[rows.card[i]!];
        if (times) {
          let drop = Infinity;
          for (const t of times) if (t >= at[i]! && t < drop) drop = t;
          // Answers given before a drop belong to the history that was dropped, not to what came after.
          if (drop !== Infinity) name = `${name}~dropped-${drop}`;
        }
        c = index.get(name) ?? -1;
        if (c === -1) index.set(name, (c = h.cards.push(name) - 1));
        if (!times) placed[rows.card[i]!] = c;
      }
      h.at[k] = at[i]!;
      h.ms[k] = rows.ms[i]!;
      h.stability[k] = rows.stability[i]!;
      h.beforeInterval[k] = rows.beforeInterval[i]!;
      h.grade[k] = rows.grade[i]!;
      h.beforeState[k] = rows.beforeState[i]!;
      h.card[k] = c;
    }
    return h;
  }
}

/** Rows 0 to n - 1 of `from`, copied into `to`'s first rows; returns `to`. */
function copyRows(from: HistoryColumns, n: number, to: HistoryColumns, offset = 0): HistoryColumns {
  to.at.set(from.at.subarray(0, n), offset);
  to.ms.set(from.ms.subarray(0, n), offset);
  to.stability.set(from.stability.subarray(0, n), offset);
  to.beforeInterval.set(from.beforeInterval.subarray(0, n), offset);
  to.grade.set(from.grade.subarray(0, n), offset);
  to.beforeState.set(from.beforeState.subarray(0, n), offset);
  to.card.set(from.card.subarray(0, n), offset);
  return to;
}

/** One column per field of ReviewRecord; `card` indexes History.cards. */
export interface HistoryColumns {
  at: Float64Array;
  ms: Float64Array;
  stability: Float64Array;
  beforeInterval: Float64Array;
  grade: Uint8Array;
  beforeState: Int8Array;
  card: Uint32Array;
}

/** The history as columns; row i of every array is the i-th answer, `card[i]` indexes `cards`. */
export interface History extends HistoryColumns {
  length: number;
  cards: string[];
  /** Drill and cram answers, in time order. */
  practice: PracticeRecord[];
}

/** The history of these answers (a test's, or none), made as the log reader makes it. */
export function toHistory(records: readonly ReviewRecord[]): History {
  const builder = new HistoryBuilder();
  records.forEach((r, i) => builder.addReview(`answer-${i}`, r));
  return builder.finish();
}

export function record(h: History, i: number): ReviewRecord {
  return { at: h.at[i]!, card: h.cards[h.card[i]!]!, grade: h.grade[i]! as Grade, ms: h.ms[i]!, beforeState: h.beforeState[i]!, beforeInterval: h.beforeInterval[i]!, stability: h.stability[i]! };
}

/** `h` followed by `more` (later answers), copied column by column. */
export function concatHistory(h: History, more: History): History {
  if (more.length === 0) return more.practice.length ? { ...h, practice: [...h.practice, ...more.practice] } : h;
  const cards = [...h.cards];
  const index = new Map(cards.map((id, i) => [id, i]));
  const remapped = new Uint32Array(more.length);
  for (let i = 0; i < more.length; i++) {
    const id = more.cards[more.card[i]!]!;
    let c = index.get(id);
    if (c === undefined) index.set(id, (c = cards.push(id) - 1));
    remapped[i] = c;
  }
  const n = h.length + more.length;
  const columns = copyRows(more, more.length, copyRows(h, h.length, historyColumns(n)), h.length);
  columns.card.set(remapped, h.length);
  return { length: n, ...columns, cards, practice: [...h.practice, ...more.practice] };
}

export function reviewHistory(events: LogEvent[]): History {
  const builder = new HistoryBuilder();
  for (const e of events) builder.add(e);
  return builder.finish();
}

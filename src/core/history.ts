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

/** A Float64Array-like column that grows as answers are added. */
class Column<T extends Float64Array | Uint32Array | Uint8Array | Int8Array> {
  data: T;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  set(i: number, value: number): void {
    if (i >= this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[i] = value;
  }
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
  private readonly at = new Column((n) => new Float64Array(n));
  private readonly ms = new Column((n) => new Float64Array(n));
  private readonly stability = new Column((n) => new Float64Array(n));
  private readonly beforeInterval = new Column((n) => new Float64Array(n));
  private readonly grade = new Column((n) => new Uint8Array(n));
  private readonly beforeState = new Column((n) => new Int8Array(n));
  private readonly card = new Column((n) => new Uint32Array(n));
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
    this.at.set(i, r.at);
    this.ms.set(i, r.ms);
    this.stability.set(i, r.stability);
    this.beforeInterval.set(i, r.beforeInterval);
    this.grade.set(i, r.grade);
    this.beforeState.set(i, r.beforeState);
    this.card.set(i, c);
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
    const at = this.at.data;
    let kept = Array.from({ length: this.length }, (_, i) => i);
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
    kept = kept.filter((i, k) => {
      const id = this.ids[i]!;
      if (undone.size > 0 && undone.has(id)) return false;
      for (let j = k - 1; j >= 0 && at[kept[j]!] === at[i]; j--) if (this.ids[kept[j]!] === id) return false;
      return true;
    });
    const n = kept.length;
    const h: History = {
      length: n,
      at: new Float64Array(n),
      ms: new Float64Array(n),
      stability: new Float64Array(n),
      beforeInterval: new Float64Array(n),
      grade: new Uint8Array(n),
      beforeState: new Int8Array(n),
      card: new Uint32Array(n),
      cards: [],
      practice: this.standingPractice(current),
    };
    const index = new Map<string, number>();
    for (let k = 0; k < n; k++) {
      const i = kept[k]!;
      let name = named[this.card.data[i]!]!;
      const drops = this.dropped.get(name);
      if (drops) {
        let drop = Infinity;
        for (const t of drops) if (t >= at[i]! && t < drop) drop = t;
        // Answers given before a drop belong to the history that was dropped, not to what came after.
        if (drop !== Infinity) name = `${name}~dropped-${drop}`;
      }
      let c = index.get(name);
      if (c === undefined) index.set(name, (c = h.cards.push(name) - 1));
      h.at[k] = at[i]!;
      h.ms[k] = this.ms.data[i]!;
      h.stability[k] = this.stability.data[i]!;
      h.beforeInterval[k] = this.beforeInterval.data[i]!;
      h.grade[k] = this.grade.data[i]!;
      h.beforeState[k] = this.beforeState.data[i]!;
      h.card[k] = c;
    }
    return h;
  }
}

/** The history as columns; row i of every array is the i-th answer, `card[i]` indexes `cards`. */
export interface History {
  length: number;
  at: Float64Array;
  ms: Float64Array;
  stability: Float64Array;
  beforeInterval: Float64Array;
  grade: Uint8Array;
  beforeState: Int8Array;
  card: Uint32Array;
  cards: string[];
  /** Drill and cram answers, in time order. */
  practice: PracticeRecord[];
}

export function toHistory(records: readonly ReviewRecord[], practice: PracticeRecord[] = []): History {
  const n = records.length;
  const h: History = {
    length: n,
    at: new Float64Array(n),
    ms: new Float64Array(n),
    stability: new Float64Array(n),
    beforeInterval: new Float64Array(n),
    grade: new Uint8Array(n),
    beforeState: new Int8Array(n),
    card: new Uint32Array(n),
    cards: [],
    practice,
  };
  const index = new Map<string, number>();
  records.forEach((r, i) => {
    let c = index.get(r.card);
    if (c === undefined) index.set(r.card, (c = h.cards.push(r.card) - 1));
    h.at[i] = r.at;
    h.ms[i] = r.ms;
    h.stability[i] = r.stability;
    h.beforeInterval[i] = r.beforeInterval;
    h.grade[i] = r.grade;
    h.beforeState[i] = r.beforeState;
    h.card[i] = c;
  });
  return h;
}

export function record(h: History, i: number): ReviewRecord {
  return { at: h.at[i]!, card: h.cards[h.card[i]!]!, grade: h.grade[i]! as Grade, ms: h.ms[i]!, beforeState: h.beforeState[i]!, beforeInterval: h.beforeInterval[i]!, stability: h.stability[i]! };
}

/** `h` followed by `more` (later answers), copied column by column. */
export function concatHistory(h: History, more: History): History {
  if (more.length === 0) return more.practice.length ? { ...h, practice: [...h.practice, ...more.practice] } : h;
  const n = h.length + more.length;
  const join = <T extends Float64Array | Uint8Array | Int8Array | Uint32Array>(a: T, b: T, make: (n: number) => T): T => {
    const out = make(n);
    out.set(a);
    out.set(b, h.length);
    return out;
  };
  const cards = [...h.cards];
  const index = new Map(cards.map((id, i) => [id, i]));
  const remapped = new Uint32Array(more.length);
  for (let i = 0; i < more.length; i++) {
    const id = more.cards[more.card[i]!]!;
    let c = index.get(id);
    if (c === undefined) index.set(id, (c = cards.push(id) - 1));
    remapped[i] = c;
  }
  return {
    length: n,
    at: join(h.at, more.at, (k) => new Float64Array(k)),
    ms: join(h.ms, more.ms, (k) => new Float64Array(k)),
    stability: join(h.stability, more.stability, (k) => new Float64Array(k)),
    beforeInterval: join(h.beforeInterval, more.beforeInterval, (k) => new Float64Array(k)),
    grade: join(h.grade, more.grade, (k) => new Uint8Array(k)),
    beforeState: join(h.beforeState, more.beforeState, (k) => new Int8Array(k)),
    card: join(h.card, remapped, (k) => new Uint32Array(k)),
    cards,
    practice: [...h.practice, ...more.practice],
  };
}

export function reviewHistory(events: LogEvent[]): History {
  const builder = new HistoryBuilder();
  for (const e of events) builder.add(e);
  return builder.finish();
}

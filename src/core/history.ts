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

/**
 * Builds the history one event at a time (a million-review log never has to be held whole):
 * answers are kept with their event id until the end, when undone ones are dropped, duplicates
 * from merged logs counted once, moved histories renamed and the result put in time order.
 */
export class HistoryBuilder {
  private readonly records: (ReviewRecord & { id: string })[] = [];
  private readonly practice: (PracticeRecord & { id: string })[] = [];
  private readonly undone = new Set<string>();
  private readonly renamed = new Map<string, string>();

  add(e: LogEvent): void {
    if (e.type === 'review') {
      this.records.push({
        id: e.id,
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
  }

  /** True when these events can be appended to a history built from earlier ones. */
  appendable(): boolean {
    if (this.renamed.size > 0) return false;
    const own = new Set([...this.records, ...this.practice].map((r) => r.id));
    return [...this.undone].every((id) => own.has(id));
  }

  finish(): History {
    return toHistory(this.standing(this.records), this.standing(this.practice));
  }

  /** The records not undone, each once, under their card's current id, in time order. */
  private standing<R extends { id: string; at: number; card: string }>(records: R[]): Omit<R, 'id'>[] {
    const current = (id: string) => {
      let hops = 0;
      while (this.renamed.has(id) && hops++ < 1000) id = this.renamed.get(id)!;
      return id;
    };
    const seen = new Set<string>();
    const out: Omit<R, 'id'>[] = [];
    for (const { id, ...record } of records) {
      if (this.undone.has(id) || seen.has(id)) continue;
      seen.add(id);
      record.card = current(record.card);
      out.push(record);
    }
    // A merged log can hold two devices' lines out of time order.
    for (let i = 1; i < out.length; i++) {
      if (out[i]!.at < out[i - 1]!.at) {
        out.sort((a, b) => a.at - b.at);
        break;
      }
    }
    return out;
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

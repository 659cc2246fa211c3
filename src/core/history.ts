// The review history the statistics read: one compact record per answer that still stands
// (undone answers removed), under the id its card has now (moved histories renamed).
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

/**
 * Builds the history one event at a time (a million-review log never has to be held whole):
 * answers are kept with their event id until the end, when undone ones are dropped, duplicates
 * from merged logs counted once, moved histories renamed and the result put in time order.
 */
export class HistoryBuilder {
  private readonly records: (ReviewRecord & { id: string })[] = [];
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
    } else if (e.type === 'undo') this.undone.add(e.of);
    else if (e.type === 'move') this.renamed.set(e.card, e.to);
  }

  /** True when these events can be appended to a history built from earlier ones. */
  appendable(): boolean {
    if (this.renamed.size > 0) return false;
    const own = new Set(this.records.map((r) => r.id));
    return [...this.undone].every((id) => own.has(id));
  }

  finish(): ReviewRecord[] {
    const current = (id: string) => {
      let hops = 0;
      while (this.renamed.has(id) && hops++ < 1000) id = this.renamed.get(id)!;
      return id;
    };
    const seen = new Set<string>();
    const out: ReviewRecord[] = [];
    for (const { id, ...record } of this.records) {
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

export function reviewHistory(events: LogEvent[]): ReviewRecord[] {
  const builder = new HistoryBuilder();
  for (const e of events) builder.add(e);
  return builder.finish();
}

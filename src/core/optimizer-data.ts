// The review log as the FSRS optimizer wants it: per card, the answers in time order with the
// days between them counted in the user's days (the rollover hour applies). Undone answers are
// left out, a moved history follows its card, and a dropped history or a reset starts the card over.
import type { LogEvent } from './events.js';
import type { Grade } from './types.js';

const HOUR = 3_600_000;

export interface Answer {
  at: number;
  grade: Grade;
}

/** A whole-number day index in local time, the day starting at the rollover hour. */
export function userDay(at: number, rolloverHour: number): number {
  const d = new Date(at - rolloverHour * HOUR);
  return Math.round(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86_400_000);
}

export function answersByCard(events: readonly LogEvent[]): Map<string, Answer[]> {
  const undone = new Set<string>();
  for (const e of events) if (e.type === 'undo') undone.add(e.of);
  const byCard = new Map<string, Answer[]>();
  const ordered = [...events].sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  for (const e of ordered) {
    if (seen.has(e.id)) continue; // a line duplicated by a merge
    seen.add(e.id);
    if (e.type === 'review' && !undone.has(e.id)) {
      const list = byCard.get(e.card);
      if (list) list.push({ at: e.at, grade: e.grade });
      else byCard.set(e.card, [{ at: e.at, grade: e.grade }]);
    } else if (e.type === 'move') {
      const moved = byCard.get(e.card);
      if (moved && !byCard.has(e.to)) byCard.set(e.to, moved);
      byCard.delete(e.card);
    } else if (e.type === 'drop' || (e.type === 'reset' && !undone.has(e.id))) byCard.delete(e.card);
  }
  return byCard;
}

export interface ItemSpec {
  card: string;
  /** Time of the item's last answer: the one the item asks the model to predict. */
  at: number;
  reviews: { rating: number; deltaT: number }[];
}

/**
 * One item per answer from the second on: the card's history up to that answer. Only items
 * with at least one answer a day or more after the first are kept: the optimizer aborts the
 * process on any other (see ../shared/reference/library-facts.md).
 */
export function toItems(byCard: ReadonlyMap<string, Answer[]>, rolloverHour: number): ItemSpec[] {
  const items: ItemSpec[] = [];
  for (const [card, answers] of byCard) {
    const days = answers.map((a) => userDay(a.at, rolloverHour));
    const reviews = answers.map((a, i) => ({ rating: a.grade, deltaT: i === 0 ? 0 : Math.max(0, days[i]! - days[i - 1]!) }));
    for (let i = 1; i < reviews.length; i++) {
      const history = reviews.slice(0, i + 1);
      if (!history.slice(1).some((r) => r.deltaT > 0)) continue;
      items.push({ card, at: answers[i]!.at, reviews: history });
    }
  }
  return items.sort((a, b) => a.at - b.at);
}

/** Splits items by time: the earlier ones train, the later ones test. */
export function splitByTime(items: readonly ItemSpec[], at: number): { train: ItemSpec[]; test: ItemSpec[] } {
  return { train: items.filter((i) => i.at < at), test: items.filter((i) => i.at >= at) };
}

export function countAnswers(byCard: ReadonlyMap<string, Answer[]>): number {
  let n = 0;
  for (const list of byCard.values()) n += list.length;
  return n;
}

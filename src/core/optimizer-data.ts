// The review log as the FSRS optimizer wants it: per card, the answers in time order with the
// days between them counted in the user's days (the rollover hour applies). Undone answers are
// left out, a moved history follows its card, and a dropped history or a reset starts the card over.
import type { History } from './history.js';
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

/**
 * Each card's answers in time order, from the review history (undone answers already out, moved
 * histories under their card, a dropped history apart from what came after it).
 */
export function answersByCard(history: History): Map<string, Answer[]> {
  const byCard = new Map<string, Answer[]>();
  for (let i = 0; i < history.length; i++) {
    const card = history.cards[history.card[i]!]!;
    const answer = { at: history.at[i]!, grade: history.grade[i]! as Grade };
    const list = byCard.get(card);
    if (list) list.push(answer);
    else byCard.set(card, [answer]);
  }
  return byCard;
}

export interface ItemSpec {
  card: string;
  /** Time of the item's last answer: the one the item asks the model to predict. */
  at: number;
  /** All the card's answers, shared by its items: this item is the first `length` of them. */
  reviews: readonly { rating: number; deltaT: number }[];
  length: number;
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
    // An item is the card's history up to one answer: all its items share one array of answers,
    // each a prefix of it (a million answers would otherwise make tens of millions of copies).
    let laterDay = false;
    for (let i = 1; i < reviews.length; i++) {
      laterDay ||= reviews[i]!.deltaT > 0;
      if (laterDay) items.push({ card, at: answers[i]!.at, reviews, length: i + 1 });
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


// Interview plans: a target date for a deck or a tag. Until the date, a planned card's next
// review may not skip past it when its predicted recall on the date would be below the desired
// retention; near the date, planned cards come first, weakest on the date first; planned new
// cards are introduced early enough to be reviewed twice before it. Pure: time is passed in.
import { deckMatches } from './collection.js';
import type { Memory, Scheduler } from './scheduler.js';
import { State } from './scheduler.js';
import type { Card } from './types.js';

export const DAY = 86_400_000;

/**
 * The recall a plan aims at on the day. FSRS schedules a review when predicted recall falls to the
 * desired retention, so a review after the date already implies at least that much recall on it;
 * a plan asks for more: cards below this on the day get a last review the day before.
 */
export const PLAN_RECALL_TARGET = 0.95;

export interface Plan {
  /** The interview day, `YYYY-MM-DD`, local. */
  date: string;
  deck?: string;
  tag?: string;
  created: string;
}

/** Midnight at the start of a `YYYY-MM-DD` day, local time, in ms. */
export function planTime(plan: Plan): number {
  const [y, m, d] = plan.date.split('-').map(Number);
  return new Date(y!, m! - 1, d!).getTime();
}

/** What a plan matches a card by: its deck and its tags. */
export type PlanTarget = Pick<Card, 'deck' | 'tags'>;

export function planMatches(plan: Plan, card: PlanTarget): boolean {
  if (plan.deck !== undefined) return deckMatches(card.deck, plan.deck);
  if (plan.tag !== undefined) return card.tags.some((t) => t.toLowerCase() === plan.tag!.toLowerCase());
  return true;
}

/** The earliest plan still ahead that covers the card. */
export function planFor(card: PlanTarget, plans: readonly Plan[], now: number): { plan: Plan; at: number } | undefined {
  let best: { plan: Plan; at: number } | undefined;
  for (const plan of plans) {
    const at = planTime(plan);
    if (at <= now || !planMatches(plan, card)) continue;
    if (!best || at < best.at) best = { plan, at };
  }
  return best;
}

/**
 * Predicted recall on the date if the card is not reviewed again before it: 0 with no review or
 * no stability (as the queue's own order has it), never NaN, which would leave an order among
 * such cards to the order they were listed in.
 */
export function recallOn(m: Memory | undefined, at: number, scheduler: Scheduler): number {
  if (!m || m.st === State.New || m.lrt === undefined || Number.isNaN(m.lrt) || !(m.s > 0)) return 0;
  return scheduler.recallAfter(Math.max(0, (at - m.lrt) / DAY), m.s);
}

/**
 * The due time after an answer, capped for a plan: a review that would come after the date,
 * while recall on the date would fall below the plan's target (the desired retention, or 95% if
 * that is higher), moves to the day before the date, so the last review sits as close to the
 * interview as it can. No cap when the date is past, when the day before it has already begun,
 * or when the card stays strong enough anyway.
 */
export function cappedDue(after: Memory, planAt: number | undefined, now: number, retention: number, scheduler: Scheduler): number {
  if (planAt === undefined || planAt <= now || after.due <= planAt) return after.due;
  const dayBefore = planAt - DAY;
  if (dayBefore <= now) return after.due;
  if (recallOn(after, planAt, scheduler) >= Math.max(retention, PLAN_RECALL_TARGET)) return after.due;
  return Math.min(after.due, dayBefore);
}

/**
 * How many planned new cards today must introduce so that each can be reviewed at least twice
 * before the date: spread over the days left, leaving the last day for the second review.
 */
export function plannedNewQuota(unseen: number, planAt: number, now: number): { quota: number; tooClose: boolean } {
  const daysLeft = Math.floor((planAt - now) / DAY);
  if (unseen === 0) return { quota: 0, tooClose: false };
  if (daysLeft < 1) return { quota: unseen, tooClose: true };
  return { quota: Math.ceil(unseen / daysLeft), tooClose: false };
}

/** Days from `now` to the plan's date, rounded up (1 = tomorrow). */
export function daysLeft(planAt: number, now: number): number {
  return Math.max(0, Math.ceil((planAt - now) / DAY));
}

/** What the prediction needs of the scheduling policy (core/policy.ts): answering a card. */
interface Answering {
  scheduler: Scheduler;
  answer(card: { id: string; file?: string }, before: Memory | undefined, at: number, grade: 3): Memory;
}

/**
 * Predicted share of the planned cards recalled on the date: as things stand (no more reviews),
 * and if every review scheduled before the date is done and answered Good.
 */
export function predictedOnDate(
  cards: readonly Card[],
  memory: (id: string) => Memory | undefined,
  planAt: number,
  now: number,
  policy: Answering,
): { withoutReviews: number; withReviews: number } {
  if (cards.length === 0) return { withoutReviews: 0, withReviews: 0 };
  let without = 0;
  let withReviews = 0;
  for (const card of cards) {
    let m = memory(card.id);
    without += recallOn(m, planAt, policy.scheduler);
    // New cards are introduced (and learned) today; then every review due before the date is done.
    let at = m && m.st !== State.New ? m.due : now;
    for (let guard = 0; guard < 50 && at < planAt; guard++) {
      m = policy.answer(card, m, Math.max(at, now), 3);
      at = m.due;
    }
    withReviews += recallOn(m, planAt, policy.scheduler);
  }
  return { withoutReviews: without / cards.length, withReviews: withReviews / cards.length };
}

// Interview plans: days left and the predicted share of their cards recalled on the day, with
// and without doing the scheduled reviews.
import { daysLeft, planMatches, planTime, predictedOnDate } from '../plan.js';
import type { StatsContext } from './context.js';

export interface PlanReport {
  date: string;
  deck?: string;
  tag?: string;
  daysLeft: number;
  cards: number;
  /** Predicted share of the plan's cards recalled on the date with no more reviews. */
  withoutReviews: number;
  /** The same, if every review scheduled before the date is done. */
  withReviews: number;
}

export function plans(ctx: StatsContext): PlanReport[] {
  const { progress, policy } = ctx.input;
  const look = (id: string) => (progress.peek ? progress.peek(id) : progress.get(id));
  return policy.plans
    .filter((p) => planTime(p) > ctx.now)
    .map((plan) => {
      const planned = ctx.cards.select((g) => planMatches(plan, g)).cards();
      const at = planTime(plan);
      const predicted = predictedOnDate(planned, look, at, ctx.now, policy);
      return { date: plan.date, deck: plan.deck, tag: plan.tag, daysLeft: daysLeft(at, ctx.now), cards: planned.length, ...predicted };
    });
}

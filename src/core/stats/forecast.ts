// Cards coming due on each of the next 30 days, and the backlog already overdue.
import { dayStarts, keyOfNumber, Kind, type StatsContext } from './context.js';

export const FORECAST_DAYS = 30;

export interface ForecastReport {
  overdue: number;
  days: { date: string; due: number }[];
}

export function forecast(ctx: StatsContext): ForecastReport {
  const due = new Array<number>(FORECAST_DAYS).fill(0);
  // The days' boundaries once, then each due time placed among them (no date object per card).
  const starts = dayStarts(ctx.todayStart, FORECAST_DAYS, ctx.rollover);
  const end = starts[FORECAST_DAYS]!;
  let overdue = 0;
  for (let i = 0; i < ctx.kind.length; i++) {
    if (ctx.kind[i] !== Kind.Learning && ctx.kind[i] !== Kind.Review) continue;
    const at = ctx.due[i]!;
    if (at < ctx.todayStart) overdue++;
    else if (at < end) {
      let d = Math.min(FORECAST_DAYS - 1, Math.floor((at - ctx.todayStart) / 86_400_000));
      while (d > 0 && at < starts[d]!) d--;
      while (d < FORECAST_DAYS - 1 && at >= starts[d + 1]!) d++;
      due[d]!++;
    }
  }
  return { overdue, days: due.map((n, i) => ({ date: keyOfNumber(ctx.todayNumber + i), due: n })) };
}

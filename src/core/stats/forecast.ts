// Cards coming due on each of the next 30 days, and the backlog already overdue.
import { dayKey } from '../day.js';
import { dayNumber, keyOfNumber, Kind, type StatsContext } from './context.js';

export const FORECAST_DAYS = 30;

export interface ForecastReport {
  overdue: number;
  days: { date: string; due: number }[];
}

export function forecast(ctx: StatsContext): ForecastReport {
  const due = new Array<number>(FORECAST_DAYS).fill(0);
  let overdue = 0;
  for (let i = 0; i < ctx.kind.length; i++) {
    if (ctx.kind[i] !== Kind.Learning && ctx.kind[i] !== Kind.Review) continue;
    const at = ctx.due[i]!;
    if (at < ctx.todayStart) overdue++;
    else {
      const offset = dayNumber(dayKey(at, ctx.rollover)) - ctx.todayNumber;
      if (offset < FORECAST_DAYS) due[offset]!++;
    }
  }
  return { overdue, days: due.map((n, i) => ({ date: keyOfNumber(ctx.todayNumber + i), due: n })) };
}

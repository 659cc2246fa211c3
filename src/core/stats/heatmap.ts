// Reviews per day over the last weeks, for the contribution-graph heatmap.
import { keyOfNumber, type StatsContext } from './context.js';

export interface HeatmapReport {
  from: string;
  to: string;
  days: { date: string; count: number }[];
}

export function heatmap(ctx: StatsContext): HeatmapReport {
  const span = ctx.input.heatmapDays ?? 26 * 7;
  const first = ctx.todayNumber - span + 1;
  const counts = new Array<number>(span).fill(0);
  for (const day of ctx.day) if (day >= first && day <= ctx.todayNumber) counts[day - first]!++;
  return { from: keyOfNumber(first), to: ctx.todayKey, days: counts.map((count, i) => ({ date: keyOfNumber(first + i), count })) };
}

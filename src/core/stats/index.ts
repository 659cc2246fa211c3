// Progress statistics: a pure function of the cards, their progress, the review history, the
// policy and a `now`. Days are the user's days (local time, starting at the rollover hour), as in
// review. One file per panel; each is rendered by its namesake in src/ui/stats/.
import { statsContext, type StatsInput } from './context.js';
import { forecast, type ForecastReport } from './forecast.js';
import { heatmap, type HeatmapReport } from './heatmap.js';
import { knowledge, type KnowledgeReport } from './knowledge.js';
import { plans, type PlanReport } from './plans.js';
import { practice, type PracticeReport } from './practice.js';
import { readiness, type ReadinessReport } from './readiness.js';
import { retention, type RetentionRow } from './retention.js';
import { today, totals, type TodayReport, type TotalsReport } from './today.js';
import { weakest, type WeakCard } from './weakest.js';

export type { StatsInput } from './context.js';
export type { Readiness } from './readiness.js';
export type { RetentionCell } from './retention.js';
export type { PlanReport } from './plans.js';
export { MATURE_DAYS } from './retention.js';

export interface StatsReport {
  generatedAt: string;
  rolloverHour: number;
  desiredRetention: number;
  totals: TotalsReport;
  today: TodayReport;
  heatmap: HeatmapReport;
  forecast: ForecastReport;
  retention: RetentionRow[];
  readiness: ReadinessReport;
  weakest: WeakCard[];
  knowledge: KnowledgeReport;
  plans: PlanReport[];
  practice: PracticeReport;
}

export function computeStats(input: StatsInput): StatsReport {
  const ctx = statsContext(input);
  return {
    generatedAt: new Date(input.now).toISOString(),
    rolloverHour: ctx.rollover,
    desiredRetention: input.policy.settings.retention,
    totals: totals(ctx),
    today: today(ctx),
    heatmap: heatmap(ctx),
    forecast: forecast(ctx),
    retention: retention(ctx),
    readiness: readiness(ctx),
    weakest: weakest(ctx),
    knowledge: knowledge(ctx),
    plans: plans(ctx),
    practice: practice(ctx),
  };
}

/** Current and longest streak of consecutive user days (YYYY-MM-DD) with reviews. */
export { streaks } from './streaks.js';

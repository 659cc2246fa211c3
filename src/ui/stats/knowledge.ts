// The knowledge panel: cards you would recall now, and the 30-day trend as a sparkline.
import type { StatsReport } from '../../core/stats/index.js';
import type { Paint } from './paint.js';

export function knowledgeLines(report: StatsReport, paint: Paint): string[] {
  const trend = report.knowledge.trend;
  const lo = Math.min(...trend.map((p) => p.value));
  const hi = Math.max(...trend.map((p) => p.value));
  const spark = trend.map((p) => ' ▁▂▃▄▅▆▇█'[hi === lo ? 4 : 1 + Math.round(((p.value - lo) / (hi - lo)) * 7)]).join('');
  return [
    `  About ${paint(String(Math.round(report.knowledge.now)), 'bold')} of ${report.totals.studied} studied cards you would recall right now`,
    `  30 days: ${paint(spark, 'cyan')} ${Math.round(trend[0]!.value)} → ${Math.round(trend[trend.length - 1]!.value)}`,
  ];
}

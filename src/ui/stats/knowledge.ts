// The knowledge panel: cards you would recall now, and the 30-day trend as a sparkline (the
// latest days of it when the width is short).
import stringWidth from 'string-width';
import type { StatsReport } from '../../core/stats/index.js';
import { m } from '../../i18n/index.js';
import { flow, type Paint, type ViewOptions } from './paint.js';

export function knowledgeLines(report: StatsReport, o: ViewOptions, paint: Paint): string[] {
  const all = report.knowledge.trend;
  const fits = (n: number) => {
    const shown = all.slice(all.length - n);
    return `  ${m.stats.trend(n)}${'x'.repeat(n)} ${Math.round(shown[0]!.value)} → ${Math.round(shown[shown.length - 1]!.value)}`;
  };
  let n = all.length;
  while (n > 7 && stringWidth(fits(n)) > o.width) n--;
  const trend = all.slice(all.length - n);
  const lo = Math.min(...trend.map((p) => p.value));
  const hi = Math.max(...trend.map((p) => p.value));
  const spark = trend.map((p) => ' ▁▂▃▄▅▆▇█'[hi === lo ? 4 : 1 + Math.round(((p.value - lo) / (hi - lo)) * 7)]).join('');
  return [
    ...flow([m.stats.knowledge(paint(String(Math.round(report.knowledge.now)), 'bold'), report.totals.studied)], o.width, '  '),
    `  ${m.stats.trend(n)}${paint(spark, 'cyan')} ${Math.round(trend[0]!.value)} → ${Math.round(trend[trend.length - 1]!.value)}`,
  ];
}

// The forecast panel: cards due on each of the next 30 days.
import type { StatsReport } from '../../core/stats/index.js';
import { m } from '../../i18n/index.js';
import { flow, padEnd, type Paint, type ViewOptions } from './paint.js';

/**
 * Vertical bars, one column per day, overdue first. The scale is the busiest coming day: a
 * backlog would flatten every other bar, so the overdue bar is clipped and its count given below.
 */
export function forecast(report: StatsReport, o: ViewOptions, paint: Paint): string[] {
  const days = report.forecast.days.map((d) => d.due);
  const values = [report.forecast.overdue, ...days];
  const max = Math.max(1, ...days);
  const height = 6;
  const label = Math.max(4, String(max).length + 1);
  const wide = o.width >= label + values.length * 2;
  const blocks = ' ▁▂▃▄▅▆▇█';
  const lines: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    let line = row === height - 1 ? padEnd(String(max), label) : ' '.repeat(label);
    values.forEach((v, i) => {
      const eighths = Math.round((Math.min(v, max) / max) * height * 8) - row * 8;
      line += paint(blocks[Math.max(0, Math.min(8, eighths))]!, i === 0 ? 'red' : 'blue') + (wide ? ' ' : '');
    });
    lines.push(line.trimEnd());
  }
  let axis = ' '.repeat(label) + '!' + (wide ? ' ' : '');
  for (let i = 0; i < days.length; i++) axis += (i % 7 === 0 ? '|' : ' ') + (wide ? ' ' : '');
  lines.push(paint(axis.trimEnd(), 'dim'));
  const sum = (n: number) => days.slice(0, n).reduce((a, b) => a + b, 0);
  const said = m.stats;
  const legend = [said.overdue(report.forecast.overdue), said.aWeek, said.dueOn.today(days[0] ?? 0), said.dueOn.week(sum(7)), said.dueOn.month(sum(30))];
  lines.push(...flow(legend, o.width, ' '.repeat(label)).map((l) => paint(l, 'dim')));
  return lines;
}

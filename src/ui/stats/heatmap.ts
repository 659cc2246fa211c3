// The heatmap panel: GitHub's contribution graph of reviews per day.
import stringWidth from 'string-width';
import type { StatsReport } from '../../core/stats/index.js';
import { m } from '../../i18n/index.js';
import { flow, padEnd, type Paint, type ViewOptions } from './paint.js';

function weekday(date: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, mo - 1, d)).getUTCDay() + 6) % 7; // Monday 0
}

/**
 * GitHub's contribution graph: weeks as columns, weekdays as rows, shade by count. The weekday
 * labels (from the catalog) take the width of the widest. A month's label stands above the week
 * it starts in, or the next one when the label before is still in the way (`10月11月` would
 * touch), always a column apart from it and measured in display columns.
 */
export function heatmap(report: StatsReport, o: ViewOptions, paint: Paint): string[] {
  const days = report.heatmap.days;
  const max = Math.max(0, ...days.map((d) => d.count));
  const shades = ['·', '░', '▒', '▓', '█'];
  const shade = (count: number) => (count === 0 ? 0 : max <= 1 ? 4 : 1 + Math.min(3, Math.floor(((count - 1) / max) * 4)));
  const lead = weekday(days[0]!.date);
  const cells: (number | undefined)[] = [...new Array<undefined>(lead), ...days.map((d) => d.count)];
  const weeks = Math.ceil(cells.length / 7);
  const labels = m.stats.weekdays;
  const gutter = Math.max(...labels.map((l) => stringWidth(l))) + 1;
  // Keep the most recent weeks that fit: the labels' gutter, then 1 column per week.
  const shown = Math.max(1, Math.min(weeks, o.width - gutter));
  const firstWeek = weeks - shown;
  const lines: string[] = [];
  let months = ' '.repeat(gutter);
  let free = gutter;
  let labelled = '';
  for (let w = firstWeek; w < weeks; w++) {
    const index = w * 7 - lead;
    const column = gutter + (w - firstWeek);
    if (stringWidth(months) > column) continue; // the previous label still covers this week
    const day = days[Math.max(0, index)]!;
    const month = day.date.slice(0, 7);
    const label = m.stats.months[Number(day.date.slice(5, 7)) - 1]!;
    const early = index >= 0 && Number(day.date.slice(8, 10)) <= 14;
    if (early && month !== labelled && column >= free && column + stringWidth(label) <= o.width) {
      months += label;
      free = column + stringWidth(label) + 1;
      labelled = month;
    } else months += ' ';
  }
  lines.push(paint(months.trimEnd(), 'dim'));
  for (let row = 0; row < 7; row++) {
    let line = padEnd(labels[row]!, gutter);
    for (let w = firstWeek; w < weeks; w++) {
      const count = cells[w * 7 + row];
      if (count === undefined) line += ' ';
      else {
        const s = shade(count);
        line += s === 0 ? paint(shades[0]!, 'dim') : paint(shades[s]!, 'green');
      }
    }
    lines.push(line.trimEnd());
  }
  lines.push(...flow([m.stats.scale(shades.join('')), m.stats.busiest(max)], o.width, ' '.repeat(gutter)).map((l) => paint(l, 'dim')));
  return lines;
}

// The heatmap panel: GitHub's contribution graph of reviews per day.
import type { StatsReport } from '../../core/stats/index.js';
import { padEnd, type Paint, type ViewOptions } from './paint.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Mon', '', 'Wed', '', 'Fri', '', 'Sun'];

function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0
}

/** GitHub's contribution graph: weeks as columns, weekdays as rows, shade by count. */
export function heatmap(report: StatsReport, o: ViewOptions, paint: Paint): string[] {
  const days = report.heatmap.days;
  const max = Math.max(0, ...days.map((d) => d.count));
  const shades = ['·', '░', '▒', '▓', '█'];
  const shade = (count: number) => (count === 0 ? 0 : max <= 1 ? 4 : 1 + Math.min(3, Math.floor(((count - 1) / max) * 4)));
  const lead = weekday(days[0]!.date);
  const cells: (number | undefined)[] = [...new Array<undefined>(lead), ...days.map((d) => d.count)];
  const weeks = Math.ceil(cells.length / 7);
  // Keep the most recent weeks that fit: 4 columns for labels, 1 per week.
  const shown = Math.max(1, Math.min(weeks, o.width - 5));
  const firstWeek = weeks - shown;
  const lines: string[] = [];
  let months = '    ';
  for (let w = firstWeek; w < weeks; w++) {
    const index = w * 7 - lead;
    const day = days[Math.max(0, index)]!;
    const label = MONTHS[Number(day.date.slice(5, 7)) - 1]!;
    if (index >= 0 && Number(day.date.slice(8, 10)) <= 7 && months.length <= 4 + (w - firstWeek)) months += label;
    else if (months.length <= 4 + (w - firstWeek)) months += ' ';
  }
  lines.push(paint(months.trimEnd(), 'dim'));
  for (let row = 0; row < 7; row++) {
    let line = padEnd(WEEKDAYS[row]!, 4);
    for (let w = firstWeek; w < weeks; w++) {
      const count = cells[w * 7 + row];
      if (count === undefined) line += ' ';
      else {
        const s = shade(count);
        line += s === 0 ? paint(shades[0]!, 'dim') : paint(shades[s]!, 'green');
      }
    }
    lines.push(line);
  }
  lines.push(paint(`    less ${shades.join('')} more · busiest day ${max} review${max === 1 ? '' : 's'}`, 'dim'));
  return lines;
}


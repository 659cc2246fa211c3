// `recall stats` as text: a pure function of the report, the width and whether to colour.
// Plain strings (no Ink): the output is printed once and must work in a pipe.
import stringWidth from 'string-width';
import type { Readiness, RetentionCell, StatsReport } from '../core/stats.js';
import { formatDuration } from './format.js';

export interface ViewOptions {
  width: number;
  color: boolean;
}

const CODES = { bold: [1, 22], dim: [2, 22], green: [32, 39], yellow: [33, 39], red: [31, 39], blue: [34, 39], cyan: [36, 39] } as const;
type Style = keyof typeof CODES;

function painter(color: boolean) {
  return (text: string, ...styles: Style[]) =>
    color ? styles.reduce((t, s) => `\u001b[${CODES[s][0]}m${t}\u001b[${CODES[s][1]}m`, text) : text;
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

function fit(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return out + '…';
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - stringWidth(text))) + text;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Mon', '', 'Wed', '', 'Fri', '', 'Sun'];

function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0
}

/** GitHub's contribution graph: weeks as columns, weekdays as rows, shade by count. */
function heatmap(report: StatsReport, o: ViewOptions, paint: ReturnType<typeof painter>): string[] {
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

/**
 * Vertical bars, one column per day, overdue first. The scale is the busiest coming day: a
 * backlog would flatten every other bar, so the overdue bar is clipped and its count given below.
 */
function forecast(report: StatsReport, o: ViewOptions, paint: ReturnType<typeof painter>): string[] {
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
  const legend = [`! overdue ${report.forecast.overdue}`, '| a week', `today ${days[0]}`, `next 7 days ${sum(7)}`, `next 30 days ${sum(30)}`];
  let line = ' '.repeat(label);
  for (const part of legend) {
    if (stringWidth(line) + part.length + 3 > o.width && line.trim()) {
      lines.push(paint(line.replace(/ · $/, ''), 'dim'));
      line = ' '.repeat(label);
    }
    line += part + ' · ';
  }
  lines.push(paint(line.replace(/ · $/, ''), 'dim'));
  return lines;
}

function retentionTable(report: StatsReport, paint: ReturnType<typeof painter>): string[] {
  const show = (c: RetentionCell) => (c.retention === null ? '—' : `${pct(c.retention)} (${c.answers})`);
  const names: Record<number, string> = { 1: 'Today', 7: '7 days', 30: '30 days', 365: '365 days' };
  const rows = [['', 'Young', 'Mature', 'All'], ...report.retention.map((r) => [names[r.window] ?? `${r.window} days`, show(r.young), show(r.mature), show(r.all)])];
  const widths = [10, 12, 12, 12];
  return rows.map((r) => '  ' + r.map((c, j) => (j === 0 ? padEnd(c, widths[j]!) : padStart(c, widths[j]!))).join(' ')).map((l, i) => (i === 0 ? paint(l, 'dim') : l));
}

function readinessTable(title: string, groups: Readiness[], target: number, o: ViewOptions, paint: ReturnType<typeof painter>): string[] {
  if (groups.length === 0) return [];
  const numbers = ['new', 'learn', 'review', 'susp', 'recall', `≥${Math.round(target * 100)}%`];
  const numberWidth = 7;
  const nameWidth = Math.max(8, Math.min(40, o.width - 2 - numbers.length * numberWidth));
  const head = '  ' + padEnd(title, nameWidth) + numbers.map((n) => padStart(n, numberWidth)).join('');
  const lines = [paint(head, 'dim')];
  for (const g of groups) {
    const recall = g.averageRecall === null ? '—' : pct(g.averageRecall);
    const tone = g.averageRecall === null ? 'dim' : g.averageRecall < target - 0.1 ? 'red' : g.averageRecall < target ? 'yellow' : 'green';
    lines.push(
      '  ' +
        padEnd(fit(g.name, nameWidth - 1), nameWidth) +
        [g.new, g.learning, g.review, g.suspended].map((n) => padStart(String(n), numberWidth)).join('') +
        paint(padStart(recall, numberWidth), tone as Style) +
        padStart(pct(g.aboveTarget), numberWidth),
    );
  }
  return lines;
}

function planLines(report: StatsReport, paint: ReturnType<typeof painter>): string[] {
  if (report.plans.length === 0) return [];
  const out = ['', paint('Interview plans', 'bold')];
  for (const p of report.plans) {
    const what = p.deck !== undefined ? `deck ${p.deck}` : p.tag !== undefined ? `tag ${p.tag}` : 'all cards';
    out.push(`  ${p.date} · ${what} · ${p.daysLeft} day${p.daysLeft === 1 ? '' : 's'} left · ${p.cards} cards`);
    out.push(`    predicted recall on the day: ${paint(pct(p.withReviews), 'bold')} doing the scheduled reviews, ${pct(p.withoutReviews)} with no more reviews`);
  }
  return out;
}

export function renderStats(report: StatsReport, o: ViewOptions, where: { decks: string }): string {
  const paint = painter(o.color);
  const out: string[] = [];
  const section = (title: string) => out.push('', paint(title, 'bold'));
  const t = report.today;
  out.push(`${paint('recall stats', 'bold')} · ${t.date} · desired retention ${pct(report.desiredRetention)}`);

  if (report.totals.reviews === 0) {
    out.push('');
    out.push(`Nothing reviewed yet. ${report.totals.cards} card${report.totals.cards === 1 ? ' waits' : 's wait'} in ${report.readiness.byDeck.length} deck${report.readiness.byDeck.length === 1 ? '' : 's'}; up to ${t.newLeft} new today.`);
    out.push(`Start with ${paint('npx recall', 'cyan')}: the charts fill in as you review.`);
    out.push(...planLines(report, paint));
    section('Decks');
    out.push(...readinessTable('deck', report.readiness.byDeck, report.desiredRetention, o, paint));
    return out.join('\n') + '\n';
  }

  section('Today');
  out.push(`  Due now ${paint(String(t.dueNow), 'bold')} · due today ${t.dueToday} · new left ${t.newLeft}`);
  out.push(`  Reviewed ${t.reviewed.count} card${t.reviewed.count === 1 ? '' : 's'} in ${formatDuration(t.reviewed.ms)}` + (t.reviewed.correct === null ? '' : ` · ${pct(t.reviewed.correct)} correct`));
  out.push(`  Streak ${t.streak.current} day${t.streak.current === 1 ? '' : 's'} (longest ${t.streak.longest})`);

  out.push(...planLines(report, paint));


  section(`Reviews per day, ${report.heatmap.from} to ${report.heatmap.to}`);
  out.push(...heatmap(report, o, paint));

  section('Due in the next 30 days');
  out.push(...forecast(report, o, paint));

  section(`True retention (review cards not failed; desired ${pct(report.desiredRetention)})`);
  out.push(...retentionTable(report, paint));

  section('Readiness, weakest first');
  out.push(...readinessTable('deck', report.readiness.byDeck, report.desiredRetention, o, paint));
  if (report.readiness.byTag.length) {
    out.push('');
    out.push(...readinessTable('tag', report.readiness.byTag, report.desiredRetention, o, paint));
  }

  if (report.weakest.length) {
    section('Weakest cards');
    for (const w of report.weakest) {
      const place = `${where.decks}/${w.file}:${w.line}`;
      const front = w.front.replace(/\s+/g, ' ').replace(/\{\{c\d+::([^}]*?)(::[^}]*)?\}\}/g, '[$1]');
      out.push(`  ${paint(padStart(pct(w.recall), 4), w.recall < report.desiredRetention ? 'red' : 'green')}  ${w.lapses} lapse${w.lapses === 1 ? '' : 's'}  ${paint(place, 'dim')}`);
      out.push(`        ${fit(front, o.width - 8)}`);
    }
  }

  section('Knowledge');
  const trend = report.knowledge.trend;
  const lo = Math.min(...trend.map((p) => p.value));
  const hi = Math.max(...trend.map((p) => p.value));
  const spark = trend.map((p) => ' ▁▂▃▄▅▆▇█'[hi === lo ? 4 : 1 + Math.round(((p.value - lo) / (hi - lo)) * 7)]).join('');
  out.push(`  About ${paint(String(Math.round(report.knowledge.now)), 'bold')} of ${report.totals.studied} studied cards you would recall right now`);
  out.push(`  30 days: ${paint(spark, 'cyan')} ${Math.round(trend[0]!.value)} → ${Math.round(trend[trend.length - 1]!.value)}`);
  return out.join('\n') + '\n';
}

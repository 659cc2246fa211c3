// The true-retention panel: young, mature and all, over 1, 7, 30 and 365 days.
import type { RetentionCell, StatsReport } from '../../core/stats/index.js';
import { padEnd, padStart, pct, type Paint } from './paint.js';

export function retentionTable(report: StatsReport, paint: Paint): string[] {
  const show = (c: RetentionCell) => (c.retention === null ? '—' : `${pct(c.retention)} (${c.answers})`);
  const names: Record<number, string> = { 1: 'Today', 7: '7 days', 30: '30 days', 365: '365 days' };
  const rows = [['', 'Young', 'Mature', 'All'], ...report.retention.map((r) => [names[r.window] ?? `${r.window} days`, show(r.young), show(r.mature), show(r.all)])];
  const widths = [10, 12, 12, 12];
  return rows.map((r) => '  ' + r.map((c, j) => (j === 0 ? padEnd(c, widths[j]!) : padStart(c, widths[j]!))).join(' ')).map((l, i) => (i === 0 ? paint(l, 'dim') : l));
}


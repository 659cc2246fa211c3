// The today panel: due, new, reviewed and the streak.
import type { StatsReport } from '../../core/stats/index.js';
import { formatDuration } from '../format.js';
import { pct, type Paint } from './paint.js';

export function todayLines(report: StatsReport, paint: Paint): string[] {
  const t = report.today;
  return [
    `  Due now ${paint(String(t.dueNow), 'bold')} · due today ${t.dueToday} · new left ${t.newLeft}`,
    `  Reviewed ${t.reviewed.count} card${t.reviewed.count === 1 ? '' : 's'} in ${formatDuration(t.reviewed.ms)}` + (t.reviewed.correct === null ? '' : ` · ${pct(t.reviewed.correct)} correct`),
    `  Streak ${t.streak.current} day${t.streak.current === 1 ? '' : 's'} (longest ${t.streak.longest})`,
  ];
}

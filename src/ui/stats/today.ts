// The today panel: due, new, reviewed and the streak.
import type { StatsReport } from '../../core/stats/index.js';
import { m } from '../../i18n/index.js';
import { formatDuration } from '../format.js';
import { flow, pct, type Paint, type ViewOptions } from './paint.js';

export function todayLines(report: StatsReport, o: ViewOptions, paint: Paint): string[] {
  const t = report.today;
  const said = m.stats;
  const reviewed = [said.reviewed(t.reviewed.count, formatDuration(t.reviewed.ms)), ...(t.reviewed.correct === null ? [] : [said.correct(pct(t.reviewed.correct))])];
  return [
    ...flow([said.dueNow(paint(String(t.dueNow), 'bold')), said.dueToday(t.dueToday), said.newLeft(t.newLeft)], o.width, '  '),
    ...flow(reviewed, o.width, '  '),
    ...flow([said.streak(t.streak.current, t.streak.longest)], o.width, '  '),
  ];
}

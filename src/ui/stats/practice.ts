// The practice panel: recent drills, one line each, and the week's cram answers.
import type { StatsReport } from '../../core/stats/index.js';
import { formatDayKey, m } from '../../i18n/index.js';
import { formatDuration } from '../format.js';
import { flow, pct, type Paint, type ViewOptions } from './paint.js';

export function practiceLines(report: StatsReport, o: ViewOptions, paint: Paint): string[] {
  const { drills, cram } = report.practice;
  const said = m.practice;
  const out: string[] = [];
  for (const d of drills) {
    const share = d.passed / d.questions;
    const passed = paint(said.passed(d.passed, pct(share)), share >= 0.8 ? 'green' : share >= 0.5 ? 'yellow' : 'red');
    out.push(...flow([said.drill(formatDayKey(d.date), d.questions), passed, formatDuration(d.ms), ...(d.weakestDeck ? [said.weakest(d.weakestDeck)] : [])], o.width, '  '));
  }
  if (cram.answers) out.push(...flow([said.crammed(cram.answers, cram.sessions, cram.days, pct(cram.correct))], o.width, '  '));
  return out;
}

// The practice panel: recent drills, one line each, and the week's cram answers.
import type { StatsReport } from '../../core/stats/index.js';
import { formatDuration } from '../format.js';
import { pct, type Paint } from './paint.js';

export function practiceLines(report: StatsReport, paint: Paint): string[] {
  const { drills, cram } = report.practice;
  const out: string[] = [];
  for (const d of drills) {
    const share = d.passed / d.questions;
    out.push(
      `  ${d.date} · drill of ${d.questions} question${d.questions === 1 ? '' : 's'} · ${paint(`${d.passed} passed (${pct(share)})`, share >= 0.8 ? 'green' : share >= 0.5 ? 'yellow' : 'red')} · ${formatDuration(d.ms)}` +
        (d.weakestDeck ? ` · weakest ${d.weakestDeck}` : ''),
    );
  }
  if (cram.answers) {
    out.push(`  Crammed ${cram.answers} answer${cram.answers === 1 ? '' : 's'} in ${cram.sessions} session${cram.sessions === 1 ? '' : 's'} in the last ${cram.days} days · ${pct(cram.correct)} correct (no schedule moved)`);
  }
  return out;
}

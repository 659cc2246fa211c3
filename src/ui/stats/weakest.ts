// The weakest-cards panel: the ten you are most likely to have forgotten, with file:line.
import stringWidth from 'string-width';
import type { StatsReport } from '../../core/stats/index.js';
import { m } from '../../i18n/index.js';
import { fit, padStart, pct, type Paint, type ViewOptions } from './paint.js';

export function weakestLines(report: StatsReport, o: ViewOptions, paint: Paint, decks: string): string[] {
  return report.weakest.flatMap((w) => {
    const place = `${decks}/${w.file}:${w.line}`;
    const front = w.front.replace(/\s+/g, ' ').replace(/\{\{c\d+::([^}]*?)(::[^}]*)?\}\}/g, '[$1]');
    const lead = `  ${padStart(pct(w.recall), 4)}  ${m.stats.lapses(w.lapses)}  `;
    return [
      `  ${paint(padStart(pct(w.recall), 4), w.recall < report.desiredRetention ? 'red' : 'green')}  ${m.stats.lapses(w.lapses)}  ${paint(fit(place, Math.max(8, o.width - stringWidth(lead))), 'dim')}`,
      `        ${fit(front, o.width - 8)}`,
    ];
  });
}

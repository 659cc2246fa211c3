// The weakest-cards panel: the ten you are most likely to have forgotten, with file:line.
import type { StatsReport } from '../../core/stats/index.js';
import { fit, padStart, pct, type Paint, type ViewOptions } from './paint.js';

export function weakestLines(report: StatsReport, o: ViewOptions, paint: Paint, decks: string): string[] {
  return report.weakest.flatMap((w) => {
    const place = `${decks}/${w.file}:${w.line}`;
    const front = w.front.replace(/\s+/g, ' ').replace(/\{\{c\d+::([^}]*?)(::[^}]*)?\}\}/g, '[$1]');
    return [
      `  ${paint(padStart(pct(w.recall), 4), w.recall < report.desiredRetention ? 'red' : 'green')}  ${w.lapses} lapse${w.lapses === 1 ? '' : 's'}  ${paint(place, 'dim')}`,
      `        ${fit(front, o.width - 8)}`,
    ];
  });
}

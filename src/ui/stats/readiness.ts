// The readiness panel: decks and tags by state and predicted recall, weakest first.
import type { Readiness } from '../../core/stats/index.js';
import { fit, padEnd, padStart, pct, type Paint, type Style, type ViewOptions } from './paint.js';

export function readinessTable(title: string, groups: Readiness[], target: number, o: ViewOptions, paint: Paint): string[] {
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


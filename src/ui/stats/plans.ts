// The plans panel: days left and predicted recall on each interview day.
import type { StatsReport } from '../../core/stats/index.js';
import { pct, type Paint } from './paint.js';

export function planLines(report: StatsReport, paint: Paint): string[] {
  if (report.plans.length === 0) return [];
  const out = ['', paint('Interview plans', 'bold')];
  for (const p of report.plans) {
    const what = p.deck !== undefined ? `deck ${p.deck}` : p.tag !== undefined ? `tag ${p.tag}` : 'all cards';
    out.push(`  ${p.date} · ${what} · ${p.daysLeft} day${p.daysLeft === 1 ? '' : 's'} left · ${p.cards} cards`);
    out.push(`    predicted recall on the day: ${paint(pct(p.withReviews), 'bold')} doing the scheduled reviews, ${pct(p.withoutReviews)} with no more reviews`);
  }
  return out;
}


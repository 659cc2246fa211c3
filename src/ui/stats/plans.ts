// The plans panel: days left and predicted recall on each interview day.
import type { StatsReport } from '../../core/stats/index.js';
import { formatDayKey, m } from '../../i18n/index.js';
import { flow, pct, wrap, type Paint, type ViewOptions } from './paint.js';

export function planLines(report: StatsReport, o: ViewOptions, paint: Paint): string[] {
  if (report.plans.length === 0) return [];
  const said = m.stats;
  const out = ['', ...wrap(said.plansTitle, o.width).map((l) => paint(l, 'bold'))];
  for (const p of report.plans) {
    const what = p.deck !== undefined ? said.planDeck(p.deck) : p.tag !== undefined ? said.planTag(p.tag) : m.plan.allCards;
    out.push(...flow([formatDayKey(p.date), what, said.daysLeft(p.daysLeft), said.planCards(p.cards)], o.width, '  '));
    out.push(...flow([said.predicted(paint(pct(p.withReviews), 'bold'), pct(p.withoutReviews))], o.width, '    '));
  }
  return out;
}

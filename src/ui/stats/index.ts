// `recall stats` as text: a pure function of the report, the width and whether to colour.
// Plain strings (no Ink): the output is printed once and must work in a pipe. One renderer per
// panel of src/core/stats/, composed here in the order they are shown.
import type { StatsReport } from '../../core/stats/index.js';
import { forecast } from './forecast.js';
import { heatmap } from './heatmap.js';
import { knowledgeLines } from './knowledge.js';
import { painter, pct, type ViewOptions } from './paint.js';
import { planLines } from './plans.js';
import { practiceLines } from './practice.js';
import { readinessTable } from './readiness.js';
import { retentionTable } from './retention.js';
import { todayLines } from './today.js';
import { weakestLines } from './weakest.js';

export type { ViewOptions } from './paint.js';

export function renderStats(report: StatsReport, o: ViewOptions, where: { decks: string }): string {
  const paint = painter(o.color);
  const out: string[] = [];
  const section = (title: string, lines: string[]) => {
    if (lines.length) out.push('', paint(title, 'bold'), ...lines);
  };
  const t = report.today;
  out.push(`${paint('recall stats', 'bold')} · ${t.date} · desired retention ${pct(report.desiredRetention)}`);
  const decks = readinessTable('deck', report.readiness.byDeck, report.desiredRetention, o, paint);

  if (report.totals.reviews === 0) {
    const n = report.readiness.byDeck.length;
    out.push('');
    out.push(`Nothing reviewed yet. ${report.totals.cards} card${report.totals.cards === 1 ? ' waits' : 's wait'} in ${n} deck${n === 1 ? '' : 's'}; up to ${t.newLeft} new today.`);
    out.push(`Start with ${paint('npx recall', 'cyan')}: the charts fill in as you review.`);
    out.push(...planLines(report, paint));
    section('Decks', decks);
    section('Practice: drills and cramming', practiceLines(report, paint));
    return out.join('\n') + '\n';
  }

  section('Today', todayLines(report, paint));
  out.push(...planLines(report, paint));
  section(`Reviews per day, ${report.heatmap.from} to ${report.heatmap.to}`, heatmap(report, o, paint));
  section('Due in the next 30 days', forecast(report, o, paint));
  section(`True retention (review cards not failed; desired ${pct(report.desiredRetention)})`, retentionTable(report, paint));
  const tags = readinessTable('tag', report.readiness.byTag, report.desiredRetention, o, paint);
  section('Readiness, weakest first', [...decks, ...(tags.length ? ['', ...tags] : [])]);
  section('Weakest cards', weakestLines(report, o, paint, where.decks));
  section('Knowledge', knowledgeLines(report, paint));
  section('Practice: drills and cramming', practiceLines(report, paint));
  return out.join('\n') + '\n';
}

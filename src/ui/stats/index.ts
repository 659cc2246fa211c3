// `recall stats` as text: a pure function of the report, the width and whether to colour.
// Plain strings (no Ink): the output is printed once and must work in a pipe. One renderer per
// panel of src/core/stats/, composed here in the order they are shown. Every line fits the width
// (40 columns at least), in any interface language.
import type { StatsReport } from '../../core/stats/index.js';
import { formatDayKey, m } from '../../i18n/index.js';
import { forecast } from './forecast.js';
import { heatmap } from './heatmap.js';
import { knowledgeLines } from './knowledge.js';
import { flow, painter, pct, wrap, type ViewOptions } from './paint.js';
import { planLines } from './plans.js';
import { practiceLines } from './practice.js';
import { readinessTable } from './readiness.js';
import { retentionTable } from './retention.js';
import { todayLines } from './today.js';
import { weakestLines } from './weakest.js';

export type { ViewOptions } from './paint.js';

export function renderStats(report: StatsReport, o: ViewOptions, where: { decks: string }): string {
  const paint = painter(o.color);
  const said = m.stats;
  const out: string[] = [];
  const section = (title: string, lines: string[]) => {
    if (lines.length) out.push('', ...wrap(title, o.width).map((l) => paint(l, 'bold')), ...lines);
  };
  const t = report.today;
  out.push(...flow([paint(said.title, 'bold'), formatDayKey(t.date), said.desired(pct(report.desiredRetention))], o.width));
  const decks = readinessTable(said.byDeck, report.readiness.byDeck, report.desiredRetention, o, paint);

  if (report.totals.reviews === 0) {
    out.push('');
    out.push(...wrap(said.nothingYet(report.totals.cards, report.readiness.byDeck.length, t.newLeft), o.width));
    out.push(...flow([said.startWith(paint('npx recall', 'cyan'))], o.width)); // not-ui: a command to type
    out.push(...planLines(report, o, paint));
    section(said.decks, decks);
    section(m.practice.title, practiceLines(report, o, paint));
    return out.join('\n') + '\n';
  }

  section(said.today, todayLines(report, o, paint));
  out.push(...planLines(report, o, paint));
  section(said.heatmapTitle(formatDayKey(report.heatmap.from), formatDayKey(report.heatmap.to)), heatmap(report, o, paint));
  section(said.forecastTitle, forecast(report, o, paint));
  section(said.retentionTitle(pct(report.desiredRetention)), retentionTable(report, o, paint));
  const tags = readinessTable(said.byTag, report.readiness.byTag, report.desiredRetention, o, paint);
  section(said.readinessTitle, [...decks, ...(tags.length ? ['', ...tags] : [])]);
  section(said.weakestTitle, weakestLines(report, o, paint, where.decks));
  section(said.knowledgeTitle, knowledgeLines(report, o, paint));
  section(m.practice.title, practiceLines(report, o, paint));
  return out.join('\n') + '\n';
}

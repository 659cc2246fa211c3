// The readiness panel: decks and tags by state and predicted recall, weakest first.
import stringWidth from 'string-width';
import type { Readiness } from '../../core/stats/index.js';
import { m } from '../../i18n/index.js';
import { fit, fitDeck, padEnd, padStart, pct, type Paint, type Style, type ViewOptions } from './paint.js';

/** The least useful columns go first when the width is short; recall and its target stay. */
const DROP_ORDER = [3, 1, 0, 2];
const MIN_NAME = 8;

/**
 * A table whose number columns are as wide as their headings (by display width, plus a space),
 * at least 7 when there is room; names take what is left, up to 40 columns.
 */
export function readinessTable(title: string, groups: Readiness[], target: number, o: ViewOptions, paint: Paint): string[] {
  if (groups.length === 0) return [];
  const heads = m.stats.readinessColumns(`${Math.round(target * 100)}%`);
  const cells = (g: Readiness) => [String(g.new), String(g.learning), String(g.review), String(g.suspended), g.averageRecall === null ? '—' : pct(g.averageRecall), pct(g.aboveTarget)];
  const rows = groups.map(cells);
  const natural = heads.map((h, j) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[j]!))) + 1);
  let columns = heads.map((_, j) => j);
  let widths = natural.map((w) => Math.max(w, 7));
  const room = () => o.width - 2 - columns.reduce((a, j) => a + widths[j]!, 0);
  if (room() < MIN_NAME) widths = natural;
  for (const drop of DROP_ORDER) {
    if (room() >= MIN_NAME) break;
    columns = columns.filter((j) => j !== drop);
  }
  const nameWidth = Math.max(MIN_NAME, Math.min(40, room()));
  const head = '  ' + padEnd(fit(title, nameWidth), nameWidth) + columns.map((j) => padStart(heads[j]!, widths[j]!)).join('');
  const lines = [paint(head, 'dim')];
  groups.forEach((g, i) => {
    const tone: Style = g.averageRecall === null ? 'dim' : g.averageRecall < target - 0.1 ? 'red' : g.averageRecall < target ? 'yellow' : 'green';
    const row = columns.map((j) => {
      const cell = padStart(rows[i]![j]!, widths[j]!);
      return j === 4 ? paint(cell, tone) : cell;
    });
    lines.push('  ' + padEnd(fitDeck(g.name, nameWidth - 1), nameWidth) + row.join(''));
  });
  return lines;
}

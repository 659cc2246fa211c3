// The true-retention panel: young, mature and all, over 1, 7, 30 and 365 days.
import stringWidth from 'string-width';
import type { RetentionCell, StatsReport } from '../../core/stats/index.js';
import { m } from '../../i18n/index.js';
import { padEnd, padStart, pct, type Paint, type ViewOptions } from './paint.js';

/**
 * A row per window; each column as wide as its widest cell or heading (by display width), at
 * least 12 when there is room. When the answer counts would not fit the width, only the shares.
 */
export function retentionTable(report: StatsReport, o: ViewOptions, paint: Paint): string[] {
  const table = (withCounts: boolean) => {
    const show = (c: RetentionCell) => (c.retention === null ? '—' : withCounts ? `${pct(c.retention)} (${c.answers})` : pct(c.retention));
    const rows = [['', ...m.stats.retentionColumns], ...report.retention.map((r) => [m.stats.window(r.window), show(r.young), show(r.mature), show(r.all)])];
    const natural = [0, 1, 2, 3].map((j) => Math.max(...rows.map((r) => stringWidth(r[j]!))));
    const widths = natural.map((w, j) => (j === 0 ? w : Math.max(w, 12)));
    const total = (ws: number[]) => 2 + ws.reduce((a, b) => a + b, 0) + ws.length - 1;
    const chosen = total(widths) <= o.width ? widths : natural.map((w, j) => (j === 0 ? w : w + 1));
    return { lines: rows.map((r) => '  ' + r.map((c, j) => (j === 0 ? padEnd(c, chosen[j]!) : padStart(c, chosen[j]!))).join(' ').trimEnd()), width: total(chosen) };
  };
  let t = table(true);
  if (t.width > o.width) t = table(false);
  return t.lines.map((l, i) => (i === 0 ? paint(l, 'dim') : l));
}

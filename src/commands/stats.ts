// `recall stats`: readiness, retention, forecast and habit, printed once (or as JSON).
import { relative } from 'node:path';
import type { CommandContext } from '../app/commands.js';
import { selectTable } from '../app/filters.js';
import { wholeNumber } from '../app/values.js';
import { openWorkspace } from '../app/workspace.js';
import { computeStats } from '../core/stats/index.js';
import { loadHistoryAside } from '../store/history-cache.js';
import { renderStats } from '../ui/stats/index.js';

export async function run({ paths, lang, values }: CommandContext<'stats'>): Promise<number> {
  const heatmapDays = wholeNumber(values.days, '--days', { min: 7, max: 3660, days: true });
  const ws = openWorkspace(paths, { lang });
  // Started before the decks are read: rebuilding it from the log runs meanwhile, in a worker.
  const reading = loadHistoryAside(paths.state);
  try {
    const cards = selectTable(ws.collection, { deck: values.deck, tag: values.tag });
    ws.followEdits();
    const history = await reading.result;
    for (const notice of history.notices) ws.notify(notice);
    const report = computeStats({ cards, progress: ws.progress, history: history.history, now: ws.clock(), policy: ws.policy, heatmapDays });
    if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else {
      const color = Boolean(process.env.FORCE_COLOR !== '0' && (process.env.FORCE_COLOR || (process.stdout.isTTY && !process.env.NO_COLOR)));
      const width = Math.max(40, process.stdout.columns || Number(process.env.COLUMNS) || 80);
      process.stdout.write(renderStats(report, { width, color }, { decks: relative(process.cwd(), paths.decks) || '.' }));
    }
    return 0;
  } finally {
    reading.cancel();
    ws.close();
  }
}

// `recall stats`: readiness, retention, forecast and habit, printed once (or as JSON).
import { relative } from 'node:path';
import type { GlobalOptions } from '../cli.js';
import { filterCards } from '../core/collection.js';
import { Scheduler } from '../core/scheduler.js';
import { computeStats } from '../core/stats.js';
import { UserError } from '../errors.js';
import { loadCollectionCached } from '../store/deck-cache.js';
import { loadHistory } from '../store/history-cache.js';
import { loadSettings } from '../store/settings-file.js';
import { loadState } from '../store/state.js';
import { loadScheduling } from '../store/scheduling-file.js';
import { renderStats } from '../ui/stats-view.js';

function parseDays(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 7 || n > 3660) throw new UserError(`--days must be a whole number of days from 7 to 3660, not '${String(value)}'`, undefined, 2);
  return n;
}

export async function stats(global: GlobalOptions, values: Record<string, unknown>): Promise<number> {
  const heatmapDays = parseDays(values.days);
  const now = Date.now();
  const { settings } = loadSettings(global.decks, global.state);
  const { collection, save } = loadCollectionCached(global.decks, global.state);
  const scheduler = new Scheduler(settings);
  const state = loadState(global.state, { scheduler, leechThreshold: settings.leechThreshold }, { repair: false, now });
  const history = loadHistory(global.state);
  for (const notice of [...state.notices, ...history.notices]) process.stderr.write(`recall: ${notice}\n`);

  const filter = { deck: values.deck as string | undefined, tag: values.tag as string | undefined };
  const cards = filterCards(collection.cards, filter);
  if (cards.length === 0 && (filter.deck || filter.tag)) {
    throw new UserError(`no cards match ${filter.deck ? `--deck ${filter.deck}` : `--tag ${filter.tag}`}`, "see the deck names with 'recall stats' alone");
  }
  const report = computeStats({ cards, progress: state.progress, history: history.history, now, settings, scheduler, heatmapDays, plans: loadScheduling(global.state).plans });
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    const color = Boolean(process.env.FORCE_COLOR !== '0' && (process.env.FORCE_COLOR || (process.stdout.isTTY && !process.env.NO_COLOR)));
    const width = Math.max(40, process.stdout.columns || Number(process.env.COLUMNS) || 80);
    process.stdout.write(renderStats(report, { width, color }, { decks: relative(process.cwd(), global.decks) || '.' }));
  }
  save();
  return 0;
}

// Where start-up time goes, phase by phase, in one process (a diagnostic, not a target).
import { ensureFixture } from './fixtures.js';
import { loadCollection } from '../src/store/deck-files.js';
import { loadState } from '../src/store/state.js';
import { Scheduler } from '../src/core/scheduler.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { buildQueue } from '../src/core/queue.js';

const [cards, reviews] = process.argv.slice(2).map(Number) as [number, number];
const now = Date.UTC(2026, 10, 1, 12);
const t0 = performance.now();
const f = ensureFixture('bench/.cache', `c${cards}-r${reviews}`, cards, reviews, now);
console.log('fixture', (performance.now() - t0).toFixed(0), 'ms');
for (let run = 0; run < 3; run++) {
  let t = performance.now();
  const col = loadCollection(f.decks);
  const tCol = performance.now() - t;
  t = performance.now();
  const scheduler = new Scheduler(DEFAULT_SETTINGS);
  const state = loadState(f.state, { scheduler, leechThreshold: 8 }, { repair: false, now });
  const tState = performance.now() - t;
  t = performance.now();
  const q = buildQueue({ cards: col.cards, progress: state.progress, now, settings: DEFAULT_SETTINGS, scheduler });
  const tQueue = performance.now() - t;
  console.log(`cards ${col.cards.length} progress ${state.progress.size} queue ${q.main.length}+${q.learning.length} | decks ${tCol.toFixed(0)}ms state ${tState.toFixed(0)}ms queue ${tQueue.toFixed(0)}ms`);
}

// Where start-up time goes, phase by phase, in one fresh process per run (a diagnostic for
// `npm run bench`'s first-card figure, not a target): node bench/.cache/phases.mjs DECKS STATE
import { loadCollectionCached } from '../src/store/deck-cache.js';
import { loadState } from '../src/store/state.js';
import { Scheduler } from '../src/core/scheduler.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { ReviewController } from '../src/review/controller.js';

const [decks, stateDir] = process.argv.slice(2) as [string, string];
const now = Date.now();
const at = () => performance.now();
let t = at();
const { collection, save } = loadCollectionCached(decks, stateDir);
save();
const tDecks = at() - t;
t = at();
const scheduler = new Scheduler(DEFAULT_SETTINGS);
const state = loadState(stateDir, { scheduler, leechThreshold: 8 }, { repair: false, now });
const tState = at() - t;
t = at();
const writer = { append() {}, close() {}, bytes: 0 } as never;
const controller = new ReviewController(collection, state, writer, DEFAULT_SETTINGS, {}, () => now);
const tQueue = at() - t;
console.log(`cards ${collection.cards.length}, histories ${state.progress.size}, session ${controller.session.main.length}: decks ${tDecks.toFixed(0)} ms, state ${tState.toFixed(0)} ms, controller ${tQueue.toFixed(0)} ms, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);

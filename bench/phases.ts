// Where start-up time goes, phase by phase, in one fresh process per run (a diagnostic for
// `npm run bench`'s first-card figure, not a target): node bench/.cache/phases.mjs DECKS STATE
import { openWorkspace } from '../src/app/workspace.js';
import { ReviewSession } from '../src/core/review-session.js';

const [decks, stateDir] = process.argv.slice(2) as [string, string];
const now = Date.now();
const at = () => performance.now();
let t = at();
const ws = openWorkspace({ decks, state: stateDir }, { clock: () => now });
const { collection } = ws;
const tDecks = at() - t;
t = at();
const progress = ws.progress;
const tState = at() - t;
t = at();
const session = new ReviewSession({ progress, append: () => undefined, policy: ws.policy, clock: () => now }, collection.table);
const tQueue = at() - t;
ws.close();
console.log(`cards ${collection.table.length}, histories ${progress.size}, session ${session.session.main.length}: decks ${tDecks.toFixed(0)} ms, state ${tState.toFixed(0)} ms, queue ${tQueue.toFixed(0)} ms, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);

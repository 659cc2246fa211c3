// Where the real review start goes: runs `recall` in a pseudo-terminal under `node --cpu-prof`
// until the first card is on screen, quits, and prints the functions that took the most time
// (self and total) before the first frame. A diagnostic, not a target.
//
//   node bench/profile-start.js DECKS STATE [--top N] [--keep DIR] [-- recall args...]
//
// Build with RECALL_DEBUG_BUILD=1 node scripts/build.js first for readable function names.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startInPty } from './lib/pty.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const extra = dash === -1 ? [] : argv.slice(dash + 1);
const own = dash === -1 ? argv : argv.slice(0, dash);
const option = (name) => (own.includes(name) ? own[own.indexOf(name) + 1] : undefined);
const [decks, state] = own.filter((a, i) => !a.startsWith('--') && !own[i - 1]?.startsWith('--'));
if (!decks || !state) {
  console.error('usage: node bench/profile-start.js DECKS STATE [--top N] [--keep DIR] [-- recall args...]');
  process.exit(2);
}
const top = Number(option('--top') ?? 25);
const dir = option('--keep') ?? mkdtempSync(join(tmpdir(), 'recall-prof-'));

const p = startInPty(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100', `${root}bin/recall.js`, '--decks', decks, '--state', state, ...extra], { cwd: root });
const at = await p.until('Space reveal');
const firstCardMs = at - p.startedAt;
// A pause, so that the profile shows the first frame's work, then a stretch of idle, then the quit.
await new Promise((resolve) => setTimeout(resolve, 400));
p.write('q');
await p.exited;

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Samples up to the first frame: up to the first 200 ms of idle (the pause before the quit).
const idle = profile.nodes.find((n) => n.callFrame.functionName === '(idle)')?.id;
let cutoff = Infinity;
for (let i = 0, t = profile.startTime, idleFrom; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  if (profile.samples[i] !== idle) idleFrom = undefined;
  else if ((idleFrom ??= t) + 200_000 <= t) {
    cutoff = idleFrom;
    break;
  }
}
let t = profile.startTime;
const self = new Map();
const total = new Map();
const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
let counted = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  if (t > cutoff) break;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  counted += dt;
  let n = nodes.get(profile.samples[i]);
  self.set(name(n), (self.get(name(n)) ?? 0) + dt);
  const seen = new Set();
  for (let id = n.id; id !== undefined; id = parent.get(id)) {
    const k = name(nodes.get(id));
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + dt);
  }
}
const show = (map) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `${(v / 1000).toFixed(1).padStart(7)} ms  ${k}`)
    .join('\n');
console.log(`first card after ${firstCardMs.toFixed(0)} ms; ${(counted / 1000).toFixed(0)} ms of samples before it\n\nself:\n${show(self)}\n\ntotal:\n${show(total)}`);
if (!option('--keep')) rmSync(dir, { recursive: true, force: true });
else console.log(`\nprofile kept in ${dir}/${file}`);

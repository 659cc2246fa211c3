// `node bench/find.js`: how long `recall find` and `recall decks` take on the generated
// collection of 100k cards with 1M reviews (bench/fixtures.ts, the one `npm run bench` uses), as
// a user runs them: the real binary, caches warm, output to a pipe. Each case is run `RUNS` times
// after a warm-up run (which builds the caches); the median is reported beside the median of
// `node -e 0` started just before each run, since this machine's speed drifts over minutes.
// Targets: find under 300 ms, decks under 400 ms.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureFixture } from './fixtures.js';

// This file runs bundled from bench/.cache/: the repository is two folders up.
const root = fileURLToPath(new URL('../..', import.meta.url));
const cache = `${root}bench/.cache`;
const BIN = `${root}bin/recall.js`;
const NOW = Date.UTC(2026, 10, 1, 12);
const RUNS = Number(process.env.RUNS ?? 11);

const fixture = ensureFixture(cache, 'c100k', 100_000, 1_000_000, NOW, 'find-bench');
// A private copy of the state: the runs write caches into it.
const state = `${cache}/run-find/state`;
rmSync(`${cache}/run-find`, { recursive: true, force: true });
cpSync(fixture.state, state, { recursive: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Case {
  name: string;
  target: number;
  args: string[];
  env?: Record<string, string>;
  /** What a run must print (on stderr for find's count line), so a failing run is never timed as a fast one. */
  expect: RegExp;
  status: number;
}

function timed(args: string[], env: Record<string, string> = {}, check?: Pick<Case, 'expect' | 'status'>): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 1 << 30 });
  const ms = performance.now() - start;
  if (check && (r.status !== check.status || !check.expect.test(r.stdout + r.stderr))) {
    throw new Error(`${args.join(' ')}: exit ${r.status}, expected ${check.status} and ${check.expect}:\n${(r.stdout + r.stderr).slice(0, 1000)}`);
  }
  return ms;
}

const find = (words: string[], expect: RegExp, status = 0): Omit<Case, 'name' | 'target'> => ({ args: [BIN, 'find', ...words, '--decks', fixture.decks], env: { RECALL_STATE: state }, expect, status });
const cases: Case[] = [
  { name: 'recall decks', target: 400, args: [BIN, 'decks', '--decks', fixture.decks, '--state', state], expect: /All decks\s+\d+/, status: 0 },
  { name: 'recall find question 4242 (two words, one common)', target: 300, ...find(['question', '4242'], /^\d+ cards match/m) },
  { name: 'recall find 对齐税 (CJK, one card in ten)', target: 300, ...find(['对齐税'], /^\d+ cards match/m) },
  { name: 'recall find zzzq (no hit)', target: 300, ...find(['zzzq'], /No card matches/, 1) },
  { name: 'recall find --regex "question 42\\d\\d\\b" (every text decoded)', target: 300, ...find(['--regex', 'question 42\\d\\d\\b'], /^\d+ cards match/m) },
  { name: 'recall find kv --state learning', target: 300, ...find(['kv', '--state', 'learning'], /^\d+ cards? match/m) },
];

console.log(`100k cards (${fixture.decks}), median of ${RUNS} runs; node -e 0 alongside`);
for (const c of cases) {
  timed(c.args, c.env, c); // warm-up: caches, the V8 code cache of the bundle
  const times: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    floor.push(timed(['-e', '0']));
    times.push(timed(c.args, c.env, c));
  }
  const m = median(times);
  const verdict = m < c.target ? 'under' : 'OVER';
  console.log(`${c.name}: median ${m.toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms (${verdict} the ${c.target} ms target; node -e 0 median ${median(floor).toFixed(0)} ms)`);
}

// `npm run bench`: start-up and per-answer latency of the real `recall` binary in a
// pseudo-terminal, on the shipped decks and on generated collections. Medians from one run.
//
//   node bench/run.js [--quick] [--only TEXT]
//   --quick: fewer repetitions, no 100k-card fixture; --only: just the cases whose name has TEXT
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cache = `${root}bench/.cache`;
const quick = process.argv.includes('--quick');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const BIN = `${root}bin/recall.js`;
const NOW = Date.UTC(2026, 10, 1, 12);

mkdirSync(cache, { recursive: true });
/** Bundles a TypeScript helper of the benchmark and imports it. */
async function load(name) {
  await build({
    entryPoints: [`${root}bench/${name}.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: `${cache}/${name}.mjs`,
    logLevel: 'warning',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  return import(`${cache}/${name}.mjs`);
}
const { ensureFixture } = await load('fixtures');
const { timeParse } = await load('parse');

const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>()][0-9A-Za-z]?/g;

/** A process in a pty; `until(text)` resolves at the moment that text appears on screen. */
function pty(args, cwd) {
  const command = `stty cols 100 rows 40; exec ${quote(process.execPath)} ${args.map(quote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: { ...process.env, TERM: 'xterm-256color' } });
  let screen = '';
  const waiters = [];
  /** `text` may be a list: any of them. */
  const seen = (text, from) => [text].flat().some((t) => screen.indexOf(t, from) !== -1);
  child.stdout.on('data', (d) => {
    const at = performance.now();
    screen += d.toString('utf8').replace(ANSI, '');
    for (const w of [...waiters]) {
      if (seen(w.text, w.from)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(at);
      }
    }
  });
  const exited = new Promise((r) => child.once('exit', r));
  return {
    child,
    exited,
    mark: () => screen.length,
    screen: () => screen,
    until: (text, from = 0, timeout = 30_000) =>
      new Promise((resolve, reject) => {
        if (seen(text, from)) return resolve(performance.now());
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${text}:\n${screen.slice(-1500)}`)), timeout);
        waiters.push({ text, from, resolve: (at) => (clearTimeout(timer), resolve(at)) });
      }),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const ms = (x) => `${x.toFixed(1)} ms`;

/** A pause between runs, so that one run's exit does not overlap the next one's start. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

/** Time from spawning `node -e` to its output on screen: the floor any start-up stands on. */
async function nodeStart() {
  const start = performance.now();
  const p = pty(['-e', 'process.stdout.write("ready")'], root);
  const at = await p.until('ready');
  await p.exited;
  return at - start;
}

/**
 * Time from spawning `recall` to its first card on screen, on a private copy of the state, with
 * a `node -e 0` start before each run: this machine's speed drifts by a third over minutes, and
 * the ratio holds only when both are measured under the same conditions.
 */
async function firstCard(fixture, runs) {
  const times = [];
  const floor = [];
  for (let i = 0; i <= runs; i++) {
    await settle();
    if (i > 0) floor.push(await nodeStart());
    await settle();
    const start = performance.now();
    const p = pty([BIN, '--decks', fixture.decks, '--state', fixture.state], root);
    const at = await p.until('Space reveal');
    if (i > 0) times.push(at - start); // run 0 warms the disk cache and writes the caches
    p.child.stdin.write('q');
    await p.exited;
  }
  return { median: median(times), node0: median(floor) };
}

/** Keypress (grade) to the next card on screen, durable append included. */
async function answerLatency(fixture, answers) {
  const p = pty([BIN, '--decks', fixture.decks, '--state', fixture.state], root);
  await p.until('Space reveal');
  const times = [];
  let ended = false;
  for (let i = 0; i < answers; i++) {
    let from = p.mark();
    p.child.stdin.write(' ');
    await p.until('1 Again', from);
    await new Promise((r) => setTimeout(r, 40)); // let Ink's frame throttle settle, as a person would
    from = p.mark();
    const start = performance.now();
    p.child.stdin.write('3');
    // A small deck runs out of cards: the session summary ends the measurement.
    const at = await p.until(['Space reveal', 'Reviewed '], from);
    if (p.screen().indexOf('Reviewed ', from) !== -1) {
      ended = true;
      break;
    }
    times.push(at - start);
    await new Promise((r) => setTimeout(r, 40));
  }
  if (!ended) p.child.stdin.write('q');
  await p.exited;
  return { p50: median(times), p95: p95(times) };
}

/** `recall stats` with its output discarded: median seconds and peak memory (GNU time). */
function statsRun(fixture, runs) {
  const times = [];
  const peaks = [];
  const gnuTime = existsSync('/usr/bin/time');
  for (let i = 0; i <= runs; i++) {
    const args = [process.execPath, BIN, 'stats', '--decks', fixture.decks, '--state', fixture.state];
    const start = performance.now();
    const r = gnuTime ? spawnSync('/usr/bin/time', ['-f', '%M', ...args], { encoding: 'utf8' }) : spawnSync(args[0], args.slice(1), { encoding: 'utf8' });
    const elapsed = performance.now() - start;
    if (r.status !== 0) throw new Error(`recall stats failed: ${r.stderr}`);
    if (i === 0) continue; // run 0 builds the caches
    times.push(elapsed);
    if (gnuTime) peaks.push(Number(r.stderr.trim().split('\n').pop()) / 1024);
  }
  return { median: median(times), peak: peaks.length ? Math.max(...peaks) : undefined };
}

/** `recall export --format apkg --with-progress` to a scratch file: median seconds. */
function exportRun(fixture, runs) {
  const times = [];
  const out = `${cache}/bench-export.apkg`;
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'export', '--decks', fixture.decks, '--state', fixture.state, '--format', 'apkg', '--with-progress', '--force', '--out', out], { encoding: 'utf8' });
    const elapsed = performance.now() - start;
    if (r.status !== 0) throw new Error(`recall export failed: ${r.stderr}`);
    if (i > 0) times.push(elapsed); // run 0 warms the caches
  }
  return { median: median(times) };
}

function privateCopy(fixture, name) {
  const dir = `${cache}/run-${name}`;
  rmSync(dir, { recursive: true, force: true });
  if (fixture.state) cpSync(fixture.state, `${dir}/state`, { recursive: true });
  return { decks: fixture.decks, state: `${dir}/state` };
}

const runs = quick ? 5 : 11;
const fixtures = [];
if (existsSync(`${root}decks`) && readdirSync(`${root}decks`).length > 0) fixtures.push(['shipped decks, fresh state', { decks: `${root}decks`, state: undefined }]);
fixtures.push(['10k cards, 100k reviews', ensureFixture(cache, 'c10k', 10_000, 100_000, NOW)]);
if (!quick || only) fixtures.push(['100k cards, 1M reviews', ensureFixture(cache, 'c100k', 100_000, 1_000_000, NOW)]);

if (!only || 'deck parser'.includes(only)) {
  const small = timeParse(1_000_000);
  const large = timeParse(10_000_000);
  console.log(`deck parser, hostile text: 1 MB median ${ms(small)}, 10 MB median ${ms(large)} (${(large / small).toFixed(1)}x for 10x the text)`);
}

const rows = [];
for (const [name, fixture] of fixtures.filter(([name]) => !only || name.includes(only))) {
  const copy = privateCopy(fixture, name.replace(/\W+/g, '-'));
  const start = await firstCard(copy, runs);
  const latency = await answerLatency(copy, quick ? 20 : 60);
  const stats = statsRun(copy, quick ? 3 : 5);
  const exported = name.startsWith('10k') ? exportRun(copy, quick ? 3 : 5) : undefined;
  rows.push({ name, start, latency, stats, exported });
  console.log(
    `${name}: first card median ${ms(start.median)} (${(start.median / start.node0).toFixed(2)}x node -e 0, whose median start alongside was ${ms(start.node0)}); ` +
      `answer -> next card p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)}; ` +
      `recall stats median ${ms(stats.median)}` + (stats.peak ? `, peak ${stats.peak.toFixed(0)} MB` : '') +
      (exported ? `; apkg export with progress median ${ms(exported.median)}` : ''),
  );
}

// `npm run bench`: the real `recall` binary in a pseudo-terminal, timed from the fork, on the
// shipped decks and on generated collections of 1k, 10k and 100k cards. Every start-up run is
// paired with a `node -e 0` and a bare Ink app started the same way just before it; the tables
// give the medians and p10–p90 spreads of those paired ratios (this machine's speed drifts by a
// third over minutes; a ratio of two runs made seconds apart does not). README.md, "Speed", says
// what each row means.
//
//   node bench/run.js [--quick] [--only TEXT] [--runs N] [--answers N] [--out FILE]
//   --quick    no 100k collection, 5 runs a row, 100 answers a size (under 3 minutes)
//   --only     only the rows whose "size: row" name contains TEXT (e.g. --only "10k" or "stats")
//   --runs     runs per start-up row (default 15, quick 5); --answers: answers per size (500, 100)
//   --out      where the table goes (default bench/RESULTS.md for a full run, else bench/.cache/)
import { build } from 'esbuild';
import { execSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProjectAndFloor } from './lib/build.js';
import { canEvict, evict, residentShare } from './lib/page-cache.js';
import * as measure from './lib/measure.js';
import { pairedRatios, quantile, spread } from './lib/stats.js';
import { writeReport } from './lib/report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cache = `${root}bench/.cache`;
const argv = process.argv.slice(2);
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const quick = argv.includes('--quick');
const only = option('--only');
const RUNS = Number(option('--runs') ?? (quick ? 5 : 15));
const ANSWERS = Number(option('--answers') ?? (quick ? 100 : 500));
const out = option('--out') ?? (quick || only || option('--runs') || option('--answers') ? `${cache}/RESULTS-${quick ? 'quick' : 'partial'}.md` : `${root}bench/RESULTS.md`);
const BIN = `${root}bin/recall.js`;
const PRELOAD = `${root}bench/lib/peak-memory.cjs`;
const work = `${cache}/run`; // private copies of the collections, scratch output; the cwd of every run
const began = Date.now();
const loadBefore = loadavg();

// ---------------------------------------------------------------------------------------------
// What is measured. A new command is one line in COMMANDS; a new start-up condition, one entry in
// CONDITIONS.

/** Collections: the shipped decks with no progress, and generated ones (bench/fixtures.ts). */
const SIZES = [
  { key: 'shipped', label: 'shipped decks, no progress', shipped: true },
  { key: '1k', label: '1k cards, 10k reviews', cards: 1_000, reviews: 10_000, commands: true },
  { key: '10k', label: '10k cards, 100k reviews', cards: 10_000, reviews: 100_000, commands: true },
  { key: '100k', label: '100k cards, 1M reviews', cards: 100_000, reviews: 1_000_000, commands: true, full: true },
];

/** Start-up conditions: what is done to the private copy before each run (`i` counts runs). */
const CONDITIONS = [
  { name: 'warm', warmUp: true, prepare: () => undefined },
  { name: 'after a deck edit', warmUp: true, prepare: (copy, i) => editOneDeck(copy, i) },
  { name: 'files touched', warmUp: true, prepare: (copy) => touchAll(copy) },
  { name: 'no state cache', prepare: (copy) => dropStateCache(copy) },
  { name: 'cold', prepare: (copy) => coldStart(copy) },
];

/**
 * Commands, each run to its exit in the pty with --decks and --state of the collection. Every
 * command is measured warm; `caches: true` also measures it with its file times changed and
 * with no state cache (left out where they take minutes and change nothing: the export
 * of the whole collection and the optimizer read everything anyway).
 */
const COMMANDS = [
  { name: 'stats', args: () => ['stats'], caches: true },
  { name: 'stats --json', args: () => ['stats', '--json'], caches: true },
  { name: 'check', args: () => ['check'], caches: true },
  { name: 'export apkg --with-progress', args: (o) => ['export', '--format', 'apkg', '--with-progress', '--force', '--out', o.file('export.apkg')] },
  { name: 'export md', args: (o) => ['export', '--format', 'md', '--force', '--out', o.file('export.md')], caches: true },
  { name: 'export json', args: (o) => ['export', '--format', 'json', '--force', '--out', o.file('export.json')] },
  { name: 'import --dry-run (100 notes)', args: (o) => ['import', o.notes, '--dry-run'], caches: true },
  { name: 'optimize --force', args: () => ['optimize', '--force'] },
];
/** Command conditions, in the order they run on the collection's copy. */
const COMMAND_CONDITIONS = [
  { name: 'warm', warmUp: true, prepare: () => undefined },
  { name: 'files touched', caches: true, prepare: (copy) => touchAll(copy) },
  { name: 'no state cache', caches: true, prepare: (copy) => dropStateCache(copy) },
];
/** Runs per command row: fewer at 100k, and 2 where the discarded first run took over 20 s. */
const COMMAND_RUNS = (size, firstMs) => (quick ? 2 : size.key !== '100k' ? 5 : firstMs > 20_000 ? 2 : 3);

// ---------------------------------------------------------------------------------------------

const selected = (name) => !only || name.includes(only);

function dropStateCache(copy) {
  rmSync(join(copy.state, 'cache'), { recursive: true, force: true });
}

/** A copy, a sync or a checkout: every deck and state file gets a new time, its bytes unchanged. */
function touchAll(copy) {
  const now = new Date();
  for (const file of listFiles([copy.decks, copy.state])) utimesSync(file, now, now);
}

/** First launch after install on a fresh boot: no recall cache of any kind, files on disk only. */
let coldResident = 0;
function coldStart(copy) {
  dropStateCache(copy);
  for (const f of readdirSync(`${root}dist/commands`)) if (f.endsWith('.v8cache')) rmSync(`${root}dist/commands/${f}`);
  const files = [`${root}bin`, `${root}dist`, copy.decks, copy.state];
  evict(files);
  coldResident = Math.max(coldResident, residentShare(files) ?? 0);
}

/** Rewrites the last deck file as it was plus one card that differs from run to run. */
const originals = new Map();
function editOneDeck(copy, i) {
  const files = listDecks(copy.decks);
  const file = files[files.length - 1];
  if (!originals.has(file)) originals.set(file, readFileSync(file, 'utf8'));
  writeFileSync(file, `${originals.get(file).replace(/\n*$/, '\n')}\n# Bench edit\n\n- Bench edit ${i} :: a card changed before this start\n`);
}

function listFiles(dirs) {
  return dirs.flatMap((dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name)));
}

function listDecks(dir) {
  return listFiles([dir]).filter((f) => f.endsWith('.md')).sort();
}

function privateCopy(size, fixture, name) {
  const dir = `${work}/${size.key}-${name}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(`${dir}/state`, { recursive: true });
  cpSync(fixture.decks, `${dir}/decks`, { recursive: true });
  if (fixture.state && existsSync(fixture.state)) cpSync(fixture.state, `${dir}/state`, { recursive: true });
  return { decks: `${dir}/decks`, state: `${dir}/state`, dir };
}

const log = (line) => console.log(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const ms = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x < 10 ? 2 : 1)} ms`);

// ---------------------------------------------------------------------------------------------
// Build: dist/ exactly as `npm run build`, and the Ink floor with the same settings.

mkdirSync(work, { recursive: true });
const floorBin = await buildProjectAndFloor(`${cache}/floor`);
const FLOOR_TEXT = 'Ink floor: one line'; // what bench/floor/hello.tsx draws

/** Bundles a TypeScript helper of the benchmark and imports it; returns its module and a hash. */
async function load(name) {
  const outfile = `${cache}/${name}.mjs`;
  await build({
    entryPoints: [`${root}bench/${name}.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
    // sql.js finds its .wasm beside its own file: left in node_modules.
    external: ['sql.js'],
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  return { module: await import(`${outfile}?${Date.now()}`), hash: createHash('sha256').update(readFileSync(outfile)).digest('hex').slice(0, 16) };
}
const fixtures = await load('fixtures');
const { timeParse } = (await load('parse')).module;
const { ensureFixture, reviewDayStart, writeNotes } = fixtures.module;
const NOW = reviewDayStart(Date.now());
const notes = `${cache}/notes`;
writeNotes(notes, 100);

const results = { startup: [], answers: [], commands: [], check: {}, parser: undefined };

// ---------------------------------------------------------------------------------------------
// Harness check: what the instrument itself adds, and whether its ratios hold when the machine
// slows down. Cheap; runs every time so every results file carries its own calibration.

async function harnessCheck() {
  const n = quick ? 6 : 20;
  const r = { ptyExit: [], plainExit: [], firstOutput: [], firstOutputExit: [], delay: [], probe: [], aa: [], floorAA: [], floor: [], node: [], floorLoaded: [], nodeLoaded: [] };
  await measure.inkFloor(floorBin, FLOOR_TEXT, work); // writes the floor's code cache
  for (let i = 0; i < n; i++) {
    r.ptyExit.push(await measure.nodeZero(work));
    r.plainExit.push(await measure.nodeZeroWithoutPty(work));
    const first = await measure.nodeFirstOutput(work);
    r.firstOutput.push(first.firstOutput);
    r.firstOutputExit.push(first.exit);
    r.delay.push(await measure.outputDelay(work));
    r.probe.push(await measure.nodeZeroWithProbe(PRELOAD, `${work}/probe-peak`, work));
    const before = await measure.nodeZero(work);
    r.aa.push((await measure.nodeZero(work)) / before);
    const node = await measure.nodeZero(work);
    const floor = await measure.inkFloor(floorBin, FLOOR_TEXT, work);
    const floorAgain = await measure.inkFloor(floorBin, FLOOR_TEXT, work);
    r.node.push(node);
    r.floor.push(floor);
    r.floorAA.push(floorAgain / floor);
  }
  // The same floor/node pairs with one core kept busy by another process, as any other work on
  // the machine would: the times move, the paired ratio should not.
  const busy = spawn(measure.NODE, ['-e', 'const end = Date.now() + 600000; while (Date.now() < end);'], { stdio: 'ignore' });
  try {
    for (let i = 0; i < n; i++) {
      r.nodeLoaded.push(await measure.nodeZero(work));
      r.floorLoaded.push(await measure.inkFloor(floorBin, FLOOR_TEXT, work));
    }
  } finally {
    busy.kill('SIGKILL');
  }
  const diff = (a, b) => spread(a.map((x, i) => x - b[i]));
  results.check = {
    runs: n,
    node: spread(r.ptyExit),
    ptyOverhead: diff(r.ptyExit, r.plainExit),
    plain: spread(r.plainExit),
    firstOutput: spread(r.firstOutput),
    firstOutputExit: spread(r.firstOutputExit),
    delay: spread(r.delay),
    probe: diff(r.probe, r.ptyExit),
    aa: spread(r.aa),
    floorAA: spread(r.floorAA),
    floor: spread(r.floor),
    asIs: { node: spread(r.node), floor: spread(r.floor), ratio: spread(pairedRatios(r.floor, r.node)) },
    loaded: { node: spread(r.nodeLoaded), floor: spread(r.floorLoaded), ratio: spread(pairedRatios(r.floorLoaded, r.nodeLoaded)) },
  };
  const c = results.check;
  log(`harness: node -e 0 ${ms(c.node.median)} in the pty, +${ms(c.ptyOverhead.median)} over child_process without a pty; output reaches us ${ms(c.delay.median)} after it is written; ` +
    `A/A node/node ${c.aa.median.toFixed(3)} (${c.aa.p10.toFixed(3)}–${c.aa.p90.toFixed(3)}); floor/node ${c.asIs.ratio.median.toFixed(2)}, with one core kept busy ${c.loaded.ratio.median.toFixed(2)} (floor ${ms(c.asIs.floor.median)} -> ${ms(c.loaded.floor.median)})`);
}

// ---------------------------------------------------------------------------------------------

/** One start-up row: `runs` rounds of node -e 0, Ink floor, recall, each after `prepare`. */
async function startupRow(size, copy, condition) {
  const rows = { node: [], floor: [], recall: [], hwm: [] };
  for (let i = condition.warmUp ? -1 : 0; i < RUNS; i++) {
    condition.prepare(copy, i);
    const node = await measure.nodeZero(work);
    const floor = await measure.inkFloor(floorBin, FLOOR_TEXT, work);
    const recall = await measure.firstCard(BIN, copy, work);
    if (i < 0) continue; // the warm-up round builds the caches a warm start relies on
    rows.node.push(node);
    rows.floor.push(floor);
    rows.recall.push(recall.ms);
    if (recall.hwmKb) rows.hwm.push(recall.hwmKb);
  }
  const row = {
    size: size.label,
    condition: condition.name,
    runs: rows.recall.length,
    recall: spread(rows.recall),
    node: spread(rows.node),
    floor: spread(rows.floor),
    vsNode: spread(pairedRatios(rows.recall, rows.node)),
    vsFloor: spread(pairedRatios(rows.recall, rows.floor)),
    hwmMb: rows.hwm.length ? quantile(rows.hwm, 0.5) / 1024 : undefined,
    raw: rows,
  };
  results.startup.push(row);
  log(`${size.label}, ${condition.name}: first card ${ms(row.recall.median)} (${ms(row.recall.p10)}–${ms(row.recall.p90)}), ${row.vsNode.median.toFixed(2)}x node -e 0 (${row.vsNode.p10.toFixed(2)}–${row.vsNode.p90.toFixed(2)}), ` +
    `${row.vsFloor.median.toFixed(2)}x Ink floor (${row.vsFloor.p10.toFixed(2)}–${row.vsFloor.p90.toFixed(2)})`);
}

/** Answer latency: sessions of at most SESSION_ANSWERS on fresh copies until `ANSWERS` answers. */
async function answerRow(size, fixture) {
  const all = [];
  const firsts = [];
  let sessions = 0;
  while (all.length < ANSWERS) {
    const copy = privateCopy(size, fixture, 'answers');
    // The copy on disk before the session: an answer's fsync would otherwise wait for the
    // harness's own copy (500 MB of log at 100k) to be written out, a cost no user's answer has.
    execSync('sync');
    const times = await measure.reviewSession(BIN, copy, Math.min(measure.SESSION_ANSWERS, ANSWERS - all.length), work);
    if (times.length === 0) throw new Error(`${size.label}: a review session had no card to answer`);
    sessions++;
    firsts.push(times[0]);
    all.push(...times);
  }
  const row = {
    size: size.label,
    answers: all.length,
    sessions,
    p50: quantile(all, 0.5),
    p95: quantile(all, 0.95),
    p99: quantile(all, 0.99),
    max: Math.max(...all),
    first: { median: quantile(firsts, 0.5), max: Math.max(...firsts) },
    raw: all,
  };
  results.answers.push(row);
  log(`${size.label}: answer -> next card over ${row.answers} answers in ${sessions} sessions: p50 ${ms(row.p50)}, p95 ${ms(row.p95)}, p99 ${ms(row.p99)}, max ${ms(row.max)}; first answer of a session median ${ms(row.first.median)}`);
}

/**
 * One command in one condition, each run paired with a node -e 0. A command that fails is a
 * result too: the row says how, after how long, and the bench goes on.
 */
async function commandRow(size, copy, spec, condition) {
  const o = { file: (name) => `${copy.dir}/${name}`, notes };
  const args = [...spec.args(o), '--decks', copy.decks, '--state', copy.state];
  const runs = { ms: [], node: [], peak: [] };
  let error;
  let firstMs = 0;
  for (let i = condition.warmUp ? -1 : 0; i < COMMAND_RUNS(size, firstMs); i++) {
    condition.prepare(copy, i);
    const node = await measure.nodeZero(work);
    const start = performance.now();
    let r;
    try {
      r = await measure.command(BIN, args, { cwd: work, preload: PRELOAD, peakFile: `${work}/peak` });
    } catch (e) {
      error = { message: String(e.message).split('\n').find((l) => /error|Error/.test(l)) ?? String(e.message).split('\n')[0], afterMs: performance.now() - start };
      break;
    }
    if (i < 0) {
      firstMs = r.ms;
      continue;
    }
    runs.node.push(node);
    runs.ms.push(r.ms);
    if (r.peakKb) runs.peak.push(r.peakKb);
  }
  const row = {
    command: spec.name,
    size: size.label,
    condition: condition.name,
    runs: runs.ms.length,
    wall: spread(runs.ms),
    vsNode: spread(pairedRatios(runs.ms, runs.node)),
    peakMb: runs.peak.length ? Math.max(...runs.peak) / 1024 : undefined,
    error,
    raw: runs,
  };
  results.commands.push(row);
  if (error) log(`${size.label}: recall ${spec.name}, ${condition.name}: FAILED after ${ms(error.afterMs)}: ${error.message}`);
  else log(`${size.label}: recall ${spec.name}, ${condition.name}: ${ms(row.wall.median)} (${ms(row.wall.p10)}–${ms(row.wall.p90)}), peak ${row.peakMb?.toFixed(0) ?? 'n/a'} MB`);
}

// ---------------------------------------------------------------------------------------------

await harnessCheck();
const evictable = canEvict();
if (!evictable) log('GNU dd with iflag=nocache or fincore is missing: "cold" means "no recall caches" only');

for (const size of SIZES.filter((s) => !(s.full && quick))) {
  const names = [...CONDITIONS.map((c) => `${size.key}: ${c.name}`), `${size.key}: answers`, ...(size.commands ? COMMANDS.flatMap((c) => COMMAND_CONDITIONS.map((k) => `${size.key}: ${c.name}, ${k.name}`)) : [])];
  if (!names.some(selected)) continue;
  const genStart = Date.now();
  const fixture = size.shipped ? { decks: `${root}decks`, state: undefined } : ensureFixture(cache, `c-${size.key}`, size.cards, size.reviews, NOW, fixtures.hash);
  if (Date.now() - genStart > 1000) log(`${size.label}: generated in ${((Date.now() - genStart) / 1000).toFixed(0)} s`);
  if (size.shipped) size.label = `shipped decks (${listDecks(fixture.decks).length} files), no progress`;
  for (const condition of CONDITIONS.filter((c) => selected(`${size.key}: ${c.name}`))) {
    if (condition.name === 'cold' && !evictable) condition.name = 'cold (no recall caches; page cache not dropped)';
    await startupRow(size, privateCopy(size, fixture, 'startup'), condition);
  }
  if (selected(`${size.key}: answers`)) await answerRow(size, fixture);
  if (size.commands) {
    const copy = privateCopy(size, fixture, 'commands');
    for (const spec of COMMANDS) {
      const conditions = COMMAND_CONDITIONS.filter((k) => (!k.caches || (spec.caches && !quick)) && selected(`${size.key}: ${spec.name}, ${k.name}`));
      for (const condition of conditions) await commandRow(size, copy, spec, condition);
    }
  }
  rmSync(`${work}`, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
}

if (selected('Anki package')) {
  // Issue 14: `recall import` of a 20k-note package with 200k review log rows, into empty folders.
  const { buildAnkiPackage, NOTES, REVIEWS } = (await load('anki-import')).module;
  const dir = `${work}/anki`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/big.apkg`, await buildAnkiPackage());
  const runs = { ms: [], peak: [] };
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    rmSync(`${dir}/decks`, { recursive: true, force: true });
    rmSync(`${dir}/state`, { recursive: true, force: true });
    const r = await measure.command(BIN, ['import', `${dir}/big.apkg`, '--yes', '--decks', `${dir}/decks`, '--state', `${dir}/state`], { cwd: work, preload: PRELOAD, peakFile: `${work}/peak` });
    runs.ms.push(r.ms);
    if (r.peakKb) runs.peak.push(r.peakKb / 1024);
  }
  results.ankiImport = { notes: NOTES, reviews: REVIEWS, wall: spread(runs.ms), peakMb: runs.peak.length ? Math.max(...runs.peak) : undefined, runs: runs.ms.length };
  log(`Anki package, ${NOTES} notes and ${REVIEWS} review log rows: recall import --yes ${ms(results.ankiImport.wall.median)}, peak ${results.ankiImport.peakMb?.toFixed(0) ?? 'n/a'} MB`);
  rmSync(dir, { recursive: true, force: true });
}

if (selected('10 MB card')) {
  // Issue 15: the first frame of a card with a 10 MB back, each run on a fresh state folder (the
  // deck is parsed as on a first launch; run 0 only warms the V8 code cache).
  const { hugeBack, timeFirstScreen } = (await load('render')).module;
  const layout = timeFirstScreen();
  const dir = `${work}/huge`;
  mkdirSync(`${dir}/decks`, { recursive: true });
  writeFileSync(`${dir}/decks/huge.md`, `## What does a 10 MB answer look like?\n${hugeBack()}\n`);
  const runs = { front: [], back: [], peak: [] };
  for (let i = 0; i <= Math.min(RUNS, 7); i++) {
    rmSync(`${dir}/state`, { recursive: true, force: true });
    const r = await measure.hugeCard(BIN, { decks: `${dir}/decks`, state: `${dir}/state` }, 'quadratic in the length n²', work);
    if (i === 0) continue;
    runs.front.push(r.front);
    runs.back.push(r.back);
    if (r.hwmKb) runs.peak.push(r.hwmKb / 1024);
  }
  results.hugeCard = { front: spread(runs.front), back: spread(runs.back), peakMb: runs.peak.length ? Math.max(...runs.peak) : undefined, runs: runs.front.length, layoutMs: layout.ms };
  log(`10 MB card: front ${ms(results.hugeCard.front.median)} after the fork, back ${ms(results.hugeCard.back.median)} after Space, peak ${results.hugeCard.peakMb?.toFixed(0) ?? 'n/a'} MB; its first screen laid out in process in ${ms(layout.ms)}`);
  rmSync(dir, { recursive: true, force: true });
}

if (selected('deck parser')) {
  const small = timeParse(1_000_000, 5);
  const large = timeParse(10_000_000, 5);
  results.parser = { small, large };
  log(`deck parser, hostile text: 1 MB median ${ms(small)}, 10 MB median ${ms(large)}`);
}

// ---------------------------------------------------------------------------------------------

const git = (cmd) => {
  try {
    return execSync(`git ${cmd}`, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};
const meta = {
  date: new Date(began).toISOString().replace(/\.\d+Z$/, 'Z'),
  minutes: (Date.now() - began) / 60_000,
  mode: quick ? 'quick' : only || option('--runs') || option('--answers') ? `partial (${argv.join(' ')})` : 'full',
  runs: RUNS,
  answers: ANSWERS,
  cpu: `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  cores: cpus().length,
  kernel: release(),
  node: process.version,
  commit: `${git('rev-parse --short HEAD')}${git('status --porcelain --untracked-files=no') ? ' with uncommitted changes' : ''}`,
  load: { before: loadBefore, after: loadavg() },
  evict: evictable ? `posix_fadvise(DONTNEED) on each file (GNU dd iflag=nocache); largest share left in the page cache after it: ${(coldResident * 100).toFixed(1)}%` : 'not available here',
  fixtureNow: new Date(NOW).toISOString(),
};
writeReport(out, meta, results);
writeFileSync(`${cache}/last-results.json`, JSON.stringify({ meta, results }, null, 1));
log(`done in ${meta.minutes.toFixed(1)} min; table in ${out}, every run's numbers in bench/.cache/last-results.json`);

// Rendering a card whose back is 10 MB on one line: the layout of its first screen in process,
// and the real `recall` in a pseudo-terminal (spawn to the front, reveal to the back, peak memory).
// Targets (issue 15): first frame under 300 ms in all, under 200 MB.
//
// Standalone (after `npm run build`):
//   npx esbuild bench/render.ts --bundle --platform=node --format=esm --outfile=bench/.cache/render.mjs \
//     --banner:js="import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" \
//     && node bench/.cache/render.mjs
// or from bench/run.js: `const { renderBench } = await load('render')` and print its lines.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { layoutMarkdown } from '../src/render/layout.js';

// From bench/render.ts, or from its bundle in bench/.cache/.
const BIN = fileURLToPath(new URL(`${import.meta.url.includes('/bench/.cache/') ? '../..' : '..'}/bin/recall.js`, import.meta.url));
const SENTENCE = 'Attention weighs every token against every other, **quadratic** in the length $n^2$. ';

export function hugeBack(bytes = 10_000_000): string {
  return SENTENCE.repeat(Math.ceil(bytes / SENTENCE.length));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median milliseconds to lay out the first 40 lines at 100 columns, and the heap it kept. */
export function timeFirstScreen(runs = 7): { ms: number; heapMB: number } {
  const back = hugeBack();
  const times: number[] = [];
  const before = process.memoryUsage().heapUsed;
  let kept: unknown;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    kept = layoutMarkdown(back, 100, { maxLines: 40 });
    times.push(performance.now() - start);
  }
  const heapMB = (process.memoryUsage().heapUsed - before) / 1e6;
  void kept;
  return { ms: median(times), heapMB };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>()][0-9A-Za-z]?/g;

/** One session in a pty: ms from spawn to the front on screen, from Space to the back, and peak RSS. */
async function firstFrame(decks: string, state: string): Promise<{ front: number; back: number; peakMB?: number }> {
  const gnuTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;
  const node = `${gnuTime ? "/usr/bin/time -f 'peak-kb %M' " : ''}${process.execPath}`;
  const command = `stty cols 100 rows 40; exec ${node} ${BIN} --decks ${decks} --state ${state}`;
  const start = performance.now();
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, TERM: 'xterm-256color' } });
  let screen = '';
  const waiters: { text: string; from: number; resolve: (at: number) => void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    const at = performance.now();
    screen += d.toString('utf8').replace(ANSI, '');
    for (const w of [...waiters]) {
      if (screen.indexOf(w.text, w.from) !== -1) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(at);
      }
    }
  });
  const exited = new Promise((r) => child.once('exit', r));
  const until = (text: string, from = 0) =>
    new Promise<number>((resolve, reject) => {
      const fail = (why: string) => () => reject(new Error(`${why} waiting for ${text}:\n${screen.slice(-1500)}`));
      const timer = setTimeout(fail('timed out'), 60_000);
      void exited.then(fail('recall exited'));
      waiters.push({ text, from, resolve: (at) => (clearTimeout(timer), resolve(at)) });
    });
  const front = (await until('Space reveal')) - start;
  const mark = screen.length;
  const pressed = performance.now();
  child.stdin.write(' ');
  const back = (await until('quadratic in the length n²', mark)) - pressed;
  child.stdin.write('q');
  await exited;
  const peak = /peak-kb (\d+)/.exec(screen);
  return { front, back, peakMB: peak ? Number(peak[1]) / 1024 : undefined };
}

export async function renderBench(runs = 5): Promise<string[]> {
  const out: string[] = [];
  const layout = timeFirstScreen();
  out.push(`layout of a 10 MB one-line back, first 40 lines at 100 columns: median ${layout.ms.toFixed(1)} ms (heap kept ${layout.heapMB.toFixed(1)} MB)`);

  const dir = mkdtempSync(join(tmpdir(), 'recall-render-bench-'));
  try {
    const decks = join(dir, 'decks');
    mkdirSync(decks);
    writeFileSync(join(decks, 'huge.md'), `## What does a 10 MB answer look like?\n${hugeBack()}\n`);
    const fronts: number[] = [];
    const backs: number[] = [];
    const peaks: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const state = join(dir, `state-${i}`);
      const r = await firstFrame(decks, state);
      if (i === 0) continue; // run 0 builds the deck cache and the V8 code caches
      fronts.push(r.front);
      backs.push(r.back);
      if (r.peakMB !== undefined) peaks.push(r.peakMB);
    }
    out.push(
      `recall on a card with a 10 MB back: front on screen median ${median(fronts).toFixed(0)} ms after spawn, back ${median(backs).toFixed(0)} ms after Space` +
        (peaks.length ? `, peak memory ${Math.max(...peaks).toFixed(0)} MB` : ''),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await renderBench()) console.log(line);
}

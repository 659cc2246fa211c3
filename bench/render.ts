// A card whose back is 10 MB on one line, and the layout of its first screen in process. The real
// `recall` on it, in a pseudo-terminal, is the "10 MB card" row of `npm run bench` (bench/run.js).
// Targets (issue 15): first frame under 300 ms, under 200 MB.
import { layoutMarkdown } from '../src/render/layout.js';

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

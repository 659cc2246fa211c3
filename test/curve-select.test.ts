// The WebAssembly that picks the due reviews with the lowest predicted recall must pick what the
// queue's own order gives (curveKey, then card order), key for key, and be the compilation of
// its text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allBelow, curveKey, lowestOnCurve } from '../src/core/curve-select.js';
import { smallestSorted } from '../src/core/queue.js';
// @ts-expect-error: a build script, plain JavaScript
import { compiledWasm, watFiles } from '../scripts/build-wasm.js';

const DAY = 86_400_000;
const NOW = 1_795_924_800_000;

/** What the queue's order gives: the k lowest by (curveKey, tie), in that order. */
function expected(lrt: number[], s: number[], tie: number[], k: number, factor: number) {
  const keys = lrt.map((l, e) => curveKey(l, s[e]!, NOW, factor));
  const positions = smallestSorted(
    keys.map((_, e) => e),
    k,
    (a, b) => (keys[a] === keys[b] ? tie[a]! - tie[b]! : keys[a]! - keys[b]!),
  );
  return { positions, keys: positions.map((e) => keys[e]!) };
}

describe('the due reviews lowest on the forgetting curve', () => {
  it('are those the queue order gives, with the same keys, for any times, stabilities and ties', () => {
    // Times on the hour and stabilities from a few values make ties; no review time, no or a
    // negative stability, and reviews in the future are among them.
    const entry = fc.record({
      lrt: fc.oneof(fc.integer({ min: -30, max: 2 }).map((h) => NOW + h * 3_600_000 * 24), fc.constant(NaN), fc.double({ min: NOW - 400 * DAY, max: NOW, noNaN: true })),
      s: fc.oneof(fc.constantFrom(0, -1, NaN, 0.5, 2, 2, 30), fc.double({ min: 0.01, max: 3000, noNaN: true })),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 300 }), fc.integer({ min: 0, max: 320 }), fc.constantFrom(19 / 81, 0.1, 3), (entries, k, factor) => {
        const lrt = entries.map((e) => e.lrt);
        const s = entries.map((e) => e.s);
        // Ties that are not positions (the queue's are card indexes, any order).
        const tie = entries.map((_, e) => (e * 7919) % 1009);
        const got = lowestOnCurve({ lrt: Float64Array.from(lrt), s: Float64Array.from(s), tie: Int32Array.from(tie) }, k, NOW, factor);
        expect(got).toEqual(expected(lrt, s, tie, k, factor));
      }),
      { numRuns: 300 },
    );
  });

  it('chooses among 40,000 as the queue order does, and again in a memory already grown', () => {
    const n = 40_000;
    const lrt = Array.from({ length: n }, (_, e) => NOW - ((e * 7919) % 5000) * 3_600_000);
    const s = Array.from({ length: n }, (_, e) => 1 + ((e * 31) % 50));
    const tie = Array.from({ length: n }, (_, e) => n - e);
    for (const k of [200, 1, n + 5]) {
      const got = lowestOnCurve({ lrt: Float64Array.from(lrt), s: Float64Array.from(s), tie: Int32Array.from(tie) }, k, NOW, 19 / 81);
      expect(got).toEqual(expected(lrt, s, tie, k, 19 / 81));
    }
  });

  it('checks that positions are at least 0 and below a length, however many', () => {
    expect(allBelow(new Int32Array(0), 0)).toBe(true);
    expect(allBelow(Int32Array.of(0, 4, 2), 5)).toBe(true);
    expect(allBelow(Int32Array.of(0, 5, 2), 5)).toBe(false);
    expect(allBelow(Int32Array.of(0, -1, 2), 5)).toBe(false);
    const many = Int32Array.from({ length: 100_000 }, (_, i) => i);
    expect(allBelow(many, 100_000)).toBe(true);
    many[77_777] = -2_000_000_000;
    expect(allBelow(many, 100_000)).toBe(false);
    expect(allBelow(many.subarray(0, 77_777), 100_000)).toBe(true);
  });

  it('is the compilation of its text (run node scripts/build-wasm.js after editing a .wat file)', async () => {
    const files = watFiles() as string[];
    expect(files.length).toBeGreaterThan(0);
    for (const wat of files) {
      const { path, text } = (await compiledWasm(wat)) as { path: string; text: string };
      expect(readFileSync(path, 'utf8'), path).toBe(text);
    }
  });
});

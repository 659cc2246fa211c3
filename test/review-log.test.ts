// The log is read a block at a time: lines that straddle two blocks, blank lines and an unfinished
// last line must come out the same whichever reader reads them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../src/core/events.js';
import { idOfLineEndingAt, logLines, readLog, scanReviews } from '../src/store/review-log.js';
import { loadState } from '../src/store/state.js';
import { Policy } from '../src/core/policy.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { tempDir } from './helpers.js';

describe('the review log read in chunks', () => {
  it('gives every line once, across chunk boundaries, to the event reader, the review reader and the line copier', () => {
    const after = { due: 5, s: 2.5, d: 3, st: 2, reps: 1, lapses: 0, sd: 1, ls: 0, ed: 0, lrt: 1, first: 1 };
    // Lines of uneven length (a long file name now and then) so that boundaries fall mid-line; 6 MB in all.
    const events: LogEvent[] = Array.from({ length: 24_000 }, (_, i) => ({
      id: `e${i}`,
      type: 'review',
      at: 1000 + i,
      card: `c${i % 97}`,
      grade: (1 + (i % 4)) as 1 | 2 | 3 | 4,
      ms: i,
      before: null,
      after: { ...after, file: 'x'.repeat(i % 13 === 0 ? 900 : 100) + '.md' },
    }));
    const lines = events.map((e) => JSON.stringify(e));
    const path = join(tempDir(), 'reviews.jsonl');
    const unfinished = '{"id":"cut","type":"rev';
    writeFileSync(path, lines.slice(0, 100).join('\n') + '\n\n' + lines.slice(100).join('\n') + '\n' + unfinished);

    const read = readLog(path);
    expect(read.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(read.partial).toBe(unfinished);
    expect(read.bytes).toBe(Buffer.byteLength(lines.join('\n')) + 2);

    const ids: string[] = [];
    const scanned = scanReviews(path, 0, (r) => ids.push(r.id), (e) => ids.push(e.id));
    expect(ids).toEqual(events.map((e) => e.id));
    expect(scanned.partial).toBe(unfinished);
    expect(scanned.bytes).toBe(read.bytes);

    expect([...logLines(path)]).toEqual(lines);
  });

  it('takes into the history exactly the answers the log itself takes, whatever order or damage their records have', () => {
    const state = { due: 5, s: 2.5, d: 3, st: 2, reps: 1, lapses: 0, sd: 1 };
    const review = (id: string, before: unknown, after: unknown) => JSON.stringify({ id, type: 'review', at: 10, card: 'c', grade: 3, ms: 1, before, after });
    const lines = [
      review('ours', state, state),
      review('new', null, state),
      // Another writer's key order: read through JSON.parse, and taken.
      review('reordered', { sd: 1, lapses: 0, reps: 1, st: 2, d: 3, s: 2.5, due: 5 }, { s: 2.5, due: 5, d: 3, st: 2, reps: 1, lapses: 0, sd: 1 }),
      // Records missing what the log requires of a card state, or holding a string for a number.
      review('no-after-fields', { st: 2, sd: 3 }, { s: 1 }),
      review('string-reps', state, { ...state, reps: '1' }),
      review('null-due', { ...state, due: null }, state),
    ];
    const path = join(tempDir(), 'reviews.jsonl');
    writeFileSync(path, lines.join('\n') + '\n');
    const read = readLog(path);
    const taken: string[] = [];
    const scanned = scanReviews(path, 0, (r) => taken.push(r.id), (e) => taken.push(e.id));
    expect(taken).toEqual(read.events.map((e) => e.id));
    expect(taken).toEqual(['ours', 'new', 'reordered']);
    expect(scanned.bad.map((b) => b.line)).toEqual(read.bad.map((b) => b.line));
  });
});


describe('the ends of the log read in small pieces', () => {
  const event = (id: string, fileLength: number) =>
    JSON.stringify({ id, type: 'review', at: 1000, card: 'c1', grade: 3, ms: 1, before: null, after: { due: 5, s: 2.5, d: 3, st: 2, reps: 1, lapses: 0, sd: 1, ls: 0, ed: 0, lrt: 1, first: 1, file: 'x'.repeat(fileLength) + '.md' } });

  it('finds the id of the line ending at a place whether the line is short, longer than a first read, or the whole log', () => {
    const path = join(tempDir(), 'reviews.jsonl');
    for (const [lengths, expected] of [
      [[100, 100], 'e1'],
      [[100, 9000], 'e1'],
      [[9000], 'e0'],
      [[100, 70_000], undefined], // longer than any read: not found, so the log is read whole
    ] as const) {
      const text = lengths.map((n, i) => event(`e${i}`, n)).join('\n') + '\n';
      writeFileSync(path, text + event('later', 50) + '\n');
      expect(idOfLineEndingAt(path, Buffer.byteLength(text)), lengths.join(' ')).toBe(expected);
    }
  });

  it('takes a log whose first lines are longer than a first read, or damaged, for a review log, and another file for none', () => {
    const state = tempDir();
    writeFileSync(join(state, 'reviews.jsonl'), event('e0', 9000) + '\n');
    expect(() => loadState(state, new Policy(DEFAULT_SETTINGS), { repair: false, now: 2000 })).not.toThrow();
    writeFileSync(join(state, 'reviews.jsonl'), JSON.stringify({ name: 'x'.repeat(9000) }) + '\n');
    expect(() => loadState(state, new Policy(DEFAULT_SETTINGS), { repair: false, now: 2000 })).toThrow(/not a recall review log/);
    // A damaged first line, then an event longer than the first read: a log all the same.
    writeFileSync(join(state, 'reviews.jsonl'), '{"bad":1}\n' + event('e1', 9000) + '\n');
    expect(() => loadState(state, new Policy(DEFAULT_SETTINGS), { repair: false, now: 2000 })).not.toThrow();
    writeFileSync(join(state, 'reviews.jsonl'), '{"bad":1}\n'.repeat(3) + JSON.stringify({ name: 'x'.repeat(9000) }) + '\n');
    expect(() => loadState(state, new Policy(DEFAULT_SETTINGS), { repair: false, now: 2000 })).toThrow(/not a recall review log/);
  });
});

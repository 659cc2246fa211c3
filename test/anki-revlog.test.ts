// The Anki review log is streamed from recall's log (two reads, no event held) and must hold the
// rows the whole log read into memory gave before: the reference below is that earlier exporter,
// event objects and all. Random logs with undos, moves, duplicates, answers out of time order,
// lines of another shape and damaged lines are written to a file and read both ways.
import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEvent, ReviewEvent } from '../src/core/events.js';
import { State, type Progress } from '../src/core/scheduler.js';
import { dayNumber, dayStartMs, historyResolver, type AnkiDay } from '../src/export/anki-notes.js';
import { surveyLog, writeRevlog } from '../src/export/anki-revlog.js';
import { eventListSource, logFileSource, readLog } from '../src/store/review-log.js';
import { tempDir } from './helpers.js';

// --- the reference: the exporter before streaming (whole log in memory) ----------------------

function revlogInterval(secs: number, secsUntilRollover: number): number {
  if (secs <= 0) return 0;
  if (secs >= secsUntilRollover) return Math.floor((secs - secsUntilRollover) / 86_400) + 1;
  return -secs;
}

function scheduledInterval(p: Progress, secsUntilRollover: number): number {
  if (p.st === State.Review) return Math.max(1, Math.round(p.sd));
  if (p.lrt === undefined) return 0;
  return revlogInterval(Math.round((p.due - p.lrt) / 1000), secsUntilRollover);
}

const revlogFactor = (p: Progress) => (p.d >= 1 ? Math.round(((p.d - 1) / 9 + 0.1) * 1000) : 0);

function referenceRevlog(events: LogEvent[], cardIds: Set<string>, day: AnkiDay) {
  const resolve = historyResolver(events);
  const undone = new Set<string>();
  for (const e of events) if (e.type === 'undo') undone.add(e.of);
  const rows: number[][] = [];
  const used = new Set<number>();
  for (const e of events) {
    if (e.type !== 'review' || undone.has(e.id)) continue;
    const card = resolve(e.card);
    if (!cardIds.has(card)) continue;
    let id = e.at;
    while (used.has(id)) id++;
    used.add(id);
    const untilRollover = Math.round((dayStartMs(dayNumber(e.at, day) + 1, day) - e.at) / 1000);
    const { before, after } = e;
    const ivl = after.st === State.Review ? Math.max(1, Math.round(after.sd)) : revlogInterval(Math.round((after.due - e.at) / 1000), untilRollover);
    const type = !before || before.st === State.New || before.st === State.Learning ? 0 : before.st === State.Review ? 1 : 2;
    const lastIvl = before && before.st !== State.New ? scheduledInterval(before, untilRollover) : 0;
    rows.push([id, [...cardIds].indexOf(card), e.grade, ivl, lastIvl, revlogFactor(after), Math.min(60_000, Math.max(0, Math.round(e.ms))), type]);
  }
  return rows.sort((a, b) => a[0]! - b[0]!);
}

// --- random logs ------------------------------------------------------------------------------

const CARDS = ['a1', 'b2', 'c3', 'd4'];
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

const state = fc.record(
  {
    due: fc.integer({ min: T0 - 86_400_000, max: T0 + 400 * 86_400_000 }),
    s: fc.double({ min: 0, max: 400, noNaN: true }),
    d: fc.oneof(fc.double({ min: 1, max: 10, noNaN: true }), fc.constantFrom(0, 0.5, 2.11810397)),
    st: fc.constantFrom(0, 1, 2, 3),
    reps: fc.nat(50),
    lapses: fc.nat(9),
    sd: fc.oneof(fc.nat(400), fc.double({ min: 0, max: 400, noNaN: true })),
    ls: fc.nat(3),
    ed: fc.nat(30),
    lrt: fc.integer({ min: T0 - 86_400_000, max: T0 + 86_400_000 }),
    first: fc.integer({ min: T0 - 86_400_000, max: T0 }),
    suspended: fc.constant('user' as const),
  },
  { requiredKeys: ['due', 's', 'd', 'st', 'reps', 'lapses', 'sd', 'ls', 'ed'] },
);

type Step =
  | { kind: 'review'; card: number; dt: number; grade: 1 | 2 | 3 | 4; ms: number; before: Progress | null; after: Progress; mode?: 'drill' }
  | { kind: 'undo'; back: number }
  | { kind: 'move'; from: number; to: number }
  | { kind: 'again'; back: number }
  | { kind: 'junk'; text: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('review' as const),
      card: fc.nat(CARDS.length + 1),
      // Mostly forward, sometimes the same millisecond, now and then back (a merged log).
      dt: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 3 * 86_400_000 }) }, { weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -86_400_000, max: -1 }) }),
      grade: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>,
      ms: fc.oneof(fc.nat(120_000), fc.double({ min: 0, max: 1e5, noNaN: true })),
      before: fc.option(state, { nil: null }),
      after: state,
      mode: fc.option(fc.constant('drill' as const), { nil: undefined }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('undo' as const), back: fc.nat(12) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), from: fc.nat(CARDS.length + 1), to: fc.nat(CARDS.length + 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('again' as const), back: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('junk' as const), text: fc.constantFrom('{"id":"x","type":"review","at":1', '', 'not json', '{"id":"y","type":"review","at":5,"card":"a1","grade":9}') }) },
);

/** A log file from the steps, lines in recall's own shape or (with `shuffle`) in another key order. */
function logLines(steps: Step[], shuffle: boolean[]): string[] {
  const lines: string[] = [];
  const reviews: ReviewEvent[] = [];
  let at = T0;
  let n = 0;
  const name = (i: number) => CARDS[i] ?? `old-${i}`;
  steps.forEach((s, i) => {
    let event: LogEvent | undefined;
    if (s.kind === 'review') {
      at += s.dt;
      const e: ReviewEvent = { id: `e${n++}`, type: 'review', at, card: name(s.card), grade: s.grade, ms: s.ms, before: s.before, after: s.after, file: 'deck.md', sk: 'b:00' };
      if (s.mode) Object.assign(e, { mode: s.mode, session: 's1' });
      reviews.push(e);
      event = e;
    } else if (s.kind === 'undo') {
      const of = reviews[reviews.length - 1 - s.back];
      event = { id: `e${n++}`, type: 'undo', at: at + 1, card: of?.card ?? 'a1', of: of?.id ?? 'nothing', restore: null };
    } else if (s.kind === 'move') {
      event = { id: `e${n++}`, type: 'move', at: at + 1, card: name(s.from), to: name(s.to) };
    } else if (s.kind === 'again') {
      // A line merged in twice.
      const again = lines[lines.length - 1 - s.back];
      if (again !== undefined) lines.push(again);
      return;
    } else {
      lines.push(s.text);
      return;
    }
    const text = JSON.stringify(event);
    lines.push(shuffle[i % shuffle.length] ? JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(text)).reverse())) : text);
  });
  return lines;
}

const day = fc.record({ rolloverHour: fc.nat(23), minutesWest: fc.integer({ min: -720, max: 720 }) });

describe('the streamed Anki review log', () => {
  it('holds the rows of the whole log in memory: undone answers out, moves followed, ids unique in log order', async () => {
    const dir = tempDir();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), day, fc.subarray(CARDS), async (steps, shuffle, d, exported) => {
        const path = join(dir, 'reviews.jsonl');
        writeFileSync(path, logLines(steps, shuffle).join('\n') + '\n');
        const events = readLog(path).events;
        const cardIds = new Set(exported);
        const expected = referenceRevlog(events, cardIds, d);
        for (const source of [logFileSource(path), eventListSource(events)]) {
          const survey = surveyLog(source, new Set());
          const resolve = historyResolver(survey.moves);
          const rows: number[][] = [];
          const count = await writeRevlog(source, survey, d, (card) => {
            const c = [...cardIds].indexOf(resolve(card));
            return c === -1 ? undefined : c;
          }, (id, cid, values) => rows.push([id, cid, ...values]));
          expect(rows).toEqual(expected);
          expect(count).toBe(expected.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads the log file only up to the bytes it was given, both times, while a session adds lines', async () => {
    const review = (id: string, at: number): LogEvent => ({ id, type: 'review', at, card: 'a', grade: 3, ms: 1, before: null, after: { due: at + 600_000, s: 1, d: 5, st: 1, reps: 1, lapses: 0, sd: 0, ls: 1, ed: 0 } });
    const path = join(tempDir(), 'reviews.jsonl');
    writeFileSync(path, [review('1', 1_000), review('2', 2_000)].map((e) => JSON.stringify(e) + '\n').join(''));
    const source = logFileSource(path, statSync(path).size);
    const survey = surveyLog(source, new Set());
    // Another terminal's session answers between the two reads.
    appendFileSync(path, JSON.stringify(review('3', 3_000)) + '\n');
    const rows: number[] = [];
    const count = await writeRevlog(source, survey, { rolloverHour: 4, minutesWest: 0 }, () => 1, (id) => rows.push(id));
    expect(survey.answers).toBe(2);
    expect(count).toBe(2);
    expect(rows).toHaveLength(2);
  });

  it('tells the card of the last answer at each time asked about, and whether answers come in time order', () => {
    const e = (id: string, at: number, card: string): LogEvent => ({ id, type: 'review', at, card, grade: 3, ms: 1, before: null, after: { due: at, s: 1, d: 5, st: 1, reps: 1, lapses: 0, sd: 0, ls: 1, ed: 0 } });
    const inOrder = surveyLog(eventListSource([e('1', 10, 'a'), e('2', 10, 'b'), e('3', 20, 'c')]), new Set([10]));
    expect(inOrder).toMatchObject({ inOrder: true, answers: 3 });
    expect([...inOrder.answeredAt]).toEqual([[10, 'b']]);
    expect(surveyLog(eventListSource([e('1', 20, 'a'), e('2', 10, 'b')]), new Set()).inOrder).toBe(false);
  });
});

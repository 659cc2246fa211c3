// Review lines read straight from their bytes (src/store/answer-line.ts) give what JSON.parse
// gives, or are left to JSON.parse: never a different value, never a line the log's own check
// (invalidEvent) would refuse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalidEvent, type ReviewEvent } from '../src/core/events.js';
import { answerLineBuffers, answerTime, readAnswerLine, type AnswerState } from '../src/store/answer-line.js';

const read = (line: string) => {
  const data = Buffer.from(`${line}\n`, 'utf8');
  const { line: out, before } = answerLineBuffers();
  const answer = readAnswerLine(data, 0, data.length - 1, out, before);
  return answer && { ...answer, before: answer.before && { ...answer.before }, after: { ...answer.after } };
};

/** What the readers use of a parsed review event. */
function expected(event: ReviewEvent) {
  const state = (p: AnswerState) => ({ due: p.due, s: p.s, d: p.d, st: p.st, sd: p.sd, lrt: p.lrt });
  return { id: event.id, at: event.at, card: event.card, grade: event.grade, ms: event.ms, before: event.before && state(event.before), after: state(event.after) };
}

const actual = (a: NonNullable<ReturnType<typeof read>>) => {
  const state = (p: AnswerState) => ({ due: p.due, s: p.s, d: p.d, st: p.st, sd: p.sd, lrt: p.lrt });
  return { id: a.id, at: a.at, card: a.card, grade: a.grade, ms: a.ms, before: a.before && state(a.before), after: state(a.after) };
};

const num = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0.1 + 0.2, 1e21, 5e-324, 1.7976931348623157e308, -0));
const state = fc.record(
  { due: num, s: num, d: num, st: fc.constantFrom(0, 1, 2, 3), reps: fc.nat(), lapses: fc.nat(), sd: num, ls: fc.nat(), ed: num, lrt: num, first: num, lrv: num, suspended: fc.constantFrom('user', 'leech'), buriedUntil: num },
  { requiredKeys: ['due', 's', 'd', 'st', 'reps', 'lapses', 'sd', 'ls', 'ed'] },
);
const review: fc.Arbitrary<ReviewEvent> = fc
  .record({
    id: fc.string({ minLength: 1, unit: 'grapheme' }),
    at: num,
    card: fc.string({ minLength: 1, unit: 'grapheme' }),
    grade: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>,
    ms: num,
    before: fc.option(state, { nil: null }),
    after: state,
    file: fc.option(fc.string(), { nil: undefined }),
    sk: fc.option(fc.string(), { nil: undefined }),
    mode: fc.option(fc.constantFrom('drill', 'cram') as fc.Arbitrary<'drill' | 'cram'>, { nil: undefined }),
    session: fc.option(fc.string(), { nil: undefined }),
  })
  .map(({ id, at, card, grade, ms, before, after, ...rest }) => ({ id, type: 'review', at, card, grade, ms, before, after, ...rest }) as ReviewEvent);

describe('a review line read from its bytes', () => {
  it('reads every review recall writes as JSON.parse reads it', () => {
    fc.assert(
      fc.property(review, (event) => {
        const line = JSON.stringify(event);
        const parsed = JSON.parse(line) as ReviewEvent;
        const answer = read(line);
        if (invalidEvent(parsed)) expect(answer).toBeUndefined();
        else {
          // A string JSON writes with escapes (quotes, backslashes, control characters) is JSON.parse's to read.
          const escaped = [event.id, event.card, event.file, event.sk, event.session].some((s) => s !== undefined && JSON.stringify(s) !== `"${s}"`);
          if (answer) expect(actual(answer)).toEqual(expected(parsed));
          else expect(escaped).toBe(true);
          // The quick look at a line's time: any line whose id needs no escape.
          if (JSON.stringify(event.id) === `"${event.id}"`) expect(answerTime(Buffer.from(line), 0, Buffer.byteLength(line))).toBe(parsed.at);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves to JSON.parse any line it could read differently, or that the log would refuse', () => {
    const base = { id: 'e1', type: 'review', at: 1_700_000_000_000, card: 'c1', grade: 3, ms: 4000, before: null, after: { due: 1_700_000_600_000, s: 2.3, d: 2.1, st: 1, reps: 1, lapses: 0, sd: 0, ls: 1, ed: 0, lrt: 1_700_000_000_000 } };
    const ok = JSON.stringify(base);
    expect(read(ok)).toMatchObject({ id: 'e1', at: 1_700_000_000_000, card: 'c1', grade: 3, ms: 4000, before: null, after: { due: 1_700_000_600_000, s: 2.3, st: 1, lrt: 1_700_000_000_000 } });
    const variants = [
      ok.replace('"at":', ' "at":'), // a space: another writer
      ok.replace('"ms":4000', '"ms":4000,"at":5'), // a repeated key: JSON.parse keeps the last
      ok.replace('"reps":1', '"reps":1,"reps":2'),
      ok.replace('"c1"', '"c\\u0031"'), // an escape
      ok.replace('"grade":3', '"grade":5'),
      ok.replace('"grade":3', '"grade":3.5'),
      ok.replace('"ms":4000', '"ms":04000'), // not JSON
      ok.replace('"ms":4000', '"ms":4000.'),
      ok.replace('"s":2.3', '"s":null'),
      ok.replace('"s":2.3,', ''), // not a card state
      ok.replace('"sd":0,', ''), // no interval: JSON.parse's values
      ok.replace('"lrt":1700000000000', '"lrt":"1700000000000"'),
      ok.replace('}}', '},"mode":"sprint"}'),
      ok.replace('}}', '},"file":{"a":1}}'),
      ok.replace('"after":{', '"after":{"due":1,'),
      `${ok} `,
      ok.slice(0, -1),
      ok.replace('"id":"e1"', '"id":""'),
    ];
    for (const line of variants) expect(read(line), line).toBeUndefined();
    // Numbers as JSON writes them, all read exactly: exponents and long fractions included.
    for (const [text, value] of [['1e3', 1000], ['-0', -0], ['0.30000000000000004', 0.30000000000000004], ['1.5E-7', 1.5e-7], ['123456789012345678', 123456789012345678]] as const) {
      expect(read(ok.replace('"ms":4000', `"ms":${text}`))?.ms).toBe(value);
    }
  });
});

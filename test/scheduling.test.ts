// The scheduling wiring: rollover, limits, order, siblings, leeches, undo, learning steps.
// Runs in New York time so that "today" is not UTC's today.
process.env.TZ = 'America/New_York';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayKey, dayStart, learningComesBackToday, nextDayStart } from '../src/core/day.js';
import { Policy } from '../src/core/policy.js';
import { replay, type LogEvent } from '../src/core/events.js';
import { buildQueue, interleave, orderByKey, smallestSorted } from '../src/core/queue.js';
import { CardTable } from '../src/core/card-table.js';
import type { CardRecord } from '../src/core/events.js';
import { agendaInMemory, agendaOf } from '../src/core/due-agenda.js';
import { ProgressStore, reviewDueOfCards, SUSPENDED_CODE, type ProgressColumns } from '../src/core/progress-store.js';
import { rng } from '../src/core/random.js';
import { parseDeck } from '../src/core/parse-deck.js';
import { State } from '../src/core/scheduler.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { counts } from '../src/core/session.js';
import { DAY, FakeClock, HOUR, MINUTE, openSession, tempDir, writeDecks } from './helpers.js';

const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();

function manyCards(n: number, prefix = 'Card'): string {
  return Array.from({ length: n }, (_, i) => `## ${prefix} ${i + 1}?\nAnswer ${i + 1}\n`).join('\n');
}

describe('the day rolls over at 4 am local time', () => {
  it('puts 3:59 am in the previous day and 4:00 am in the new one', () => {
    expect(new Date(local(2026, 3, 10, 12)).getTimezoneOffset()).toBe(240); // really New York (EDT)
    expect(dayKey(local(2026, 3, 10, 3, 59), 4)).toBe('2026-03-09');
    expect(dayKey(local(2026, 3, 10, 4, 0), 4)).toBe('2026-03-10');
    expect(dayStart(local(2026, 3, 10, 3, 59), 4)).toBe(local(2026, 3, 9, 4));
    expect(nextDayStart(local(2026, 3, 10, 23, 0), 4)).toBe(local(2026, 3, 11, 4));
  });

  it('keeps 4 am across the daylight-saving change (a 25-hour day)', () => {
    // 2026-11-01: clocks go back at 2 am in New York.
    expect(nextDayStart(local(2026, 10, 31, 12), 4)).toBe(local(2026, 11, 1, 4));
    expect(nextDayStart(local(2026, 11, 1, 12), 4) - local(2026, 11, 1, 4)).toBe(24 * HOUR);
    expect(local(2026, 11, 1, 4) - local(2026, 10, 31, 4)).toBe(25 * HOUR);
  });

  it('shows a review due at 3 am tomorrow in tonight’s session, not one due at 5 am', () => {
    const cards = parseDeck('a.md', manyCards(2)).cards;
    const review = (due: number) => ({ due, s: 5, d: 5, st: State.Review, reps: 3, lapses: 0, sd: 5, ls: 0, ed: 5, lrt: due - 5 * DAY });
    const progress = new Map([
      [cards[0]!.id, review(local(2026, 3, 10, 3))],
      [cards[1]!.id, review(local(2026, 3, 10, 5))],
    ]);
    const queue = buildQueue({ cards, progress, now: local(2026, 3, 9, 21), policy: new Policy(DEFAULT_SETTINGS) });
    expect(queue.main.map((c) => c.id)).toEqual([cards[0]!.id]);
  });
});

describe('daily limits', () => {
  it('introduces at most 20 new cards a day, across sessions, and more the next day', () => {
    const decks = writeDecks({ 'a.md': manyCards(30) });
    const stateDir = tempDir();
    const clock = new FakeClock(local(2026, 5, 1, 9));
    const first = openSession(decks, stateDir, clock);
    expect(counts(first.review.session).new).toBe(20);
    for (let i = 0; i < 5; i++) first.review.answer(4);
    first.close();

    clock.advance(HOUR);
    const second = openSession(decks, stateDir, clock);
    expect(counts(second.review.session).new).toBe(15);
    second.close();

    clock.now = local(2026, 5, 2, 9);
    const tomorrow = openSession(decks, stateDir, clock);
    expect(counts(tomorrow.review.session).new).toBe(20);
    tomorrow.close();
  });

  it('honours a deck’s own new_per_day and the configured review limit', () => {
    const decks = writeDecks({ 'a.md': `---\nnew_per_day: 3\n---\n${manyCards(10, 'A')}`, 'b.md': manyCards(10, 'B') });
    const s = openSession(decks, tempDir(), new FakeClock(local(2026, 5, 1, 9)), { settings: { newPerDay: 8 } });
    const decksShown = s.review.session.main.map((m) => m.card.deck).concat(s.review.session.current!.card.deck);
    expect(decksShown.filter((d) => d === 'a')).toHaveLength(3);
    expect(decksShown).toHaveLength(8);
    s.close();
  });

  it('caps the session at --limit', () => {
    const decks = writeDecks({ 'a.md': manyCards(10) });
    const s = openSession(decks, tempDir(), new FakeClock(local(2026, 5, 1, 9)), { filters: { limit: 4 } });
    expect(counts(s.review.session).new).toBe(4);
    s.close();
  });
});

describe('order', () => {
  it('picks the k weakest due cards as a full sort would, ties in deck order', () => {
    const random = rng(11);
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(random() * 60);
      const recall = Array.from({ length: n }, () => Math.floor(random() * 5) / 4); // many ties
      const compare = (a: number, b: number) => recall[a]! - recall[b]! || a - b;
      const all = Array.from({ length: n }, (_, i) => i).sort(compare);
      const k = Math.floor(random() * (n + 3));
      expect(smallestSorted(Uint32Array.from({ length: n }, (_, i) => i), k, compare)).toEqual(all.slice(0, k));
    }
  });

  it('orders learning cards by due time, ties in deck order, whatever the times are', () => {
    const random = rng(12);
    const day = 86_400_000;
    const start = Date.UTC(2026, 4, 1);
    // Times a day apart (packed into one sort), a year apart, fractions and missing ones (sorted otherwise).
    const kinds = [
      () => start + Math.floor(random() * 4) * 60_000,
      () => start + Math.floor(random() * day),
      () => start + Math.floor(random() * 400) * day,
      () => start + Math.floor(random() * 4) + 0.5,
      () => (random() < 0.3 ? NaN : start + Math.floor(random() * 3)),
    ];
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(random() * 80);
      const kind = kinds[round % kinds.length]!;
      const due = Float64Array.from({ length: n }, kind);
      const key = (i: number) => (Number.isNaN(due[i]) ? Infinity : due[i]!);
      const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
      expect(Array.from(orderByKey(due))).toEqual(expected);
    }
  });

  it('spreads new cards evenly among reviews', () => {
    expect(interleave(['r', 'r', 'r', 'r', 'r', 'r'], ['n', 'n'])).toEqual(['r', 'r', 'n', 'r', 'r', 'n', 'r', 'r']);
    expect(interleave([], ['n'])).toEqual(['n']);
    expect(interleave(['r'], [])).toEqual(['r']);
  });

  it('shows learning cards again when they come due, within the 20-minute learn-ahead', () => {
    const decks = writeDecks({ 'a.md': manyCards(1) });
    const clock = new FakeClock(local(2026, 5, 1, 9));
    const s = openSession(decks, tempDir(), clock);
    const card = s.review.session.current!.card;
    s.review.answer(1); // Again: due again in 1 minute
    expect(s.review.session.current?.card.id).toBe(card.id); // only card left: shown ahead
    expect(counts(s.review.session)).toEqual({ new: 0, learning: 1, review: 0 });
    clock.advance(MINUTE);
    s.review.answer(3); // Good: next step, 10 minutes
    expect(s.review.session.current?.card.id).toBe(card.id);
    clock.advance(10 * MINUTE);
    s.review.answer(3); // graduates to review: due in days
    expect(s.review.session.current).toBeUndefined();
    expect(s.ws.progress.get(card.id)!.st).toBe(State.Review);
    s.close();
  });

  it('brings a learning step taken just before the 4 am rollover back in the same sitting', () => {
    const decks = writeDecks({ 'a.md': manyCards(2) });
    const stateDir = tempDir();
    const clock = new FakeClock(local(2026, 5, 1, 3, 55));
    const s = openSession(decks, stateDir, clock, { settings: { fuzz: false } });
    const first = s.review.session.current!.card;
    s.review.answer(3); // Good: next step in 10 minutes, at 4:05, after the rollover
    expect(counts(s.review.session)).toEqual({ new: 1, learning: 1, review: 0 });
    s.review.answer(3); // the other card: now both wait for their 4:05 step
    expect(s.review.session.current?.card.id).toBe(first.id); // within the 20-minute learn-ahead
    s.close();

    // A session started again before the step is due (after a crash, say) has it too.
    const again = openSession(decks, stateDir, new FakeClock(local(2026, 5, 1, 3, 58)), { settings: { fuzz: false } });
    expect(counts(again.review.session).learning).toBeGreaterThan(0);
    again.close();

    // A step of a day or more is not a same-sitting step: it waits for its day.
    const day = { today: local(2026, 5, 1, 4), tomorrow: local(2026, 5, 2, 4) };
    expect(learningComesBackToday(local(2026, 5, 2, 4, 5), local(2026, 5, 2, 3, 55), day.today, day.tomorrow)).toBe(true);
    expect(learningComesBackToday(local(2026, 5, 3, 4, 0), local(2026, 5, 2, 3, 55), day.today, day.tomorrow)).toBe(false);
    expect(learningComesBackToday(local(2026, 5, 2, 4, 5), local(2026, 4, 30, 23, 0), day.today, day.tomorrow)).toBe(false);
  });

  it('shows reviews lowest predicted recall first', () => {
    const decks = writeDecks({ 'a.md': manyCards(3) });
    const stateDir = tempDir();
    const clock = new FakeClock(local(2026, 5, 1, 9));
    const s = openSession(decks, stateDir, clock, { settings: { learningSteps: [], fuzz: false } });
    const order = [s.review.session.current!.card.id, ...s.review.session.main.map((m) => m.card.id)];
    s.review.answer(4); // easy: longest stability
    s.review.answer(3);
    s.review.answer(2); // hard: shortest
    s.close();
    clock.now = local(2026, 7, 1, 9); // long after: all due
    const later = openSession(decks, stateDir, clock, { settings: { fuzz: false } });
    const shown = [later.review.session.current!.card.id, ...later.review.session.main.map((m) => m.card.id)];
    expect(shown).toEqual([order[2], order[1], order[0]]);
    later.close();
  });
});

describe('siblings, leeches and undo', () => {
  it('buries the other cloze cards of a note for the day once one is answered', () => {
    const decks = writeDecks({ 'a.md': 'GPT-3 has {{c1::175B}} parameters and {{c2::96}} layers.\n\n## Other?\nyes\n' });
    const stateDir = tempDir();
    const clock = new FakeClock(local(2026, 5, 1, 9));
    const s = openSession(decks, stateDir, clock);
    expect(s.review.session.current!.card.cloze).toBe(1);
    s.review.answer(4);
    s.close();
    const again = openSession(decks, stateDir, clock);
    expect(again.review.session.current!.card.front).toBe('Other?');
    expect(counts(again.review.session).new).toBe(1);
    again.close();
    clock.now = local(2026, 5, 2, 9);
    const tomorrow = openSession(decks, stateDir, clock);
    const all = [tomorrow.review.session.current!, ...tomorrow.review.session.main];
    expect(all.some((e) => e.card.cloze === 2)).toBe(true);
    tomorrow.close();
  });

  it('takes the siblings out of the running session too, and undo brings them back', () => {
    const decks = writeDecks({ 'a.md': '- Alignment tax ::: the drop after RLHF\n\nGPT-3 has {{c1::175B}} parameters and {{c2::96}} layers.\n\n## Other?\nyes\n' });
    const clock = new FakeClock(local(2026, 5, 1, 9));
    const s = openSession(decks, tempDir(), clock);
    const seen: string[] = [];
    for (let i = 0; i < 3 && s.review.session.current; i++) {
      const card = s.review.session.current.card;
      seen.push(card.noteKey);
      s.review.answer(4);
      if (i === 0) {
        expect(s.review.session.main.some((e) => e.card.noteKey === card.noteKey)).toBe(false);
        s.review.undo();
        expect(s.review.session.main.some((e) => e.card.noteKey === card.noteKey)).toBe(true);
        s.review.answer(4);
      }
    }
    expect(new Set(seen).size).toBe(seen.length); // never two cards of one note in a row
    expect(seen).toHaveLength(3);
    s.close();
  });

  it('suspends a card at its 8th lapse and reports it as a leech', () => {
    const decks = writeDecks({ 'a.md': manyCards(1) });
    const clock = new FakeClock(local(2026, 5, 1, 9));
    const s = openSession(decks, tempDir(), clock, { settings: { learningSteps: [], relearningSteps: [] } });
    const id = s.review.session.current!.card.id;
    s.review.answer(3);
    for (let lapse = 1; lapse <= 8; lapse++) {
      clock.advance(30 * DAY);
      s.review.refresh();
      expect(s.review.session.current?.card.id).toBe(id);
      s.review.answer(1);
    }
    expect(s.ws.progress.get(id)).toMatchObject({ lapses: 8, suspended: 'leech' });
    expect(s.review.summary().leeches.map((c) => c.id)).toEqual([id]);
    s.close();
  });

  it('undo restores the card, its state and the log, and a rebuild agrees', () => {
    const decks = writeDecks({ 'a.md': manyCards(2) });
    const stateDir = tempDir();
    const clock = new FakeClock(local(2026, 5, 1, 9));
    const s = openSession(decks, stateDir, clock);
    const first = s.review.session.current!.card;
    s.review.answer(3);
    clock.advance(5000);
    s.review.answer(4);
    const second = s.review.session.answers[1]!.card;
    expect(s.review.undo()).toBe(true);
    expect(s.review.session.current!.card.id).toBe(second.id);
    expect(s.ws.progress.has(second.id)).toBe(false);
    expect(s.ws.progress.has(first.id)).toBe(true);
    expect(s.review.undo()).toBe(true);
    expect(s.review.session.current!.card.id).toBe(first.id);
    expect(s.ws.progress.size).toBe(0);
    expect(s.review.undo()).toBe(false);
    s.review.answer(2);
    s.close();

    const events = readFileSync(join(stateDir, 'reviews.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogEvent);
    expect(events.map((e) => e.type)).toEqual(['review', 'review', 'undo', 'undo', 'review']);
    const rebuilt = replay(events, new Policy(DEFAULT_SETTINGS));
    expect([...rebuilt.keys()]).toEqual([first.id]);
    expect(rebuilt.get(first.id)).toMatchObject({ reps: 1, due: s.ws.progress.get(first.id)!.due });
  });

  it('bury and suspend take the card out, and undo brings it back', () => {
    const decks = writeDecks({ 'a.md': manyCards(2) });
    const stateDir = tempDir();
    const clock = new FakeClock(local(2026, 5, 1, 9));
    const s = openSession(decks, stateDir, clock);
    const first = s.review.session.current!.card;
    s.review.bury();
    expect(s.review.session.current!.card.id).not.toBe(first.id);
    s.review.suspend();
    expect(s.review.session.current).toBeUndefined();
    s.review.undo();
    expect(s.ws.progress.get(s.review.session.current!.card.id)?.suspended).toBeUndefined();
    s.close();
    const later = openSession(decks, stateDir, clock);
    expect(later.review.session.current!.card.id).not.toBe(first.id); // still buried today
    later.close();
    clock.now = local(2026, 5, 2, 9);
    const tomorrow = openSession(decks, stateDir, clock);
    expect(counts(tomorrow.review.session).new).toBe(2);
    tomorrow.close();
  });
});

describe('history follows an edited card', () => {
  it('moves history to the one similar new card in the same file', async () => {
    const { writeFileSync } = await import('node:fs');
    const decks = writeDecks({ 'a.md': '## In T5, which pre-training objective won?\nspan corruption\n\n## Unrelated?\nno\n' });
    const stateDir = tempDir();
    const clock = new FakeClock(local(2026, 5, 1, 9));
    const s = openSession(decks, stateDir, clock, { settings: { learningSteps: [] } });
    s.review.answer(3);
    const oldId = s.review.session.answers[0]!.card.id;
    s.close();
    writeFileSync(join(decks, 'a.md'), '## In T5, which pre-training objective performed best?\nspan corruption (i.i.d. spans, mean length 3)\n\n## Unrelated?\nno\n');
    const after = openSession(decks, stateDir, clock);
    expect(after.moved).toHaveLength(1);
    expect(after.ws.progress.has(oldId)).toBe(false);
    const moved = [...after.ws.progress.entries()].find(([, p]) => p.reps === 1)!;
    expect(moved[0]).not.toBe(oldId);
    after.close();
  });
});

describe('what the buttons show is what is applied (issue 11: 1, 2, 16)', () => {
  /** Cards in review state, due now: each answered once Easy days ago. */
  function dueReviews(n: number, retention?: number) {
    const decks = writeDecks({ 'a.md': (retention ? `---\nretention: ${retention}\n---\n` : '') + manyCards(n) });
    const stateDir = tempDir();
    const clock = new FakeClock(local(2026, 5, 1, 9));
    const s = openSession(decks, stateDir, clock, { settings: { newPerDay: n, learningSteps: [] } });
    for (let i = 0; i < n; i++) s.review.answer(4);
    s.close();
    clock.now = local(2026, 5, 30, 9);
    return { decks, stateDir, clock };
  }

  it('applies exactly the interval each button showed, with fuzz on, however long the answer takes', () => {
    const { decks, stateDir, clock } = dueReviews(16);
    const s = openSession(decks, stateDir, clock);
    let answered = 0;
    for (let i = 0; s.review.session.current && i < 16; i++) {
      const card = s.review.session.current.card;
      const grade = ((i % 4) + 1) as 1 | 2 | 3 | 4;
      const shown = s.review.reveal().find((o) => o.grade === grade)!;
      clock.advance((7 + i * 13) * 1000); // thinking before pressing the key
      s.review.answer(grade);
      expect(s.ws.progress.get(card.id)!.due).toBe(shown.after.due);
      answered++;
      while (s.review.session.current?.fromLearning) s.review.answer(3);
    }
    expect(answered).toBe(16);
    s.close();
  });

  it('shows the same buttons after an undo and a second reveal', () => {
    const { decks, stateDir, clock } = dueReviews(4);
    const s = openSession(decks, stateDir, clock);
    const first = s.review.reveal().map((o) => o.interval);
    s.review.answer(3);
    clock.advance(30_000);
    s.review.undo();
    clock.advance(30_000);
    expect(s.review.reveal().map((o) => o.interval)).toEqual(first);
    s.close();
  });

  it('schedules with a deck’s own retention in the session, in a merge re-fold, and in the buttons', () => {
    const { decks, stateDir, clock } = dueReviews(2, 0.97);
    const s = openSession(decks, stateDir, clock, { settings: { fuzz: false } });
    const card = s.review.session.current!.card;
    const before = s.ws.progress.get(card.id)!;
    const strict = new Policy({ ...DEFAULT_SETTINGS, fuzz: false, retention: 0.97 });
    const loose = new Policy({ ...DEFAULT_SETTINGS, fuzz: false });
    const expected = strict.answer(card, before, clock.now, 3).due;
    expect(expected).toBeLessThan(loose.answer(card, before, clock.now, 3).due);
    expect(s.review.reveal().find((o) => o.grade === 3)!.after.due).toBe(expected);
    s.review.answer(3);
    expect(s.ws.progress.get(card.id)!.due).toBe(expected);
    s.close();
    // A merge: the same answer given on another device with a stale `before` is recomputed.
    const events = readFileSync(join(stateDir, 'reviews.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogEvent);
    const last = events[events.length - 1] as Extract<LogEvent, { type: 'review' }>;
    const merged = [...events.slice(0, -1), { ...last, before: { ...last.before!, reps: 99 } }];
    const refold = replay(merged, s.ws.policy);
    expect(refold.get(card.id)!.due).toBe(expected);
  });
});

describe('daily limits hold across sessions and filters (issue 11: 2)', () => {
  it('counts the new cards every session introduced today, whatever its --deck', () => {
    const decks = writeDecks({ 'papers/t5.md': manyCards(20, 'T5'), 'papers/gpt.md': manyCards(20, 'GPT') });
    const stateDir = tempDir();
    const clock = new FakeClock(local(2026, 5, 1, 9));
    const plain = openSession(decks, stateDir, clock, { settings: { learningSteps: [] } });
    for (let i = 0; i < 9; i++) plain.review.answer(3);
    plain.close();
    const t5 = openSession(decks, stateDir, clock, { filters: { deck: 'papers::t5' } });
    expect(counts(t5.review.session).new).toBe(11);
    for (let i = 0; i < 11; i++) t5.review.answer(3);
    t5.close();
    const gpt = openSession(decks, stateDir, clock, { filters: { deck: 'papers::gpt' } });
    expect(counts(gpt.review.session).new).toBe(0);
    expect(gpt.review.summary().heldBack.news).toBeGreaterThan(0);
    gpt.close();
  });

  it('caps a deck by its own new_per_day within the global limit, across sessions', () => {
    const decks = writeDecks({ 'a.md': `---\nnew_per_day: 5\n---\n${manyCards(20, 'A')}`, 'b.md': manyCards(20, 'B') });
    const stateDir = tempDir();
    const clock = new FakeClock(local(2026, 5, 1, 9));
    const first = openSession(decks, stateDir, clock, { settings: { learningSteps: [] }, filters: { deck: 'a' } });
    expect(counts(first.review.session).new).toBe(5);
    for (let i = 0; i < 3; i++) first.review.answer(3);
    first.close();
    const second = openSession(decks, stateDir, clock);
    const shown = [second.review.session.current!, ...second.review.session.main].filter((e) => e.isNew);
    expect(shown.filter((e) => e.card.deck === 'a')).toHaveLength(2);
    expect(shown).toHaveLength(17);
    second.close();
  });
});

describe('the queue from the due times a cache kept per card', () => {
  // A cache keeps, beside the join of the cards to the progress rows, each card's due time when
  // in review (RecordScan.reviewDue): the queue passes over reviews not due today with one read.
  // It must be the very queue the rows give, in every state a card can be in, ties in deck order.
  const deck = [
    ...Array.from({ length: 120 }, (_, i) => `## Question ${i}?\nAnswer ${i}\n`),
    ...Array.from({ length: 40 }, (_, i) => `Fact ${i}: {{c1::one ${i}}} and {{c2::two ${i}}}.\n`),
  ].join('\n');
  const cards = parseDeck('a.md', deck).cards;
  const now = local(2026, 3, 9, 21);
  const today = dayStart(now, 4);

  function records(seed: number, answeredToday: boolean, buried = true): [string, CardRecord][] {
    const random = rng(seed);
    const out: [string, CardRecord][] = [];
    for (const card of cards) {
      const x = random();
      if (x < 0.2) continue; // new, no record
      const st = x < 0.25 ? State.New : x < 0.35 ? State.Learning : x < 0.4 ? State.Relearning : State.Review;
      // Due from three days ago to three days on: some today, some tomorrow, some later.
      // On the hour (cards due at the same time), and a fifth of the cards with the same recall
      // now, some with none at all (no stability): ties, which go in deck order.
      const due = now + Math.round(random() * 6 - 3) * DAY + Math.round(random() * 3) * HOUR;
      const same = random() < 0.2;
      const earlier = same ? today - 3 * DAY : due - Math.round((1 + random() * 20) * DAY);
      // Not answered today: last answered before today, whatever the due time.
      const lrt = answeredToday && random() < 0.1 ? today + HOUR : answeredToday ? earlier : Math.min(earlier, today - HOUR);
      const s = same ? (random() < 0.3 ? 0 : 2) : 0.5 + random() * 30;
      const r: CardRecord = { due, s, d: 5, st, reps: 3, lapses: 0, sd: 5, ls: 0, ed: 5, lrt };
      if (random() < 0.05) r.suspended = 'user';
      if (random() < 0.05 && buried) r.buriedUntil = now + HOUR;
      out.push([card.id, r]);
    }
    return out;
  }

  let agendaReads = 0;
  function stores(entries: [string, CardRecord][]) {
    const table = CardTable.of(cards);
    table.ids.origin = 'deck index';
    const live = new ProgressStore();
    for (const [id, r] of entries) live.set(id, r);
    const columns = JSON.parse(JSON.stringify(live.toColumns())) as ProgressColumns;
    const rowsOnly = new ProgressStore(columns);
    const rows = rowsOnly.rowsOf(table.ids);
    const kept = new ProgressStore({
      ...columns,
      joined: { origin: 'deck index', rows: () => rows, reviewDue: () => reviewDueOfCards(rows, columns.columns.st as number[], columns.columns.due as number[]) },
    });
    // As the cache keeps the agenda: from the columns as numbers (NaN where absent) and the
    // suspensions as codes per row.
    const column = (f: 'st' | 'due' | 'lrt' | 's' | 'buriedUntil') => Float64Array.from(columns.columns[f] as (number | null)[], (v) => v ?? NaN);
    const suspended = Uint8Array.from(columns.ids as string[], (id) => (columns.suspended[id] ? SUSPENDED_CODE[columns.suspended[id]] : 0));
    const agenda = agendaInMemory(agendaOf(rows, { st: column('st'), due: column('due'), lrt: column('lrt'), s: column('s'), buriedUntil: column('buriedUntil') }, suspended));
    // Counts the queues built from it.
    const before = agenda.before.bind(agenda);
    agenda.before = (time) => (agendaReads++, before(time));
    const withAgenda = new ProgressStore({ ...columns, joined: { origin: 'deck index', rows: () => rows, agenda: () => agenda } });
    return { table, rowsOnly: new ProgressStore(columns), kept, withAgenda };
  }

  const shape = (q: ReturnType<typeof buildQueue>) => ({
    learning: q.learning.map((e) => [e.card.id, e.due]),
    main: q.main.map((c) => c.id),
    heldBack: q.heldBack,
  });

  for (const [answeredToday, buried] of [[false, false], [false, true], [true, false], [true, true]] as const) {
    it(`is the queue the rows give, cards answered today ${answeredToday ? 'among them' : 'or not'}, ${buried ? 'some' : 'none'} buried`, () => {
      agendaReads = 0;
      for (let seed = 1; seed <= 20; seed++) {
        const entries = records(seed, answeredToday, buried);
        const { table, rowsOnly, kept, withAgenda } = stores(entries);
        const policy = new Policy({ ...DEFAULT_SETTINGS, newPerDay: 7, reviewsPerDay: 25 });
        expect(kept.scan(table.ids).reviewDue).toBeDefined();
        expect(rowsOnly.scan(table.ids).reviewDue).toBeUndefined();
        expect(withAgenda.scan(table.ids).agenda).toBeDefined();
        const fast = buildQueue({ cards: table, progress: kept, now, policy });
        const slow = buildQueue({ cards: table, progress: rowsOnly, now, policy });
        expect(shape(fast)).toEqual(shape(slow));
        expect(shape(buildQueue({ cards: table, progress: withAgenda, now, policy }))).toEqual(shape(slow));
        expect(fast.main.length).toBeGreaterThan(0);
      }
      // The agenda serves every one of them, with cards answered today and cards buried too.
      expect(agendaReads).toBe(20);
    });
  }

  it('is the queue the rows give with a plan near its date, records with no stability among them', () => {
    // The plan's deck's due cards come first, by recall on the date: a card with no stability
    // has none, whatever order the cards are listed in (the agenda lists reviews by due time).
    const three = [...parseDeck('a.md', '## Dee?\nd\n').cards, ...parseDeck('b.md', '## Bee?\nb\n\n## Ex?\nx\n').cards];
    const table = CardTable.of(three);
    table.ids.origin = 'deck index';
    const live = new ProgressStore();
    const review = (hoursAgo: number, s: number | undefined): CardRecord => ({ due: now - hoursAgo * HOUR, s: s!, d: 5, st: State.Review, reps: 3, lapses: 0, sd: 5, ls: 0, ed: 5, lrt: now - 10 * DAY });
    live.set(three[0]!.id, review(1, 0));
    live.set(three[1]!.id, review(3, undefined));
    live.set(three[2]!.id, review(2, 0));
    const columns = live.toColumns();
    const rows = new ProgressStore(columns).rowsOf(table.ids);
    const column = (f: 'st' | 'due' | 'lrt' | 's' | 'buriedUntil') => Float64Array.from(columns.columns[f] as (number | undefined)[], (v) => v ?? NaN);
    const agenda = agendaInMemory(agendaOf(rows, { st: column('st'), due: column('due'), lrt: column('lrt'), s: column('s'), buriedUntil: column('buriedUntil') }, new Uint8Array(3)));
    const withAgenda = new ProgressStore({ ...columns, joined: { origin: 'deck index', rows: () => rows, agenda: () => agenda } });
    const plan = { date: dayKey(now + 3 * DAY, 4), deck: 'b', created: dayKey(now - 30 * DAY, 4) };
    const policy = new Policy(DEFAULT_SETTINGS, [], [plan]);
    const slow = shape(buildQueue({ cards: table, progress: new ProgressStore(columns), now, policy }));
    expect(shape(buildQueue({ cards: table, progress: withAgenda, now, policy }))).toEqual(slow);
    // The planned deck first (both with no recall on the date: card order), then the other.
    expect(slow.main).toEqual([three[1]!.id, three[2]!.id, three[0]!.id]);
  });

  it('takes, of reviews equally far along, the first in deck order, whatever their due times', () => {
    const random = rng(3);
    // Every review due today, all answered at the same time with the same stability: one tie.
    const entries: [string, CardRecord][] = cards.map((card) => [card.id, { due: today + Math.floor(random() * 16) * HOUR, s: 2, d: 5, st: State.Review, reps: 3, lapses: 0, sd: 5, ls: 0, ed: 5, lrt: today - 3 * DAY }]);
    const { table, rowsOnly, kept, withAgenda } = stores(entries);
    const policy = new Policy({ ...DEFAULT_SETTINGS, reviewsPerDay: 5 });
    const fast = buildQueue({ cards: table, progress: kept, now, policy });
    expect(shape(fast)).toEqual(shape(buildQueue({ cards: table, progress: rowsOnly, now, policy })));
    // The agenda holds them by due time: the tie still goes to deck order.
    agendaReads = 0;
    expect(shape(buildQueue({ cards: table, progress: withAgenda, now, policy }))).toEqual(shape(fast));
    expect(agendaReads).toBe(1);
    expect(fast.main.map((c) => c.id)).toEqual(cards.slice(0, 5).map((c) => c.id));
  });

  it('looks at the cards whose record changed since loading, or went, and builds the queue the rows give', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const entries = records(seed, seed % 2 === 0);
      const { table, rowsOnly, kept } = stores(entries);
      // Changes as a session makes them: records answered, one deleted, a new card given one.
      for (const store of [kept, rowsOnly]) {
        const pick = rng(seed + 50);
        store.rowsOf(table.ids);
        for (const [id, r] of entries) if (pick() < 0.05) store.set(id, { ...r, due: now - HOUR, st: State.Review, lrt: today + HOUR });
        store.delete(entries[1]![0]);
        const fresh = cards.find((c) => !entries.some(([id]) => id === c.id));
        if (fresh) store.set(fresh.id, { due: now - HOUR, s: 2, d: 5, st: State.Learning, reps: 1, lapses: 0, sd: 0, ls: 0, ed: 0, lrt: now - 2 * HOUR });
      }
      const scan = kept.scan(table.ids);
      expect(scan.reviewDue).toBeDefined();
      // A card whose record went is looked at (it is new again).
      expect(scan.reviewDue![table.find(entries[1]![0])]).toBe(-Infinity);
      const policy = new Policy({ ...DEFAULT_SETTINGS, newPerDay: 7, reviewsPerDay: 25 });
      expect(shape(buildQueue({ cards: table, progress: kept, now, policy }))).toEqual(shape(buildQueue({ cards: table, progress: rowsOnly, now, policy })));
    }
  });
});

// The due agenda a cache keeps with the join of the cards to their progress (core/due-agenda.ts):
// a start reads only the cards due by tomorrow, and must build the very queue the full pass does.
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressStore } from '../src/core/progress-store.js';
import { DAY, FakeClock, HOUR, openSession, tempDir, writeDecks } from './helpers.js';

const NOW = new Date(2026, 2, 10, 12).getTime();

/** A state folder a day on from a session that answered most of 60 cards, one suspended. */
function dayAfter() {
  const decks = writeDecks({
    'a.md': Array.from({ length: 40 }, (_, i) => `## Question ${i}?\nAnswer ${i}\n`).join('\n'),
    'b.md': Array.from({ length: 10 }, (_, i) => `Fact ${i}: {{c1::one ${i}}} and {{c2::two ${i}}}.\n`).join('\n'),
  });
  const stateDir = tempDir();
  const clock = new FakeClock(NOW);
  const s = openSession(decks, stateDir, clock);
  for (let i = 0; i < 45 && s.review.current; i++) {
    if (i === 7) s.review.suspend();
    else s.review.answer((([1, 3, 4, 2, 3] as const)[i % 5])!);
    clock.advance(30_000);
  }
  s.close();
  return { decks, stateDir };
}

/** The queue a session starts with: its learning cards and main cards in order, and what it held back. */
function queueOf(decks: string, stateDir: string, at: number) {
  const s = openSession(decks, stateDir, new FakeClock(at));
  const table = s.ws.collection.table;
  const offered = (s.ws.progress as ProgressStore).scan(table.ids).agenda;
  // Offered and readable: else the queue builds from the full pass after all.
  const agenda = offered && offered.before(at) && offered.fresh() ? offered : undefined;
  const { learning, main } = s.review.session;
  const shape = {
    current: s.review.current?.card.id,
    learning: learning.map((e) => [e.card.id, e.due]),
    main: main.map((e) => e.card.id),
    counts: s.review.counts(),
    heldBack: s.review.summary().heldBack,
  };
  s.close();
  return { shape, agenda };
}

/**
 * The queue at `at` from the agenda (checked to be readable), and again from the full pass with
 * the join's file set aside (then put back): the two must be the same. Returns the queue.
 */
function sameWithAndWithoutAgenda(decks: string, stateDir: string, at: number) {
  const joinFile = join(stateDir, 'cache', 'progress-join.bin');
  const kept = readFileSync(joinFile);
  const fast = queueOf(decks, stateDir, at);
  expect(fast.agenda).toBeDefined();
  unlinkSync(joinFile);
  const slow = queueOf(decks, stateDir, at);
  expect(slow.agenda).toBeUndefined();
  expect(fast.shape).toEqual(slow.shape);
  writeFileSync(joinFile, kept);
  return fast.shape;
}

describe('the due agenda kept with the join', () => {
  it('gives the queue the full pass gives, at any time of the next days', () => {
    const { decks, stateDir } = dayAfter();
    for (const at of [NOW + DAY - 3 * HOUR, NOW + DAY, NOW + 3 * DAY, NOW + 40 * DAY]) {
      const shape = sameWithAndWithoutAgenda(decks, stateDir, at);
      expect(shape.main.length + shape.learning.length).toBeGreaterThan(0);
    }
  });

  it('gives the queue the full pass gives in a second session of the day, after answers and a bury', () => {
    const { decks, stateDir } = dayAfter();
    const clock = new FakeClock(NOW + DAY);
    const s = openSession(decks, stateDir, clock);
    for (let i = 0; i < 6 && s.review.current; i++) {
      if (i === 2) s.review.bury();
      else s.review.answer(((i % 4) + 1) as 1 | 2 | 3 | 4);
      clock.advance(60_000);
    }
    s.close();
    sameWithAndWithoutAgenda(decks, stateDir, NOW + DAY + 2 * HOUR);
  });

  it('is read around when damaged: a card out of range (past the last, or below zero) gives the full pass', () => {
    const { decks, stateDir } = dayAfter();
    const joinFile = join(stateDir, 'cache', 'progress-join.bin');
    const at = NOW + 3 * DAY;
    const expected = queueOf(decks, stateDir, at).shape;
    expect(existsSync(joinFile)).toBe(true);
    // The agenda's first card (the third column) set far past the last card.
    const bytes = readFileSync(joinFile);
    const headEnd = bytes.indexOf(10) + 1;
    const header = JSON.parse(bytes.subarray(0, headEnd).toString('utf8')) as { lengths: number[] };
    const aligned = (n: number) => n + ((8 - (n % 8)) % 8);
    const agendaAt = aligned(headEnd) + aligned(header.lengths[0]! * 4) + aligned(header.lengths[1]! * 8);
    expect(header.lengths[2]).toBeGreaterThan(0);
    for (const card of [1_000_000, -1]) {
      bytes.writeInt32LE(card, agendaAt);
      writeFileSync(joinFile, bytes);
      expect(queueOf(decks, stateDir, at).shape).toEqual(expected);
    }
  });
});

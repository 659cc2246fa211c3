// recall cram: every matching card, weakest first; answers are practice and move no due date
// (unless --reschedule); a failed card comes back in the sitting until it is passed once.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../src/app/workspace.js';
import { cramCards, CramSession, forgottenSince, stepMs } from '../src/core/cram.js';
import { reviewHistory } from '../src/core/history.js';
import { ReviewSession } from '../src/core/review-session.js';
import { computeStats } from '../src/core/stats/index.js';
import { loadHistory } from '../src/store/history-cache.js';
import { ReviewApp, type ExitReason } from '../src/ui/ReviewApp.js';
import { cramSummaryLines } from '../src/ui/practice-lines.js';
import { DAY, eventually, FakeClock, MINUTE, tempDir, writeDecks } from './helpers.js';
import { depsOf, logOf, openWs, progressOf } from './week-helpers.js';

const DECK = Array.from({ length: 6 }, (_, i) => `## Question ${i + 1}?\nAnswer ${i + 1}\n`).join('\n');
const START = Date.UTC(2026, 4, 1, 12);

let open: Workspace[] = [];
afterEach(() => {
  for (const ws of open) ws.close();
  open = [];
});

/** Six cards; the first four reviewed on day 0 (two of them failed), then ten days pass. */
function studied() {
  const decks = writeDecks({ 'llm/rlhf.md': DECK });
  const stateDir = tempDir();
  const clock = new FakeClock(START);
  const ws = openWs(decks, stateDir, clock, { learningSteps: [], relearningSteps: [] });
  open.push(ws);
  const review = new ReviewSession(depsOf(ws), ws.collection.cards);
  for (const grade of [3, 1, 4, 1] as const) {
    clock.advance(MINUTE);
    review.answer(grade);
  }
  clock.advance(10 * DAY);
  return { decks, stateDir, clock, ws };
}

describe('cram: which cards, in which order', () => {
  it('takes every card, due or not, lowest predicted recall first, never-studied cards first of all', () => {
    const { ws, clock } = studied();
    const cards = cramCards(ws.collection.cards, ws.progress, ws.policy.scheduler, clock.now);
    expect(cards).toHaveLength(6);
    const recall = cards.map((c) => ws.policy.scheduler.retrievability(ws.progress.get(c.id), clock.now));
    expect(recall).toEqual([...recall].sort((a, b) => a - b));
    expect(cards.slice(0, 2).map((c) => c.front)).toEqual(['Question 5?', 'Question 6?']);
    expect(cramCards(ws.collection.cards, ws.progress, ws.policy.scheduler, clock.now, { limit: 3 })).toHaveLength(3);
  });

  it('leaves suspended cards out; --marked takes only marked cards; --forgotten only those answered Again lately', () => {
    const { ws, clock, stateDir } = studied();
    const [q1, q2] = ws.collection.cards;
    ws.append([
      { id: 'm1', type: 'mark', at: clock.now, card: q1!.id },
      { id: 's1', type: 'suspend', at: clock.now, card: q2!.id },
    ]);
    const all = cramCards(ws.collection.cards, ws.progress, ws.policy.scheduler, clock.now);
    expect(all.map((c) => c.id)).not.toContain(q2!.id);
    expect(cramCards(ws.collection.cards, ws.progress, ws.policy.scheduler, clock.now, { marked: true }).map((c) => c.front)).toEqual(['Question 1?']);
    ws.save();
    const forgotten = forgottenSince(loadHistory(stateDir).history, clock.now - 30 * DAY);
    expect([...forgotten].map((id) => ws.collection.byId.get(id)!.front).sort()).toEqual(['Question 2?', 'Question 4?']);
    expect(forgottenSince(loadHistory(stateDir).history, clock.now - 5 * DAY).size).toBe(0);
  });
});

describe('a cram session', () => {
  it('changes no schedule: progress before and after are the same, on disk too, and the answers are logged as cram events', () => {
    const { ws, clock, decks, stateDir } = studied();
    const before = progressOf(ws);
    const cram = new CramSession(depsOf(ws), cramCards(ws.collection.cards, ws.progress, ws.policy.scheduler, clock.now));
    let answers = 0;
    while (cram.current && answers < 50) {
      clock.advance(20_000);
      cram.reveal();
      cram.answer(answers % 3 === 0 ? 1 : 3);
      answers++;
    }
    expect(cram.current).toBeUndefined();
    expect(progressOf(ws)).toEqual(before);
    ws.close();
    open = [];
    // The snapshot written at the end, and progress rebuilt from the log alone, agree.
    const again = openWs(decks, stateDir, clock);
    open.push(again);
    expect(progressOf(again)).toEqual(before);
    const crams = logOf(stateDir).filter((e) => e.type === 'cram');
    expect(crams).toHaveLength(answers);
    expect(new Set(crams.map((e) => (e as { session?: string }).session)).size).toBe(1);
  });

  it('brings a failed card back, after the first learning step or at once when nothing else is left, until it is passed once', () => {
    const { ws, clock } = studied();
    const cards = cramCards(ws.collection.cards, ws.progress, ws.policy.scheduler, clock.now, { limit: 2 });
    const cram = new CramSession(depsOf(ws), cards);
    expect(stepMs('1m')).toBe(MINUTE);
    const first = cram.current!.card;
    cram.answer(1);
    const second = cram.current!.card;
    expect(second.id).not.toBe(first.id);
    cram.answer(3);
    // Nothing else left: the failed card comes back without waiting for its step.
    expect(cram.current!.card.id).toBe(first.id);
    cram.answer(1);
    expect(cram.current!.card.id).toBe(first.id);
    cram.answer(2);
    expect(cram.current).toBeUndefined();
    const summary = cram.summary();
    expect(summary).toMatchObject({ answered: 4, cards: 2, firstTime: 1, left: 0, reschedule: false });
    expect(summary.failed.map((c) => c.id)).toEqual([first.id]);
  });

  it('undoes a cram answer with an undo that restores nothing, and the card is asked again', () => {
    const { ws, clock, stateDir } = studied();
    const before = progressOf(ws);
    const cram = new CramSession(depsOf(ws), ws.collection.cards.slice(0, 2));
    const first = cram.current!.card;
    cram.answer(4);
    expect(cram.undo()).toBe(true);
    expect(cram.current!.card.id).toBe(first.id);
    expect(cram.summary().answered).toBe(0);
    const undo = logOf(stateDir).filter((e) => e.type === 'undo').pop()!;
    expect(undo).not.toHaveProperty('restore');
    expect(progressOf(ws)).toEqual(before);
    clock.advance(1);
  });

  it('with --reschedule logs real reviews, marked as cram, which move due dates', () => {
    const { ws, clock, stateDir } = studied();
    const card = ws.collection.cards[0]!;
    const due = ws.progress.get(card.id)!.due;
    const cram = new CramSession(depsOf(ws), [card], true);
    const buttons = cram.reveal();
    expect(buttons.every((b) => b.interval !== undefined)).toBe(true);
    clock.advance(MINUTE);
    cram.answer(3);
    expect(ws.progress.get(card.id)!.due).not.toBe(due);
    const review = logOf(stateDir).filter((e) => e.type === 'review').pop()!;
    expect(review).toMatchObject({ card: card.id, mode: 'cram', session: cram.id });
  });

  it('shows in stats as practice, and never as reviews', () => {
    const { ws, clock, stateDir } = studied();
    const cram = new CramSession(depsOf(ws), ws.collection.cards.slice(0, 3));
    while (cram.current) cram.answer(3);
    const history = reviewHistory(logOf(stateDir));
    const report = computeStats({ cards: ws.collection.cards, progress: ws.progress, history, now: clock.now, policy: ws.policy });
    expect(report.totals.reviews).toBe(4);
    expect(report.practice.cram).toEqual({ days: 7, sessions: 1, answers: 3, correct: 1 });
  });
});

describe('the cram screen', () => {
  const pause = () => new Promise((r) => setTimeout(r, 30));

  it('says the schedule does not change, grades without intervals, brings a failed card back and ends with its summary', async () => {
    const { ws, clock } = studied();
    const cards = cramCards(ws.collection.cards, ws.progress, ws.policy.scheduler, clock.now, { limit: 2 });
    const cram = new CramSession(depsOf(ws), cards);
    const exits: ExitReason[] = [];
    const app = render(
      <ReviewApp session={cram} clock={clock.tick} onExit={(r) => exits.push(r)} banner="Cram · 2 cards, weakest first · your schedule does not change" summary={() => cramSummaryLines(cram.summary())} />,
    );
    await eventually(() => expect(app.lastFrame()).toContain('your schedule does not change'));
    expect(app.lastFrame()).toContain(cards[0]!.front);
    app.stdin.write('b');
    await eventually(() => expect(app.lastFrame()).toContain('Bury is for the daily review'));
    expect(app.lastFrame()).toContain(cards[0]!.front);
    app.stdin.write('m');
    await eventually(() => expect(app.lastFrame()).toContain('★ marked'));
    app.stdin.write('u');
    await eventually(() => expect(app.lastFrame()).not.toContain('★ marked'));
    app.stdin.write(' ');
    await eventually(() => expect(app.lastFrame()).toMatch(/1 Again\s+2 Hard\s+3 Good\s+4 Easy/));
    expect(app.lastFrame()).not.toMatch(/Again \d+m/);
    app.stdin.write('1');
    await eventually(() => expect(app.lastFrame()).toContain(cards[1]!.front));
    await pause();
    for (const key of [' ', '3', ' ', '3']) {
      app.stdin.write(key);
      await pause();
    }
    await eventually(() => expect(app.lastFrame()).toMatch(/Crammed 2 cards \(3 answers\) in .* · 50% right the first time/));
    expect(app.lastFrame()).toContain('Your schedule is unchanged');
    expect(app.lastFrame()).toContain('Failed at least once (1):');
    app.unmount();
  });
});

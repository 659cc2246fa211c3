// recall drill: open questions only, drawn more often when weak or important (tested by
// simulation), answers that are real reviews, a countdown that redraws once a second, a report.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../src/app/workspace.js';
import { drawDrill, drillWeights, DrillSession, isOpenQuestion } from '../src/core/drill.js';
import type { LogEvent } from '../src/core/events.js';
import { reviewHistory } from '../src/core/history.js';
import { parseDeck } from '../src/core/parse-deck.js';
import { Policy } from '../src/core/policy.js';
import { rng } from '../src/core/random.js';
import { ReviewSession } from '../src/core/review-session.js';
import { State } from '../src/core/scheduler.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { computeStats } from '../src/core/stats/index.js';
import type { CardRecord } from '../src/core/events.js';
import { ReviewApp } from '../src/ui/ReviewApp.js';
import { drillReportLines } from '../src/ui/practice-lines.js';
import { DAY, eventually, FakeClock, tempDir, writeDecks } from './helpers.js';
import { depsOf, logOf, openWs } from './week-helpers.js';

const START = Date.UTC(2026, 4, 1, 12);

let open: Workspace[] = [];
afterEach(() => {
  for (const ws of open) ws.close();
  open = [];
});

describe('which questions a drill asks', () => {
  it('takes heading cards and one-line cards front to back, never clozes or reverse cards', () => {
    const { cards } = parseDeck('a.md', '## What is RLHF?\nReinforcement learning from human feedback\n\n# Terms\n\n- PPO ::: proximal policy optimization\n- KL :: a divergence\n\nT5 has {{c1::11B}} parameters.\n');
    expect(cards.filter(isOpenQuestion).map((c) => c.front)).toEqual(['What is RLHF?', 'PPO', 'KL']);
  });

  it('draws weak cards far more often than strong ones, and marked or planned cards more than others (simulation)', () => {
    const text = Array.from({ length: 40 }, (_, i) => `## Question ${i}?\nAnswer ${i}\n`).join('\n');
    const cards = parseDeck('topic.md', text).cards;
    const now = START;
    const reviewed = (s: number, lastDaysAgo: number, lapses = 0): CardRecord => ({ due: now + DAY, s, d: 5, st: State.Review, reps: 5, lapses, sd: s, ls: 0, ed: 0, lrt: now - lastDaysAgo * DAY });
    const progress = new Map<string, CardRecord>();
    // 0-9 weak (long overdue, low stability), 10-19 strong, 20-29 strong but marked, 30-39 new.
    cards.forEach((c, i) => {
      if (i < 10) progress.set(c.id, reviewed(2, 20, 3));
      else if (i < 20) progress.set(c.id, reviewed(200, 2));
      else if (i < 30) progress.set(c.id, { ...reviewed(200, 2), marked: true });
    });
    const policy = new Policy(DEFAULT_SETTINGS);
    const weights = drillWeights(cards, progress, policy, now);
    const drawn = new Array(cards.length).fill(0);
    const random = rng(7);
    for (let trial = 0; trial < 2000; trial++) for (const card of drawDrill(cards, weights, 5, random)) drawn[cards.indexOf(card)]++;
    const sum = (from: number, to: number) => drawn.slice(from, to).reduce((a, b) => a + b, 0);
    const weak = sum(0, 10);
    const strong = sum(10, 20);
    const marked = sum(20, 30);
    const fresh = sum(30, 40);
    expect(weak).toBeGreaterThan(3 * strong);
    expect(marked).toBeGreaterThan(1.5 * strong);
    expect(fresh).toBeGreaterThan(strong);
    expect(weak).toBeGreaterThan(fresh);
    expect(strong).toBeGreaterThan(0); // an interviewer also asks what you know

    // An interview plan ahead doubles the weight of the cards it covers.
    const planned = new Policy(DEFAULT_SETTINGS, [{ file: 'topic.md', deck: 'topic', meta: { tags: [] } }], [{ date: '2026-06-01', created: '2026-04-01' }]);
    const withPlan = drillWeights(cards, progress, planned, now);
    expect(withPlan[15]! / weights[15]!).toBeCloseTo(2);
  });

  it('never draws a card twice or two cards of one note, and spreads the draws over decks', () => {
    const deck = (name: string) => parseDeck(`${name}.md`, Array.from({ length: 10 }, (_, i) => `- ${name} term ${i} ::: meaning ${i}\n`).join('')).cards;
    const cards = [...deck('a'), ...deck('b')].filter(isOpenQuestion);
    const weights = new Float64Array(cards.length).fill(1);
    const random = rng(3);
    let mixed = 0;
    for (let trial = 0; trial < 200; trial++) {
      const drawn = drawDrill(cards, weights, 6, random);
      expect(new Set(drawn.map((c) => c.noteKey)).size).toBe(6);
      if (new Set(drawn.map((c) => c.deck)).size === 2) mixed++;
    }
    expect(mixed).toBeGreaterThan(190);
    expect(drawDrill(cards, weights, 50, random)).toHaveLength(20);
  });
});

const DECKS = {
  'llm/rlhf.md': '---\ntags: [rlhf]\n---\n## What does the KL penalty do in RLHF?\nKeeps the policy near the SFT model.\n\n## What is a reward model?\nA model of human preferences.\n',
  'llm/t5.md': '---\ntags: [t5]\n---\n## What does T5 stand for?\nText-to-Text Transfer Transformer\n',
};

describe('a drill session', () => {
  it('logs each answer as a real review marked as a drill, and reports time, grades by deck and tag, the weakest topic and what was pulled forward', () => {
    const decks = writeDecks(DECKS);
    const stateDir = tempDir();
    const clock = new FakeClock(START);
    const ws = openWs(decks, stateDir, clock);
    open.push(ws);
    // Learn the T5 card a day early: it is not due on the day of the drill.
    const review = new ReviewSession(depsOf(ws), ws.collection.cards.filter((c) => c.deck === 'llm::t5'));
    review.answer(4);
    clock.advance(DAY);
    const cards = ws.collection.cards;
    const t5 = cards.find((c) => c.deck === 'llm::t5')!;
    const dueBefore = ws.progress.get(t5.id)!.due;
    expect(dueBefore).toBeGreaterThan(clock.now + DAY);
    const drill = new DrillSession(depsOf(ws), [t5, ...cards.filter((c) => c.deck === 'llm::rlhf')], { seconds: 60, passFail: false });
    const grades = [3, 1, 2] as const;
    for (const [i, grade] of grades.entries()) {
      clock.advance(i === 1 ? 90_000 : 30_000);
      drill.reveal();
      clock.advance(5_000);
      drill.answer(grade);
    }
    expect(drill.current).toBeUndefined();
    const reviews = logOf(stateDir).filter((e): e is Extract<LogEvent, { type: 'review' }> => e.type === 'review' && e.mode === 'drill');
    expect(reviews).toHaveLength(3);
    expect(new Set(reviews.map((e) => e.session))).toEqual(new Set([drill.id]));
    expect(ws.progress.get(t5.id)!.due).not.toBe(dueBefore);

    const report = drill.report();
    expect(report.questions.map((q) => [q.answerMs, q.overTime, q.grade])).toEqual([
      [30_000, false, 3],
      [90_000, true, 1],
      [30_000, false, 2],
    ]);
    expect(report.questions[0]).toMatchObject({ pulledForward: true, introduced: false, dueBefore });
    expect(report.questions[1]).toMatchObject({ pulledForward: false, introduced: true });
    expect(report.byDeck).toEqual([
      { name: 'llm::rlhf', asked: 2, passed: 1, grades: [1, 1, 0, 0], mean: 1.5 },
      { name: 'llm::t5', asked: 1, passed: 1, grades: [0, 0, 1, 0], mean: 3 },
    ]);
    expect(report.weakest.map((t) => t.name)).toEqual(['llm::rlhf', 'rlhf']);
    const text = drillReportLines(report, 4).map((l) => l.text).join('\n');
    expect(text).toMatch(/Drill: 3 questions in 2m 30s of answering · 2 passed \(67%\) · 1 over the 1:00 limit/);
    expect(text).toContain('By deck: llm::rlhf 1/2 · llm::t5 1/1');
    expect(text).toContain('By tag: rlhf 1/2 · t5 1/1');
    expect(text).toContain('Weakest: llm::rlhf (1 of 2 passed), rlhf (1 of 2 passed)');
    expect(text).toMatch(/Pulled forward \(1\)[^\n]*\n\s+llm\/t5\.md:4 {2}was due \d{4}-\d\d-\d\d, now \d{4}-\d\d-\d\d/);
    expect(text).toContain('2 new cards learned in this drill');

    // recall stats: the drill among the recent ones.
    const stats = computeStats({ cards, progress: ws.progress, history: reviewHistory(logOf(stateDir)), now: clock.now, policy: ws.policy });
    expect(stats.practice.drills).toEqual([{ date: expect.stringMatching(/^2026-05-0\d$/), questions: 3, passed: 2, ms: 165_000, weakestDeck: 'llm::rlhf' }]);
    expect(stats.totals.reviews).toBe(4);
  });

  it('takes an answer back: the report forgets it and the question is asked again', () => {
    const decks = writeDecks(DECKS);
    const clock = new FakeClock(START);
    const ws = openWs(decks, tempDir(), clock);
    open.push(ws);
    const drill = new DrillSession(depsOf(ws), ws.collection.cards.slice(0, 2), { seconds: 60, passFail: true });
    expect(drill.reveal().map((b) => b.grade)).toEqual([1, 3]);
    drill.answer(2); // not a pass/fail grade: ignored
    expect(drill.report().questions).toHaveLength(0);
    drill.answer(3);
    expect(drill.undo()).toBe(true);
    expect(drill.report().questions).toHaveLength(0);
    expect(drill.current!.card.id).toBe(ws.collection.cards[0]!.id);
    expect(ws.progress.size).toBe(0);
  });
});

describe('the drill screen', () => {
  const pause = (ms = 30) => new Promise((r) => setTimeout(r, ms));

  it('counts down once a second without redrawing in between, stops at the reveal, grades pass or fail and ends with the report', async () => {
    const decks = writeDecks(DECKS);
    const ws = openWs(decks, tempDir(), new FakeClock(START));
    open.push(ws);
    const clock = () => Date.now();
    const drill = new DrillSession({ ...depsOf(ws), clock }, ws.collection.cards.slice(0, 2), { seconds: 90, passFail: true });
    const app = render(
      <ReviewApp session={drill} clock={clock} onExit={() => undefined} prompt="Answer out loud, then Space to reveal" summary={() => drillReportLines(drill.report(), 4)} />,
    );
    await eventually(() => expect(app.lastFrame()).toMatch(/1:(30|29) left/));
    expect(app.lastFrame()).toContain('Answer out loud, then Space to reveal');
    const before = app.frames.length;
    await pause(2300);
    const drawn = app.frames.length - before;
    expect(drawn).toBeGreaterThanOrEqual(1);
    expect(drawn).toBeLessThanOrEqual(3);
    expect(app.lastFrame()).toMatch(/1:2[5-8] left/);
    app.stdin.write(' ');
    await eventually(() => expect(app.lastFrame()).toMatch(/answered in 0:0[2-4]/));
    expect(app.lastFrame()).toMatch(/1 Fail\s+\d+m\s+3 Pass/);
    expect(app.lastFrame()).toContain('Space/Enter Pass');
    const stopped = app.frames.length;
    await pause(1200);
    expect(app.frames.length).toBe(stopped); // a stopped clock draws nothing
    app.stdin.write('1');
    await pause();
    app.stdin.write(' ');
    await pause();
    app.stdin.write(' ');
    await eventually(() => expect(app.lastFrame()).toMatch(/Drill: 2 questions in .* · 1 passed \(50%\)/));
    app.unmount();
  });
});

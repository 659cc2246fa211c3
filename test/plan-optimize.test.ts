// Personal FSRS parameters and interview plans. Unit tests of the log conversion and the cap at
// its edges; then a synthetic learner whose true memory follows FSRS with known parameters
// reviews through the real session for 60 days.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { default_w } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../src/core/events.js';
import { Policy } from '../src/core/policy.js';
import { RETENTIONS, simulateRetention, suggestRetention } from '../src/core/retention-sim.js';
import { record, reviewHistory, type History } from '../src/core/history.js';
import { allItems, itemReviews, splitByTime, trainingSet, userDay, type TrainingSet } from '../src/core/optimizer-data.js';
import { cappedDue, DAY, plannedNewQuota, planTime, recallOn, type Plan } from '../src/core/plan.js';
import { buildQueue } from '../src/core/queue.js';
import { rng } from '../src/core/random.js';
import { Scheduler, State, type Memory } from '../src/core/scheduler.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { parseDeck } from '../src/core/parse-deck.js';
import { evaluateParameters, fitParameters, loadBinding } from '../src/store/fsrs-optimizer.js';
import { readLog } from '../src/store/review-log.js';
import { FakeClock, HOUR, openSession, tempDir, writeDecks } from './helpers.js';
import { runCli } from './pty.js';

const scheduler = new Scheduler({ ...DEFAULT_SETTINGS, fuzz: false });

function review(id: string, card: string, at: number, grade: 1 | 2 | 3 | 4): LogEvent {
  return { id, type: 'review', at, card, grade, ms: 1000, before: null, after: { due: at, s: 1, d: 5, st: 2, reps: 1, lapses: 0, sd: 1, ls: 0, ed: 0 } };
}

describe('the review log for the optimizer', () => {
  // Run in New York time so the rollover is a local hour, not UTC's.
  const at = (d: number, h: number) => new Date(2026, 9, d, h).getTime();

  it('counts days in the user\'s days: before the 4 am rollover is still yesterday', () => {
    expect(userDay(at(2, 3), 4)).toBe(userDay(at(1, 23), 4));
    expect(userDay(at(2, 5), 4)).toBe(userDay(at(1, 23), 4) + 1);
  });

  it('drops undone answers, follows moved histories, and keeps a dropped history apart from what came after', () => {
    const events: LogEvent[] = [
      review('a1', 'A', at(1, 9), 3),
      review('a2', 'A', at(3, 9), 1),
      { id: 'u', type: 'undo', at: at(3, 9) + 1000, card: 'A', of: 'a2', restore: null },
      review('a3', 'A', at(4, 9), 3),
      { id: 'm', type: 'move', at: at(5, 9), card: 'A', to: 'A2' },
      review('a4', 'A2', at(8, 9), 4),
      review('b1', 'B', at(1, 9), 3),
      { id: 'd', type: 'drop', at: at(2, 9), card: 'B' },
      review('b2', 'B', at(6, 9), 2),
      review('b2', 'B', at(6, 9), 2), // the same line twice, as a merge can leave it
    ];
    const set = trainingSet(reviewHistory(events), 4);
    expect(set.reviews).toBe(5);
    expect(set.cards).toBe(3);
    const items = Array.from(set.itemAt, (_, k) => itemReviews(set, k));
    // A2 carries A's three answers that stand; B's answer after the drop is a card of its own.
    expect(items).toEqual([
      [{ rating: 3, deltaT: 0 }, { rating: 3, deltaT: 3 }],
      [{ rating: 3, deltaT: 0 }, { rating: 3, deltaT: 3 }, { rating: 4, deltaT: 4 }],
    ]);
    const { train, test } = splitByTime(set, at(6, 0));
    expect([train.to - train.from, test.to - test.from]).toEqual([1, 1]);
  });

  it('keeps no item whose answers all fall on the first day (the optimizer would abort on it)', () => {
    const set = trainingSet(reviewHistory([review('1', 'C', at(1, 9), 1), review('2', 'C', at(1, 9) + 600_000, 3), review('3', 'C', at(2, 3), 3)]), 4);
    expect(set.itemAt).toHaveLength(0);
  });
});

/**
 * A learner's log over a year: cards answered at random days and hours, some twice in a day,
 * some answers given in the same millisecond (a merged log), cards first seen at random times.
 */
function generatedHistory(seed: number, cards: number, answers: number): History {
  const random = rng(seed);
  const start = new Date(2026, 0, 1, 12).getTime();
  const events: LogEvent[] = [];
  let t = start;
  for (let i = 0; i < answers; i++) {
    t += random() < 0.05 ? 0 : Math.floor(random() * 2 * ((365 * DAY) / answers));
    const card = `c${Math.floor(random() ** 2 * cards)}`;
    events.push(review(`e${i}`, card, t, (1 + Math.floor(random() * 4)) as 1 | 2 | 3 | 4));
  }
  return reviewHistory(events);
}

/** The training items made the plain way: each card's answers gathered into lists of objects, then each prefix. */
function plainItems(h: History, rolloverHour: number): { at: number; reviews: { rating: number; deltaT: number }[] }[] {
  const byCard = new Map<string, { at: number; grade: number }[]>();
  for (let i = 0; i < h.length; i++) {
    const r = record(h, i);
    byCard.set(r.card, [...(byCard.get(r.card) ?? []), { at: r.at, grade: r.grade }]);
  }
  const items: { at: number; reviews: { rating: number; deltaT: number }[] }[] = [];
  for (const answers of byCard.values()) {
    const days = answers.map((a) => userDay(a.at, rolloverHour));
    const reviews = answers.map((a, i) => ({ rating: a.grade, deltaT: i === 0 ? 0 : Math.max(0, days[i]! - days[i - 1]!) }));
    for (let i = 1; i < reviews.length; i++) if (reviews.slice(1, i + 1).some((r) => r.deltaT > 0)) items.push({ at: answers[i]!.at, reviews: reviews.slice(0, i + 1) });
  }
  return items.sort((a, b) => a.at - b.at);
}

describe('the training set made from the history columns', () => {
  const h = generatedHistory(7, 400, 6000);

  it('holds the same items in the same order as gathering each card\'s answers one by one', () => {
    for (const rollover of [0, 4]) {
      const set = trainingSet(h, rollover);
      const plain = plainItems(h, rollover);
      expect(set.itemAt.length).toBeGreaterThan(4000);
      expect(Array.from(set.itemAt)).toEqual(plain.map((i) => i.at));
      expect(Array.from(set.itemAt, (_, k) => itemReviews(set, k))).toEqual(plain.map((i) => i.reviews));
    }
  });

  it('fits the same parameters and scores them the same as items made one review object at a time', async () => {
    const set = trainingSet(h, 4);
    const b = loadBinding();
    const plain = plainItems(h, 4).map((i) => new b.FSRSBindingItem(i.reviews.map((r) => new b.FSRSBindingReview(r.rating, r.deltaT))));
    const expected = await b.computeParameters(plain, { enableShortTerm: true, timeout: 50 });
    const fitted = await fitParameters(allItems(set));
    expect(fitted).toEqual(expected);
    // A real fit, not the defaults the optimizer returns when it has too little to go on.
    expect(fitted.some((w, i) => Math.abs(w - default_w[i]!) > 1e-3)).toBe(true);
    const longTerm = plainItems(h, 4).map((i, k) => ({ i, item: plain[k]! })).filter(({ i }) => i.reviews[i.reviews.length - 1]!.deltaT > 0);
    expect(evaluateParameters(allItems(set), fitted).logLoss).toBe(new b.FSRSBinding(fitted).evaluate(longTerm.map((x) => x.item)).logLoss);
  });
});

describe('the plan cap', () => {
  const now = Date.UTC(2026, 10, 1, 12);
  const strong: Memory = { due: now + 60 * DAY, s: 80, d: 3, st: State.Review, reps: 5, lapses: 0, sd: 60, ls: 0, ed: 10, lrt: now };
  const weak: Memory = { ...strong, s: 12, due: now + 12 * DAY, sd: 12 };

  it('moves a review that would skip past the date to the day before it', () => {
    const at = now + 10 * DAY;
    expect(recallOn(weak, at, scheduler)).toBeGreaterThan(0.9);
    const planAt = now + 5 * DAY;
    expect(cappedDue({ ...weak, due: now + 20 * DAY, s: 3 }, planAt, now, 0.9, scheduler)).toBe(planAt - DAY);
  });

  it('leaves the due time alone at the edges: no date, date past, date tomorrow, strong card, due before the date, new card', () => {
    expect(cappedDue(weak, undefined, now, 0.9, scheduler)).toBe(weak.due);
    expect(cappedDue(weak, now - DAY, now, 0.9, scheduler)).toBe(weak.due);
    expect(cappedDue({ ...weak, s: 1 }, now + 12 * HOUR, now, 0.9, scheduler)).toBe(weak.due); // the day before has begun
    expect(cappedDue(strong, now + 5 * DAY, now, 0.9, scheduler)).toBe(strong.due); // still above 90% on the day
    expect(cappedDue(weak, now + 30 * DAY, now, 0.9, scheduler)).toBe(weak.due); // due before the date anyway
    const learning = scheduler.answer(undefined, now, 3);
    expect(cappedDue(learning, now + 5 * DAY, now, 0.9, scheduler)).toBe(learning.due);
  });

  it('introduces planned new cards early enough for two reviews, or says the date is too close', () => {
    expect(plannedNewQuota(100, now + 10 * DAY, now)).toEqual({ quota: 10, tooClose: false });
    expect(plannedNewQuota(7, now + 12 * HOUR, now)).toEqual({ quota: 7, tooClose: true });
    const deck = parseDeck('a.md', Array.from({ length: 60 }, (_, i) => `- Q${i} :: A${i}`).join('\n'));
    const other = parseDeck('b.md', Array.from({ length: 60 }, (_, i) => `- B${i} :: A${i}`).join('\n'));
    const plan: Plan = { date: '2026-11-04', deck: 'b', created: '' };
    const queue = buildQueue({ cards: [...deck.cards, ...other.cards], progress: new Map(), now: planTime(plan) - 3 * DAY, policy: new Policy(DEFAULT_SETTINGS, [], [plan]) });
    expect(queue.main.filter((c) => c.deck === 'b')).toHaveLength(20);
    expect(queue.main.filter((c) => c.deck === 'a')).toHaveLength(0);
    const many = buildQueue({ cards: other.cards, progress: new Map(), now: planTime(plan) - 2 * DAY, policy: new Policy(DEFAULT_SETTINGS, [], [plan]) });
    expect(many.main).toHaveLength(30);
    expect(many.planNotes[0]).toMatch(/60 new cards to learn before the date, so today introduces 30 \(more than the usual 20\)/);
  });
});

// --- a synthetic learner ------------------------------------------------------------------

/** Memory weaker than FSRS's defaults assume: lower initial stabilities, slower growth. */
const TRUE_W = default_w.map((w, i) => (i < 4 ? w * 0.2 : i === 8 ? w * 0.6 : w));

interface Learner {
  truth: Scheduler;
  memory: Map<string, Memory | undefined>;
  random: () => number;
  reviews: number;
}

function learner(seed: number): Learner {
  return { truth: new Scheduler({ ...DEFAULT_SETTINGS, fuzz: false, weights: TRUE_W }), memory: new Map(), random: rng(seed), reviews: 0 };
}

/** One day of review through the real session: answers every card shown, as the true memory dictates. */
function studyDay(decks: string, state: string, day: number, start: number, l: Learner, plans?: Plan[]) {
  const clock = new FakeClock(start + day * DAY + 9 * HOUR);
  const s = openSession(decks, state, clock, { plans });
  for (let guard = 0; s.review.session.current && guard < 2000; guard++) {
    const card = s.review.session.current.card;
    const m = l.memory.get(card.id);
    const p = m && m.st !== State.New ? l.truth.retrievability(m, clock.now) : 0;
    const grade = !m ? 3 : l.random() < p ? 3 : 1;
    l.memory.set(card.id, l.truth.answer(m, clock.now, grade));
    s.review.answer(grade);
    l.reviews++;
    clock.advance(2 * 60_000);
  }
  s.close();
}

function deckOf(n: number): string {
  return Array.from({ length: n }, (_, i) => `- Fact number ${i} :: Answer ${i}`).join('\n') + '\n';
}

describe('a synthetic learner', () => {
  const start = Date.UTC(2026, 0, 5, 0);

  it('gets a lower held-out log loss from parameters fitted on its first 40 days than from the defaults', { timeout: 300_000 }, async () => {
    const decks = writeDecks({ 'facts.md': deckOf(600), 'recall.config.json': '{ "new_per_day": 15 }\n' });
    const state = join(tempDir(), 'state');
    const l = learner(1);
    for (let day = 0; day < 60; day++) studyDay(decks, state, day, start, l);
    const set: TrainingSet = trainingSet(reviewHistory(readLog(join(state, 'reviews.jsonl')).events), 4);
    const { train, test } = splitByTime(set, start + 40 * DAY);
    expect(train.to - train.from).toBeGreaterThan(500);
    expect(test.to - test.from).toBeGreaterThan(200);
    const fitted = await fitParameters(train);
    const before = evaluateParameters(test);
    const after = evaluateParameters(test, fitted);
    console.log(`optimizer: ${l.reviews} reviews, held-out log loss ${before.logLoss.toFixed(4)} with defaults, ${after.logLoss.toFixed(4)} fitted; RMSE ${before.rmse.toFixed(4)} -> ${after.rmse.toFixed(4)}`);
    expect(after.logLoss).toBeLessThan(before.logLoss);

    // The command shows the same comparison and applies the fit.
    const run = runCli(['optimize', '--decks', decks, '--state', state], { cwd: tempDir() });
    expect(run.stdout).toMatch(/defaults {3}0\.\d{4} {5}0\.\d{4}\n {2}fitted {5}0\.\d{4}/);
    expect(run.stdout).toMatch(/Applied: parameters fitted on all [\d,]+ answers/);
    expect(runCli(['optimize', '--reset', '--decks', decks, '--state', state], { cwd: tempDir() }).stdout).toMatch(/Back to the default FSRS parameters/);
  });

  it('recalls more on the interview day with a plan, at a comparable number of reviews', { timeout: 300_000 }, () => {
    const trueRecallOn = (l: Learner, at: number) => {
      let sum = 0;
      for (const m of l.memory.values()) sum += m ? l.truth.retrievability(m, at) : 0;
      return sum / l.memory.size;
    };
    const run = (withPlan: boolean) => {
      const decks = writeDecks({ 'facts.md': deckOf(150) });
      const state = join(tempDir(), 'state');
      const l = learner(2);
      const interview = new Date(start + 30 * DAY);
      const date = `${interview.getFullYear()}-${String(interview.getMonth() + 1).padStart(2, '0')}-${String(interview.getDate()).padStart(2, '0')}`;
      const plans: Plan[] | undefined = withPlan ? [{ date, deck: 'facts', created: '' }] : undefined;
      for (let day = 0; day < 30; day++) studyDay(decks, state, day, start, l, plans);
      return { recall: trueRecallOn(l, planTime({ date, created: '' }) + 9 * HOUR), reviews: l.reviews, cards: l.memory.size };
    };
    const without = run(false);
    const withPlan = run(true);
    console.log(`plan: true recall on day 30 ${(withPlan.recall * 100).toFixed(1)}% with the plan (${withPlan.reviews} reviews, ${withPlan.cards} cards) vs ${(without.recall * 100).toFixed(1)}% without (${without.reviews} reviews, ${without.cards} cards)`);
    expect(withPlan.cards).toBe(150);
    expect(withPlan.recall).toBeGreaterThan(without.recall);
    expect(withPlan.reviews).toBeLessThan(without.reviews * 1.6);
  });
});

describe('recall plan and the plan in recall stats', () => {
  it('sets, lists and clears plans, refuses bad dates, and stats predicts recall on the day', () => {
    const decks = writeDecks({ 'llm/t5.md': deckOf(30), 'other.md': deckOf(5).replace(/Fact/g, 'Other') });
    const cwd = tempDir();
    const state = join(cwd, 'state');
    const run = (...args: string[]) => runCli([...args, '--decks', decks, '--state', state], { cwd });
    const soon = new Date(Date.now() + 10 * DAY);
    const date = `${soon.getFullYear()}-${String(soon.getMonth() + 1).padStart(2, '0')}-${String(soon.getDate()).padStart(2, '0')}`;
    expect(run('plan', date, '--deck', 'llm').stdout).toMatch(new RegExp(`Plan set .*: ${date} for deck llm: (9|10) days left, 30 cards`));
    expect(run('plan').stdout).toMatch(new RegExp(`^${date} for deck llm: (9|10) days left\\n$`));
    expect(run('plan', '2020-01-01', '--deck', 'llm')).toMatchObject({ code: 2, stderr: expect.stringMatching(/not in the future/) });
    expect(run('plan', '2026-02-30')).toMatchObject({ code: 2, stderr: expect.stringMatching(/'2026-02-30' is not a date/) });
    expect(run('plan', date, '--deck', 'nope').stderr).toMatch(/no card is in a deck named 'nope'/);

    // Review a few cards, then ask stats for the plan's outlook.
    const s = openSession(decks, state, new FakeClock(Date.now() - 2 * DAY));
    for (let i = 0; i < 6 && s.review.session.current; i++) s.review.answer(3);
    s.close();
    const stats = JSON.parse(run('stats', '--json').stdout);
    expect(stats.plans).toHaveLength(1);
    const [plan] = stats.plans;
    expect(plan).toMatchObject({ date, deck: 'llm', cards: 30 });
    expect(plan.withReviews).toBeGreaterThan(plan.withoutReviews);
    expect(plan.withReviews).toBeGreaterThan(0.9);
    // The outlook is wrapped to the width (80 columns in a pipe), its lines indented alike.
    expect(run('stats').stdout).toMatch(/Interview plans\n {2}.* · deck llm · (9|10) days left · 30 cards\n {4}predicted recall on the day: \d+% doing the scheduled reviews, \d+% with no\n {4}more reviews/);
    expect(run('plan', '--clear').stdout).toBe('Removed 1 plan; normal scheduling for every card.\n');
    expect(JSON.parse(run('stats', '--json').stdout).plans).toEqual([]);
  });

  it('says how much data the optimizer needs, and refuses a scheduling file that is not ours', () => {
    const decks = writeDecks({ 'a.md': deckOf(5) });
    const cwd = tempDir();
    const state = join(cwd, 'state');
    expect(runCli(['optimize', '--decks', decks, '--state', state], { cwd }).stdout).toMatch(/Not enough reviews to fit parameters yet: 0 answers in the log, and the optimizer needs about 1,000/);
    const sim = runCli(['optimize', '--retention', '--decks', decks, '--state', state], { cwd });
    expect(sim.stdout).toMatch(/A year of daily reviews of 50 cards, simulated with the default FSRS parameters/);
    expect(sim.stdout.split('\n').filter((l) => /^ {3}0\.\d\d /.test(l))).toHaveLength(8);
    expect(sim.stdout.match(/← suggested/g)).toHaveLength(1);
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, 'scheduling.json'), '{"something": "else"}');
    const r = runCli(['plan', '--decks', decks, '--state', state], { cwd });
    expect(r).toMatchObject({ code: 1, stderr: expect.stringMatching(/scheduling.json is not a recall scheduling file\n {2}move it out of the state folder/) });
    expect(readFileSync(join(state, 'scheduling.json'), 'utf8')).toBe('{"something": "else"}');
  });
});

describe('the retention suggestion and removing one plan (issue 11: 19)', () => {
  it('simulates enough learners with common random numbers that the table is smooth, with its error', () => {
    const rows = RETENTIONS.map((r) => simulateRetention(DEFAULT_SETTINGS, 200, r, { learners: 12 }));
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.remembered.mean, `remembered at ${rows[i]!.retention}`).toBeGreaterThan(rows[i - 1]!.remembered.mean);
      expect(rows[i]!.reviewsPerDay.mean, `reviews at ${rows[i]!.retention}`).toBeGreaterThan(rows[i - 1]!.reviewsPerDay.mean);
      expect(rows[i]!.remembered.se).toBeGreaterThan(0);
    }
    const suggested = suggestRetention(rows);
    const least = rows.reduce((a, b) => (b.costPerCard.mean < a.costPerCard.mean ? b : a));
    expect(suggested.retention).toBeGreaterThanOrEqual(least.retention);
    expect(suggested.costPerCard.mean - least.costPerCard.mean).toBeLessThanOrEqual(Math.hypot(suggested.costPerCard.se, least.costPerCard.se));
  });

  it('removes only the plan named by --deck, --tag or its date', () => {
    const decks = writeDecks({ 'llm/t5.md': deckOf(3), 'other.md': deckOf(2).replace(/Fact/g, 'Other') + '\n' });
    const cwd = tempDir();
    const run = (...args: string[]) => runCli([...args, '--decks', decks, '--state', join(cwd, 'state')], { cwd });
    const day = (n: number) => {
      const d = new Date(Date.now() + n * DAY);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    expect(run('plan', day(10), '--deck', 'llm').code).toBe(0);
    expect(run('plan', day(20), '--deck', 'other').code).toBe(0);
    expect(run('plan', '--clear', '--deck', 'llm').stdout).toMatch(new RegExp(`^Removed the plan ${day(10)} for deck llm`));
    expect(run('plan').stdout).toMatch(new RegExp(`^${day(20)} for deck other: `));
    expect(run('plan', '--clear', '--deck', 'llm')).toMatchObject({ code: 1, stderr: expect.stringContaining('no plan matches') });
    expect(run('plan', '--clear', day(20)).stdout).toMatch(/^Removed the plan/);
    expect(run('plan').stdout).toMatch(/^No plans\./);
  });
});

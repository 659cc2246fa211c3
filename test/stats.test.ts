// Statistics on hand-made histories whose answers are computed by hand. Shanghai time (UTC+8),
// so that the user's day, which starts at 4 am local time, is neither UTC's day nor midnight's.
process.env.TZ = 'Asia/Shanghai';

import { describe, expect, it } from 'vitest';
import type { CardRecord } from '../src/core/events.js';
import { Policy } from '../src/core/policy.js';
import type { ReviewRecord } from '../src/core/history.js';
import { record as historyRecord, reviewHistory, toHistory, type History } from '../src/core/history.js';
import type { LogEvent } from '../src/core/events.js';
import { loadHistory } from '../src/store/history-cache.js';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDeck } from '../src/core/parse-deck.js';
import { Scheduler, State } from '../src/core/scheduler.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { computeStats, streaks } from '../src/core/stats/index.js';
import { renderStats } from '../src/ui/stats/index.js';
import { openWorkspace } from '../src/app/workspace.js';
import { rng } from '../src/core/random.js';
import { FakeClock, openSession, tempDir, writeDecks } from './helpers.js';

const local = (m: number, d: number, h = 12, min = 0) => new Date(2026, m - 1, d, h, min).getTime();
const NOW = local(11, 24, 12); // Tuesday 2026-11-24, noon in Shanghai
const scheduler = new Scheduler(DEFAULT_SETTINGS);
const DAY = 86_400_000;

const cards = [
  ...parseDeck('llm/t5.md', '---\ntags: [t5]\n---\n## T5 one?\na\n\n## T5 two?\nb\n\n## T5 three?\nc\n').cards,
  ...parseDeck('llm/gpt.md', '---\ntags: [gpt]\n---\n## GPT one?\na\n\n## GPT two?\nb\n').cards,
];
const [t1, t2, t3, g1] = cards.map((c) => c.id) as [string, string, string, string];

function review(at: number, card: string, grade: 1 | 2 | 3 | 4, beforeState: number, beforeInterval: number, ms = 10_000, stability = 10): ReviewRecord {
  return { at, card, grade, ms, beforeState, beforeInterval, stability };
}

function record(overrides: Partial<CardRecord>): CardRecord {
  return { due: NOW + DAY, s: 10, d: 5, st: State.Review, reps: 3, lapses: 0, sd: 10, ls: 0, ed: 0, lrt: NOW - DAY, ...overrides };
}

describe('streaks', () => {
  it('count consecutive user days, and end yesterday when today has no review yet', () => {
    expect(streaks(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-24'], '2026-11-24')).toEqual({ current: 1, longest: 3 });
    expect(streaks(['2026-11-22', '2026-11-23'], '2026-11-24')).toEqual({ current: 2, longest: 2 });
    expect(streaks(['2026-11-21'], '2026-11-24')).toEqual({ current: 0, longest: 1 });
    expect(streaks([], '2026-11-24')).toEqual({ current: 0, longest: 0 });
    // Across the end of a month and the daylight-saving change elsewhere: days are calendar days.
    expect(streaks(['2026-10-31', '2026-11-01', '2026-11-02'], '2026-11-02')).toEqual({ current: 3, longest: 3 });
  });
});

describe('computeStats', () => {
  const progress = new Map<string, CardRecord>([
    [t1, record({ due: NOW - 3 * DAY, lrt: NOW - 13 * DAY, s: 10, lapses: 2 })], // overdue
    [t2, record({ due: NOW + 2 * 3_600_000, lrt: NOW - DAY, s: 30 })], // due today (14:00)
    [t3, record({ st: State.Learning, due: NOW - 60_000, lrt: NOW - 600_000, s: 1, first: NOW - 600_000 })], // learning, new today
    [g1, record({ suspended: 'user' })],
  ]);
  // A streak that crosses the rollover: 03:30 on the 23rd still belongs to the 22nd.
  const reviews = [
    review(local(11, 21, 20), t1, 3, State.Review, 5),
    review(local(11, 22, 9), t1, 1, State.Review, 30),
    review(local(11, 23, 3, 30), t2, 3, State.Review, 25), // user day 2026-11-22
    review(local(11, 24, 4, 30), t2, 4, State.Review, 10, 20_000), // today
    review(local(11, 24, 11, 50), t3, 3, -1, 0, 30_000), // today, a new card
    review(local(11, 24, 11, 55), t3, 1, State.Learning, 0, 5_000), // today
    review(local(11, 25, 1), t2, 3, State.Review, 10), // after now: not counted today
  ].slice(0, 6);
  const report = computeStats({ cards, progress, history: toHistory(reviews), now: NOW, policy: new Policy(DEFAULT_SETTINGS), heatmapDays: 14 });

  it('counts today in the user’s day', () => {
    expect(report.today).toEqual({
      date: '2026-11-24',
      dueNow: 2, // t1 (overdue) and t3 (learning, due a minute ago)
      dueToday: 3, // and t2 at 14:00
      newLeft: 1, // g2 is the only new card left (20 a day, one introduced today)
      reviewed: { count: 3, ms: 55_000, correct: 2 / 3 },
      streak: { current: 1, longest: 2 }, // 21st and 22nd (the 03:30 answer), gap on the 23rd, today
    });
  });

  it('draws the heatmap on user days', () => {
    const byDate = Object.fromEntries(report.heatmap.days.map((d) => [d.date, d.count]));
    expect(report.heatmap.from).toBe('2026-11-11');
    expect(byDate).toMatchObject({ '2026-11-21': 1, '2026-11-22': 2, '2026-11-23': 0, '2026-11-24': 3 });
  });

  it('forecasts dues per day with overdue first', () => {
    expect(report.forecast.overdue).toBe(1); // t1, due before today began
    expect(report.forecast.days[0]).toEqual({ date: '2026-11-24', due: 2 }); // t2 and t3
    expect(report.forecast.days).toHaveLength(30);
  });

  it('computes true retention on review-state answers, young and mature', () => {
    const [today, week] = report.retention;
    // Today: one review-state answer (t2, interval 10: young), passed.
    expect(today).toMatchObject({ window: 1, young: { answers: 1, passed: 1, retention: 1 }, mature: { answers: 0, retention: null } });
    // 7 days: young t1 pass (5), t2 pass (10); mature t1 fail (30), t2 pass (25).
    expect(week).toMatchObject({ window: 7, young: { answers: 2, passed: 2 }, mature: { answers: 2, passed: 1, retention: 0.5 }, all: { answers: 4, passed: 3, retention: 0.75 } });
  });

  it('rates readiness by deck and tag, weakest first', () => {
    const recall = (id: string) => scheduler.retrievability(progress.get(id), NOW);
    const t5 = report.readiness.byDeck.find((d) => d.name === 'llm::t5')!;
    expect(t5).toMatchObject({ new: 0, learning: 1, review: 2, suspended: 0 });
    expect(t5.averageRecall).toBeCloseTo((recall(t1) + recall(t2) + recall(t3)) / 3, 10);
    const gpt = report.readiness.byDeck.find((d) => d.name === 'llm::gpt')!;
    expect(gpt).toMatchObject({ new: 1, learning: 0, review: 0, suspended: 1, averageRecall: null });
    expect(report.readiness.byDeck.map((d) => d.name)).toEqual(['llm::t5', 'llm::gpt']); // no studied cards: last
    expect(report.readiness.byTag.map((t) => t.name)).toEqual(['t5', 'gpt']);
  });

  it('lists the weakest cards with their place, and sums knowledge', () => {
    expect(report.weakest.map((w) => [w.front, w.file, w.line])).toEqual([
      ['T5 one?', 'llm/t5.md', 4],
      ['T5 three?', 'llm/t5.md', 10],
      ['T5 two?', 'llm/t5.md', 7],
    ].sort((a, b) => scheduler.retrievability(progress.get(cards.find((c) => c.front === a[0])!.id), NOW) - scheduler.retrievability(progress.get(cards.find((c) => c.front === b[0])!.id), NOW)));
    const sum = [t1, t2, t3].reduce((a, id) => a + scheduler.retrievability(progress.get(id), NOW), 0);
    expect(report.knowledge.now).toBeCloseTo(sum, 1);
    expect(report.knowledge.trend).toHaveLength(30);
    expect(report.knowledge.trend[29]!.date).toBe('2026-11-24');
  });

  it('renders every section, within the width, with and without colour', () => {
    const text = renderStats(report, { width: 60, color: false }, { decks: 'decks' });
    for (const title of ['Today', 'Reviews per day', 'Due in the next 30 days', 'True retention', 'Readiness, weakest first', 'Weakest cards', 'Knowledge']) expect(text).toContain(title);
    expect(text).toContain('Streak 1 day (longest 2)');
    expect(text).not.toMatch(/\u001b\[/);
    expect(renderStats(report, { width: 60, color: true }, { decks: 'decks' })).toMatch(/\u001b\[1m/);
  });

  it('counts only the answers to cards in scope, whatever the history calls the others', () => {
    const policy = new Policy(DEFAULT_SETTINGS);
    const count = (others: string[]) =>
      computeStats({ cards, progress: new Map(), history: toHistory([review(local(11, 20), t1, 3, State.Review, 5), ...others.map((id, i) => review(local(11, 20, 13 + i), id, 3, State.Review, 5))]), now: NOW, policy }).totals.reviews;
    expect(count([`${t2}~dropped-1`, 'deleted'])).toBe(1);
    // An id with a space (not one of recall's) cannot go in a column of words: looked up alone.
    expect(count(['a deleted card', t2])).toBe(2);
  });

  it('gives a friendly summary when nothing was reviewed', () => {
    const empty = computeStats({ cards, progress: new Map(), history: toHistory([]), now: NOW, policy: new Policy(DEFAULT_SETTINGS) });
    const text = renderStats(empty, { width: 80, color: false }, { decks: 'decks' });
    expect(text).toContain('Nothing reviewed yet. 5 cards wait in 2 decks; up to 5 new today.');
  });
});

describe('review history from the log', () => {
  it('drops undone answers, counts merged duplicates once, follows moved histories', () => {
    const base = { before: null, after: { due: 1, s: 2, d: 3, st: 2, reps: 1, lapses: 0, sd: 1, ls: 0, ed: 0 }, ms: 1000 };
    const history = reviewHistory([
      { id: 'a', type: 'review', at: 1, card: 'old', grade: 3, ...base },
      { id: 'b', type: 'review', at: 2, card: 'x', grade: 1, ...base },
      { id: 'u', type: 'undo', at: 3, card: 'x', of: 'b', restore: null },
      { id: 'a', type: 'review', at: 1, card: 'old', grade: 3, ...base },
      { id: 'm', type: 'move', at: 4, card: 'old', to: 'new' },
    ]);
    expect(Array.from({ length: history.length }, (_, i) => historyRecord(history, i)).map((r) => [r.at, r.card, r.grade])).toEqual([[1, 'new', 3]]);
  });
});

describe('review history read from the log file', () => {
  it('reads recall-shaped lines by position and anything else through JSON, with the same result', () => {
    const progress = (s: number, st: number, sd: number, file: string) => ({ due: 5, s, d: 3, st, reps: 1, lapses: 0, sd, ls: 0, ed: 0, lrt: 1, first: 1, file, sk: 'b:00' });
    const events = [
      { id: 'a', type: 'review', at: 10, card: 'c1', grade: 3, ms: 1200, before: null, after: progress(2.5, 1, 0, 'x.md') },
      { id: 'b', type: 'review', at: 20, card: 'c1', grade: 4, ms: 800, before: progress(2.5, 1, 0, 'x.md'), after: progress(9.25, 2, 3, 'x.md'), file: 'x.md', sk: 'b:00' },
      // A file name that holds the field names and a closing brace.
      { id: 'c', type: 'review', at: 30, card: 'c2', grade: 1, ms: 0, before: progress(4, 2, 7, 'we}"st":9,"sd":9}.md'), after: progress(1.5, 3, 0, '"s":7}.md') },
      { id: 'u', type: 'undo', at: 31, card: 'c2', of: 'nothing', restore: null },
      { id: 'd', type: 'review', at: 40, card: 'c3', grade: 2, ms: 50, before: progress(3, 2, 12, 'y.md'), after: progress(6, 2, 4, 'y.md') },
    ];
    const lines = events.map((e) => JSON.stringify(e));
    // Another writer's key order.
    const { id, type, ...rest } = events[4]!;
    lines[4] = JSON.stringify({ type, id, ...rest });
    const dir = mkdtempSync(join(tmpdir(), 'recall-history-'));
    writeFileSync(join(dir, 'reviews.jsonl'), lines.join('\n') + '\n');
    const fromFile = loadHistory(dir).history;
    const expected = reviewHistory(events as LogEvent[]);
    const rows = (h: History) => Array.from({ length: h.length }, (_, i) => historyRecord(h, i));
    expect(rows(fromFile)).toEqual(rows(expected));
    expect(rows(fromFile)[2]).toMatchObject({ card: 'c2', beforeState: 2, beforeInterval: 7, stability: 1.5 });
    // And again from the columns it cached.
    expect(rows(loadHistory(dir).history)).toEqual(rows(expected));
  });
});

describe('review lines read from their bytes', () => {
  it('give what JSON.parse gives: numbers of any digits, sign or exponent, braces and field names inside strings, drill answers', () => {
    const random = rng(11);
    const value = () => {
      const magnitude = 10 ** Math.floor(random() * 24 - 12);
      const x = (random() - 0.2) * magnitude;
      const shape = Math.floor(random() * 4);
      // Rounded to a few places (as FSRS stores them), whole, or every digit JSON.stringify writes.
      return shape === 0 ? Number(x.toFixed(Math.floor(random() * 9))) : shape === 1 ? Math.round(x) : shape === 2 ? Number(x.toPrecision(15)) : x;
    };
    // File names with braces and field names in them, and drill answers (which name their mode).
    const file = (i: number) => (i % 7 === 0 ? `odd}/"mode":"drill"},"after":{x}.md` : `deck-${i % 3}.md`);
    const progress = (s: number, st: number, sd: number, i: number) => ({ due: 5, s, d: 3, st, reps: 1, lapses: 0, sd, ls: 0, ed: 0, lrt: 1, first: 1, file: file(i), sk: 'b:00' });
    const events: LogEvent[] = Array.from({ length: 3000 }, (_, i) => ({
      id: `r${i}`,
      type: 'review',
      at: 1_700_000_000_000 + i * 1000 + Math.floor(random() * 1000),
      card: `c${i % 50}`,
      grade: (1 + (i % 4)) as 1 | 2 | 3 | 4,
      ms: Math.floor(random() * 10 ** Math.floor(random() * 8)),
      before: i % 5 === 0 ? null : progress(value(), Math.floor(random() * 4), value(), i),
      after: progress(value(), 2, value(), i + 1),
      file: file(i + 2),
      sk: 'b:00',
      ...(i % 11 === 0 ? { mode: 'drill' as const, session: `s${Math.floor(i / 110)}` } : {}),
    }));
    const dir = mkdtempSync(join(tmpdir(), 'recall-numbers-'));
    const lines = events.map((e) => JSON.stringify(e));
    expect(lines.some((l) => /"s":-?\d+(\.\d+)?e/.test(l))).toBe(true);
    expect(lines.some((l) => /"s":-?\d+\.\d{12,}/.test(l))).toBe(true);
    writeFileSync(join(dir, 'reviews.jsonl'), lines.join('\n') + '\n');
    const rows = (h: History) => Array.from({ length: h.length }, (_, i) => historyRecord(h, i));
    const fresh = loadHistory(dir).history;
    const fromBytes = rows(fresh);
    const reference = reviewHistory(lines.map((l) => JSON.parse(l) as LogEvent));
    const parsed = rows(reference);
    expect(fromBytes).toHaveLength(3000);
    expect(fresh.practice).toEqual(reference.practice);
    expect(loadHistory(dir).history.practice).toEqual(reference.practice);
    expect(reference.practice).toHaveLength(273);
    for (let i = 0; i < parsed.length; i++) expect(fromBytes[i], lines[i]).toEqual(parsed[i]);
    // Object.is: -0 stays -0.
    expect(fromBytes.every((r, i) => Object.is(r.stability, parsed[i]!.stability) && Object.is(r.beforeInterval, parsed[i]!.beforeInterval))).toBe(true);
  });
});

describe('stats of a collection read as a table of cards', () => {
  it('gives the same report as its cards made one by one: decks, tags, plans, drills and cram included', () => {
    const deck = (n: number, name: string) => Array.from({ length: n }, (_, i) => `## ${name} ${i}?\nanswer ${i}\n`).join('\n');
    const decks = writeDecks({
      'llm/t5.md': '---\ntags: [t5, seq2seq]\n---\n' + deck(12, 'T5'),
      'llm/gpt.md': '---\ntags: [gpt]\n---\n' + deck(9, 'GPT'),
      'ml/trees.md': deck(15, 'Trees'),
    });
    const state = join(tempDir(), 'state');
    const start = new Date(2026, 10, 2, 12).getTime();
    const clock = new FakeClock(start);
    const plans = [{ date: '2026-12-20', deck: 'llm', created: '' }, { date: '2026-12-24', tag: 'gpt', created: '' }];
    for (let day = 0; day < 14; day++) {
      const s = openSession(decks, state, clock, { plans: day === 0 ? plans : undefined });
      for (let i = 0; i < 8 && s.review.session.current; i++) {
        if (day === 1 && i === 0) s.review.suspend();
        s.review.answer(([1, 3, 3, 4, 2] as const)[(day + i) % 5]!);
        clock.advance(60_000);
      }
      s.close();
      clock.advance(DAY - 8 * 60_000);
    }
    // A drill and a cram session on cards of two decks.
    const log = join(state, 'reviews.jsonl');
    const answered = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogEvent).filter((e) => e.type === 'review');
    const later = clock.now;
    const practice = answered.slice(-4).flatMap((e, i) => [
      { ...e, id: `drill-${i}`, at: later + i, mode: 'drill', session: 'drill-0' },
      { id: `cram-${i}`, type: 'cram', at: later + 10 + i, card: e.card, grade: i % 2 ? 1 : 3, ms: 4000, session: 'cram-0' },
    ]);
    appendFileSync(log, practice.map((e) => JSON.stringify(e) + '\n').join(''));

    const ws = openWorkspace({ decks, state }, { clock: () => later + DAY, notify: () => undefined });
    try {
      const history = loadHistory(state).history;
      const input = { progress: ws.progress, history, now: later + DAY, policy: ws.policy };
      const fromTable = computeStats({ ...input, cards: ws.collection.table });
      const fromCards = computeStats({ ...input, cards: [...ws.collection.cards] });
      expect(fromTable.plans).toHaveLength(2);
      expect(fromTable.practice.drills).toHaveLength(1);
      expect(fromTable.practice.cram.answers).toBe(4);
      expect(fromTable.readiness.byTag.map((g) => g.name).sort()).toEqual(['gpt', 'seq2seq', 't5']);
      expect(fromTable.weakest.length).toBeGreaterThan(5);
      expect(fromTable).toEqual(fromCards);
    } finally {
      ws.close();
    }
  });
});

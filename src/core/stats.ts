// Progress statistics: a pure function of the cards, their progress, the review history and a
// `now`. Days are the user's days (local time, starting at the rollover hour), as in review.
import { dayKey, dayStart, nextDayStart } from './day.js';
import type { ReviewRecord } from './history.js';
import type { ProgressLookup } from './queue.js';
import { State, type Scheduler } from './scheduler.js';
import type { Settings } from './settings.js';
import type { Card } from './types.js';

const DAY = 86_400_000;
/** Anki's line between young and mature cards: an interval of 21 days. */
export const MATURE_DAYS = 21;

export interface StatsInput {
  cards: Card[];
  progress: ProgressLookup;
  /** In time order; only the cards in `cards` are counted. */
  reviews: ReviewRecord[];
  now: number;
  settings: Settings;
  scheduler: Scheduler;
  /** Days of review history the heatmap shows (default 26 weeks). */
  heatmapDays?: number;
}

export interface RetentionCell {
  answers: number;
  passed: number;
  /** passed / answers, or null with no answers. */
  retention: number | null;
}

export interface Readiness {
  name: string;
  new: number;
  learning: number;
  review: number;
  suspended: number;
  /** Mean predicted recall now of the cards studied (learning and review), or null if none. */
  averageRecall: number | null;
  /** Share of the studied cards whose predicted recall now is at least the desired retention. */
  aboveTarget: number | null;
}

export interface StatsReport {
  generatedAt: string;
  rolloverHour: number;
  desiredRetention: number;
  totals: { cards: number; studied: number; reviews: number };
  today: {
    date: string;
    dueNow: number;
    dueToday: number;
    newLeft: number;
    reviewed: { count: number; ms: number; correct: number | null };
    streak: { current: number; longest: number };
  };
  heatmap: { from: string; to: string; days: { date: string; count: number }[] };
  forecast: { overdue: number; days: { date: string; due: number }[] };
  retention: { window: number; young: RetentionCell; mature: RetentionCell; all: RetentionCell }[];
  readiness: { byDeck: Readiness[]; byTag: Readiness[] };
  weakest: { id: string; deck: string; file: string; line: number; front: string; recall: number; lapses: number }[];
  knowledge: { now: number; trend: { date: string; value: number }[] };
}

/** Days since 1970 of a YYYY-MM-DD key: consecutive keys differ by one, DST or not. */
function dayNumber(key: string): number {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY);
}

function keyOfNumber(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

function cell(answers: number, passed: number): RetentionCell {
  return { answers, passed, retention: answers ? passed / answers : null };
}

export function streaks(dayKeys: Iterable<string>, today: string): { current: number; longest: number } {
  const days = [...new Set(dayKeys)].map(dayNumber).sort((a, b) => a - b);
  let longest = 0;
  let run = 0;
  for (let i = 0; i < days.length; i++) {
    run = i > 0 && days[i] === days[i - 1]! + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  // The current streak ends today, or yesterday when today has no review yet.
  const set = new Set(days);
  let end = dayNumber(today);
  if (!set.has(end)) end--;
  let current = 0;
  while (set.has(end - current)) current++;
  return { current, longest };
}

export function computeStats(input: StatsInput): StatsReport {
  const { cards, progress, now, settings, scheduler } = input;
  const rollover = settings.rolloverHour;
  const todayKey = dayKey(now, rollover);
  const todayStart = dayStart(now, rollover);
  const tomorrow = nextDayStart(now, rollover);
  const target = settings.retention;
  const look = progress.peek ? progress.peek.bind(progress) : progress.get.bind(progress);
  const inScope = new Set(cards.map((c) => c.id));
  const reviews = input.reviews.filter((r) => inScope.has(r.card));

  // --- cards: state, due, recall ------------------------------------------------------------
  const forecastDays = 30;
  const dueByDay = new Array<number>(forecastDays).fill(0);
  let overdue = 0;
  let dueNow = 0;
  let dueToday = 0;
  let studied = 0;
  let newWaiting = 0;
  let newDoneToday = 0;
  let knowledgeNow = 0;
  const groups = { deck: new Map<string, Readiness & { recallSum: number; above: number; studied: number }>(), tag: new Map<string, Readiness & { recallSum: number; above: number; studied: number }>() };
  // The ten weakest, kept as they come (a card's text is read only for the ten shown).
  const weakest: { card: Card; recall: number; lapses: number }[] = [];
  const weaker = (a: { recall: number; lapses: number }, b: { recall: number; lapses: number }) => a.recall - b.recall || b.lapses - a.lapses;
  const todayNumber = dayNumber(todayKey);

  const group = (kind: 'deck' | 'tag', name: string) => {
    let g = groups[kind].get(name);
    if (!g) groups[kind].set(name, (g = { name, new: 0, learning: 0, review: 0, suspended: 0, averageRecall: null, aboveTarget: null, recallSum: 0, above: 0, studied: 0 }));
    return g;
  };

  for (const card of cards) {
    const p = look(card.id);
    const targets = [group('deck', card.deck), ...card.tags.map((t) => group('tag', t))];
    if (p?.suspended) {
      for (const g of targets) g.suspended++;
      continue;
    }
    if (!p || p.st === State.New) {
      newWaiting++;
      for (const g of targets) g.new++;
      continue;
    }
    if (p.first !== undefined && p.first >= todayStart) newDoneToday++;
    studied++;
    const recall = scheduler.retrievability(p, now);
    knowledgeNow += recall;
    const learning = p.st === State.Learning || p.st === State.Relearning;
    for (const g of targets) {
      if (learning) g.learning++;
      else g.review++;
      g.studied++;
      g.recallSum += recall;
      if (recall >= target) g.above++;
    }
    if (weakest.length < 10 || weaker({ recall, lapses: p.lapses }, weakest[9]!) < 0) {
      weakest.push({ card, recall, lapses: p.lapses });
      weakest.sort(weaker);
      if (weakest.length > 10) weakest.pop();
    }
    if (p.due <= now) dueNow++;
    if (p.due < tomorrow) dueToday++;
    if (p.due < todayStart) overdue++;
    else {
      const offset = dayNumber(dayKey(p.due, rollover)) - todayNumber;
      if (offset < forecastDays) dueByDay[offset]!++;
    }
  }

  // --- review history: today, streaks, heatmap, retention -----------------------------------
  const heatmapDays = input.heatmapDays ?? 26 * 7;
  const firstHeatDay = todayNumber - heatmapDays + 1;
  const heat = new Array<number>(heatmapDays).fill(0);
  const dayKeys = new Set<string>();
  let todayCount = 0;
  let todayMs = 0;
  let todayCorrect = 0;
  const windows = [1, 7, 30, 365];
  const windowStart = windows.map((w) => todayStart - (w - 1) * DAY);
  const retention = windows.map(() => ({ young: [0, 0], mature: [0, 0] }));
  for (const r of reviews) {
    const key = dayKey(r.at, rollover);
    dayKeys.add(key);
    const n = dayNumber(key);
    if (n >= firstHeatDay && n <= todayNumber) heat[n - firstHeatDay]!++;
    if (r.at >= todayStart && r.at < tomorrow) {
      todayCount++;
      todayMs += r.ms;
      if (r.grade > 1) todayCorrect++;
    }
    // True retention: answers given to cards in review state, Again counting as a failure.
    if (r.beforeState !== State.Review) continue;
    const bucket = r.beforeInterval < MATURE_DAYS ? 'young' : 'mature';
    windows.forEach((_, w) => {
      if (r.at >= windowStart[w]! && r.at < tomorrow) {
        retention[w]![bucket][0]!++;
        if (r.grade > 1) retention[w]![bucket][1]!++;
      }
    });
  }

  // --- knowledge trend: the sum of predicted recall at the end of each of the last 30 days ---
  const trend: StatsReport['knowledge']['trend'] = [];
  const memory = new Map<string, { at: number; s: number }>();
  let next = 0;
  for (let back = 29; back >= 0; back--) {
    const end = Math.min(now, dayStart(now, rollover) - (back - 1) * DAY);
    while (next < reviews.length && reviews[next]!.at <= end) {
      const r = reviews[next++]!;
      memory.set(r.card, { at: r.at, s: r.stability });
    }
    let sum = 0;
    for (const { at, s } of memory.values()) sum += scheduler.retrievability({ due: 0, s, d: 0, st: State.Review, reps: 1, lapses: 0, sd: 0, ls: 0, ed: 0, lrt: at }, end);
    trend.push({ date: keyOfNumber(todayNumber - back), value: Math.round(sum * 10) / 10 });
  }

  const finish = (g: Readiness & { recallSum: number; above: number; studied: number }): Readiness => ({
    name: g.name,
    new: g.new,
    learning: g.learning,
    review: g.review,
    suspended: g.suspended,
    averageRecall: g.studied ? g.recallSum / g.studied : null,
    aboveTarget: g.studied ? g.above / g.studied : null,
  });
  const weakestFirst = (a: Readiness, b: Readiness) =>
    (a.averageRecall ?? 2) - (b.averageRecall ?? 2) || (a.name < b.name ? -1 : 1);

  return {
    generatedAt: new Date(now).toISOString(),
    rolloverHour: rollover,
    desiredRetention: target,
    totals: { cards: cards.length, studied, reviews: reviews.length },
    today: {
      date: todayKey,
      dueNow,
      dueToday,
      newLeft: Math.min(newWaiting, Math.max(0, settings.newPerDay - newDoneToday)),
      reviewed: { count: todayCount, ms: todayMs, correct: todayCount ? todayCorrect / todayCount : null },
      streak: streaks(dayKeys, todayKey),
    },
    heatmap: { from: keyOfNumber(firstHeatDay), to: todayKey, days: heat.map((count, i) => ({ date: keyOfNumber(firstHeatDay + i), count })) },
    forecast: { overdue, days: dueByDay.map((due, i) => ({ date: keyOfNumber(todayNumber + i), due })) },
    retention: windows.map((window, w) => {
      const { young, mature } = retention[w]!;
      return { window, young: cell(young[0]!, young[1]!), mature: cell(mature[0]!, mature[1]!), all: cell(young[0]! + mature[0]!, young[1]! + mature[1]!) };
    }),
    readiness: {
      byDeck: [...groups.deck.values()].map(finish).sort(weakestFirst),
      byTag: [...groups.tag.values()].map(finish).sort(weakestFirst),
    },
    weakest: weakest.map(({ card, recall, lapses }) => ({ id: card.id, deck: card.deck, file: card.file, line: card.line, front: card.front, recall, lapses })),
    knowledge: { now: Math.round(knowledgeNow * 10) / 10, trend },
  };
}

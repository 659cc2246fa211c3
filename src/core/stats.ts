// Progress statistics: a pure function of the cards, their progress, the review history and a
// `now`. Days are the user's days (local time, starting at the rollover hour), as in review.
import { dayKey, dayStart, nextDayStart } from './day.js';
import type { History } from './history.js';
import type { ProgressLookup } from './queue.js';
import { State, type Scheduler } from './scheduler.js';
import type { Settings } from './settings.js';
import { daysLeft, planMatches, planTime, predictedOnDate, type Plan } from './plan.js';
import type { Card } from './types.js';

const DAY = 86_400_000;
/** Anki's line between young and mature cards: an interval of 21 days. */
export const MATURE_DAYS = 21;

export interface StatsInput {
  cards: Card[];
  progress: ProgressLookup;
  /** In time order; only answers to the cards in `cards` are counted. */
  history: History;
  now: number;
  settings: Settings;
  scheduler: Scheduler;
  /** Days of review history the heatmap shows (default 26 weeks). */
  heatmapDays?: number;
  /** Interview plans: each gets its days left and predicted recall on the date. */
  plans?: readonly Plan[];
}

export interface PlanReport {
  date: string;
  deck?: string;
  tag?: string;
  daysLeft: number;
  cards: number;
  /** Predicted share of the plan's cards recalled on the date with no more reviews. */
  withoutReviews: number;
  /** The same, if every review scheduled before the date is done. */
  withReviews: number;
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
  plans: PlanReport[];
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
  return streakOfDays(new Set([...dayKeys].map(dayNumber)), dayNumber(today));
}

function streakOfDays(set: Set<number>, today: number): { current: number; longest: number } {
  const days = [...set].sort((a, b) => a - b);
  let longest = 0;
  let run = 0;
  for (let i = 0; i < days.length; i++) {
    run = i > 0 && days[i] === days[i - 1]! + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  // The current streak ends today, or yesterday when today has no review yet.
  let end = today;
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
  const h = input.history;
  const ids = new Set(cards.map((c) => c.id));
  const inScope = new Uint8Array(h.cards.length);
  h.cards.forEach((id, i) => (inScope[i] = ids.has(id) ? 1 : 0));

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
  const days = new Set<number>();
  let counted = 0;
  let todayCount = 0;
  let todayMs = 0;
  let todayCorrect = 0;
  const windows = [1, 7, 30, 365];
  const windowStart = windows.map((w) => todayStart - (w - 1) * DAY);
  const retention = windows.map(() => ({ young: [0, 0], mature: [0, 0] }));
  // Answers come in time order: the user's day changes at known instants, so a day's number is
  // computed once per day, not once per answer.
  let from = Infinity;
  let until = -Infinity;
  let day = 0;
  for (let i = 0; i < h.length; i++) {
    if (!inScope[h.card[i]!]) continue;
    counted++;
    const at = h.at[i]!;
    if (at < from || at >= until) {
      from = dayStart(at, rollover);
      until = nextDayStart(at, rollover);
      day = dayNumber(dayKey(at, rollover));
    }
    days.add(day);
    if (day >= firstHeatDay && day <= todayNumber) heat[day - firstHeatDay]!++;
    const passed = h.grade[i]! > 1;
    if (at >= todayStart && at < tomorrow) {
      todayCount++;
      todayMs += h.ms[i]!;
      if (passed) todayCorrect++;
    }
    // True retention: answers given to cards in review state, Again counting as a failure.
    if (h.beforeState[i] !== State.Review) continue;
    const bucket = h.beforeInterval[i]! < MATURE_DAYS ? 'young' : 'mature';
    for (let w = 0; w < windows.length; w++) {
      if (at >= windowStart[w]! && at < tomorrow) {
        retention[w]![bucket][0]!++;
        if (passed) retention[w]![bucket][1]!++;
      }
    }
  }

  // --- knowledge trend: the sum of predicted recall at the end of each of the last 30 days ---
  const trend: StatsReport['knowledge']['trend'] = [];
  const lastAt = new Float64Array(h.cards.length);
  const lastS = new Float64Array(h.cards.length);
  let next = 0;
  for (let back = 29; back >= 0; back--) {
    const end = Math.min(now, todayStart - (back - 1) * DAY);
    for (; next < h.length && h.at[next]! <= end; next++) {
      const c = h.card[next]!;
      lastAt[c] = h.at[next]!;
      lastS[c] = h.stability[next]!;
    }
    let sum = 0;
    for (let c = 0; c < lastAt.length; c++) {
      if (inScope[c] && lastAt[c]! > 0 && lastS[c]! > 0) sum += scheduler.recallAfter((end - lastAt[c]!) / DAY, lastS[c]!);
    }
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
    totals: { cards: cards.length, studied, reviews: counted },
    today: {
      date: todayKey,
      dueNow,
      dueToday,
      newLeft: Math.min(newWaiting, Math.max(0, settings.newPerDay - newDoneToday)),
      reviewed: { count: todayCount, ms: todayMs, correct: todayCount ? todayCorrect / todayCount : null },
      streak: streakOfDays(days, todayNumber),
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
    plans: (input.plans ?? [])
      .filter((p) => planTime(p) > now)
      .map((plan) => {
        const planned = cards.filter((c) => planMatches(plan, c));
        const at = planTime(plan);
        const look = (id: string) => (progress.peek ? progress.peek(id) : progress.get(id));
        const predicted = predictedOnDate(planned, look, at, now, input.scheduler, target);
        return { date: plan.date, deck: plan.deck, tag: plan.tag, daysLeft: daysLeft(at, now), cards: planned.length, ...predicted };
      }),
  };
}

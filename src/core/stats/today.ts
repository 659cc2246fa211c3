// Today: what is due, what is new, what was reviewed, and the streak of days with reviews.
import { dayUsage } from '../queue.js';
import { Kind, type StatsContext } from './context.js';

export interface TodayReport {
  date: string;
  dueNow: number;
  dueToday: number;
  newLeft: number;
  reviewed: { count: number; ms: number; correct: number | null };
  streak: { current: number; longest: number };
}

export interface TotalsReport {
  cards: number;
  studied: number;
  reviews: number;
}

export function totals(ctx: StatsContext): TotalsReport {
  let studied = 0;
  for (const k of ctx.kind) if (k === Kind.Learning || k === Kind.Review) studied++;
  let reviews = 0;
  for (const d of ctx.day) if (d >= 0) reviews++;
  return { cards: ctx.cards.length, studied, reviews };
}

export function today(ctx: StatsContext): TodayReport {
  let dueNow = 0;
  let dueToday = 0;
  let newWaiting = 0;
  for (let i = 0; i < ctx.kind.length; i++) {
    const k = ctx.kind[i];
    if (k === Kind.New) newWaiting++;
    if (k !== Kind.Learning && k !== Kind.Review) continue;
    if (ctx.due[i]! <= ctx.now) dueNow++;
    if (ctx.due[i]! < ctx.tomorrow) dueToday++;
  }
  const h = ctx.input.history;
  let count = 0;
  let ms = 0;
  let correct = 0;
  const days = new Set<number>();
  for (let i = 0; i < h.length; i++) {
    if (ctx.day[i]! < 0) continue;
    days.add(ctx.day[i]!);
    const at = h.at[i]!;
    if (at >= ctx.todayStart && at < ctx.tomorrow) {
      count++;
      ms += h.ms[i]!;
      if (h.grade[i]! > 1) correct++;
    }
  }
  // The day's new-card budget is shared by all decks: count what every deck introduced today.
  const used = dayUsage(ctx.input.progress, ctx.todayStart, ctx.input.policy).news;
  return {
    date: ctx.todayKey,
    dueNow,
    dueToday,
    newLeft: Math.min(newWaiting, Math.max(0, ctx.input.policy.settings.newPerDay - used)),
    reviewed: { count, ms, correct: count ? correct / count : null },
    streak: streakOfDays(days, ctx.todayNumber),
  };
}

export function streakOfDays(set: Set<number>, today: number): { current: number; longest: number } {
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

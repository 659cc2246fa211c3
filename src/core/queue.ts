// What today's session shows, in Anki's order: learning cards as they come due, then reviews
// (lowest predicted recall first) with new cards spread evenly among them.
import { dayStart, learningComesBackToday, nextDayStart } from './day.js';
import type { CardRecord } from './events.js';
import { ProgressStore } from './progress-store.js';
import type { Policy } from './policy.js';
import type { Progress } from './scheduler.js';
import { State } from './scheduler.js';
import type { Card } from './types.js';
import { plannedNewQuota, planFor, recallOn, type Plan } from './plan.js';
import { formatDayKey, m } from '../i18n/index.js';

/** Progress by card id; `peek` (see ProgressStore) reads a record without keeping it. */
export type ProgressLookup = ReadonlyMap<string, Progress> & { peek?(id: string): Progress | undefined };

export interface QueueInput {
  /** The cards this session may show (after --deck and --tag). */
  cards: Card[];
  progress: ProgressLookup;
  now: number;
  /** Limits, plans (their cards come first near the date, their new cards early enough), retention. */
  policy: Policy;
  /** At most this many review and new cards this session (`--limit`). */
  limit?: number;
}

/** What the day has used of its limits, over every card: a `--deck` session shares the day's budget. */
export interface DayUsage {
  news: number;
  reviews: number;
  newsByDeck: Map<string, number>;
}

/**
 * Counts the new cards introduced and the reviews done since `today`, across all progress (not
 * only the cards of this session), each new card also under the deck of the file it was answered in.
 */
export function dayUsage(progress: ProgressLookup, today: number, policy: Pick<Policy, 'deckOf'>): DayUsage {
  const usage: DayUsage = { news: 0, reviews: 0, newsByDeck: new Map() };
  const count = (first: number | undefined, lrv: number | undefined, file: string | undefined) => {
    if (first !== undefined && first >= today) {
      usage.news++;
      const deck = policy.deckOf(file);
      if (deck !== undefined) usage.newsByDeck.set(deck, (usage.newsByDeck.get(deck) ?? 0) + 1);
    }
    if (lrv !== undefined && lrv >= today) usage.reviews++;
  };
  if (progress instanceof ProgressStore) progress.scanDays(count);
  else for (const p of progress.values() as Iterable<Readonly<CardRecord>>) count(p.first, p.lrv, p.file);
  return usage;
}

/** In the last days before a plan's date its due cards come first, weakest on the date first. */
export const PLAN_PRIORITY_DAYS = 7;

export interface LearningEntry {
  card: Card;
  due: number;
}

export interface Queue {
  learning: LearningEntry[];
  /** Reviews and new cards, interleaved, in the order they will be shown. */
  main: Card[];
  /** Counted so the summary can say what the limits held back. */
  heldBack: { reviews: number; news: number };
  /** How many of the cards have a progress record (all of them: no history lacks its card). */
  withProgress: number;
  /** What the plans changed today, one line each (more new cards, or a date too close). */
  planNotes: string[];
}

/** Puts `b` into `a` at even spacing: 10 reviews and 2 new cards -> r r r n r r r r n r r r. */
export function interleave<T>(a: T[], b: T[]): T[] {
  if (b.length === 0) return [...a];
  if (a.length === 0) return [...b];
  const out: T[] = [];
  const step = (a.length + 1) / (b.length + 1);
  let next = step;
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    while (j < b.length && i + 1 >= next) {
      out.push(b[j++]!);
      next += step;
    }
    out.push(a[i]!);
  }
  while (j < b.length) out.push(b[j++]!);
  return out;
}

export function buildQueue(input: QueueInput): Queue {
  const { cards, progress, now, policy } = input;
  const { settings, scheduler } = policy;
  const today = dayStart(now, settings.rolloverHour);
  const tomorrow = nextDayStart(now, settings.rolloverHour);
  const look = progress.peek ? progress.peek.bind(progress) : progress.get.bind(progress);

  // One pass over every card, reading each record once (at 100k cards every extra pass and
  // every per-card object shows in the start-up time). Sibling burying needs to know every note
  // answered today, so candidates are collected first and filtered after the pass.
  const answeredNotes = new Set<string>();
  const answeredFiles = new Set<string>();
  const used = dayUsage(progress, today, policy);
  const learning: LearningEntry[] = [];
  const dueIndex: number[] = [];
  const dueRecall: number[] = [];
  const dueAnsweredToday: boolean[] = [];
  const newIndex: number[] = [];

  let withProgress = 0;
  for (let i = 0; i < cards.length; i++) {
    const card = cards[i]!;
    const p = look(card.id);
    if (!p) {
      newIndex.push(i);
      continue;
    }
    withProgress++;
    // Each field read once: a peeked record reads its columns on every access.
    const lrt = p.lrt;
    const buriedUntil = p.buriedUntil;
    const answeredToday = lrt !== undefined && lrt >= today;
    if (answeredToday) {
      answeredNotes.add(card.noteKey);
      answeredFiles.add(card.file);
    }
    if (p.suspended) continue;
    if (buriedUntil !== undefined && buriedUntil > now) continue;
    const st = p.st;
    const due = p.due;
    if (st === State.Learning || st === State.Relearning) {
      if (learningComesBackToday(due, lrt, today, tomorrow)) learning.push({ card, due });
    } else if (st === State.New) newIndex.push(i);
    else if (due < tomorrow) {
      dueIndex.push(i);
      dueRecall.push(scheduler.retrievability(p, now));
      dueAnsweredToday.push(answeredToday);
    }
  }

  // A sibling answered today buries the other new and review cards of its note until tomorrow.
  // (The file is checked first: a note key is a new string each time it is asked for.)
  const buried = (i: number, answeredToday: boolean) =>
    answeredNotes.size > 0 && !answeredToday && answeredFiles.has(cards[i]!.file) && answeredNotes.has(cards[i]!.noteKey);

  const news: Card[] = [];
  const newTakenByDeck = new Map<string, number>();
  let newLeft = Math.max(0, settings.newPerDay - used.news);
  let heldNews = 0;
  const planNotes: string[] = [];
  const plans = policy.plans;
  if (plans.length > 0) {
    // Planned new cards go first, and as many as the date needs even beyond the daily limit.
    const planOf = (i: number) => planFor(cards[i]!, plans, now);
    const planned = newIndex.filter((i) => planOf(i) !== undefined && !buried(i, false));
    const unseenByPlan = new Map<Plan, { at: number; count: number }>();
    for (const i of planned) {
      const p = planOf(i)!;
      const entry = unseenByPlan.get(p.plan) ?? { at: p.at, count: 0 };
      entry.count++;
      unseenByPlan.set(p.plan, entry);
    }
    let quota = 0;
    for (const [plan, { at, count }] of unseenByPlan) {
      const q = plannedNewQuota(count, at, now);
      quota += q.quota;
      const what = plan.deck ?? plan.tag ?? m.plan.allCards;
      const date = formatDayKey(plan.date);
      if (q.tooClose) planNotes.push(m.plan.tooClose(date, what, count));
      else if (q.quota > newLeft) planNotes.push(m.plan.moreNew(date, what, count, q.quota, newLeft));
    }
    const take = Math.min(planned.length, Math.max(newLeft, quota));
    const chosen = new Set(planned.slice(0, take));
    for (const i of planned.slice(0, take)) news.push(cards[i]!);
    newLeft = Math.max(0, newLeft - take);
    newIndex.splice(0, newIndex.length, ...newIndex.filter((i) => !chosen.has(i)));
  }
  for (const i of newIndex) {
    if (buried(i, false)) continue;
    if (newLeft <= 0) {
      heldNews++;
      continue;
    }
    const card = cards[i]!;
    const deckLimit = policy.deckNewLimit(card.deck);
    const deckTaken = (used.newsByDeck.get(card.deck) ?? 0) + (newTakenByDeck.get(card.deck) ?? 0);
    if (deckLimit !== undefined && deckTaken >= deckLimit) {
      heldNews++;
      continue;
    }
    news.push(card);
    newTakenByDeck.set(card.deck, (newTakenByDeck.get(card.deck) ?? 0) + 1);
    newLeft--;
  }

  // Most overdue relative to stability = lowest predicted recall now (ties: deck order). In the
  // last days before a plan's date, its cards come first, lowest predicted recall on the date first.
  const urgency = new Float64Array(dueIndex.length).fill(2);
  if (plans.length > 0) {
    dueIndex.forEach((i, k) => {
      const p = planFor(cards[i]!, plans, now);
      if (p && p.at - now <= PLAN_PRIORITY_DAYS * 86_400_000) urgency[k] = recallOn(look(cards[i]!.id), p.at, scheduler);
    });
  }
  const candidates = Uint32Array.from(dueIndex.keys()).filter((k) => !buried(dueIndex[k]!, dueAnsweredToday[k]!));
  const reviewRoom = Math.max(0, settings.reviewsPerDay - used.reviews);
  let shown = Math.min(candidates.length, reviewRoom);
  let heldReviews = candidates.length - shown;
  const order = smallestSorted(candidates, shown, (a, b) => urgency[a]! - urgency[b]! || dueRecall[a]! - dueRecall[b]! || a - b);
  let shownNews = news;
  if (input.limit !== undefined) {
    const reviewShare = Math.min(shown, input.limit);
    heldReviews += shown - reviewShare;
    shown = reviewShare;
    const newShare = Math.min(news.length, input.limit - reviewShare);
    heldNews += news.length - newShare;
    shownNews = news.slice(0, newShare);
  }
  const dueReviews = order.slice(0, shown).map((k) => cards[dueIndex[k]!]!);
  learning.sort((a, b) => a.due - b.due);
  return { learning, main: interleave(dueReviews, shownNews), heldBack: { reviews: heldReviews, news: heldNews }, withProgress, planNotes };
}

/**
 * The `k` smallest of `items` by `compare`, in order. A bounded heap rather than a full sort:
 * 100k cards can have tens of thousands due, and a session shows a few hundred of them.
 */
export function smallestSorted(items: ArrayLike<number>, k: number, compare: (a: number, b: number) => number): number[] {
  if (k <= 0) return [];
  if (k >= items.length) return Array.from(items).sort(compare);
  // A max-heap of the k smallest so far: its root is the largest of them.
  const heap = Array.from({ length: k }, (_, i) => items[i]!);
  for (let i = (k >> 1) - 1; i >= 0; i--) siftDown(heap, i, compare);
  for (let n = k; n < items.length; n++) {
    const item = items[n]!;
    if (compare(item, heap[0]!) < 0) {
      heap[0] = item;
      siftDown(heap, 0, compare);
    }
  }
  return heap.sort(compare);
}

function siftDown(heap: number[], i: number, compare: (a: number, b: number) => number): void {
  const item = heap[i]!;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= heap.length) break;
    if (child + 1 < heap.length && compare(heap[child + 1]!, heap[child]!) > 0) child++;
    if (compare(heap[child]!, item) <= 0) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = item;
}

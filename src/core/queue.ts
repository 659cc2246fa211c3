// What today's session shows, in Anki's order: learning cards as they come due, then reviews
// (lowest predicted recall first) with new cards spread evenly among them.
import { dayStart, nextDayStart } from './day.js';
import type { Progress, Scheduler } from './scheduler.js';
import { State } from './scheduler.js';
import type { Settings } from './settings.js';
import type { Card } from './types.js';

export interface QueueInput {
  cards: Card[];
  progress: ReadonlyMap<string, Progress>;
  now: number;
  settings: Settings;
  scheduler: Scheduler;
  /** Per-deck new-card limits from front matter. */
  deckNewPerDay?: ReadonlyMap<string, number>;
  /** At most this many review and new cards this session (`--limit`). */
  limit?: number;
}

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
  const { cards, progress, now, settings, scheduler } = input;
  const today = dayStart(now, settings.rolloverHour);
  const tomorrow = nextDayStart(now, settings.rolloverHour);

  // One pass for what the limits and sibling burying need, one for the queue: at 100k cards
  // every extra pass and every per-card allocation shows in the start-up time.
  const records: (Progress | undefined)[] = new Array(cards.length);
  const answeredNotes = new Set<string>();
  const newDoneByDeck = new Map<string, number>();
  let newDoneToday = 0;
  let reviewsDoneToday = 0;
  for (let i = 0; i < cards.length; i++) {
    const card = cards[i]!;
    const p = progress.get(card.id);
    records[i] = p;
    if (!p) continue;
    if (p.lrt !== undefined && p.lrt >= today) answeredNotes.add(card.noteKey);
    if (p.first !== undefined && p.first >= today) {
      newDoneToday++;
      newDoneByDeck.set(card.deck, (newDoneByDeck.get(card.deck) ?? 0) + 1);
    }
    if (p.lrv !== undefined && p.lrv >= today) reviewsDoneToday++;
  }

  const learning: LearningEntry[] = [];
  const dueIndex: number[] = [];
  const dueRecall: number[] = [];
  const news: Card[] = [];
  const newTakenByDeck = new Map<string, number>();
  let newLeft = Math.max(0, settings.newPerDay - newDoneToday);
  let heldNews = 0;

  for (let i = 0; i < cards.length; i++) {
    const card = cards[i]!;
    const p = records[i];
    if (p?.suspended) continue;
    if (p?.buriedUntil !== undefined && p.buriedUntil > now) continue;
    if (p && (p.st === State.Learning || p.st === State.Relearning)) {
      if (p.due < tomorrow) learning.push({ card, due: p.due });
      continue;
    }
    if (answeredNotes.size > 0 && answeredNotes.has(card.noteKey) && (!p || p.lrt === undefined || p.lrt < today)) continue;
    if (!p || p.st === State.New) {
      const deckLimit = input.deckNewPerDay?.get(card.deck);
      const deckTaken = (newDoneByDeck.get(card.deck) ?? 0) + (newTakenByDeck.get(card.deck) ?? 0);
      if (newLeft <= 0 || (deckLimit !== undefined && deckTaken >= deckLimit)) {
        heldNews++;
        continue;
      }
      news.push(card);
      newTakenByDeck.set(card.deck, (newTakenByDeck.get(card.deck) ?? 0) + 1);
      newLeft--;
      continue;
    }
    if (p.due < tomorrow) {
      dueIndex.push(i);
      dueRecall.push(scheduler.retrievability(p, now));
    }
  }

  // Most overdue relative to stability = lowest predicted recall now (ties: deck order).
  const order = Uint32Array.from(dueIndex.keys()).sort((a, b) => dueRecall[a]! - dueRecall[b]! || a - b);
  const reviewRoom = Math.max(0, settings.reviewsPerDay - reviewsDoneToday);
  let shown = Math.min(order.length, reviewRoom);
  let heldReviews = order.length - shown;
  let shownNews = news;
  if (input.limit !== undefined) {
    const reviewShare = Math.min(shown, input.limit);
    heldReviews += shown - reviewShare;
    shown = reviewShare;
    const newShare = Math.min(news.length, input.limit - reviewShare);
    heldNews += news.length - newShare;
    shownNews = news.slice(0, newShare);
  }
  const dueReviews = Array.from(order.subarray(0, shown), (k) => cards[dueIndex[k]!]!);
  learning.sort((a, b) => a.due - b.due);
  return { learning, main: interleave(dueReviews, shownNews), heldBack: { reviews: heldReviews, news: heldNews } };
}

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

/** Notes with a card answered today: their other new and review cards wait until tomorrow. */
function notesAnsweredToday(cards: Card[], progress: ReadonlyMap<string, Progress>, since: number): Set<string> {
  const notes = new Set<string>();
  for (const card of cards) {
    const lrt = progress.get(card.id)?.lrt;
    if (lrt !== undefined && lrt >= since) notes.add(card.noteKey);
  }
  return notes;
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
  const answeredNotes = notesAnsweredToday(cards, progress, today);

  let newDoneToday = 0;
  let reviewsDoneToday = 0;
  const newDoneByDeck = new Map<string, number>();
  for (const card of cards) {
    const p = progress.get(card.id);
    if (p?.first !== undefined && p.first >= today) {
      newDoneToday++;
      newDoneByDeck.set(card.deck, (newDoneByDeck.get(card.deck) ?? 0) + 1);
    }
    if (p?.lrv !== undefined && p.lrv >= today) reviewsDoneToday++;
  }

  const learning: LearningEntry[] = [];
  const reviews: { card: Card; recall: number }[] = [];
  const news: Card[] = [];
  const newTakenByDeck = new Map<string, number>();
  let newLeft = Math.max(0, settings.newPerDay - newDoneToday);
  let heldNews = 0;

  for (const card of cards) {
    const p = progress.get(card.id);
    if (p?.suspended) continue;
    if (p?.buriedUntil !== undefined && p.buriedUntil > now) continue;
    const isNew = !p || p.st === State.New;
    if (p && (p.st === State.Learning || p.st === State.Relearning)) {
      if (p.due < tomorrow) learning.push({ card, due: p.due });
      continue;
    }
    if (answeredNotes.has(card.noteKey) && (!p || p.lrt === undefined || p.lrt < today)) continue;
    if (isNew) {
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
    if (p.due < tomorrow) reviews.push({ card, recall: scheduler.retrievability(p, now) });
  }

  // Most overdue relative to stability = lowest predicted recall now.
  reviews.sort((a, b) => a.recall - b.recall);
  const reviewRoom = Math.max(0, settings.reviewsPerDay - reviewsDoneToday);
  let dueReviews = reviews.slice(0, reviewRoom).map((r) => r.card);
  let heldReviews = reviews.length - dueReviews.length;
  let shownNews = news;
  if (input.limit !== undefined) {
    const reviewShare = Math.min(dueReviews.length, input.limit);
    heldReviews += dueReviews.length - reviewShare;
    dueReviews = dueReviews.slice(0, reviewShare);
    const newShare = Math.min(news.length, input.limit - reviewShare);
    heldNews += news.length - newShare;
    shownNews = news.slice(0, newShare);
  }
  learning.sort((a, b) => a.due - b.due);
  return { learning, main: interleave(dueReviews, shownNews), heldBack: { reviews: heldReviews, news: heldNews } };
}

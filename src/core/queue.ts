// What today's session shows, in Anki's order: learning cards as they come due, then reviews
// (lowest predicted recall first) with new cards spread evenly among them. Chosen from the
// columns of the cards (core/card-table.ts) and of their progress: a Card object is made only
// for a card the session shows.
import { CardTable } from './card-table.js';
import { curveKey, lowestOnCurve } from './curve-select.js';
import { dayStart, learningComesBackToday, nextDayStart } from './day.js';
import type { AgendaEntries } from './due-agenda.js';
import type { CardRecord } from './events.js';
import { ProgressStore } from './progress-store.js';
import type { Policy } from './policy.js';
import type { Progress } from './scheduler.js';
import { State } from './scheduler.js';
import type { MainEntry } from './session.js';
import type { Card } from './types.js';
import { plannedNewQuota, planFor, recallOn, type Plan } from './plan.js';
import { formatDayKey, m } from '../i18n/index.js';

/** Progress by card id; `peek` (see ProgressStore) reads a record without keeping it. */
export type ProgressLookup = ReadonlyMap<string, Progress> & { peek?(id: string): Progress | undefined };

export interface QueueInput {
  /** The cards this session may show (after --deck and --tag). */
  cards: CardTable | readonly Card[];
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
  if (progress instanceof ProgressStore) progress.scanSince(today, count);
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
  /**
   * The same as entries of a session, each saying whether its card is new, the card made only
   * when first read: a session draws its first card before it makes the others.
   */
  entries?: readonly MainEntry[];
  /** Counted so the summary can say what the limits held back. */
  heldBack: { reviews: number; news: number };
  /** What the plans changed today, one line each (more new cards, or a date too close). */
  planNotes: string[];
}

/**
 * A learning card of the queue, made a Card only when the session comes to it: a day's learning
 * cards can be thousands, and they come back one at a time.
 */
class QueuedLearning implements LearningEntry {
  constructor(
    private readonly table: CardTable,
    private readonly index: number,
    readonly due: number,
  ) {}

  get card(): Card {
    return this.table.card(this.index);
  }
}

/** A card of the queue's main part, made a Card when first read (see Queue.entries). */
class QueuedCard implements MainEntry {
  constructor(
    private readonly table: CardTable,
    private readonly index: number,
    readonly isNew: boolean,
  ) {}

  get card(): Card {
    return this.table.card(this.index);
  }
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

/**
 * Each card's record as peek gives it (a view valid until the next call): from the progress
 * columns joined to the cards' ids when progress is a ProgressStore, else looked up by id.
 */
export function recordsOf(table: CardTable, progress: ProgressLookup): (i: number) => Readonly<Progress> | undefined {
  if (progress instanceof ProgressStore) {
    const rows = progress.rowsOf(table.ids);
    return (i) => progress.recordOf(table.ids, rows, i);
  }
  const look = progress.peek ? progress.peek.bind(progress) : progress.get.bind(progress);
  return (i) => look(table.id(i));
}

/** The cards as a table: a list of cards (a test's, or a command's selection) becomes one. */
export function asTable(cards: CardTable | readonly Card[]): CardTable {
  return cards instanceof CardTable ? cards : CardTable.of(cards);
}

export function buildQueue(input: QueueInput): Queue {
  const { progress, now, policy } = input;
  const table = asTable(input.cards);
  const { settings, scheduler } = policy;
  const today = dayStart(now, settings.rolloverHour);
  const tomorrow = nextDayStart(now, settings.rolloverHour);
  const look = recordsOf(table, progress);
  const { group, groups } = table;

  const used = dayUsage(progress, today, policy);
  const n = table.length;
  const scan = progress instanceof ProgressStore ? progress.scan(table.ids) : undefined;
  const { factor, decay } = scheduler.forgettingCurve;
  const times = { now, today, tomorrow };
  const answeredToday = scan !== undefined && scan.latest('lrt') >= today;
  // A bury lasts to the next day: usually no card is buried now.
  const buriedNow = scan !== undefined && scan.latest('buriedUntil') > now;
  // From a due agenda the queue reads the cards due by tomorrow, the records in no review state,
  // the cards with no record, and those answered today and buried now (seldom many), not every card.
  const agenda = scan?.agenda;
  const upcoming = agenda?.before(tomorrow);
  const fresh = upcoming && agenda!.fresh();
  const answeredCards = upcoming && (answeredToday ? agenda!.answeredSince(today) : NO_CARDS);
  const buriedCards = upcoming && (buriedNow ? agenda!.buriedAfter(now) : NO_CARDS);
  const sorted =
    upcoming && fresh && answeredCards && buriedCards
      ? passOverAgenda(upcoming, fresh, { answered: answeredCards, buried: buriedCards, cards: n }, times)
      : passOverCards({
          // Each card's record: at rows[i] in the columns, or none (-1), or an object (-2: look(i)).
          rows: scan ? scan.rows : new Int32Array(n).fill(-2),
          st: scan?.column('st') ?? NONE,
          due: scan?.column('due') ?? NONE,
          s: scan?.column('s') ?? NONE,
          lrt: scan?.column('lrt') ?? NONE,
          buriedUntil: buriedNow ? scan.column('buriedUntil') : undefined,
          suspended: scan?.suspended ?? new Uint8Array(0),
          reviewDue: scan?.reviewDue,
          answeredToday,
          look,
          ...times,
        });
  const { learningIndex, learningDue, learnings, dueIndex, dueLrt, dueS, dues } = sorted;
  let newIndex = sorted.newIndex;
  // A sibling answered today buries the other new and review cards of its note until tomorrow.
  // A note's cards are in one file: the others' cards are told apart by their file alone (no
  // note made for each of the thousands of cards passed over).
  const answeredNotes = new Set<number>();
  const files = new Set<string>();
  for (const i of sorted.answered) {
    answeredNotes.add(table.noteOf(i));
    files.add(groups[group[i]!]!.file);
  }
  const inAnsweredFile = Uint8Array.from(groups, (g) => (files.has(g.file) ? 1 : 0));
  const buried = (i: number, answeredToday: boolean) => answeredNotes.size > 0 && !answeredToday && inAnsweredFile[group[i]!] === 1 && answeredNotes.has(table.noteOf(i));

  // Plans and new-card limits are a deck's: asked once per deck file, not per card.
  const plans = policy.plans;
  const groupPlans = new Map<number, ReturnType<typeof planFor>>();
  const planOf = (i: number) => {
    const g = group[i]!;
    if (!groupPlans.has(g)) groupPlans.set(g, planFor(groups[g]!, plans, now));
    return groupPlans.get(g);
  };

  const news: number[] = [];
  const newTakenByDeck = new Map<string, number>();
  let newLeft = Math.max(0, settings.newPerDay - used.news);
  let heldNews = 0;
  const planNotes: string[] = [];
  if (plans.length > 0) {
    // Planned new cards go first, and as many as the date needs even beyond the daily limit.
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
    news.push(...chosen);
    newLeft = Math.max(0, newLeft - take);
    newIndex = newIndex.filter((i) => !chosen.has(i));
  }
  for (let j = 0; j < newIndex.length; j++) {
    const i = newIndex[j]!;
    if (buried(i, false)) continue;
    if (newLeft <= 0) {
      // The rest are held back, all of them when no sibling buries any.
      if (answeredNotes.size === 0) {
        heldNews += newIndex.length - j;
        break;
      }
      heldNews++;
      continue;
    }
    const deck = groups[group[i]!]!.deck;
    const deckLimit = policy.deckNewLimit(deck);
    const deckTaken = (used.newsByDeck.get(deck) ?? 0) + (newTakenByDeck.get(deck) ?? 0);
    if (deckLimit !== undefined && deckTaken >= deckLimit) {
      heldNews++;
      continue;
    }
    news.push(i);
    newTakenByDeck.set(deck, (newTakenByDeck.get(deck) ?? 0) + 1);
    newLeft--;
  }

  // Most overdue relative to stability = lowest predicted recall now (ties: card order). In the
  // last days before a plan's date, its cards come first, lowest predicted recall on the date first.
  // The due reviews not buried by a sibling: all of them (0..dues-1, undefined) when none is.
  let candidates: Int32Array | undefined;
  if (answeredNotes.size > 0) {
    candidates = new Int32Array(dues);
    let count = 0;
    for (let k = 0; k < dues; k++) if (!buried(dueIndex[k]!, dueLrt[k]! >= today)) candidates[count++] = k;
    candidates = candidates.subarray(0, count);
  }
  const candidateCount = candidates ? candidates.length : dues;
  const reviewRoom = Math.max(0, settings.reviewsPerDay - used.reviews);
  let shown = Math.min(candidateCount, reviewRoom);
  let heldReviews = candidateCount - shown;
  // Predicted recall now, from a card's key (see curveKey).
  const recallOf = (key: number) => (key === -Infinity ? 0 : Math.pow(-key, decay));
  let order: number[];
  if (plans.length > 0) {
    const urgency = new Float64Array(dues).fill(2);
    const dueRecall = new Float64Array(dues);
    for (let k = 0; k < dues; k++) {
      dueRecall[k] = recallOf(curveKey(dueLrt[k]!, dueS[k]!, now, factor));
      const p = planOf(dueIndex[k]!);
      if (p && p.at - now <= PLAN_PRIORITY_DAYS * 86_400_000) urgency[k] = recallOn(look(dueIndex[k]!), p.at, scheduler);
    }
    candidates ??= Int32Array.from({ length: dues }, (_, k) => k);
    order = smallestSorted(candidates, shown, (a, b) => urgency[a]! - urgency[b]! || dueRecall[a]! - dueRecall[b]! || dueIndex[a]! - dueIndex[b]!);
  } else {
    // The furthest along the curve have the lowest recall; they are shown in order of recall
    // (a power of the key: keys apart can come out equal, and then go in card order).
    const entries = candidates
      ? { lrt: gather(dueLrt, candidates), s: gather(dueS, candidates), tie: gather(dueIndex, candidates) }
      : { lrt: dueLrt.subarray(0, dues), s: dueS.subarray(0, dues), tie: dueIndex.subarray(0, dues) };
    const { positions, keys } = lowestOnCurve(entries, shown, now, factor);
    order = candidates ? positions.map((j) => candidates![j]!) : positions;
    const chosen = new Map(order.map((k, j) => [k, recallOf(keys[j]!)]));
    order.sort((a, b) => chosen.get(a)! - chosen.get(b)! || dueIndex[a]! - dueIndex[b]!);
  }
  let shownNews = news;
  if (input.limit !== undefined) {
    const reviewShare = Math.min(shown, input.limit);
    heldReviews += shown - reviewShare;
    shown = reviewShare;
    const newShare = Math.min(news.length, input.limit - reviewShare);
    heldNews += news.length - newShare;
    shownNews = news.slice(0, newShare);
  }
  const entries = interleave(
    order.slice(0, shown).map((k) => new QueuedCard(table, dueIndex[k]!, false)),
    shownNews.map((i) => new QueuedCard(table, i, true)),
  );
  const byDue = sorted.learningInOrder ? undefined : orderByKey(learningDue.subarray(0, learnings));
  const learning: LearningEntry[] = new Array(learnings);
  for (let j = 0; j < learnings; j++) {
    const at = byDue ? byDue[j]! : j;
    learning[j] = new QueuedLearning(table, learningIndex[at]!, learningDue[at]!);
  }
  return {
    learning,
    entries,
    get main() {
      return entries.map((e) => e.card);
    },
    heldBack: { reviews: heldReviews, news: heldNews },
    planNotes,
  };
}

const NONE = new Float64Array(0);
const NO_CARDS = new Int32Array(0);

/** The values of `column` at `positions`, in that order. */
function gather<T extends Float64Array | Int32Array>(column: T, positions: Int32Array): T {
  const out = new (column.constructor as new (length: number) => T)(positions.length);
  for (let j = 0; j < positions.length; j++) out[j] = column[positions[j]!]!;
  return out;
}

/** The moments a pass sorts cards by. */
interface PassTimes {
  now: number;
  today: number;
  tomorrow: number;
}

/**
 * The cards a queue chooses from, as a pass over them sorted them: learning cards due today
 * (`learningIndex`, their due times in `learningDue`, in card order unless `learningInOrder`),
 * new cards (`newIndex`, in card order), reviews due today (`dueIndex`, each with its last review
 * time and stability, which place it on the forgetting curve), and the cards answered today
 * (their notes bury their siblings).
 */
interface SortedCards {
  learningIndex: Int32Array;
  learningDue: Float64Array;
  learnings: number;
  /** The learning cards are in the order a queue shows them already (by due time, ties in card order). */
  learningInOrder: boolean;
  newIndex: Int32Array;
  dueIndex: Int32Array;
  dueLrt: Float64Array;
  dueS: Float64Array;
  dues: number;
  answered: readonly number[] | Int32Array;
}

/** What the pass over the cards reads (see passOverCards). */
interface CardPass extends PassTimes {
  rows: Int32Array;
  st: Float64Array;
  due: Float64Array;
  s: Float64Array;
  lrt: Float64Array;
  buriedUntil: Float64Array | undefined;
  suspended: Uint8Array;
  /** Each card's review due time, when a cache kept it (see RecordScan.reviewDue). */
  reviewDue: Float64Array | undefined;
  /** Whether any record may have been answered today (their notes bury their siblings). */
  answeredToday: boolean;
  look: (i: number) => Readonly<Progress> | undefined;
}

/**
 * One pass over every card, reading each record once: from the progress columns joined to the
 * cards (no call and no object per card), or from the record object of a card changed since
 * loading. Sorts each card into learning due today, new, or review due today, in card order.
 * Sibling burying needs to know every card answered today, so those cards are collected too.
 *
 * It runs once, before the first frame, as cold code: about 100 ns a card it reads, whatever
 * their order (V8 reaches optimized code only some 40k cards in), so what counts is how many
 * cards it reads. With the due times a cache kept, that is the cards due today.
 */
function passOverCards(c: CardPass): SortedCards {
  const { rows, st: stColumn, due: dueColumn, s: sColumn, lrt: lrtColumn, buriedUntil, suspended, reviewDue, answeredToday, look, now, today, tomorrow } = c;
  const n = rows.length;
  // Typed and sized for every card: growing arrays of tens of thousands of numbers allocate
  // large copies that the garbage collector then has to collect before the first frame.
  const learningIndex = new Int32Array(n);
  const learningDue = new Float64Array(n);
  const newIndex = new Int32Array(n);
  const dueIndex = new Int32Array(n);
  const dueLrt = new Float64Array(n);
  const dueS = new Float64Array(n);
  const answered: number[] = [];
  const REVIEW = State.Review;
  const LEARNING = State.Learning;
  const RELEARNING = State.Relearning;
  const NEW = State.New;
  let learnings = 0;
  let newCount = 0;
  let dues = 0;
  // Most cards are reviews due after today, and most of the others new cards with no record:
  // with the due times a cache kept per card, a loop of a few operations a card sets both apart,
  // and only the rest are read here. A new card with a record (buried, say) is new too: the two
  // lists are merged in card order after the pass.
  let visit: Int32Array | undefined;
  let visits = n;
  let withRecordNew: Int32Array | undefined;
  let recordNews = 0;
  if (reviewDue !== undefined) {
    visit = new Int32Array(n);
    const split = splitByDue(reviewDue, tomorrow, visit, newIndex);
    visits = split.visits;
    newCount = split.fresh;
    withRecordNew = new Int32Array(n);
    // The reviews answered today (due after today) bury their siblings too.
    if (answeredToday) for (let i = 0; i < n; i++) if (reviewDue[i]! >= tomorrow && lrtColumn[rows[i]!]! >= today) answered.push(i);
  }
  for (let v = 0; v < visits; v++) {
    const i = visit === undefined ? v : visit[v]!;
    const row = rows[i]!;
    // Absent fields are NaN, which every comparison below treats as false.
    let st: number, due: number, lrt: number, p: Readonly<Progress> | undefined;
    if (row >= 0) {
      st = stColumn[row]!;
      due = dueColumn[row]!;
      lrt = lrtColumn[row]!;
      if (lrt >= today) answered.push(i);
      // Most cards stop here: a review due after today.
      if (st === REVIEW && due >= tomorrow) continue;
    } else {
      p = row === -1 ? undefined : look(i);
      if (!p) {
        // With the kept due times, the new cards found here go in card order with the others.
        if (withRecordNew === undefined) newIndex[newCount++] = i;
        else withRecordNew[recordNews++] = i;
        continue;
      }
      st = p.st;
      due = p.due;
      lrt = p.lrt ?? NaN;
      if (lrt >= today) answered.push(i);
    }
    if (p ? p.suspended !== undefined : suspended[row] !== 0) continue;
    if (p ? (p.buriedUntil ?? NaN) > now : buriedUntil !== undefined && buriedUntil[row]! > now) continue;
    if (st === LEARNING || st === RELEARNING) {
      if (learningComesBackToday(due, lrt, today, tomorrow)) {
        learningIndex[learnings] = i;
        learningDue[learnings++] = due;
      }
    } else if (st === NEW) {
      if (withRecordNew === undefined) newIndex[newCount++] = i;
      else withRecordNew[recordNews++] = i;
    } else if (due < tomorrow) {
      const s = p ? p.s : sColumn[row]!;
      dueIndex[dues] = i;
      dueLrt[dues] = lrt;
      dueS[dues] = s;
      dues++;
    }
  }
  if (recordNews > 0) newCount = mergeAscending(newIndex, newCount, withRecordNew!, recordNews);
  return { learningIndex, learningDue, learnings, learningInOrder: false, newIndex: newIndex.subarray(0, newCount), dueIndex, dueLrt, dueS, dues, answered };
}

/**
 * passOverCards for the entries of a due agenda: the same cards, from the cards due by tomorrow,
 * those answered today (`answered`: their notes bury their siblings) and those buried now
 * (`buried`, left out) alone, sorted the same way but for the order within each list: the
 * learning cards as a queue shows them, the reviews due today by due time rather than card order.
 */
function passOverAgenda(entries: AgendaEntries, fresh: Int32Array, recent: { answered: Int32Array; buried: Int32Array; cards: number }, times: PassTimes): SortedCards {
  const { card, st, due, lrt, s, reviews } = entries;
  const { today, tomorrow } = times;
  // Flags, not a Set: a look-up for each of tens of thousands of entries.
  let buried: Uint8Array | undefined;
  if (recent.buried.length > 0) {
    buried = new Uint8Array(recent.cards);
    for (const i of recent.buried) buried[i] = 1;
  }
  const learningIndex = new Int32Array(reviews);
  const learningDue = new Float64Array(reviews);
  const withRecordNew = new Int32Array(reviews);
  // The records in no review state: as passOverCards sorts them. One with no state but a due
  // time before tomorrow is a due review there, so it is one here too (seldom any).
  const others: number[] = [];
  let learnings = 0;
  let recordNews = 0;
  for (let e = 0; e < reviews; e++) {
    if (buried && buried[card[e]!] === 1) continue;
    const state = st[e]!;
    if (state === State.Learning || state === State.Relearning) {
      if (learningComesBackToday(due[e]!, lrt[e]!, today, tomorrow)) {
        learningIndex[learnings] = card[e]!;
        learningDue[learnings++] = due[e]!;
      }
    } else if (state === State.New) withRecordNew[recordNews++] = card[e]!;
    else if (due[e]! < tomorrow) others.push(e);
  }
  let newIndex = fresh;
  if (recordNews > 0) {
    newIndex = new Int32Array(fresh.length + recordNews);
    newIndex.set(fresh);
    mergeAscending(newIndex, fresh.length, withRecordNew.subarray(0, recordNews).sort(), recordNews);
  }
  // The reviews due by tomorrow are the agenda's last entries as they are (no pass over them),
  // unless some are buried.
  let dueAt: Int32Array | undefined;
  if (others.length > 0 || buried) {
    const at = others;
    for (let e = reviews; e < card.length; e++) if (!(buried && buried[card[e]!] === 1)) at.push(e);
    dueAt = Int32Array.from(at);
  }
  const dueIndex = dueAt ? gather(card, dueAt) : card.subarray(reviews);
  const dueLrt = dueAt ? gather(lrt, dueAt) : lrt.subarray(reviews);
  const dueS = dueAt ? gather(s, dueAt) : s.subarray(reviews);
  return { learningIndex, learningDue, learnings, learningInOrder: true, newIndex, dueIndex, dueLrt, dueS, dues: dueIndex.length, answered: recent.answered };
}

/**
 * Sets the cards apart by their kept review due time (see RecordScan.reviewDue), each list in
 * card order: into `visit` those before `time` (records in any other state included), into
 * `fresh` those with no record; the reviews due at or after `time` are left out.
 */
function splitByDue(reviewDue: Float64Array, time: number, visit: Int32Array, fresh: Int32Array): { visits: number; fresh: number } {
  let v = 0;
  let f = 0;
  for (let i = 0; i < reviewDue.length; i++) {
    const due = reviewDue[i]!;
    if (due < time) visit[v++] = i;
    else if (due !== due) fresh[f++] = i;
  }
  return { visits: v, fresh: f };
}

/** Merges the ascending `b[0..bn)` into the ascending `a[0..an)` (room to spare in `a`); returns the new length. */
function mergeAscending(a: Int32Array, an: number, b: Int32Array, bn: number): number {
  let i = an - 1;
  let j = bn - 1;
  for (let k = an + bn - 1; j >= 0; k--) a[k] = i >= 0 && a[i]! > b[j]! ? a[i--]! : b[j--]!;
  return an + bn;
}

/**
 * Positions 0..keys.length-1 in increasing order of their keys, ties in position order (a key
 * that is not a number last): a stable sort with no comparator call per pair.
 */
export function orderByKey(given: Float64Array): Int32Array {
  const n = given.length;
  const packed = orderByPackedKey(given);
  if (packed) return packed;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = given[i] === given[i] ? given[i]! : Infinity;
  const sorted = keys.slice().sort();
  const order = new Int32Array(n);
  // Each key's slots start where it first appears among the sorted keys; equal keys fill them in turn.
  const filled = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = keys[i]!;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    order[lo + filled[lo]!++] = i;
  }
  return order;
}

/**
 * orderByKey in one native sort, when every key is a whole number and the keys' span times the
 * number of positions (rounded up to a power of two) stays below 2^53 (learning cards' due times
 * in milliseconds, spread over a year or ten): each key becomes (key - lowest) * slots + position,
 * exactly, so equal keys keep their positions' order. Else undefined (orderByKey sorts otherwise).
 */
function orderByPackedKey(keys: Float64Array): Int32Array | undefined {
  const n = keys.length;
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = keys[i]!;
    // NaN, an infinity or a fraction: not for packing.
    if (!Number.isInteger(v)) return undefined;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  let slots = 1;
  while (slots < n) slots *= 2;
  if (n === 0 || !((high - low + 1) * slots <= 2 ** 53)) return n === 0 ? new Int32Array(0) : undefined;
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = (keys[i]! - low) * slots + i;
  packed.sort();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = packed[i]! % slots;
  return order;
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

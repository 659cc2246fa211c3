// The deck list (Anki's): every deck with the decks under it, and per deck what today's session
// would show (new cards within the day's limits, learning cards that come back today, reviews due
// today), its cards, and the average predicted recall of its studied cards. Pure: time is passed in.
import { dayStart, learningComesBackToday, nextDayStart } from './day.js';
import type { CardRecord } from './events.js';
import type { Policy } from './policy.js';
import type { CardTable } from './card-table.js';
import { asTable, dayUsage, recordsOf, type ProgressLookup } from './queue.js';
import { State } from './scheduler.js';
import type { Card } from './types.js';

export interface DeckNode {
  /** The last part of the name: `t5` of `llm-papers::t5`. */
  name: string;
  /** The whole name, `llm-papers::t5`. */
  path: string;
  /** New cards today's session would introduce, within the day's new-card limits. */
  new: number;
  /** Learning cards that come back today. */
  learning: number;
  /** Reviews due today, within the day's review limit. */
  due: number;
  cards: number;
  suspended: number;
  /** Mean predicted recall now of the studied cards, or null when none is studied. */
  recall: number | null;
  children: DeckNode[];
}

export interface DeckTree {
  decks: DeckNode[];
  /** All decks together. */
  total: Omit<DeckNode, 'children' | 'name' | 'path'>;
  /** How many of the cards have a progress record (for Workspace.followEdits, which would count them again). */
  withProgress: number;
}

interface Tally {
  unseen: number;
  learning: number;
  due: number;
  cards: number;
  suspended: number;
  recallSum: number;
  studied: number;
}

const emptyTally = (): Tally => ({ unseen: 0, learning: 0, due: 0, cards: 0, suspended: 0, recallSum: 0, studied: 0 });

/** One pass over the cards, tallied per deck name; then the names' hierarchy, children summed into parents. */
export function deckTree(cards: CardTable | readonly Card[], progress: ProgressLookup, policy: Policy, now: number): DeckTree {
  const { settings, scheduler } = policy;
  const today = dayStart(now, settings.rolloverHour);
  const tomorrow = nextDayStart(now, settings.rolloverHour);
  // Over the cards' columns: a card's deck is its file's, its record read through the join of
  // the ids to the progress rows; no card is made.
  const table = asTable(cards);
  const look = recordsOf(table, progress);
  const byDeck = new Map<string, Tally>();
  let tally = emptyTally();
  let tallyDeck: string | undefined;
  let withProgress = 0;
  for (let i = 0; i < table.length; i++) {
    const deck = table.groups[table.group[i]!]!.deck;
    // Cards come deck by deck: the map is consulted once per run of a deck.
    if (deck !== tallyDeck) {
      tallyDeck = deck;
      tally = byDeck.get(deck) ?? emptyTally();
      byDeck.set(deck, tally);
    }
    tally.cards++;
    const p = look(i) as Readonly<CardRecord> | undefined;
    if (!p) {
      tally.unseen++;
      continue;
    }
    withProgress++;
    if (p.suspended) {
      tally.suspended++;
      continue;
    }
    const st = p.st;
    if (st === State.New) {
      if (!(p.buriedUntil !== undefined && p.buriedUntil > now)) tally.unseen++;
      continue;
    }
    const lrt = p.lrt;
    tally.recallSum += scheduler.retrievability(p, now);
    tally.studied++;
    if (p.buriedUntil !== undefined && p.buriedUntil > now) continue;
    const due = p.due;
    if (st === State.Learning || st === State.Relearning) {
      if (learningComesBackToday(due, lrt, today, tomorrow)) tally.learning++;
    } else if (due < tomorrow) tally.due++;
  }

  const used = dayUsage(progress, today, policy);
  const newLeft = Math.max(0, settings.newPerDay - used.news);
  const reviewsLeft = Math.max(0, settings.reviewsPerDay - used.reviews);
  const roots: DeckNode[] = [];
  /** Each deck in the hierarchy with the cards of its own name (a parent may have none). */
  const nodes = new Map<string, { node: DeckNode; own: Tally }>();
  const nodeOf = (path: string): { node: DeckNode; own: Tally } => {
    let entry = nodes.get(path);
    if (entry) return entry;
    const cut = path.lastIndexOf('::');
    entry = { node: { name: cut === -1 ? path : path.slice(cut + 2), path, new: 0, learning: 0, due: 0, cards: 0, suspended: 0, recall: null, children: [] }, own: emptyTally() };
    nodes.set(path, entry);
    if (cut === -1) roots.push(entry.node);
    else nodeOf(path.slice(0, cut)).node.children.push(entry.node);
    return entry;
  };
  for (const [deck, t] of byDeck) add(nodeOf(deck).own, t);

  // Bottom up: a deck's cards are its own and its children's; its new cards are capped by the
  // day's limit and by its own `new_per_day`, as the session caps them.
  const finish = (node: DeckNode): { tally: Tally; news: number } => {
    const own = nodes.get(node.path)!.own;
    const tally = emptyTally();
    add(tally, own);
    let news = own.unseen;
    for (const child of node.children) {
      const r = finish(child);
      add(tally, r.tally);
      news += r.news;
    }
    const limit = policy.deckNewLimit(node.path);
    const ownLeft = limit === undefined ? Infinity : Math.max(0, limit - (used.newsByDeck.get(node.path) ?? 0));
    news = Math.min(news, newLeft, ownLeft);
    Object.assign(node, figures(tally, reviewsLeft), { new: news });
    return { tally, news };
  };
  const total = emptyTally();
  let news = 0;
  for (const root of roots) {
    const r = finish(root);
    add(total, r.tally);
    news += r.news;
  }
  const sort = (list: DeckNode[]) => {
    list.sort((a, b) => a.name.localeCompare(b.name));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return { decks: roots, total: { ...figures(total, reviewsLeft), new: Math.min(news, newLeft) }, withProgress };
}

function add(into: Tally, t: Tally): void {
  into.unseen += t.unseen;
  into.learning += t.learning;
  into.due += t.due;
  into.cards += t.cards;
  into.suspended += t.suspended;
  into.recallSum += t.recallSum;
  into.studied += t.studied;
}

function figures(t: Tally, reviewsLeft: number): Omit<DeckNode, 'children' | 'name' | 'path'> {
  return {
    new: t.unseen,
    learning: t.learning,
    due: Math.min(t.due, reviewsLeft),
    cards: t.cards,
    suspended: t.suspended,
    recall: t.studied ? t.recallSum / t.studied : null,
  };
}

// All decks together: the cards a session can show, and the problems `recall check` reports.
import { cardKind } from './card-kinds.js';
import { CardTable } from './card-table.js';
import type { Card, ParsedDeck, Problem } from './types.js';
import { m } from '../i18n/index.js';

export interface Collection {
  decks: ParsedDeck[];
  /** Every valid card, first occurrence of each id only, in deck-path then line order. */
  cards: Card[];
  byId: Map<string, Card>;
  problems: Problem[];
  /**
   * The same cards as columns, each made only when asked for: what a session uses to choose its
   * cards without making 100k objects (the deck cache gives a collection whose `cards` are made
   * only when a command reads them all).
   */
  table: CardTable;
}

/** Problems in order of file, then line. */
export const byPlace = (a: Problem, b: Problem) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);

/**
 * `knownUnique`: these very decks were put together before and no id repeated (the deck cache
 * knows), so the 100k-entry id map is made only when something asks for it.
 */
export function buildCollection(parsed: ParsedDeck[], knownUnique = false): Collection {
  const decks = [...parsed].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const problems: Problem[] = [];
  for (const deck of decks) problems.push(...deck.problems);
  if (knownUnique) {
    problems.sort(byPlace);
    const cards = decks.flatMap((d) => d.cards);
    let byId: Map<string, Card> | undefined;
    let table: CardTable | undefined;
    return {
      decks,
      cards,
      problems,
      get byId() {
        return (byId ??= new Map(cards.map((c) => [c.id, c])));
      },
      get table() {
        return (table ??= CardTable.of(cards));
      },
    };
  }
  const byId = new Map<string, Card>();
  const cards: Card[] = [];
  for (const deck of decks) {
    for (const card of deck.cards) {
      const first = byId.get(card.id);
      if (first) {
        problems.push(duplicateProblem(card, first));
        continue;
      }
      byId.set(card.id, card);
      cards.push(card);
    }
  }
  problems.sort(byPlace);
  let table: CardTable | undefined;
  return {
    decks,
    cards,
    byId,
    problems,
    get table() {
      return (table ??= CardTable.of(cards));
    },
  };
}

/** A second card with the id of `first`: the problem `recall check` reports at the second. */
export function duplicateProblem(card: Card, first: Pick<Card, 'file' | 'line'>): Problem {
  // A card and its own reverse can share a front only in a degenerate card; still one problem.
  const what = cardKind(card).duplicateOf(card);
  return {
    file: card.file,
    line: card.line,
    message: m.parse.duplicate(what, `${first.file}:${first.line}`),
  };
}

/** `--deck` matches a deck and everything under it, case-insensitively: `llm` matches `llm::t5`. */
export function deckMatches(deck: string, filter: string): boolean {
  const d = deck.toLowerCase();
  const f = filter.toLowerCase().replace(/(::)+$/, '');
  return d === f || d.startsWith(f + '::');
}

export function filterCards(cards: Card[], filter: { deck?: string; tag?: string }): Card[] {
  return cards.filter((c) => matchesFilter(c.deck, c.tags, filter));
}

/** Whether a card of this deck and these tags is one --deck and --tag select. */
export function matchesFilter(deck: string, tags: readonly string[], filter: { deck?: string; tag?: string }): boolean {
  return (filter.deck === undefined || deckMatches(deck, filter.deck)) && (filter.tag === undefined || tags.some((t) => t.toLowerCase() === filter.tag!.toLowerCase()));
}

// All decks together: the cards a session can show, and the problems `recall check` reports.
import { cardKind } from './card-kinds.js';
import type { Card, ParsedDeck, Problem } from './types.js';
import { m } from '../i18n/index.js';

export interface Collection {
  decks: ParsedDeck[];
  /** Every valid card, first occurrence of each id only, in deck-path then line order. */
  cards: Card[];
  byId: Map<string, Card>;
  problems: Problem[];
}

const byPlace = (a: Problem, b: Problem) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);

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
    return {
      decks,
      cards,
      problems,
      get byId() {
        return (byId ??= new Map(cards.map((c) => [c.id, c])));
      },
    };
  }
  const byId = new Map<string, Card>();
  const cards: Card[] = [];
  for (const deck of decks) {
    for (const card of deck.cards) {
      const first = byId.get(card.id);
      if (first) {
        // A card and its own reverse can share a front only in a degenerate card; still one problem.
        const what = cardKind(card).duplicateOf(card);
        problems.push({
          file: card.file,
          line: card.line,
          message: m.parse.duplicate(what, `${first.file}:${first.line}`),
        });
        continue;
      }
      byId.set(card.id, card);
      cards.push(card);
    }
  }
  problems.sort(byPlace);
  return { decks, cards, byId, problems };
}

/** `--deck` matches a deck and everything under it, case-insensitively: `llm` matches `llm::t5`. */
export function deckMatches(deck: string, filter: string): boolean {
  const d = deck.toLowerCase();
  const f = filter.toLowerCase().replace(/(::)+$/, '');
  return d === f || d.startsWith(f + '::');
}

export function filterCards(cards: Card[], filter: { deck?: string; tag?: string }): Card[] {
  return cards.filter(
    (c) =>
      (filter.deck === undefined || deckMatches(c.deck, filter.deck)) &&
      (filter.tag === undefined || c.tags.some((t) => t.toLowerCase() === filter.tag!.toLowerCase())),
  );
}

// --deck and --tag, checked once for every command that takes them: a name that matches no card
// is a mistake to point out (with the names that come close), never an empty result.
import type { CardTable } from '../core/card-table.js';
import { deckMatches, filterCards, type Collection } from '../core/collection.js';
import { closestNames } from '../core/suggest.js';
import type { Card } from '../core/types.js';
import { UserError } from '../errors.js';
import { m } from '../i18n/index.js';

export interface CardFilter {
  deck?: string;
  tag?: string;
}

export function isFiltered(filter: CardFilter): boolean {
  return filter.deck !== undefined || filter.tag !== undefined;
}

/** The cards the filter selects; throws a UserError naming the closest decks or tags when none. */
export function selectCards(collection: Collection, filter: CardFilter): Card[] {
  const cards = filterCards(collection.cards, filter);
  if (cards.length > 0 || !isFiltered(filter)) return cards;
  throw noMatch(collection, filter);
}

/**
 * The same as selectCards, as a table: the filter is decided once per deck file (a card's deck
 * and tags are its file's), and no card is made.
 */
export function selectTable(collection: Collection, filter: CardFilter): CardTable {
  if (!isFiltered(filter)) return collection.table;
  const tag = filter.tag?.toLowerCase();
  const table = collection.table.select(
    (g) => (filter.deck === undefined || deckMatches(g.deck, filter.deck)) && (tag === undefined || g.tags.some((t) => t.toLowerCase() === tag)),
  );
  if (table.length > 0) return table;
  throw noMatch(collection, filter);
}

export function noMatch(collection: Collection, filter: CardFilter): UserError {
  if (filter.deck !== undefined && filterCards(collection.cards, { deck: filter.deck }).length === 0) {
    // A deck filter matches a deck and the decks under it: parents are names too.
    const decks = collection.decks.flatMap((d) => d.deck.split('::').map((_, i, parts) => parts.slice(0, i + 1).join('::')));
    const close = closestNames(filter.deck, decks);
    return new UserError(
      m.filters.noDeck(filter.deck),
      close.length ? m.filters.didYouMean(close.map((n) => `--deck ${n}`)) : m.filters.decksAre(summarize([...new Set(collection.decks.map((d) => d.deck))])),
    );
  }
  if (filter.tag !== undefined && filterCards(collection.cards, { tag: filter.tag }).length === 0) {
    const tags = [...new Set(collection.cards.flatMap((c) => c.tags))].sort();
    const close = closestNames(filter.tag, tags);
    return new UserError(m.filters.noTag(filter.tag), close.length ? m.filters.didYouMean(close.map((n) => `--tag ${n}`)) : tags.length ? m.filters.tagsAre(summarize(tags)) : m.filters.noTags);
  }
  return new UserError(m.filters.noBoth(filter.deck ?? '', filter.tag ?? ''), m.filters.noBothHint);
}

function summarize(names: string[]): string {
  return names.length > 12 ? m.filters.andMore(names.slice(0, 12).join(', '), names.length - 12) : names.join(', ');
}

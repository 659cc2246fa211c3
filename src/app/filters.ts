// --deck and --tag, checked once for every command that takes them: a name that matches no card
// is a mistake to point out (with the names that come close), never an empty result.
import type { CardTable } from '../core/card-table.js';
import { filterCards, matchesFilter, type Collection } from '../core/collection.js';
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
  const table = collection.table.select((g) => matchesFilter(g.deck, g.tags, filter));
  if (table.length > 0) return table;
  throw noMatch(collection, filter);
}

/** Why the filter selects no card, naming the decks or tags that come close: asked of the deck files that have cards, no card made. */
export function noMatch(collection: Collection, filter: CardFilter): UserError {
  const { table } = collection;
  const withCards = new Set<number>(table.group);
  const groups = table.groups.filter((_, g) => withCards.has(g));
  const any = (one: CardFilter) => groups.some((g) => matchesFilter(g.deck, g.tags, one));
  if (filter.deck !== undefined && !any({ deck: filter.deck })) {
    // A deck filter matches a deck and the decks under it: parents are names too.
    const decks = collection.decks.flatMap((d) => d.deck.split('::').map((_, i, parts) => parts.slice(0, i + 1).join('::')));
    const close = closestNames(filter.deck, decks);
    return new UserError(
      m.filters.noDeck(filter.deck),
      close.length ? m.filters.didYouMean(close.map((n) => `--deck ${n}`)) : m.filters.decksAre(summarize([...new Set(collection.decks.map((d) => d.deck))])),
    );
  }
  if (filter.tag !== undefined && !any({ tag: filter.tag })) {
    const tags = [...new Set(groups.flatMap((g) => g.tags))].sort();
    const close = closestNames(filter.tag, tags);
    return new UserError(m.filters.noTag(filter.tag), close.length ? m.filters.didYouMean(close.map((n) => `--tag ${n}`)) : tags.length ? m.filters.tagsAre(summarize(tags)) : m.filters.noTags);
  }
  return new UserError(m.filters.noBoth(filter.deck ?? '', filter.tag ?? ''), m.filters.noBothHint);
}

function summarize(names: string[]): string {
  return names.length > 12 ? m.filters.andMore(names.slice(0, 12).join(', '), names.length - 12) : names.join(', ');
}

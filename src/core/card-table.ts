// The cards of a collection as columns: ids, deck file and line, with a card made as an object
// only when something asks for it. A session of 100k cards shows a few hundred: its queue is
// chosen from these columns and the progress columns joined to them, and only the chosen cards
// become Card objects (their text is read later still, when shown).
import { WordColumn } from './word-column.js';
import type { Card } from './types.js';

/** What the cards of one deck file share: the file, the deck and the deck's tags. */
export interface CardGroup {
  file: string;
  deck: string;
  tags: string[];
}

/**
 * Where cards' texts lie in files (the deck cache's text file), as UTF-8: card i's front from
 * `start[i]` to `mid[i]`, its back from `mid[i]` to `end[i]`, in `files[file[i]]`; `file[i]` is
 * -1 for a card whose text is in memory. A search scans the files' bytes instead of decoding
 * every card.
 */
export interface TextPlaces {
  files: string[];
  file: Int32Array;
  start: Float64Array;
  mid: Float64Array;
  end: Float64Array;
}

export class CardTable {
  #all?: Card[];
  #line: Int32Array | (() => Int32Array);

  constructor(
    readonly ids: WordColumn,
    /** Each card's group (its deck file), an index into `groups`. */
    readonly group: Int32Array,
    /** Each card's line in its file (or where to get them, when first needed). */
    line: Int32Array | (() => Int32Array),
    readonly groups: readonly CardGroup[],
    /**
     * Card i, the same object each time: the deck index's run keeps the cards it made, a picked
     * table asks its base, a table of cards already made gives them. No second map of them here.
     */
    private readonly make: (i: number) => Card,
    /** Each card's note, when it is not its file and line (cards given as objects: see noteOf). */
    private readonly notes?: Int32Array,
    /** Where the texts of the cards at `rows` (every card, without rows) lie, when they are in files. */
    private readonly placesOf?: (rows?: Int32Array) => TextPlaces,
  ) {
    this.#line = line;
  }

  /** Each card's line in its file. */
  get line(): Int32Array {
    if (typeof this.#line === 'function') this.#line = this.#line();
    return this.#line;
  }

  /**
   * Card i's note: cards of one note (the numbers of a cloze, a card and its reverse) have the
   * same. A parsed card's note is its file and line (CachedCard.noteKey); cards given as
   * objects are numbered by their noteKey.
   */
  noteOf(i: number): number {
    return this.notes ? this.notes[i]! : this.group[i]! * 2 ** 31 + this.line[i]!;
  }

  get length(): number {
    return this.ids.length;
  }

  card(i: number): Card {
    return this.make(i);
  }

  /** Card i's id (without making the card). */
  id(i: number): string {
    return this.ids.get(i);
  }

  /** Every card, made once. */
  cards(): Card[] {
    if (!this.#all) {
      const all = new Array<Card>(this.length);
      for (let i = 0; i < all.length; i++) all[i] = this.card(i);
      this.#all = all;
    }
    return this.#all;
  }

  /** Where each card's text lies, when the cards' texts are in files (none are made to tell). */
  textPlaces(): TextPlaces | undefined {
    return this.placesOf?.();
  }

  /** The position of the card with this id, or -1. */
  find(id: string): number {
    return this.ids.find(id);
  }

  /** The cards of the groups `keep` accepts, as a table of their own (the same Card objects). */
  select(keep: (group: CardGroup, index: number) => boolean): CardTable {
    const kept = this.groups.map((g, k) => keep(g, k));
    if (kept.every(Boolean)) return this;
    const rows: number[] = [];
    for (let i = 0; i < this.length; i++) if (kept[this.group[i]!]) rows.push(i);
    return this.pick(Int32Array.from(rows));
  }

  /** The cards at `rows`, in that order, as a table of their own (the same Card objects). */
  pick(rows: Int32Array): CardTable {
    const group = new Int32Array(rows.length);
    const notes = this.notes && new Int32Array(rows.length);
    for (let k = 0; k < rows.length; k++) {
      group[k] = this.group[rows[k]!]!;
      if (notes) notes[k] = this.notes![rows[k]!]!;
    }
    const line = () => Int32Array.from(rows, (r) => this.line[r]!);
    const placesOf = this.placesOf && ((sub?: Int32Array) => this.placesOf!(sub ? Int32Array.from(sub, (k) => rows[k]!) : rows));
    return new CardTable(this.ids.pick(rows), group, line, this.groups, (k) => this.card(rows[k]!), notes, placesOf);
  }

  /** A table of cards already made (parsed afresh, or given by a test). */
  static of(cards: readonly Card[]): CardTable {
    const groups: CardGroup[] = [];
    const groupIndex = new Map<string, number>();
    const noteIndex = new Map<string, number>();
    const group = new Int32Array(cards.length);
    const line = new Int32Array(cards.length);
    const notes = new Int32Array(cards.length);
    for (let i = 0; i < cards.length; i++) {
      const c = cards[i]!;
      const key = `${c.file}\0${c.deck}\0${c.tags.join('\0')}`;
      let g = groupIndex.get(key);
      if (g === undefined) groupIndex.set(key, (g = groups.push({ file: c.file, deck: c.deck, tags: c.tags }) - 1));
      group[i] = g;
      line[i] = c.line;
      let n = noteIndex.get(c.noteKey);
      if (n === undefined) noteIndex.set(c.noteKey, (n = noteIndex.size));
      notes[i] = n;
    }
    const table = new CardTable(WordColumn.fromStrings(cards.map((c) => c.id)), group, line, groups, (i) => cards[i]!, notes);
    table.#all = cards as Card[];
    return table;
  }
}

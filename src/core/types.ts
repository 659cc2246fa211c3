// Plain data shared by the core, the store and the UI. No behaviour lives here.

export type CardKind = 'basic' | 'reverse' | 'cloze';

/** One reviewable card, as parsed from a deck file. Holds text, never progress. */
export interface Card {
  /** Stable identity: derived from the normalized front, or pinned with `<!-- id: x -->`. */
  id: string;
  kind: CardKind;
  /** Cards from the same source block (cloze numbers of one note, a card and its reverse). */
  noteKey: string;
  deck: string;
  /** Path relative to the decks folder, with forward slashes. */
  file: string;
  /** 1-based line where the card starts in its file. */
  line: number;
  /** The level-1 heading above the card, if any. */
  section?: string;
  /** For a cloze inside a heading card: the heading, shown as context. */
  heading?: string;
  /** Basic/reverse: the question. Cloze: the whole text with its `{{cN::...}}` markup. */
  front: string;
  /** Basic/reverse: the answer. Cloze: empty. */
  back: string;
  /** For cloze cards: which deletion this card asks for. */
  cloze?: number;
  tags: string[];
  /** True when the id comes from an `<!-- id: -->` comment. */
  pinned: boolean;
}

export interface DeckMeta {
  deck?: string;
  tags: string[];
  source?: string;
  description?: string;
  reverse: boolean;
  retention?: number;
  newPerDay?: number;
  title?: string;
  authors?: string;
  year?: number | string;
  venue?: string;
  /**
   * The language of a deck written in one (a shipped deck's edition, say): the session shows the
   * decks of the interface language and the decks with no `lang`.
   */
  lang?: string;
}

export interface Problem {
  file: string;
  line: number;
  message: string;
}

export interface ParsedDeck {
  file: string;
  deck: string;
  meta: DeckMeta;
  cards: Card[];
  problems: Problem[];
}

export type Grade = 1 | 2 | 3 | 4;

// What differs between the kinds of card, in one table: how each is coded (in ids, sketches and
// the deck cache), which text asks its question, what it shows before and after the reveal, and
// how a duplicate of it is described. A new kind of card is a new row here.
import { renderCloze } from './cloze.js';
import type { Card, CardKind } from './types.js';
import { m } from '../i18n/index.js';

/** What a card shows before and after the reveal, as Markdown. */
export interface Faces {
  /** Shown above the card in dim text: the section, and a cloze's heading. */
  context: string[];
  prompt: string;
  answer: string;
  /** A cloze answer is the prompt with the gap filled: it replaces the prompt instead of following it. */
  answerReplacesPrompt: boolean;
}

export interface KindSpec {
  kind: CardKind;
  /** One letter: the deck cache's code for the kind, and the start of its ids' keys and sketches. */
  code: 'b' | 'r' | 'c';
  /** Made from another card's text (a reverse from its basic card): not a question of its own. */
  derived: boolean;
  /** The text a person reads as the question. */
  question(card: Card): string;
  /** What the card shows before the reveal (the prompt of `faces`, alone: a list needs no answers). */
  prompt(card: Card): string;
  /** What the card shows before and after the reveal. */
  faces(card: Card): Omit<Faces, 'context'>;
  /** How `recall check` names a second card with this one's id. */
  duplicateOf(card: Card): string;
}

export const CARD_KINDS: Record<CardKind, KindSpec> = {
  basic: {
    kind: 'basic',
    code: 'b',
    derived: false,
    question: (card) => card.front,
    prompt: (card) => card.front,
    faces: (card) => ({ prompt: card.front, answer: card.back, answerReplacesPrompt: false }),
    duplicateOf: () => m.parse.duplicateOf.basic,
  },
  reverse: {
    kind: 'reverse',
    code: 'r',
    derived: true,
    question: (card) => card.front,
    prompt: (card) => card.front,
    faces: (card) => ({ prompt: card.front, answer: card.back, answerReplacesPrompt: false }),
    duplicateOf: () => m.parse.duplicateOf.reverse,
  },
  cloze: {
    kind: 'cloze',
    code: 'c',
    derived: false,
    question: (card) => card.front,
    prompt: (card) => renderCloze(card.front, card.cloze ?? 1, 'prompt'),
    faces: (card) => {
      const n = card.cloze ?? 1;
      return { prompt: renderCloze(card.front, n, 'prompt'), answer: renderCloze(card.front, n, 'answer'), answerReplacesPrompt: true };
    },
    duplicateOf: (card) => m.parse.duplicateOf.cloze(card.cloze ?? 1),
  },
};

const BY_CODE = new Map(Object.values(CARD_KINDS).map((k) => [k.code, k.kind]));

export function cardKind(card: Pick<Card, 'kind'>): KindSpec {
  return CARD_KINDS[card.kind];
}

export function kindOfCode(code: string): CardKind | undefined {
  return BY_CODE.get(code as KindSpec['code']);
}

/** The part of a card's identity its kind adds: `b`, `r`, or `c2` for cloze number 2. */
export function kindKey(kind: CardKind, cloze?: number): string {
  return kind === 'cloze' ? `c${cloze}` : CARD_KINDS[kind].code;
}

export function faces(card: Card): Faces {
  return { context: [card.section, card.heading].filter((c): c is string => Boolean(c)), ...cardKind(card).faces(card) };
}

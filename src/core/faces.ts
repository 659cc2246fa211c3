// What a card shows before and after the reveal, as Markdown.
import { renderCloze } from './cloze.js';
import type { Card } from './types.js';

export interface Faces {
  /** Shown above the card in dim text: the section, and a cloze's heading. */
  context: string[];
  prompt: string;
  answer: string;
  /** A cloze answer is the prompt with the gap filled: it replaces the prompt instead of following it. */
  answerReplacesPrompt: boolean;
}

export function faces(card: Card): Faces {
  const context = [card.section, card.heading].filter((c): c is string => Boolean(c));
  if (card.kind === 'cloze') {
    const n = card.cloze ?? 1;
    return { context, prompt: renderCloze(card.front, n, 'prompt'), answer: renderCloze(card.front, n, 'answer'), answerReplacesPrompt: true };
  }
  return { context, prompt: card.front, answer: card.back, answerReplacesPrompt: false };
}

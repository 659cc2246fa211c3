// Is a new card already in the decks? Same id: a duplicate, refused. A very similar question:
// said, so the user can decide.
import type { Collection } from './collection.js';
import { cardKind } from './card-kinds.js';
import { SIMILAR_THRESHOLD, sketchSimilarity, textSimilarity, textSketch } from './identity.js';
import type { Card } from './types.js';

export interface NewCardCheck {
  duplicates: { card: Card; existing: Card }[];
  similar: { card: Card; existing: Card; similarity: number }[];
}

/** Below this, a sketch rules a pair out without the exact (quadratic) comparison. */
const SKETCH_FLOOR = 0.25;

export function checkNewCards(collection: Collection, cards: Card[]): NewCardCheck {
  const duplicates: NewCardCheck['duplicates'] = [];
  const similar: NewCardCheck['similar'] = [];
  const seen = new Map<string, Card>();
  for (const card of cards) {
    const existing = collection.byId.get(card.id) ?? seen.get(card.id);
    if (existing) duplicates.push({ card, existing });
    seen.set(card.id, card);
  }
  const fresh = cards.filter((c) => !cardKind(c).derived && !duplicates.some((d) => d.card === c));
  if (fresh.length === 0) return { duplicates, similar };
  const questions = fresh.map((c) => cardKind(c).question(c));
  const sketches = questions.map((q) => textSketch(q));
  const best = fresh.map(() => ({ existing: undefined as Card | undefined, similarity: 0 }));
  for (const existing of collection.cards) {
    if (cardKind(existing).derived) continue;
    const question = cardKind(existing).question(existing);
    const sketch = textSketch(question);
    sketches.forEach((s, i) => {
      if (sketchSimilarity(s, sketch) < SKETCH_FLOOR) return;
      const similarity = textSimilarity(questions[i]!, question);
      if (similarity > best[i]!.similarity) best[i] = { existing, similarity };
    });
  }
  best.forEach((b, i) => {
    if (b.existing && b.similarity >= SIMILAR_THRESHOLD) similar.push({ card: fresh[i]!, existing: b.existing, similarity: b.similarity });
  });
  return { duplicates, similar };
}

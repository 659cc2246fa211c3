// Is a new card already in the decks? Same id: a duplicate, refused. A very similar front: said,
// so the user can decide.
import type { Collection } from './collection.js';
import { REATTACH_THRESHOLD, sketchSimilarity, textSketch } from './identity.js';
import type { Card } from './types.js';

export interface NewCardCheck {
  duplicates: { card: Card; existing: Card }[];
  similar: { card: Card; existing: Card; similarity: number }[];
}

function question(card: Card): string {
  return card.kind === 'cloze' ? card.front : card.kind === 'reverse' ? card.back : card.front;
}

export function checkNewCards(collection: Collection, cards: Card[]): NewCardCheck {
  const duplicates: NewCardCheck['duplicates'] = [];
  const similar: NewCardCheck['similar'] = [];
  const seen = new Map<string, Card>();
  for (const card of cards) {
    const existing = collection.byId.get(card.id) ?? seen.get(card.id);
    if (existing) duplicates.push({ card, existing });
    seen.set(card.id, card);
  }
  const fresh = cards.filter((c) => c.kind !== 'reverse' && !duplicates.some((d) => d.card === c));
  if (fresh.length === 0) return { duplicates, similar };
  const sketches = fresh.map((c) => textSketch(question(c)));
  const best = fresh.map(() => ({ existing: undefined as Card | undefined, similarity: 0 }));
  for (const existing of collection.cards) {
    if (existing.kind === 'reverse') continue;
    const sketch = textSketch(question(existing));
    sketches.forEach((s, i) => {
      const similarity = sketchSimilarity(s, sketch);
      if (similarity > best[i]!.similarity) best[i] = { existing, similarity };
    });
  }
  best.forEach((b, i) => {
    if (b.existing && b.similarity >= REATTACH_THRESHOLD) similar.push({ card: fresh[i]!, existing: b.existing, similarity: b.similarity });
  });
  return { duplicates, similar };
}

// The ten cards you are most likely to have forgotten now (ties: more lapses first).
import { smallestSorted } from '../queue.js';
import { Kind, type StatsContext } from './context.js';

export interface WeakCard {
  id: string;
  deck: string;
  file: string;
  line: number;
  front: string;
  recall: number;
  lapses: number;
}

export function weakest(ctx: StatsContext, count = 10): WeakCard[] {
  const studied: number[] = [];
  ctx.kind.forEach((k, i) => {
    if (k === Kind.Learning || k === Kind.Review) studied.push(i);
  });
  // A card's text is read only for the ten shown.
  return smallestSorted(studied, count, (a, b) => ctx.recall[a]! - ctx.recall[b]! || ctx.lapses[b]! - ctx.lapses[a]! || a - b).map((i) => {
    const card = ctx.cards.card(i);
    return { id: card.id, deck: card.deck, file: card.file, line: card.line, front: card.front, recall: ctx.recall[i]!, lapses: ctx.lapses[i]! };
  });
}

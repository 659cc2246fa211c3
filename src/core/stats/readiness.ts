// Readiness by deck and by tag: cards by state, average predicted recall now, and the share of
// studied cards at or above their desired retention. Weakest first.
import { Kind, type StatsContext } from './context.js';

export interface Readiness {
  name: string;
  new: number;
  learning: number;
  review: number;
  suspended: number;
  /** Mean predicted recall now of the cards studied (learning and review), or null if none. */
  averageRecall: number | null;
  /** Share of the studied cards whose predicted recall now is at least their desired retention. */
  aboveTarget: number | null;
}

export interface ReadinessReport {
  byDeck: Readiness[];
  byTag: Readiness[];
}

type Group = Readiness & { recallSum: number; above: number; studied: number };

export function readiness(ctx: StatsContext): ReadinessReport {
  const groups = { deck: new Map<string, Group>(), tag: new Map<string, Group>() };
  const group = (kind: 'deck' | 'tag', name: string) => {
    let g = groups[kind].get(name);
    if (!g) groups[kind].set(name, (g = { name, new: 0, learning: 0, review: 0, suspended: 0, averageRecall: null, aboveTarget: null, recallSum: 0, above: 0, studied: 0 }));
    return g;
  };
  // A deck file's cards share its deck and tags: count per file, then add each file to its groups.
  const byFile = new Map<string, { deck: string; tags: string[]; g: Group }>();
  const { cards } = ctx;
  const counts: (Group | undefined)[] = [];
  const countsOf = (k: number): Group => {
    const { file, deck, tags } = cards.groups[k]!;
    let entry = byFile.get(file);
    if (!entry) byFile.set(file, (entry = { deck, tags, g: { name: '', new: 0, learning: 0, review: 0, suspended: 0, averageRecall: null, aboveTarget: null, recallSum: 0, above: 0, studied: 0 } }));
    return (counts[k] = entry.g);
  };
  for (let i = 0; i < cards.length; i++) {
    const g = counts[cards.group[i]!] ?? countsOf(cards.group[i]!);
    const k = ctx.kind[i]!;
    if (k === Kind.Suspended) g.suspended++;
    else if (k === Kind.New) g.new++;
    else {
      if (k === Kind.Learning) g.learning++;
      else g.review++;
      g.studied++;
      g.recallSum += ctx.recall[i]!;
      if (ctx.recall[i]! >= ctx.target[i]!) g.above++;
    }
  }
  for (const { deck, tags, g: f } of byFile.values()) {
    for (const g of [group('deck', deck), ...tags.map((t) => group('tag', t))]) {
      g.new += f.new;
      g.learning += f.learning;
      g.review += f.review;
      g.suspended += f.suspended;
      g.studied += f.studied;
      g.recallSum += f.recallSum;
      g.above += f.above;
    }
  }
  const finish = ({ recallSum, above, studied, ...g }: Group): Readiness => ({
    ...g,
    averageRecall: studied ? recallSum / studied : null,
    aboveTarget: studied ? above / studied : null,
  });
  const weakestFirst = (a: Readiness, b: Readiness) => (a.averageRecall ?? 2) - (b.averageRecall ?? 2) || (a.name < b.name ? -1 : 1);
  return { byDeck: [...groups.deck.values()].map(finish).sort(weakestFirst), byTag: [...groups.tag.values()].map(finish).sort(weakestFirst) };
}

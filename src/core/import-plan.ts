// What importing proposals would do to the decks. Each proposal belongs to one note, and each
// note to one deck file (its own, or --deck). A proposal is matched only inside that file: the
// same card there is present, or an update when its back changed; a front held by any other card
// (another deck, or an earlier note of the same import) is tried with more context, and skipped
// with the holder named when that is taken too. So no import ever writes a duplicate, and an
// import run twice finds every card present.
import type { Collection } from './collection.js';
import { REATTACH_THRESHOLD, sketchSimilarity, textSketch } from './identity.js';
import { alternativeOf, type CardText, type Proposal } from './propose.js';
import type { Card } from './types.js';

export type ImportStatus = 'new' | 'update' | 'present' | 'skipped';

export interface ImportItem {
  /** The proposal as it will be written (with its context front when the plain one was taken). */
  proposal: Proposal;
  status: ImportStatus;
  /** For an update: the card it replaces. For a skipped proposal: the card that holds its front. */
  existing?: Card;
}

/** Cards claimed by earlier proposals of this import: id -> the deck file they go to. */
export type Claims = Map<string, string>;

const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

interface Match {
  status: 'new' | 'present' | 'update';
  existing?: Card;
}

/** The fate of one variant of a proposal in `target`, or the card that blocks it. */
function matchVariant(collection: Collection, claims: Claims, cards: Card[], target: string): Match | { blockedBy?: Card } {
  if (cards.some((c) => claims.has(c.id))) return {};
  const existing = cards.map((c) => collection.byId.get(c.id));
  if (existing.every((e) => e === undefined)) return { status: 'new' };
  const elsewhere = existing.find((e) => e && e.file !== target);
  if (elsewhere || existing.some((e) => e === undefined)) return { blockedBy: elsewhere ?? existing.find((e) => e) };
  if (existing.every((e, i) => flat(e!.back) === flat(cards[i]!.back))) return { status: 'present' };
  return { status: 'update', existing: existing.find((_e, i) => cards[i]!.kind === 'basic') ?? existing[0] };
}

/**
 * Classifies a note's proposals against the decks and against what earlier notes of the same
 * import claimed (`claims` is updated). `ownFile`: the target is this note's own deck, so a new
 * proposal that closely resembles a card of that deck no proposal matched (its older version)
 * is an update of it.
 */
export function classifyProposals(collection: Collection, proposals: Proposal[], target: string, claims: Claims = new Map(), ownFile = false): ImportItem[] {
  const items: ImportItem[] = [];
  for (const proposal of proposals) {
    const primary = { snippet: proposal.snippet, cards: proposal.cards };
    const variants = function* () {
      yield primary;
      const alt = alternativeOf(proposal);
      if (alt) yield alt;
    };
    let chosen: { variant: CardText; match: Match } | undefined;
    let blockedBy: Card | undefined;
    for (const variant of variants()) {
      const m = matchVariant(collection, claims, variant.cards, target);
      if ('status' in m) {
        chosen = { variant, match: m as Match };
        break;
      }
      blockedBy ??= m.blockedBy;
    }
    if (!chosen) {
      items.push({ proposal, status: 'skipped', existing: blockedBy });
      continue;
    }
    const { variant, match } = chosen;
    const written = variant === primary ? proposal : { ...proposal, snippet: variant.snippet, cards: variant.cards, alternative: undefined };
    for (const c of variant.cards) claims.set(c.id, target);
    if (match.existing) claims.set(match.existing.id, target);
    items.push({ proposal: written, status: match.status, existing: match.existing });
  }
  if (!ownFile) return items;

  // A changed card in the notes has a new front or text, so a new id: it updates its older
  // version, the most similar card of the note's deck that nothing matched (one to one).
  const orphans = collection.cards.filter((c) => c.file === target && c.kind !== 'reverse' && !claims.has(c.id) && collection.byId.get(c.id) === c);
  if (orphans.length === 0) return items;
  const sketchOf = (c: Card) => textSketch(c.kind === 'cloze' ? c.front : `${c.front}\n${c.back}`);
  const orphanSketches = new Map(orphans.map((c) => [c, sketchOf(c)]));
  for (const item of items) {
    if (item.status !== 'new') continue;
    const first = item.proposal.cards[0]!;
    const sketch = sketchOf(first);
    let best: { card: Card; similarity: number } | undefined;
    for (const [card, s] of orphanSketches) {
      if (card.kind !== first.kind) continue;
      const similarity = sketchSimilarity(sketch, s);
      if (similarity >= REATTACH_THRESHOLD && (!best || similarity > best.similarity)) best = { card, similarity };
    }
    if (best) {
      orphanSketches.delete(best.card);
      claims.set(best.card.id, target);
      item.status = 'update';
      item.existing = best.card;
    }
  }
  return items;
}

/** New cards as deck text: each note section as a `#` line, its loose cards, then its `##` cards. */
export function composeCards(proposals: Proposal[]): string {
  const sections = new Map<string, { loose: string[]; headed: string[] }>();
  for (const p of proposals) {
    const key = p.section ?? '';
    let s = sections.get(key);
    if (!s) sections.set(key, (s = { loose: [], headed: [] }));
    (/^ {0,3}##\s/.test(p.snippet) ? s.headed : s.loose).push(p.snippet);
  }
  const parts: string[] = [];
  for (const [title, s] of sections) {
    // Loose cards need a section line so they are not read as part of a card above them.
    if (title || s.loose.length) parts.push(`# ${title.replace(/\s+/g, ' ') || 'Cards'}`);
    parts.push(...s.loose, ...s.headed);
  }
  return parts.join('\n\n');
}

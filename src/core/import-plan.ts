// What importing proposals would do to the decks: new cards, updates of cards whose source text
// changed since the last import, and cards already there (skipped). And the deck text for new
// cards, grouped by the note's sections.
import type { Collection } from './collection.js';
import { REATTACH_THRESHOLD, sketchSimilarity, textSketch } from './identity.js';
import type { Proposal } from './propose.js';
import type { Card } from './types.js';

export type ImportStatus = 'new' | 'update' | 'present';

export interface ImportItem {
  proposal: Proposal;
  status: ImportStatus;
  /** For an update: the card in the decks that the proposal replaces. */
  existing?: Card;
}

const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Classifies each proposal against the decks. A proposal whose cards all exist with the same
 * text is present; one whose front exists with another back, or that closely resembles a card
 * of the same kind in the target file, is an update; the rest are new.
 */
export function classifyProposals(collection: Collection, proposals: Proposal[], targetFile?: string): ImportItem[] {
  const items: ImportItem[] = [];
  const seen = new Set<string>();
  const targetCards = targetFile ? collection.cards.filter((c) => c.file === targetFile && c.kind !== 'reverse') : [];
  const targetSketches = new Map<Card, string>();
  for (const proposal of proposals) {
    const ids = proposal.cards.map((c) => c.id);
    if (ids.some((id) => seen.has(id))) continue; // the same card twice in the notes
    ids.forEach((id) => seen.add(id));
    const existing = proposal.cards.map((c) => collection.byId.get(c.id));
    if (existing.every((e, i) => e && flat(e.back) === flat(proposal.cards[i]!.back))) {
      items.push({ proposal, status: 'present' });
      continue;
    }
    const sameFront = existing.find((e, i) => e && proposal.cards[i]!.kind === 'basic');
    if (sameFront) {
      items.push({ proposal, status: 'update', existing: sameFront });
      continue;
    }
    const first = proposal.cards[0]!;
    const sketch = textSketch(first.kind === 'cloze' ? first.front : `${first.front}\n${first.back}`);
    let best: { card: Card; similarity: number } | undefined;
    for (const card of targetCards) {
      if (card.kind !== first.kind || collection.byId.get(card.id) !== card) continue;
      let s = targetSketches.get(card);
      if (s === undefined) targetSketches.set(card, (s = textSketch(card.kind === 'cloze' ? card.front : `${card.front}\n${card.back}`)));
      const similarity = sketchSimilarity(sketch, s);
      if (similarity >= REATTACH_THRESHOLD && (!best || similarity > best.similarity)) best = { card, similarity };
    }
    items.push(best ? { proposal, status: 'update', existing: best.card } : { proposal, status: 'new' });
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
    (p.kind === 'question' ? s.headed : s.loose).push(p.snippet);
  }
  const parts: string[] = [];
  for (const [title, s] of sections) {
    // Loose cards need a section line so they are not read as part of a card above them.
    if (title || s.loose.length) parts.push(`# ${title || 'Cards'}`);
    parts.push(...s.loose, ...s.headed);
  }
  return parts.join('\n\n');
}

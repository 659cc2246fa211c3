// History whose card is gone (its text was edited, so its id changed) either follows the edited
// card, when exactly one new card in the same file is clearly the same card, or is reported.
import type { Collection } from './collection.js';
import type { CardRecord } from './events.js';
import { REATTACH_THRESHOLD, sketchSimilarity, textSketch } from './identity.js';
import { cardKind } from './card-kinds.js';
import { CardTable } from './card-table.js';
import { ProgressStore } from './progress-store.js';
import type { Card } from './types.js';

export interface Orphan {
  id: string;
  record: CardRecord;
  /** New cards in the same file, most similar first; a move needs exactly one above the threshold. */
  candidates: { card: Card; similarity: number }[];
}

export interface ReattachPlan {
  moves: { from: string; to: Card; similarity: number }[];
  orphans: Orphan[];
}

/**
 * A card's sketch: its kind (and cloze number) then a sketch of both sides. Sketches of
 * different kinds never match, so a cloze c1 can only be followed by a c1.
 */
export function sketchOf(card: Card): string {
  return `${cardKind(card).code}${card.cloze ?? ''}:${textSketch(`${card.front}\n${card.back}`)}`;
}

/**
 * `withProgress`, when the caller already knows it (deckTree counts it), is how many of the
 * cards have a record: equal to the number of records, no history lacks its card. Else a
 * ProgressStore knows it from a kept join (matchedOf), or it is counted. Works on the
 * collection's table (core/card-table.ts) and, for progress in columns, on the join of the two:
 * with no history orphaned it reads no card and no id, and with some it makes only the orphans'
 * ids and the cards of their files.
 */
export function planReattach(
  collection: Pick<Collection, 'cards'> & Partial<Pick<Collection, 'byId' | 'table'>>,
  progress: ReadonlyMap<string, CardRecord>,
  withProgress?: number,
): ReattachPlan {
  const table = collection.table ?? CardTable.of(collection.cards);
  const store = progress instanceof ProgressStore ? progress : undefined;
  const rows = store?.rowsOf(table.ids);
  const hasRecord = store ? (i: number) => store.recordOf(table.ids, rows!, i) !== undefined : (i: number) => progress.has(table.id(i));
  let matched = withProgress ?? store?.matchedOf(table.ids);
  if (matched === undefined) {
    matched = 0;
    for (let i = 0; i < table.length; i++) if (hasRecord(i)) matched++;
  }
  if (matched === progress.size) return { moves: [], orphans: [] };
  const records = store ? store.orphanRecordsOf(table.ids) : new Map([...progress].filter(([id]) => table.find(id) === -1));
  const orphanIds = [...records.keys()];

  // New cards in the files the orphans were last seen in: the candidates to follow.
  const files = new Set<string>();
  for (const record of records.values()) if (record.file && record.sk) files.add(record.file);
  const freshByFile = new Map<string, Card[]>();
  for (let i = 0; i < table.length && files.size > 0; i++) {
    const file = table.groups[table.group[i]!]!.file;
    if (!files.has(file) || hasRecord(i)) continue;
    const card = table.card(i);
    const list = freshByFile.get(file);
    if (list) list.push(card);
    else freshByFile.set(file, [card]);
  }

  const sketches = new Map<string, string>();
  const orphans: Orphan[] = [];
  for (const id of orphanIds) {
    const record = records.get(id)!;
    const fresh = record.file && record.sk ? (freshByFile.get(record.file) ?? []) : [];
    const candidates = fresh
      .map((card) => {
        let sk = sketches.get(card.id);
        if (sk === undefined) sketches.set(card.id, (sk = sketchOf(card)));
        return { card, similarity: sketchSimilarity(record.sk!, sk) };
      })
      .sort((a, b) => b.similarity - a.similarity);
    orphans.push({ id, record, candidates });
  }

  // A move needs one candidate for the orphan, and that card claimed by no other orphan.
  const close = (o: Orphan) => o.candidates.filter((c) => c.similarity >= REATTACH_THRESHOLD);
  const claims = new Map<string, number>();
  for (const o of orphans) for (const c of close(o)) claims.set(c.card.id, (claims.get(c.card.id) ?? 0) + 1);
  const moves: ReattachPlan['moves'] = [];
  const left: Orphan[] = [];
  for (const o of orphans) {
    const near = close(o);
    const only = near.length === 1 ? near[0]! : undefined;
    if (only && claims.get(only.card.id) === 1) moves.push({ from: o.id, to: only.card, similarity: only.similarity });
    else left.push(o);
  }
  return { moves, orphans: left };
}

// The full JSON backup: deck files, cards with their place, progress, the review log and the
// settings. The log lines are kept byte for byte, so a restore rebuilds exactly the same state.
import type { CardRecord } from '../core/events.js';
import type { Card } from '../core/types.js';

export const BACKUP_FORMAT = 'recall-backup';
export const BACKUP_VERSION = 1;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  exportedAt: string;
  /** Deck files, relative to the decks folder, with their full text. */
  decks: { file: string; text: string }[];
  cards: Pick<Card, 'id' | 'kind' | 'deck' | 'file' | 'line' | 'section' | 'heading' | 'front' | 'back' | 'cloze' | 'tags'>[];
  progress: Record<string, CardRecord>;
  /** state/reviews.jsonl, one string per line. */
  log: string[];
  /** recall.config.json, if there is one. */
  settings?: string;
}

export function isBackup(value: unknown): value is Backup {
  const v = value as Backup;
  return Boolean(v) && v.format === BACKUP_FORMAT && Array.isArray(v.decks) && Array.isArray(v.log) && typeof v.progress === 'object';
}

export function makeBackup(input: { now: number; decks: Backup['decks']; cards: Card[]; progress: (id: string) => CardRecord | undefined; log: string[]; settings?: string }): Backup {
  const progress: Record<string, CardRecord> = {};
  for (const c of input.cards) {
    const p = input.progress(c.id);
    if (p) progress[c.id] = p;
  }
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: new Date(input.now).toISOString(),
    decks: input.decks,
    cards: input.cards.map(({ id, kind, deck, file, line, section, heading, front, back, cloze, tags }) => ({ id, kind, deck, file, line, section, heading, front, back, cloze, tags })),
    progress,
    log: input.log,
    settings: input.settings,
  };
}

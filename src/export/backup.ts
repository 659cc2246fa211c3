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

/** A backup as read from its file: the log's lines parsed one at a time, when they are needed. */
export interface BackupRead extends BackupHead {
  log: { length: number; at(i: number): unknown };
}

/** The parts of a JSON file (see store/large-json.ts), when they make a recall backup. */
export function asBackup(values: Map<string, unknown>, arrays: Map<string, { length: number; at(i: number): unknown }>): BackupRead | undefined {
  const head = Object.fromEntries(values) as unknown as BackupHead;
  const log = arrays.get('log');
  const ok = head.format === BACKUP_FORMAT && Array.isArray(head.decks) && typeof head.progress === 'object' && head.progress !== null && log !== undefined;
  return ok ? { ...head, log } : undefined;
}

/** Everything in a backup but its log, which is written and read a line at a time. */
export type BackupHead = Omit<Backup, 'log'>;

export function makeBackup(input: { now: number; decks: Backup['decks']; cards: Card[]; progress: (id: string) => CardRecord | undefined; settings?: string }): BackupHead {
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
    settings: input.settings,
  };
}

/** Elements (or an object's entries) per piece of a backup's text. */
const BATCH = 1000;

/**
 * The backup's text in pieces, the same as JSON.stringify(backup, null, 1): a million review
 * lines make more text than one string can hold, so the log goes out a batch at a time, and so
 * do the cards and the progress (at 100k cards, their text made whole, then indented, took a
 * gigabyte). `counted` hears how many log lines were written once they all are.
 */
export function* backupText(head: BackupHead, log: Iterable<string>, counted: (lines: number) => void): Generator<string> {
  const field = (key: string, value: unknown) => ` ${JSON.stringify(key)}: ${JSON.stringify(value, null, 1).replace(/\n/g, '\n ')}`;
  const { settings, ...rest } = head;
  yield '{\n';
  for (const [key, value] of Object.entries(rest)) {
    yield* fieldInPieces(key, value, field);
    yield ',\n';
  }
  yield ' "log": [';
  let lines = 0;
  let batch: string[] = [];
  for (const line of log) {
    batch.push((lines++ === 0 ? '\n  ' : ',\n  ') + JSON.stringify(line));
    if (batch.length === 10_000) {
      yield batch.join('');
      batch = [];
    }
  }
  yield batch.join('') + (lines ? '\n ]' : ']') + (settings === undefined ? '' : ',\n' + field('settings', settings)) + '\n}\n';
  counted(lines);
}

/**
 * A field of the backup's top level as JSON.stringify(backup, null, 1) writes it: a list or an
 * object an element (entry) at a time, each at its depth (two spaces in), in pieces of BATCH.
 */
function* fieldInPieces(key: string, value: unknown, field: (key: string, value: unknown) => string): Generator<string> {
  const entries = Array.isArray(value) ? value.map((v) => [undefined, v] as const) : isPlainObject(value) ? Object.entries(value) : undefined;
  if (!entries) {
    yield field(key, value);
    return;
  }
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  let written = 0;
  let batch: string[] = [];
  yield ` ${JSON.stringify(key)}: ${open}`;
  for (const [name, v] of entries) {
    // As JSON.stringify: an entry whose value has no JSON is left out of an object, null in a list.
    const text = JSON.stringify(v, null, 1) as string | undefined;
    if (text === undefined && name !== undefined) continue;
    batch.push((written++ === 0 ? '\n  ' : ',\n  ') + (name === undefined ? '' : `${JSON.stringify(name)}: `) + (text ?? 'null').replace(/\n/g, '\n  '));
    if (batch.length === BATCH) {
      yield batch.join('');
      batch = [];
    }
  }
  yield batch.join('') + (written ? `\n ${close}` : close);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

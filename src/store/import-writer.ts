// Writes an import: a set of deck files (new ones, and appends or card replacements in existing
// ones) and the media files their cards show, from any source. Everything is worked out and
// checked before the first write: the resulting decks must parse with no problem that was not
// there before, so an import never leaves an invalid deck set. Media files are written before
// the decks that refer to them; every write is atomic.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { buildCollection, type Collection } from '../core/collection.js';
import { appendToDeck, AppendError, replaceCard } from '../core/deck-edit.js';
import { parseDeck } from '../core/parse-deck.js';
import type { Card } from '../core/types.js';
import { UserError } from '../errors.js';
import { commitAppend, insideDecks, readDeckFile, type DeckFileRead } from './deck-writer.js';
import { syncFolder } from './durable-file.js';
import { makeDir } from './make-dir.js';
import { m } from '../i18n/index.js';

/** What to write into one deck file: its header if it is new, cards to replace, text to append. */
export interface DeckChange {
  file: string;
  /** Front matter for a new file. */
  header: string;
  replacements: { card: Card; snippet: string }[];
  /** Deck-format text appended at the end. */
  append?: string;
}

export interface FileWrite extends DeckFileRead {
  text: string;
  added: Card[];
  updated: number;
}

export interface MediaWrite {
  /** Relative to the decks folder. */
  file: string;
  /** The file to copy, or the bytes to write. */
  from?: string;
  bytes?: Uint8Array;
}

/** Works out each deck file's new text, without writing. Replacements go last line first, so line numbers hold. */
export function prepareDeckWrites(root: string, changes: DeckChange[]): FileWrite[] {
  return changes.map((change) => {
    const read = readDeckFile(root, change.file, change.header);
    let text = read.original;
    let added: Card[] = [];
    try {
      for (const r of [...change.replacements].sort((a, b) => b.card.line - a.card.line)) text = replaceCard(change.file, text, r.card, r.snippet).text;
      if (change.append) ({ text, added } = appendToDeck(change.file, text, change.append));
    } catch (error) {
      if (error instanceof AppendError) throw new UserError(m.decks.cannotWrite(change.file, error.message), m.decks.nothingWritten);
      throw error;
    }
    return { ...read, text, added, updated: change.replacements.length };
  });
}

/**
 * Refuses writes that would leave the decks with a problem they did not have: a duplicate between
 * files, a card that does not parse. `collection` is the decks as they are now.
 */
export function checkDeckSet(collection: Collection, writes: FileWrite[]): void {
  const changed = new Map(writes.map((w) => [w.file, w.text]));
  const decks = collection.decks.filter((d) => !changed.has(d.file)).concat(writes.map((w) => parseDeck(w.file, w.text)));
  const after = buildCollection(decks);
  const known = new Set(collection.problems.map((p) => `${p.file}\0${p.message}`));
  const fresh = after.problems.filter((p) => !known.has(`${p.file}\0${p.message}`) && changed.has(p.file));
  if (fresh.length) {
    const p = fresh[0]!;
    throw new UserError(m.decks.importLeavesInvalid(`${p.file}:${p.line}`, p.message), m.decks.nothingWritten);
  }
}

/** True when the media file is already there with these bytes. */
function sameFile(path: string, m: MediaWrite): boolean {
  if (!existsSync(path)) return false;
  const bytes = m.bytes ?? readFileSync(m.from!);
  if (statSync(path).size !== bytes.length) return false;
  return Buffer.from(bytes).equals(readFileSync(path));
}

/** The media files that are missing or differ, as they will be written. */
export function pendingMedia(root: string, media: MediaWrite[]): MediaWrite[] {
  return media.filter((m) => !sameFile(insideDecks(root, m.file), m));
}

/**
 * Writes the media first, then the deck files; each deck write refuses a file changed since it was
 * read. Each media file goes to a temporary name and is renamed into place, and each folder is
 * synced once (hundreds of images, one fsync each, would take seconds); an image cut short by a
 * crash differs from its source, so the next import writes it again.
 */
export function commitImport(root: string, writes: FileWrite[], media: MediaWrite[]): void {
  const folders = new Set<string>();
  for (const m of media) {
    const path = insideDecks(root, m.file);
    makeDir(dirname(path));
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    writeFileSync(temp, m.bytes ?? readFileSync(m.from!));
    renameSync(temp, path);
    folders.add(dirname(path));
  }
  for (const folder of folders) syncFolder(folder);
  for (const w of writes) commitAppend(w);
}

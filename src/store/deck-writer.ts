// The one place that writes deck files, used only by commands that say they will (`recall add`,
// `recall import`). Appends keep every existing byte; writes are atomic (temp file + rename).
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { deckText } from '../core/deck-bytes.js';
import { appendToDeck, AppendError, type Appended } from '../core/deck-edit.js';
import type { Collection } from '../core/collection.js';
import type { ParsedDeck } from '../core/types.js';
import { UserError } from '../errors.js';
import { writeFileDurable } from './durable-file.js';
import { makeDir } from './make-dir.js';
import { m } from '../i18n/index.js';

/** `llm::t5` -> `llm/t5.md`, refusing names that would leave the decks folder. */
export function deckFileFor(deckName: string): string {
  const parts = deckName.split('::').map((p) => p.trim());
  for (const part of parts) {
    if (part === '' || part === '.' || part === '..' || part.startsWith('.') || /[\\/\0:*?"<>|]/.test(part)) {
      throw new UserError(m.decks.badName(deckName), m.decks.badNameHint);
    }
  }
  return parts.join('/') + '.md';
}

/** Resolves a path under the decks folder, refusing anything (symlinks included) that leaves it. */
export function insideDecks(root: string, file: string): string {
  const path = resolve(root, file);
  const realRoot = realOrResolved(resolve(root));
  const real = realOrResolved(path);
  const rel = relative(realRoot, real);
  if (rel === '' || rel.startsWith('..' + sep) || rel === '..' || resolve(realRoot, rel) !== real) {
    throw new UserError(m.decks.outside(file, root), m.decks.outsideHint);
  }
  return path;
}

/** A path with the symlinks of its existing part resolved (the rest may not exist yet). */
function realOrResolved(path: string): string {
  let probe = path;
  while (!existsSync(probe) && dirname(probe) !== probe) probe = dirname(probe);
  return join(realpathSync(probe), relative(probe, path));
}

/** The deck a name means: one file whose deck name matches, case-insensitively. */
export function findDeck(collection: Collection, name: string): ParsedDeck | undefined {
  const matches = collection.decks.filter((d) => d.deck.toLowerCase() === name.trim().toLowerCase());
  if (matches.length > 1) {
    throw new UserError(m.decks.inManyFiles(name, matches.length, matches.map((d) => d.file).join(', ')), m.decks.inManyFilesHint);
  }
  return matches[0];
}

export interface DeckFileRead {
  file: string;
  path: string;
  created: boolean;
  /** The file's text, or the header a new file starts with. */
  original: string;
  before?: { mtimeMs: number; size: number; mode: number };
}

/** Reads a deck file for a change (following a symlink to its target), or starts a new one from `header`. */
export function readDeckFile(root: string, file: string, header = ''): DeckFileRead {
  const link = insideDecks(root, file);
  const created = !existsSync(link);
  // Write through a symlinked deck to the file it points at, keeping the link and the mode.
  const path = created ? link : realpathSync(link);
  if (created) return { file, path, created, original: header };
  const stat = statSync(path);
  // Rewriting a file that is not UTF-8 text would replace its odd bytes: refuse instead.
  const { text, problems } = deckText(file, readFileSync(path));
  const problem = problems[0];
  if (problem) throw new UserError(`${root === '' ? '' : `${relative(process.cwd(), root) || '.'}/`}${file}:${problem.line}: ${problem.message}`, m.decks.nothingWritten);
  return { file, path, created, original: text, before: { mtimeMs: stat.mtimeMs, size: stat.size, mode: stat.mode } };
}

export interface PreparedAppend extends Appended, DeckFileRead {}

/**
 * Works out what appending a deck-format snippet to a deck file gives, without writing: the new
 * text and the cards it adds. A missing file is created from `header` (front matter, say).
 */
export function prepareAppend(root: string, file: string, snippet: string, header = ''): PreparedAppend {
  const read = readDeckFile(root, file, header);
  try {
    return { ...read, ...appendToDeck(file, read.original, snippet) };
  } catch (error) {
    if (error instanceof AppendError) throw new UserError(m.decks.cannotAdd(file, error.message), m.decks.nothingWritten);
    throw error;
  }
}

/** Writes a prepared append, refusing when the file changed since it was read. */
export function commitAppend(prepared: DeckFileRead & { text: string }): void {
  const { path, before } = prepared;
  if (before) {
    const now = statSync(path);
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) {
      throw new UserError(m.decks.changedMeanwhile(prepared.file), m.decks.runAgain);
    }
  } else {
    if (existsSync(path)) throw new UserError(m.decks.appearedMeanwhile(prepared.file), m.decks.runAgain);
    makeDir(dirname(path));
  }
  writeFileDurable(path, prepared.text, before ? before.mode & 0o7777 : undefined);
}

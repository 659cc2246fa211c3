// Reads every deck file under the decks folder. Never writes.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Problem } from '../core/types.js';
import { buildCollection, byPlace, type Collection } from '../core/collection.js';
import { deckText } from '../core/deck-bytes.js';
import { parseDeck } from '../core/parse-deck.js';
import type { ParsedDeck } from '../core/types.js';
import { UserError } from '../errors.js';
import { m } from '../i18n/index.js';

const isDeckName = (name: string) => name.toLowerCase().endsWith('.md') && name.toLowerCase() !== 'readme.md';

function walk(dir: string, realRoot: string, out: { files: string[]; problems: Problem[] }, root: string) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, realRoot, out, root);
    else if (entry.isFile() && isDeckName(entry.name)) out.files.push(path);
    else if (entry.isSymbolicLink() && isDeckName(entry.name)) {
      // A linked deck is read only when it stays inside the decks folder.
      let target: string | undefined;
      try {
        target = realpathSync(path);
      } catch {
        target = undefined;
      }
      const rel = target === undefined ? undefined : relative(realRoot, target);
      const file = relative(root, path).split(sep).join('/');
      if (target === undefined) out.problems.push({ file, line: 1, message: m.decks.brokenLink });
      else if (rel!.startsWith('..') || isAbsolute(rel!)) {
        out.problems.push({ file, line: 1, message: m.decks.linkOutside(target) });
      } else if (statSync(target).isFile()) out.files.push(path);
    }
  }
}

/** Every deck file under the decks folder, and the links it will not follow. */
export function listDecks(root: string): { files: string[]; problems: Problem[] } {
  let stat;
  try {
    stat = statSync(root);
  } catch {
    throw new UserError(m.decks.notFound(root), m.decks.notFoundHint);
  }
  if (!stat.isDirectory()) throw new UserError(m.decks.notFolder(root));
  const out = { files: [] as string[], problems: [] as Problem[] };
  walk(root, realpathSync(root), out, root);
  out.files.sort();
  return out;
}

export function listDeckFiles(root: string): string[] {
  return listDecks(root).files;
}

/** For commands that create decks (add, import): a missing decks folder is an empty one. */
export function loadCollectionOrEmpty(root: string): Collection {
  return existsSync(root) ? loadCollection(root) : buildCollection([]);
}

/** Every deck under `root`, or those `keep` keeps (an edition of the shipped decks, say). */
export function loadCollection(root: string, keep: (deck: ParsedDeck) => boolean = () => true): Collection {
  const { files, problems } = listDecks(root);
  const parsed = files.map((path) => {
    const file = relative(root, path).split(sep).join('/');
    return readDeck(file, path);
  });
  return withProblems(buildCollection(parsed.filter(keep)), problems);
}

/** Reads and parses one deck file; bytes that are not UTF-8 text are problems of the deck. */
export function readDeck(file: string, path: string): ParsedDeck {
  return parseDeckBytes(file, readFileSync(path));
}

/** Parses a deck file's bytes; bytes that are not UTF-8 text are problems of the deck. */
export function parseDeckBytes(file: string, bytes: Buffer): ParsedDeck {
  const { text, problems } = deckText(file, bytes);
  const deck = parseDeck(file, text);
  return problems.length ? { ...deck, problems: [...problems, ...deck.problems] } : deck;
}

/** Adds problems found outside the parser (links it will not follow) to a collection. */
export function withProblems(collection: Collection, problems: Problem[]): Collection {
  if (problems.length === 0) return collection;
  collection.problems.push(...problems);
  collection.problems.sort(byPlace);
  return collection;
}

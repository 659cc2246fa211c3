// Reads every deck file under the decks folder. Never writes.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildCollection, type Collection } from '../core/collection.js';
import { parseDeck } from '../core/parse-deck.js';
import { UserError } from '../errors.js';

function walk(dir: string, out: string[]) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md') && entry.name.toLowerCase() !== 'readme.md') out.push(path);
  }
}

export function listDeckFiles(root: string): string[] {
  let stat;
  try {
    stat = statSync(root);
  } catch {
    throw new UserError(`decks folder not found: ${root}`, 'point --decks (or RECALL_DECKS) at the folder that holds your .md decks');
  }
  if (!stat.isDirectory()) throw new UserError(`--decks must be a folder, but ${root} is a file`);
  const files: string[] = [];
  walk(root, files);
  return files.sort();
}

/** For commands that create decks (add, import): a missing decks folder is an empty one. */
export function loadCollectionOrEmpty(root: string): Collection {
  return existsSync(root) ? loadCollection(root) : buildCollection([]);
}

export function loadCollection(root: string): Collection {
  const parsed = listDeckFiles(root).map((path) => {
    const file = relative(root, path).split(sep).join('/');
    return parseDeck(file, readFileSync(path, 'utf8'));
  });
  return buildCollection(parsed);
}

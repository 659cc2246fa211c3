// A cache of parsed decks, so a review of 100k cards does not re-parse 10 MB of Markdown at
// every start. A file's entry is used only while its size and times are unchanged, and never
// for a file modified within a second of the cache being written (the "racily clean" rule git
// uses: an edit in the same clock tick would otherwise go unseen). Lives in <state>/cache/,
// which ignores itself in git.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildCollection, type Collection } from '../core/collection.js';
import { parseDeck, PARSER_VERSION } from '../core/parse-deck.js';
import type { Card, CardKind, ParsedDeck } from '../core/types.js';
import { writeFileDurable } from './durable-file.js';
import { listDeckFiles } from './deck-files.js';

const FORMAT = 'recall-deck-cache';

interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/**
 * A parsed deck with its cards stored column by column: fronts and backs joined into one
 * string with their lengths beside it, because JSON.parse makes one long string far faster
 * than 200k short ones, and the cards' texts are then cheap slices of it.
 */
interface CachedDeck extends Stamp, Omit<ParsedDeck, 'cards'> {
  /** Card ids, space-separated (ids never contain spaces). */
  ids: string;
  kinds: string;
  lines: number[];
  /** Index into `strings` of the card's section and heading, or -1. */
  sections: number[];
  headings: number[];
  strings: string[];
  /** Every card's front then back, concatenated; `lengths` has two entries per card. */
  text: string;
  lengths: number[];
  clozes: number[];
  pinned: string;
}

interface CacheFile {
  format: typeof FORMAT;
  parser: number;
  root: string;
  writtenAt: number;
  decks: CachedDeck[];
}

const KINDS: Record<string, CardKind> = { b: 'basic', r: 'reverse', c: 'cloze' };

function pack(deck: ParsedDeck, stamp: Stamp): CachedDeck {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string | undefined) => {
    if (s === undefined) return -1;
    let i = index.get(s);
    if (i === undefined) index.set(s, (i = strings.push(s) - 1));
    return i;
  };
  return {
    ...stamp,
    file: deck.file,
    deck: deck.deck,
    meta: deck.meta,
    problems: deck.problems,
    ids: deck.cards.map((c) => c.id).join(' '),
    kinds: deck.cards.map((c) => c.kind[0]).join(''),
    lines: deck.cards.map((c) => c.line),
    sections: deck.cards.map((c) => intern(c.section)),
    headings: deck.cards.map((c) => intern(c.heading)),
    strings,
    text: deck.cards.map((c) => c.front + c.back).join(''),
    lengths: deck.cards.flatMap((c) => [c.front.length, c.back.length]),
    clozes: deck.cards.map((c) => c.cloze ?? 0),
    pinned: deck.cards.map((c) => (c.pinned ? '1' : '0')).join(''),
  };
}

function unpack(d: CachedDeck): ParsedDeck {
  const ids = d.ids === '' ? [] : d.ids.split(' ');
  const cards: Card[] = new Array(ids.length);
  let at = 0;
  for (let i = 0; i < ids.length; i++) {
    const front = d.text.slice(at, (at += d.lengths[2 * i]!));
    const back = d.text.slice(at, (at += d.lengths[2 * i + 1]!));
    // Every field in one literal: one hidden class for all cards (see fromSnapshot).
    const card: Card = {
      id: ids[i]!,
      kind: KINDS[d.kinds[i]!]!,
      noteKey: `${d.file}:${d.lines[i]}`,
      deck: d.deck,
      file: d.file,
      line: d.lines[i]!,
      section: d.sections[i]! >= 0 ? d.strings[d.sections[i]!] : undefined,
      heading: d.headings[i]! >= 0 ? d.strings[d.headings[i]!] : undefined,
      front,
      back,
      cloze: d.clozes[i] || undefined,
      tags: d.meta.tags,
      pinned: d.pinned[i] === '1',
    };
    cards[i] = card;
  }
  return { file: d.file, deck: d.deck, meta: d.meta, problems: d.problems, cards };
}

/**
 * JSON with every non-ASCII character escaped: the file then decodes as a one-byte string,
 * several times faster than UTF-8 with CJK in it.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function readCache(path: string, root: string): CacheFile | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const cache = JSON.parse(readFileSync(path, 'latin1')) as CacheFile;
    if (cache.format !== FORMAT || cache.parser !== PARSER_VERSION || cache.root !== root || !Array.isArray(cache.decks)) return undefined;
    return cache;
  } catch {
    return undefined; // A damaged cache is only a slower start: parse the decks instead.
  }
}

export interface CachedCollection {
  collection: Collection;
  /** Writes the cache if anything was parsed anew; call it off the start-up path. */
  save: () => void;
}

export function loadCollectionCached(root: string, stateDir: string): CachedCollection {
  const dir = join(stateDir, 'cache');
  const path = join(dir, 'decks.json');
  const cache = readCache(path, root);
  const cached = new Map(cache?.decks.map((d) => [d.file, d]));
  const trustedBefore = (cache?.writtenAt ?? 0) - 1000;
  const entries: CachedDeck[] = [];
  const parsed: ParsedDeck[] = [];
  let changed = !cache;
  for (const full of listDeckFiles(root)) {
    const file = relative(root, full).split(sep).join('/');
    const st = statSync(full);
    const stamp = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
    const hit = cached.get(file);
    if (hit && hit.size === stamp.size && hit.mtimeMs === stamp.mtimeMs && hit.ctimeMs === stamp.ctimeMs && stamp.mtimeMs < trustedBefore) {
      entries.push(hit);
      parsed.push(unpack(hit));
      continue;
    }
    const deck = parseDeck(file, readFileSync(full, 'utf8'));
    parsed.push(deck);
    entries.push(pack(deck, stamp));
    changed = true;
  }
  if (cache && entries.length !== cache.decks.length) changed = true;
  const save = () => {
    if (!changed) return;
    try {
      mkdirSync(dir, { recursive: true });
      if (!existsSync(join(dir, '.gitignore'))) writeFileSync(join(dir, '.gitignore'), '# A cache recall rebuilds by itself: never commit it.\n*\n');
      const file: CacheFile = { format: FORMAT, parser: PARSER_VERSION, root, writtenAt: Date.now(), decks: entries };
      writeFileDurable(path, asciiJson(file));
      changed = false;
    } catch {
      // No cache is only a slower next start.
    }
  };
  return { collection: buildCollection(parsed), save };
}

// A cache of parsed decks, so a review of 100k cards does not re-parse 10 MB of Markdown at
// every start. A file's entry is used only while its size and times are unchanged, and never
// for a file modified within a second of the cache being written (the "racily clean" rule git
// uses: an edit in the same clock tick would otherwise go unseen). Lives in <state>/cache/,
// which ignores itself in git.
//
// The index (decks.json) holds everything but the cards' text; the text sits in a separate file
// and a card reads its front and back only when they are first needed: a session shows a few
// hundred of 100k cards, and decoding every text was most of the start-up time.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync, unlinkSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { cardKind, kindOfCode } from '../core/card-kinds.js';
import { buildCollection, type Collection } from '../core/collection.js';
import { PARSER_VERSION } from '../core/parse-deck.js';
import type { Card, CardKind, ParsedDeck } from '../core/types.js';
import { makeCacheDir } from './cache-dir.js';
import { writeFileDurable } from './durable-file.js';
import { listDecks, parseDeckBytes, withProblems } from './deck-files.js';
import { language, type Lang } from '../i18n/index.js';

const FORMAT = 'recall-deck-cache';
/** Bump when the cache's layout changes: older caches are then ignored and rebuilt. */
const LAYOUT = 5;

interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** A hash of the file's bytes: a copy, a sync or a checkout changes the times, not the text. */
  hash: string;
}

/** A parsed deck with its cards stored column by column; texts are in the text file. */
interface CachedDeck extends Stamp, Omit<ParsedDeck, 'cards'> {
  /** Card ids, space-separated (ids never contain spaces). */
  ids: string;
  kinds: string;
  lines: number[];
  /** Index into `strings` of the card's section and heading, or -1. */
  sections: number[];
  headings: number[];
  strings: string[];
  clozes: number[];
  pinned: string;
  /** Where this deck's texts start in the text file, and each card's front and back length in bytes. */
  textStart: number;
  textBytes: number[];
}

interface CacheFile {
  format: typeof FORMAT;
  layout: number;
  parser: number;
  root: string;
  /** The interface language the decks' problems are written in: another language parses again. */
  lang: Lang;
  writtenAt: number;
  /** The text file this index belongs to (written before the index, so never missing). */
  textFile: string;
  textSize: number;
  /** No card id repeats across these decks: the collection skips its duplicate check. */
  unique: boolean;
  decks: CachedDeck[];
}


/**
 * Reads card texts from the cache's text file: a slice at a time for the few cards a session
 * shows, the whole file once when a command reads many (a check of 100k cards opened it 100k
 * times). The file stays open from the first read, so the texts come from the very file the
 * index was read with, even if a later run writes a new cache meanwhile.
 */
class TextFile {
  #fd?: number;
  #reads = 0;
  #whole?: Buffer;

  constructor(readonly path: string) {}

  read(start: number, length: number): Buffer {
    if (this.#whole) return this.#whole.subarray(start, start + length);
    const buffer = Buffer.allocUnsafe(length);
    if (length === 0) return buffer;
    if (this.#fd === undefined) {
      this.#fd = openSync(this.path, 'r');
      process.once('exit', () => this.#close());
    }
    if (++this.#reads > 256) {
      const size = fstatSync(this.#fd).size;
      const whole = Buffer.allocUnsafe(size);
      let got = 0;
      while (got < size) {
        const n = readSync(this.#fd, whole, got, size - got, got);
        if (n <= 0) break;
        got += n;
      }
      this.#whole = whole.subarray(0, got);
      this.#close();
      return this.#whole.subarray(start, start + length);
    }
    readSync(this.#fd, buffer, 0, length, start);
    return buffer;
  }

  #close(): void {
    if (this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch {
      // Already closed.
    }
    this.#fd = undefined;
  }
}

/**
 * A card from the cache: plain fields, and text that is read on first use. Its bookkeeping is
 * in #private fields, so spreading or serializing it shows only the card.
 */
class CachedCard implements Card {
  section?: string;
  heading?: string;
  cloze?: number;
  readonly #source: TextFile;
  readonly #at: number;
  readonly #frontBytes: number;
  readonly #backBytes: number;
  #text?: [string, string];

  constructor(
    readonly id: string,
    readonly kind: CardKind,
    readonly deck: string,
    readonly file: string,
    readonly line: number,
    readonly tags: string[],
    readonly pinned: boolean,
    source: TextFile,
    at: number,
    frontBytes: number,
    backBytes: number,
  ) {
    this.#source = source;
    this.#at = at;
    this.#frontBytes = frontBytes;
    this.#backBytes = backBytes;
  }

  get noteKey(): string {
    return `${this.file}:${this.line}`;
  }

  #load(): [string, string] {
    if (!this.#text) {
      const bytes = this.#source.read(this.#at, this.#frontBytes + this.#backBytes);
      this.#text = [bytes.toString('utf8', 0, this.#frontBytes), bytes.toString('utf8', this.#frontBytes)];
    }
    return this.#text;
  }

  get front(): string {
    return this.#load()[0];
  }

  get back(): string {
    return this.#load()[1];
  }

  /** Where each cached card's text lies in its text file; see cachedTextSpans. */
  static spans(cards: readonly Card[]): TextSpans {
    const n = cards.length;
    const spans: TextSpans = { files: [], file: new Int32Array(n).fill(-1), start: new Float64Array(n), mid: new Float64Array(n), end: new Float64Array(n) };
    let last: TextFile | undefined;
    let lastIndex = -1;
    for (let i = 0; i < n; i++) {
      const card = cards[i];
      if (!(card instanceof CachedCard)) continue;
      if (card.#source !== last) {
        last = card.#source;
        lastIndex = spans.files.indexOf(last.path);
        if (lastIndex === -1) lastIndex = spans.files.push(last.path) - 1;
      }
      spans.file[i] = lastIndex;
      spans.start[i] = card.#at;
      spans.mid[i] = card.#at + card.#frontBytes;
      spans.end[i] = card.#at + card.#frontBytes + card.#backBytes;
    }
    return spans;
  }
}

/**
 * Where each card's text lies in the cache's text files, as UTF-8: the front from `start` to
 * `mid`, the back from `mid` to `end`, in `files[file]`; `file` is -1 for a card parsed afresh,
 * whose text is in memory. A search can scan the files' bytes instead of decoding every card.
 */
export interface TextSpans {
  files: string[];
  file: Int32Array;
  start: Float64Array;
  mid: Float64Array;
  end: Float64Array;
}

export function cachedTextSpans(cards: readonly Card[]): TextSpans {
  return CachedCard.spans(cards);
}

function contentHash(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex').slice(0, 20);
}

function pack(deck: ParsedDeck, stamp: Stamp, texts: Buffer[], textStart: number): CachedDeck {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string | undefined) => {
    if (s === undefined) return -1;
    let i = index.get(s);
    if (i === undefined) index.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const textBytes: number[] = [];
  for (const c of deck.cards) {
    const front = Buffer.from(c.front, 'utf8');
    const back = Buffer.from(c.back, 'utf8');
    texts.push(front, back);
    textBytes.push(front.length, back.length);
  }
  return {
    ...stamp,
    file: deck.file,
    deck: deck.deck,
    meta: deck.meta,
    problems: deck.problems,
    ids: deck.cards.map((c) => c.id).join(' '),
    kinds: deck.cards.map((c) => cardKind(c).code).join(''),
    lines: deck.cards.map((c) => c.line),
    sections: deck.cards.map((c) => intern(c.section)),
    headings: deck.cards.map((c) => intern(c.heading)),
    strings,
    clozes: deck.cards.map((c) => c.cloze ?? 0),
    pinned: deck.cards.map((c) => (c.pinned ? '1' : '0')).join(''),
    textStart,
    textBytes,
  };
}

function unpack(d: CachedDeck, source: TextFile): ParsedDeck {
  const ids = d.ids === '' ? [] : d.ids.split(' ');
  const cards: Card[] = new Array(ids.length);
  let at = d.textStart;
  for (let i = 0; i < ids.length; i++) {
    const frontBytes = d.textBytes[2 * i]!;
    const backBytes = d.textBytes[2 * i + 1]!;
    const card = new CachedCard(ids[i]!, kindOfCode(d.kinds[i]!)!, d.deck, d.file, d.lines[i]!, d.meta.tags, d.pinned[i] === '1', source, at, frontBytes, backBytes);
    at += frontBytes + backBytes;
    if (d.sections[i]! >= 0) card.section = d.strings[d.sections[i]!];
    if (d.headings[i]! >= 0) card.heading = d.strings[d.headings[i]!];
    if (d.clozes[i]) card.cloze = d.clozes[i];
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

function readCache(dir: string, root: string): { cache: CacheFile; text: TextFile } | undefined {
  const path = join(dir, 'decks.json');
  if (!existsSync(path)) return undefined;
  try {
    const cache = JSON.parse(readFileSync(path, 'latin1')) as CacheFile;
    if (cache.format !== FORMAT || cache.layout !== LAYOUT || cache.parser !== PARSER_VERSION || cache.root !== root || cache.lang !== language() || !Array.isArray(cache.decks)) return undefined;
    const textPath = join(dir, cache.textFile);
    if (statSync(textPath).size !== cache.textSize) return undefined;
    return { cache, text: new TextFile(textPath) };
  } catch {
    return undefined; // A damaged cache is only a slower start: parse the decks instead.
  }
}

export interface CachedCollection {
  collection: Collection;
  /** Writes the cache if anything was parsed anew; call it off the start-up path. */
  save: () => void;
}

export function loadCollectionCached(root: string, stateDir: string, keep: (deck: ParsedDeck) => boolean = () => true): CachedCollection {
  const dir = join(stateDir, 'cache');
  // The decks folder however it was named (`decks`, `./decks`, its full path): one cache.
  const found = readCache(dir, resolve(root));
  const cached = new Map(found?.cache.decks.map((d) => [d.file, d]));
  const trustedBefore = (found?.cache.writtenAt ?? 0) - 1000;
  const parsed: ParsedDeck[] = [];
  const stamps: Stamp[] = [];
  let changed = !found;
  const { files, problems: linkProblems } = listDecks(root);
  for (const full of files) {
    const file = relative(root, full).split(sep).join('/');
    const st = statSync(full);
    const hit = cached.get(file);
    // The file's times vouch for its text only when they are as cached and not too recent (an
    // edit in the same clock tick as the cache would not show); otherwise its bytes decide.
    if (found && hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs && hit.ctimeMs === st.ctimeMs && st.mtimeMs < trustedBefore) {
      stamps.push(hit);
      parsed.push(unpack(hit, found.text));
      continue;
    }
    const bytes = readFileSync(full);
    const stamp = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, hash: contentHash(bytes) };
    stamps.push(stamp);
    changed = true;
    if (found && hit && hit.hash === stamp.hash && hit.size === stamp.size) parsed.push(unpack(hit, found.text));
    else parsed.push(parseDeckBytes(file, bytes));
  }
  if (found && files.length !== found.cache.decks.length) changed = true;

  const save = () => {
    if (!changed) return;
    try {
      makeCacheDir(stateDir);
      const texts: Buffer[] = [];
      let offset = 0;
      const decks = parsed.map((deck, i) => {
        const before = texts.length;
        const packed = pack(deck, stamps[i]!, texts, offset);
        for (let k = before; k < texts.length; k++) offset += texts[k]!.length;
        return packed;
      });
      const writtenAt = Date.now();
      const textFile = `decks-${writtenAt}.text`;
      // The text first: an index never names a text file that is not fully on disk.
      writeFileDurable(join(dir, textFile), Buffer.concat(texts));
      const unique = collection.cards.length === parsed.reduce((n, d) => n + d.cards.length, 0);
      const cache: CacheFile = { format: FORMAT, layout: LAYOUT, parser: PARSER_VERSION, root: resolve(root), lang: language(), writtenAt, textFile, textSize: offset, unique, decks };
      writeFileDurable(join(dir, 'decks.json'), asciiJson(cache));
      for (const old of readdirSync(dir)) if (/^decks-\d+\.text$/.test(old) && old !== textFile) unlinkSync(join(dir, old));
      changed = false;
    } catch {
      // No cache is only a slower next start.
    }
  };
  const collection = withProblems(buildCollection(parsed.filter(keep), !changed && found!.cache.unique === true), linkProblems);
  return { collection, save };
}

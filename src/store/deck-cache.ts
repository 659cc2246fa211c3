// A cache of parsed decks, so a review of 100k cards does not re-parse 10 MB of Markdown at
// every start. A file's entry is used only while its size and times are unchanged, and never
// for a file modified within a second of the cache being written (the "racily clean" rule git
// uses: an edit in the same clock tick would otherwise go unseen); a file whose times changed
// but whose bytes hash the same (a copy, a checkout) keeps its entry. Lives in <state>/cache/,
// which ignores itself in git.
//
// The index (decks.bin) holds the cards as columns (ids, kinds, lines, sections, where the text
// lies), and a card becomes an object only when something asks for it: a session of 100k cards
// chooses its few hundred from the columns (core/card-table.ts). The text sits in a separate
// file and a card reads its front and back only when they are first needed.
import { createRequire } from 'node:module';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, unlinkSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { cardKind, kindOfCode } from '../core/card-kinds.js';
import { CardTable, type CardGroup, type TextPlaces } from '../core/card-table.js';
import { byPlace, duplicateProblem, type Collection } from '../core/collection.js';
import { PARSER_VERSION } from '../core/parse-deck.js';
import type { Card, CardKind, ParsedDeck, Problem } from '../core/types.js';
import { repeatsNoneThroughLineage, WordColumn } from '../core/word-column.js';
import { makeCacheDir } from './cache-dir.js';
import { ColumnReader, columnParts } from './column-file.js';
import { writeFileDurable } from './durable-file.js';
import { listDecks, parseDeckBytes, withProblems } from './deck-files.js';
import { language, type Lang } from '../i18n/index.js';

const FORMAT = 'recall-deck-cache';
/** Bump when the cache's layout changes: older caches are then ignored and rebuilt. 6: binary columns. 7: sections as a column. */
const LAYOUT = 8;
const INDEX = 'decks.bin';

interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** A hash of the file's bytes: a copy, a sync or a checkout changes the times, not the text. */
  hash: string;
}

/** A deck file of the index: what the parser said of it, and where its cards are in the columns. */
interface IndexedDeck extends Stamp, Omit<ParsedDeck, 'cards'> {
  first: number;
  count: number;
}

interface Header {
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
  /** In file order. */
  decks: IndexedDeck[];
}

/**
 * The columns, in order: the ids (bytes, offsets, hashes, and the slots of their index when no id
 * repeats: see WordColumn.adoptIndex), kind, line, section, heading, cloze, pinned, text start,
 * text lengths, and the sections and headings (each once, `section` and `heading` holding their
 * index: their UTF-8 bytes one after the other, and where each starts, then the end). A session's
 * first card reads its two strings alone: parsing a JSON list of 40k headings took 3 ms.
 */
const KINDS = [Uint8Array, Int32Array, Int32Array, Int32Array, Uint8Array, Int32Array, Int32Array, Int32Array, Int32Array, Uint8Array, Float64Array, Int32Array, Uint8Array, Int32Array] as const;
const STRING_BYTES = 12;
const STRING_STARTS = 13;

/** Every card of a run of decks, column by column. */
interface Columns {
  ids: WordColumn;
  /** The other columns, read when first needed (see DeckRun.card). */
  rest(): RestColumns;
  /** Card p's values read one by one, when the columns are in a file and not read yet. */
  single?(p: number): CardValues;
}

/** What a card is made from besides its id and its deck (see RestColumns). */
interface CardValues {
  kind: number;
  line: number;
  section: string | undefined;
  heading: string | undefined;
  cloze: number;
  pinned: number;
  textAt: number;
  frontBytes: number;
  backBytes: number;
}

/** Sections and headings by index, each read when first asked for; none for an index out of range (a damaged index). */
interface Strings {
  readonly length: number;
  at(i: number): string | undefined;
}

/**
 * The index's strings and those parsed since: after an edit of one deck file of 100k cards, the
 * index's 40k headings are neither all read nor all put in a Map to intern the new ones (12 ms
 * of the start). A new string is interned among the new ones only: one the index has already
 * is stored again, which costs its bytes, not a wrong answer.
 */
class StringTable implements Strings {
  readonly #added: string[] = [];
  readonly #index = new Map<string, number>();

  constructor(private readonly base: Strings = { length: 0, at: () => undefined }) {}

  get length(): number {
    return this.base.length + this.#added.length;
  }

  at(i: number): string | undefined {
    return i < this.base.length ? this.base.at(i) : this.#added[i - this.base.length];
  }

  intern(text: string | undefined): number {
    if (text === undefined) return -1;
    let i = this.#index.get(text);
    if (i === undefined) this.#index.set(text, (i = this.base.length + this.#added.push(text) - 1));
    return i;
  }
}

function valuesOf(c: RestColumns, p: number): CardValues {
  return {
    kind: c.kind[p]!,
    line: c.line[p]!,
    section: c.strings.at(c.section[p]!),
    heading: c.strings.at(c.heading[p]!),
    cloze: c.cloze[p]!,
    pinned: c.pinned[p]!,
    textAt: c.textAt[p]!,
    frontBytes: c.textLength[2 * p]!,
    backBytes: c.textLength[2 * p + 1]!,
  };
}

interface RestColumns {
  /** The kind's code letter, as a character code. */
  kind: Uint8Array;
  line: Int32Array;
  /** Index into `strings` of the card's section and heading, or -1. */
  section: Int32Array;
  heading: Int32Array;
  /** The cloze number, or 0. */
  cloze: Int32Array;
  pinned: Uint8Array;
  /** Where card i's text starts in the text file, or -1 for a card parsed afresh (its text in memory). */
  textAt: Float64Array;
  /** Card i's front and back lengths in bytes, at 2i and 2i + 1. */
  textLength: Int32Array;
  /** Sections and headings: `section` and `heading` hold their index. */
  strings: Strings;
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

  /** The bytes at `start`, fewer when the file ends first; none for a place that is not one (a damaged index). */
  read(start: number, length: number): Buffer {
    if (!(Number.isSafeInteger(start) && start >= 0 && Number.isSafeInteger(length) && length >= 0)) return Buffer.alloc(0);
    if (this.#whole) return this.#whole.subarray(start, start + length);
    const buffer = Buffer.allocUnsafe(length);
    if (length === 0) return buffer;
    if (++this.#reads > 256) return this.whole().subarray(start, start + length);
    // What is there: a damaged index may point past the end.
    return buffer.subarray(0, readSync(this.#open(), buffer, 0, length, start));
  }

  /** Opens the file now, so that its cards still read their text once a newer cache has removed it. */
  keepOpen(): void {
    if (!this.#whole) this.#open();
  }

  /** The whole file, read once. */
  whole(): Buffer {
    if (!this.#whole) {
      // From the open file (reads by position never moved it): the one the index was read with.
      this.#whole = readFileSync(this.#open());
      this.#close();
    }
    return this.#whole;
  }

  #open(): number {
    this.#fd ??= openSync(this.path, 'r');
    return this.#fd;
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
  readonly #reread: () => [string, string];
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
    /** The text from the deck file itself, for a place in the text file that is not whole (a damaged index). */
    reread: () => [string, string],
  ) {
    this.#reread = reread;
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
      const length = this.#frontBytes + this.#backBytes;
      const bytes = this.#frontBytes >= 0 && this.#backBytes >= 0 ? this.#source.read(this.#at, length) : undefined;
      this.#text = bytes?.length === length ? [bytes.toString('utf8', 0, this.#frontBytes), bytes.toString('utf8', this.#frontBytes)] : this.#reread();
    }
    return this.#text;
  }

  get front(): string {
    return this.#load()[0];
  }

  get back(): string {
    return this.#load()[1];
  }
}

/** node:crypto, loaded when a deck file has to be hashed: a start with every file as cached loads none of it (2 ms). */
const crypto = () => createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');

function contentHash(bytes: Buffer): string {
  return crypto().createHash('sha1').update(bytes).digest('hex').slice(0, 20);
}

const HASH_CHUNK = Buffer.alloc(256 * 1024);

/** contentHash of a file's bytes, read a chunk at a time. */
function hashOfFile(path: string): string {
  const hash = crypto().createHash('sha1');
  const fd = openSync(path, 'r');
  try {
    for (let n; (n = readSync(fd, HASH_CHUNK, 0, HASH_CHUNK.length, null)) > 0; ) hash.update(HASH_CHUNK.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex').slice(0, 20);
}

const KIND_OF_BYTE: (CardKind | undefined)[] = [];
for (const code of 'brc') KIND_OF_BYTE[code.charCodeAt(0)] = kindOfCode(code);

function readIndex(dir: string, root: string): { header: Header; columns: Columns; text: TextFile } | undefined {
  const reader = ColumnReader.open<Header, typeof KINDS>(join(dir, INDEX), FORMAT, LAYOUT, KINDS);
  if (!reader) return undefined;
  try {
    const { header } = reader;
    if (header.parser !== PARSER_VERSION || header.root !== root || header.lang !== language() || !Array.isArray(header.decks)) throw new Error('another index');
    // Every column as long as the others, checked before any is read.
    const n = reader.length(4);
    const lengths = [n + 1, n, undefined, n, n, n, n, n, n, n, 2 * n];
    if (lengths.some((length, k) => length !== undefined && reader.length(k + 1) !== length)) throw new Error('columns of different lengths');
    let next = 0;
    for (const d of header.decks) {
      const shaped = typeof d.file === 'string' && typeof d.deck === 'string' && Array.isArray(d.meta?.tags) && Array.isArray(d.problems);
      if (!shaped || d.first !== next || !(d.count >= 0)) throw new Error('damaged deck entry');
      next += d.count;
    }
    if (next !== n) throw new Error('cards missing');
    const textPath = join(dir, header.textFile);
    if (statSync(textPath).size !== header.textSize) throw new Error('another text file');
    // Hashes and index are read when first needed (a start whose join was kept needs neither),
    // or made again if the file is gone by then.
    const ids = indexIds(reader, n, false);
    let rest: RestColumns | undefined;
    const strings = indexStrings(reader);
    const columns: Columns = {
      ids,
      // A value a damaged file may hold out of range is checked where it is used (DeckRun.card).
      single: (p) =>
        rest
          ? valuesOf(rest, p)
          : {
              kind: reader.at(4, p),
              line: reader.at(5, p),
              section: strings.at(reader.at(6, p)),
              heading: strings.at(reader.at(7, p)),
              cloze: reader.at(8, p),
              pinned: reader.at(9, p),
              textAt: reader.at(10, p),
              frontBytes: reader.at(11, 2 * p),
              backBytes: reader.at(11, 2 * p + 1),
            },
      rest: () =>
        (rest ??= {
          kind: reader.column(4),
          line: reader.column(5),
          section: reader.column(6),
          heading: reader.column(7),
          cloze: reader.column(8),
          pinned: reader.column(9),
          textAt: reader.column(10),
          textLength: reader.column(11),
          strings,
        }),
    };
    return { header, columns, text: new TextFile(textPath) };
  } catch {
    reader.release();
    return undefined; // A damaged cache is only a slower start: parse the decks instead.
  }
}

/**
 * The index's sections and headings, each read from its bytes when first asked for: alone from
 * the file for a session's first cards, from the columns once something reads them whole. A
 * string whose offsets do not fit the bytes (a damaged index) is none.
 */
function indexStrings(reader: ColumnReader<Header, typeof KINDS>): Strings {
  const length = Math.max(0, reader.length(STRING_STARTS) - 1);
  const byteCount = reader.length(STRING_BYTES);
  const made = new Map<number, string | undefined>();
  let whole: { text: Buffer; starts: Int32Array } | undefined;
  const read = (i: number) => {
    let from: number;
    let to: number;
    if (whole) {
      from = whole.starts[i]!;
      to = whole.starts[i + 1]!;
    } else {
      from = reader.at(STRING_STARTS, i);
      to = reader.at(STRING_STARTS, i + 1);
    }
    if (!(from >= 0 && from <= to && to <= byteCount)) return undefined;
    return whole ? whole.text.toString('utf8', from, to) : Buffer.from(reader.slice(STRING_BYTES, from, to)).toString('utf8');
  };
  return {
    length,
    at(i: number) {
      if (!(i >= 0 && i < length)) return undefined;
      if (made.has(i)) return made.get(i);
      // Past the first few, the columns are read whole: one read instead of two per string.
      if (!whole && made.size >= 16) {
        const bytes = reader.column(STRING_BYTES);
        whole = { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), starts: reader.column(STRING_STARTS) };
      }
      const text = read(i);
      made.set(i, text);
      return text;
    },
  };
}

/** Strings as the index stores them: their UTF-8 bytes one after the other, and where each starts, then the end. */
function encodeStrings(strings: readonly string[]): [Uint8Array, Int32Array] {
  const parts = strings.map((t) => Buffer.from(t, 'utf8'));
  const starts = new Int32Array(parts.length + 1);
  for (let i = 0; i < parts.length; i++) starts[i + 1] = starts[i]! + parts[i]!.length;
  return [Buffer.concat(parts), starts];
}

/** A column read later that can be made again: undefined if its file is no longer the one read. */
function optionalColumn(read: () => Int32Array): Int32Array | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** What names this version of the index's ids, for a join another cache keeps with them (WordColumn.origin). */
function originOf(header: Header, cards: number): string {
  return `${header.textFile}/${cards}`;
}

/**
 * The ids of the cards of the deck index in `stateDir`'s cache, indexed and named (for the
 * progress cache, which joins its rows to them when it is written), or undefined when there is none.
 */
export function deckIndexIds(stateDir: string): WordColumn | undefined {
  const reader = ColumnReader.open<Header, typeof KINDS>(join(stateDir, 'cache', INDEX), FORMAT, LAYOUT, KINDS);
  if (!reader) return undefined;
  try {
    const n = reader.length(4);
    if (reader.length(1) !== n + 1 || reader.length(2) !== n) return undefined;
    return indexIds(reader, n, true);
  } catch {
    return undefined;
  } finally {
    reader.release();
  }
}

/**
 * The index's ids, checked to span their bytes (else it throws), named by their origin, with
 * the hashes and the index the cache kept: the hashes read `now` or when first needed.
 */
function indexIds(reader: ColumnReader<Header, typeof KINDS>, n: number, now: boolean): WordColumn {
  const byteCount = reader.length(0);
  if (reader.at(1, 0) !== 0 || reader.at(1, n) !== byteCount) throw new Error('damaged ids');
  // Read when first needed: a start whose join was kept needs only the ids of the cards it shows.
  const source = {
    whole: () => ({ bytes: reader.column(0), starts: reader.column(1) }),
    one: (i: number) => {
      const from = reader.at(1, i);
      const to = reader.at(1, i + 1);
      // Offsets out of order (a damaged file): the word as the whole column gives it.
      if (!(from >= 0 && from < to && to <= byteCount)) return undefined;
      return Buffer.from(reader.slice(0, from, to - 1)).toString('utf8');
    },
  };
  const hashes = now ? reader.column(2) : () => optionalColumn(() => reader.column(2));
  const ids: WordColumn = now ? new WordColumn(reader.column(0), reader.column(1), hashes) : WordColumn.later(n, source, hashes);
  if (reader.header.unique === true && reader.length(3) > 0) ids.adoptIndex(() => optionalColumn(() => reader.column(3)));
  ids.origin = originOf(reader.header, n);
  return ids;
}

/** Removes the index (its text file goes with the next index written). Best effort: it is only a cache. */
function dropIndex(dir: string): void {
  try {
    unlinkSync(join(dir, INDEX));
  } catch {
    // Gone already, or a read-only folder: the damage is met again, and read around, next time.
  }
}

/** A deck file as this run has it: its entry in the index, or parsed afresh. */
interface Segment {
  file: string;
  stamp: Stamp;
  cached?: IndexedDeck;
  parsed?: ParsedDeck;
}

/** The columns of `segments` in order: cached decks copied from the index, parsed ones encoded. */
function combine(segments: Segment[], index: Columns | undefined): { columns: Columns; parsed: Map<number, Card> } {
  let n = 0;
  for (const s of segments) n += s.cached ? s.cached.count : s.parsed!.cards.length;
  const strings = new StringTable(index?.rest().strings);
  const intern = (text: string | undefined) => strings.intern(text);
  const c: RestColumns = {
    kind: new Uint8Array(n),
    line: new Int32Array(n),
    section: new Int32Array(n),
    heading: new Int32Array(n),
    cloze: new Int32Array(n),
    pinned: new Uint8Array(n),
    textAt: new Float64Array(n),
    textLength: new Int32Array(2 * n),
    strings,
  };
  const parsed = new Map<number, Card>();
  const idParts: WordColumn[] = [];
  const runs: { at: number; to: number; count: number }[] = [];
  let at = 0;
  for (const s of segments) {
    if (s.cached) {
      const { first, count } = s.cached;
      const from = index!.rest();
      idParts.push(index!.ids.range(first, first + count));
      runs.push({ at: first, to: at, count });
      c.kind.set(from.kind.subarray(first, first + count), at);
      c.line.set(from.line.subarray(first, first + count), at);
      c.section.set(from.section.subarray(first, first + count), at);
      c.heading.set(from.heading.subarray(first, first + count), at);
      c.cloze.set(from.cloze.subarray(first, first + count), at);
      c.pinned.set(from.pinned.subarray(first, first + count), at);
      c.textAt.set(from.textAt.subarray(first, first + count), at);
      c.textLength.set(from.textLength.subarray(2 * first, 2 * (first + count)), 2 * at);
      at += count;
      continue;
    }
    const cards = s.parsed!.cards;
    idParts.push(WordColumn.fromStrings(cards.map((card) => card.id)));
    for (const card of cards) {
      c.kind[at] = cardKind(card).code.charCodeAt(0);
      c.line[at] = card.line;
      c.section[at] = intern(card.section);
      c.heading[at] = intern(card.heading);
      c.cloze[at] = card.cloze ?? 0;
      c.pinned[at] = card.pinned ? 1 : 0;
      c.textAt[at] = -1;
      parsed.set(at, card);
      at++;
    }
  }
  const ids = idParts.length ? WordColumn.concat(idParts) : WordColumn.fromStrings([]);
  // The cards kept from the index, as runs of its ids: lookups and the progress join go through
  // the index's kept index instead of one of these (see WordColumn.lineage).
  if (index) ids.lineage = { from: index.ids, runs };
  return { columns: { ids, rest: () => c }, parsed };
}

/** How many cards a run makes from values read one by one before it reads the columns whole. */
const SINGLE_CARDS = 4;

/** The decks of a run, their cards as columns, and each card made once when asked for. */
class DeckRun {
  readonly #made = new Map<number, Card>();
  /** Deck files parsed again because the index's place of a card's text was damaged. */
  readonly #reparsed = new Map<string, Map<string, Card>>();
  /** Whether a card's text had to come from its deck file: the index is not to be trusted again. */
  damaged = false;
  /** Each card's deck, an index into `decks`. */
  readonly deckOf: Int32Array;

  constructor(
    readonly decks: { entry: Omit<ParsedDeck, 'cards'>; first: number; count: number }[],
    readonly columns: Columns,
    /** Cards parsed afresh, by position: their text is in memory. */
    readonly parsed: Map<number, Card>,
    readonly text: TextFile | undefined,
    /** The decks folder, where a damaged card's deck file is read again. */
    readonly root: string,
  ) {
    this.deckOf = new Int32Array(columns.ids.length);
    decks.forEach((d, k) => this.deckOf.fill(k, d.first, d.first + d.count));
  }

  /** A card's text from its deck file as it is now (none if the card is no longer there). */
  reread(file: string, id: string): [string, string] {
    this.damaged = true;
    let cards = this.#reparsed.get(file);
    if (!cards) {
      let parsed: Card[] = [];
      try {
        parsed = parseDeckBytes(file, readFileSync(join(this.root, file))).cards;
      } catch {
        // The file is gone too: the card shows no text this once.
      }
      this.#reparsed.set(file, (cards = new Map(parsed.map((c) => [c.id, c]))));
    }
    const card = cards.get(id);
    return card ? [card.front, card.back] : ['', ''];
  }

  /**
   * Card p, made once. The first few cards of a run are made from their own values, read one
   * by one (a session draws its first card before it needs more); past them, from the columns,
   * read whole.
   */
  card(p: number): Card {
    let card = this.#made.get(p) ?? this.parsed.get(p);
    if (card) return card;
    const v = this.columns.single && this.#made.size < SINGLE_CARDS ? this.columns.single(p) : valuesOf(this.columns.rest(), p);
    const { entry } = this.decks[this.deckOf[p]!]!;
    // A damaged index may hold a code or a place out of range: such a card is a basic card, or
    // has no section, or reads its text from its deck file (then the index is dropped on save).
    const kind = KIND_OF_BYTE[v.kind] ?? 'basic';
    const id = this.columns.ids.get(p);
    const reread = () => this.reread(entry.file, id);
    const made = new CachedCard(id, kind, entry.deck, entry.file, v.line, entry.meta.tags, v.pinned === 1, this.text!, v.textAt, v.frontBytes, v.backBytes, reread);
    if (v.section !== undefined) made.section = v.section;
    if (v.heading !== undefined) made.heading = v.heading;
    if (v.cloze) made.cloze = v.cloze;
    this.#made.set(p, (card = made));
    return card;
  }

  /** Where the texts of the cards at `rows` (all, without rows) lie in the text file; -1 for a card parsed afresh. */
  places(rows?: Int32Array): TextPlaces {
    const n = rows ? rows.length : this.columns.ids.length;
    const places: TextPlaces = { files: this.text ? [this.text.path] : [], file: new Int32Array(n).fill(-1), start: new Float64Array(n), mid: new Float64Array(n), end: new Float64Array(n) };
    if (!this.text) return places;
    const { textAt, textLength } = this.columns.rest();
    for (let k = 0; k < n; k++) {
      const p = rows ? rows[k]! : k;
      const at = textAt[p]!;
      if (at < 0 || this.parsed.has(p)) continue;
      places.file[k] = 0;
      places.start[k] = at;
      places.mid[k] = at + textLength[2 * p]!;
      places.end[k] = places.mid[k]! + textLength[2 * p + 1]!;
    }
    return places;
  }

  /** A deck with its cards made when first read. */
  parsedDeck(k: number): ParsedDeck {
    const { entry, first, count } = this.decks[k]!;
    let cards: Card[] | undefined;
    const run = this;
    return {
      ...entry,
      get cards() {
        return (cards ??= Array.from({ length: count }, (_, i) => run.card(first + i)));
      },
    };
  }
}

export interface CachedCollection {
  collection: Collection;
  /** Writes the cache if anything was parsed anew; call it off the start-up path. */
  save: () => void;
}

const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

export function loadCollectionCached(root: string, stateDir: string, keep: (deck: ParsedDeck) => boolean = () => true): CachedCollection {
  const dir = join(stateDir, 'cache');
  // The decks folder however it was named (`decks`, `./decks`, its full path): one cache.
  const found = readIndex(dir, resolve(root));
  const indexed = new Map(found?.header.decks.map((d) => [d.file, d]));
  const trustedBefore = (found?.header.writtenAt ?? 0) - 1000;
  const segments: Segment[] = [];
  let changed = !found;
  const { files, problems: linkProblems } = listDecks(root);
  for (const full of files) {
    const file = relative(root, full).split(sep).join('/');
    const st = statSync(full);
    const hit = indexed.get(file);
    // The file's times vouch for its text only when they are as cached and not too recent (an
    // edit in the same clock tick as the cache would not show); otherwise its bytes decide.
    if (found && hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs && hit.ctimeMs === st.ctimeMs && st.mtimeMs < trustedBefore) {
      segments.push({ file, stamp: hit, cached: hit });
      continue;
    }
    changed = true;
    const times = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
    // Times changed, bytes perhaps not (a copy, a checkout): hashed through one small buffer, so
    // that a hundred unchanged files do not sit in memory at once; read whole only to be parsed.
    if (found && hit && hit.size === st.size && hashOfFile(full) === hit.hash) {
      segments.push({ file, stamp: { ...times, hash: hit.hash }, cached: hit });
      continue;
    }
    const bytes = readFileSync(full);
    segments.push({ file, stamp: { ...times, hash: contentHash(bytes) }, parsed: parseDeckBytes(file, bytes) });
  }
  if (found && files.length !== found.header.decks.length) changed = true;
  segments.sort(byFile);

  // The index's columns as they are when every deck is in it, in its order; else a new run of them.
  const same = found !== undefined && segments.length === found.header.decks.length && segments.every((s, k) => s.cached === found.header.decks[k]);
  const { columns, parsed } = same ? { columns: found.columns, parsed: new Map<number, Card>() } : combine(segments, found?.columns);
  let first = 0;
  const decks = segments.map((s) => {
    const from = s.parsed ?? s.cached!;
    const count = s.cached ? s.cached.count : s.parsed!.cards.length;
    const d = { entry: { file: from.file, deck: from.deck, meta: from.meta, problems: from.problems }, first, count };
    first += count;
    return d;
  });
  const run = new DeckRun(decks, columns, parsed, found?.text, root);
  // After an edit, only the edited files' ids can repeat one: looked up through the index's own index.
  let unique = same ? found.header.unique : found?.header.unique === true ? repeatsNoneThroughLineage(columns.ids) || undefined : undefined;

  const collection = withProblems(collect(run, keep, unique === true), linkProblems);

  const save = () => {
    if (run.damaged) {
      // Some card's text had to come from its deck file: the next start parses them all afresh.
      dropIndex(dir);
      return;
    }
    if (!changed) return;
    try {
      makeCacheDir(stateDir);
      unique ??= columns.ids.index.duplicates.length === 0;
      const writtenAt = Date.now();
      const stamps = segments.map((s) => s.stamp);
      let textFile = found?.header.textFile;
      let textSize = found?.header.textSize ?? 0;
      let saved = columns.rest();
      if (!same) {
        // The texts in the order of the cards: a cached deck's copied from the old text file, a parsed one's encoded.
        const texts = writeTexts(run, found);
        saved = { ...saved, textAt: texts.textAt, textLength: texts.textLength };
        textFile = `decks-${writtenAt}.text`;
        textSize = texts.size;
        // The text first: an index never names a text file that is not fully on disk.
        writeFileDurable(join(dir, textFile), texts.parts);
      }
      const compact = compactStrings(saved);
      const header: Header = {
        parser: PARSER_VERSION,
        root: resolve(root),
        lang: language(),
        writtenAt,
        textFile: textFile!,
        textSize,
        unique,
        decks: decks.map((d, k) => ({ ...stamps[k]!, ...d.entry, first: d.first, count: d.count })),
      };
      const { ids } = columns;
      const slots = unique ? ids.index.slots : new Int32Array(0);
      const body = [ids.bytes, ids.starts, ids.hashes, slots, saved.kind, saved.line, compact.section, compact.heading, saved.cloze, saved.pinned, saved.textAt, saved.textLength, ...encodeStrings(compact.strings)];
      writeFileDurable(join(dir, INDEX), columnParts(FORMAT, LAYOUT, header, body));
      // Cards already made keep reading the old text file: keep it open before it goes.
      found?.text.keepOpen();
      for (const old of readdirSync(dir)) {
        if (!(/^decks-\d+\.text$/.test(old) && old !== textFile) && old !== 'decks.json') continue;
        try {
          unlinkSync(join(dir, old));
        } catch {
          // Still open elsewhere (Windows): the next save removes it.
        }
      }
      changed = false;
    } catch {
      // No cache is only a slower next start.
    }
  };
  return { collection, save };
}

/** The text file of a new index: every card's front and back, in the order of the cards. */
function writeTexts(run: DeckRun, found: { text: TextFile } | undefined): { parts: Buffer[]; size: number; textAt: Float64Array; textLength: Int32Array } {
  const c = run.columns.rest();
  const n = c.kind.length;
  const textAt = new Float64Array(n);
  const textLength = new Int32Array(2 * n);
  const parts: Buffer[] = [];
  const old = found && c.textAt.some((at) => at >= 0) ? found.text.whole() : undefined;
  let size = 0;
  for (let p = 0; p < n; p++) {
    textAt[p] = size;
    const card = run.parsed.get(p);
    if (card) {
      const front = Buffer.from(card.front, 'utf8');
      const back = Buffer.from(card.back, 'utf8');
      parts.push(front, back);
      textLength[2 * p] = front.length;
      textLength[2 * p + 1] = back.length;
      size += front.length + back.length;
      continue;
    }
    // A run of cached cards whose texts follow each other in the old file: one slice.
    let q = p;
    let end = c.textAt[p]! + c.textLength[2 * p]! + c.textLength[2 * p + 1]!;
    textLength[2 * p] = c.textLength[2 * p]!;
    textLength[2 * p + 1] = c.textLength[2 * p + 1]!;
    while (q + 1 < n && !run.parsed.has(q + 1) && c.textAt[q + 1] === end) {
      q++;
      textAt[q] = size + (end - c.textAt[p]!);
      textLength[2 * q] = c.textLength[2 * q]!;
      textLength[2 * q + 1] = c.textLength[2 * q + 1]!;
      end += c.textLength[2 * q]! + c.textLength[2 * q + 1]!;
    }
    parts.push(old!.subarray(c.textAt[p]!, end));
    size += end - c.textAt[p]!;
    p = q;
  }
  return { parts, size, textAt, textLength };
}

/** Only the sections and headings still used, renumbered. */
function compactStrings(c: RestColumns): { strings: string[]; section: Int32Array; heading: Int32Array } {
  const all = c.strings;
  const renumber = new Int32Array(all.length).fill(-1);
  const strings: string[] = [];
  const map = (column: Int32Array) =>
    column.map((s) => {
      if (s < 0 || s >= all.length) return -1;
      if (renumber[s] === -1) {
        const text = all.at(s);
        if (text === undefined) return -1;
        renumber[s] = strings.push(text) - 1;
      }
      return renumber[s]!;
    });
  const section = map(c.section);
  const heading = map(c.heading);
  return { strings, section, heading };
}

/**
 * The collection of the decks `keep` keeps: their cards as a table, the first card of each id
 * only (a later one is a problem), unless the index knows no id repeats.
 */
function collect(run: DeckRun, keep: (deck: ParsedDeck) => boolean, knownUnique: boolean): Collection {
  const deckObjects = run.decks.map((_, k) => run.parsedDeck(k));
  const kept = deckObjects.map((d) => keep(d));
  const decks = deckObjects.filter((_, k) => kept[k]);
  const problems: Problem[] = decks.flatMap((d) => d.problems);
  const groups: CardGroup[] = run.decks.map((d) => ({ file: d.entry.file, deck: d.entry.deck, tags: d.entry.meta.tags }));
  let table = new CardTable(run.columns.ids, run.deckOf, () => run.columns.rest().line, groups, (p) => run.card(p), undefined, (rows) => run.places(rows));
  if (!kept.every(Boolean)) table = table.select((_, k) => kept[k]!);
  if (!knownUnique) {
    const duplicates = table.ids.index.duplicates;
    if (duplicates.length > 0) {
      const dropped = new Set(duplicates.map((d) => d.row));
      for (const { row, first } of duplicates) problems.push(duplicateProblem(table.card(row), table.card(first)));
      const rows: number[] = [];
      for (let i = 0; i < table.length; i++) if (!dropped.has(i)) rows.push(i);
      table = table.pick(Int32Array.from(rows));
    }
  }
  problems.sort(byPlace);
  let byId: Map<string, Card> | undefined;
  const final = table;
  return {
    decks,
    problems,
    table: final,
    get cards() {
      return final.cards();
    },
    get byId() {
      return (byId ??= new Map(final.cards().map((card) => [card.id, card])));
    },
  };
}

// Words (card ids, sketches) as one run of UTF-8 bytes, and a hash index over them. At 100k
// cards a string and a Map entry per id were most of what a start-up allocated (and then
// collected); ids kept as the bytes the caches hold are joined (deck cards to progress rows) by
// hashing those bytes, and a string is made only for the few ids a session shows.

/** FNV-1a over bytes, mixed at the end: ids that differ in one character spread apart. */
function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let k = from; k < to; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) | 0;
}


/**
 * Where the words of a column read later come from (a cache file): all of them, checked to span
 * each other, or one word alone.
 */
export interface WordSource {
  whole(): { bytes: Uint8Array; starts: Int32Array };
  /** Word i, or undefined to take it from the whole column (its offsets look damaged). */
  one(i: number): string | undefined;
}

/** How many words a column read later gives one by one before it reads them all. */
const WORDS_ALONE = 16;

/**
 * Words as space-separated UTF-8 (ids and sketches never contain spaces): word i is
 * bytes[starts[i]] up to starts[i + 1] - 1 (the separator). This is how progress.json writes
 * them, so its text encodes straight into a column.
 */
export class WordColumn {
  #bytes: Uint8Array | undefined;
  #starts: Int32Array | undefined;
  #length: number;
  /** Where the words are read from when first needed (see WordColumn.later). */
  #source: WordSource | undefined;
  #alone = 0;
  #hashes?: Int32Array | (() => Int32Array | undefined);
  #index?: WordIndex | (() => Int32Array | undefined);
  /**
   * Which version of which cache these words are (a deck index names its ids column): another
   * cache that joined its rows to them records it, and its join holds while the names match.
   */
  origin?: string;
  /**
   * When these words are another column's with some of its runs replaced (a deck index after an
   * edit of a few files): lookups go through that column's index (a cache kept it) instead of
   * an index of these, and a join to it carries over (see ProgressStore.rowsOf). The words hold
   * no repeat (a collection with one drops it).
   */
  lineage?: Lineage;
  /** The bytes as a Buffer, whose slices decode fastest. */
  #buffer: Buffer | undefined;

  constructor(
    bytes: Uint8Array,
    /** n + 1 offsets: where each id starts, then the end of the bytes plus one. */
    starts: Int32Array,
    /**
     * The words' hashes, when a cache kept them (see `hashes`), or where to read them when first
     * needed (undefined then: computed after all).
     */
    hashes?: Int32Array | (() => Int32Array | undefined),
  ) {
    this.#bytes = bytes;
    this.#starts = starts;
    this.#length = starts.length - 1;
    this.#hashes = hashes;
  }

  /**
   * `length` words read from `source` when first needed: the first few one by one (a session's
   * first cards need their ids, not 100k of them), then all at once.
   */
  static later(length: number, source: WordSource, hashes?: Int32Array | (() => Int32Array | undefined)): WordColumn {
    const column = new WordColumn(new Uint8Array(0), new Int32Array(1), hashes);
    column.#bytes = undefined;
    column.#starts = undefined;
    column.#length = length;
    column.#source = source;
    return column;
  }

  #readWhole(): { bytes: Uint8Array; starts: Int32Array } {
    const { bytes, starts } = this.#source!.whole();
    if (starts.length !== this.#length + 1) throw new Error('a column of words read later is not as long as it was');
    this.#bytes = bytes;
    this.#starts = starts;
    return { bytes, starts };
  }

  /** The bytes as a Buffer, made once. */
  #text(): Buffer {
    const bytes = this.bytes;
    return (this.#buffer ??= Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  /** The words' UTF-8 bytes, each followed by a space. */
  get bytes(): Uint8Array {
    return this.#bytes ?? this.#readWhole().bytes;
  }

  /** n + 1 offsets: where each word starts, then the end of the bytes. */
  get starts(): Int32Array {
    return this.#starts ?? this.#readWhole().starts;
  }

  get length(): number {
    return this.#length;
  }

  get(i: number): string {
    if (this.#starts === undefined && this.#alone < WORDS_ALONE) {
      this.#alone++;
      const word = this.#source!.one(i);
      if (word !== undefined) return word;
    }
    const starts = this.starts;
    return this.#text().toString('utf8', starts[i]!, starts[i + 1]! - 1);
  }

  /** Every word as a string (for the few callers that need them all). */
  toArray(): string[] {
    return this.length === 0 ? [] : this.joined().split(' ');
  }

  /** As JSON, a column is the list of its ids. */
  toJSON(): string[] {
    return this.toArray();
  }

  /** The words joined by spaces, as progress.json stores them. */
  joined(): string {
    return this.length === 0 ? '' : this.#text().toString('utf8', 0, this.starts[this.length]! - 1);
  }

  /** Each word's hash, computed (or read) once. */
  get hashes(): Int32Array {
    if (typeof this.#hashes === 'function') this.#hashes = this.#hashes();
    if (!this.#hashes) {
      const n = this.length;
      const hashes = new Int32Array(n);
      const { bytes, starts } = this;
      for (let i = 0; i < n; i++) hashes[i] = hashBytes(bytes, starts[i]!, starts[i + 1]! - 1);
      this.#hashes = hashes;
    }
    return this.#hashes;
  }

  /** Word i's hash, without computing every word's when they are not at hand. */
  hashAt(i: number): number {
    return this.#hashes && typeof this.#hashes !== 'function' ? this.#hashes[i]! : hashBytes(this.bytes, this.starts[i]!, this.starts[i + 1]! - 1);
  }

  /** The index of these words, built on first use (or read, when a cache kept it). */
  get index(): WordIndex {
    if (typeof this.#index === 'function') this.#index = new WordIndex(this, this.#index());
    this.#index ??= new WordIndex(this);
    return this.#index;
  }

  /** Whether the index is built, or was kept by a cache: a lookup costs no pass over the words. */
  get indexed(): boolean {
    return this.#index !== undefined;
  }

  /** Whether find() costs no pass over the words: an index, or the index of the column these came from. */
  get findable(): boolean {
    return this.indexed || this.lineage?.from.indexed === true;
  }

  /** The position of `id`, or -1: through the index, else through the lineage's column's. */
  find(id: string): number {
    const lineage = this.lineage;
    if (this.indexed || !lineage?.from.indexed) return this.index.find(id);
    const k = lineage.from.index.find(id);
    if (k !== -1) {
      const run = runAt(lineage.runs, k);
      if (run) return run.to + (k - run.at);
    }
    return (lineage.others ??= othersOf(this, lineage.runs)).get(id) ?? -1;
  }

  /**
   * Uses an index a cache kept (WordIndex.slots of these very words, none repeated), read when
   * first needed. A slot that points wrong only misses: every hit is checked against the bytes.
   */
  adoptIndex(slots: () => Int32Array | undefined): void {
    this.#index = slots;
  }

  /** The hashes when they are at hand or kept (read then), not computed. */
  #knownHashes(): Int32Array | undefined {
    return this.#hashes ? this.hashes : undefined;
  }

  /** Whether id i of this column and id j of `other` are the same bytes. */
  sameAs(i: number, other: WordColumn, j: number): boolean {
    const a = this.starts[i]!;
    const b = other.starts[j]!;
    const length = this.starts[i + 1]! - a;
    if (other.starts[j + 1]! - b !== length) return false;
    for (let k = 0; k < length - 1; k++) if (this.bytes[a + k] !== other.bytes[b + k]) return false;
    return true;
  }

  /** Words `from` up to `to`, as a column of their own (sharing these bytes). */
  range(from: number, to: number): WordColumn {
    const base = this.starts[from]!;
    const starts = this.starts.slice(from, to + 1);
    for (let k = 0; k < starts.length; k++) starts[k] = starts[k]! - base;
    return new WordColumn(this.bytes.subarray(base, this.starts[to]!), starts, this.#knownHashes()?.subarray(from, to));
  }

  /** Words `rows` in order, as a column of their own. */
  pick(rows: ArrayLike<number>): WordColumn {
    const starts = new Int32Array(rows.length + 1);
    let size = 0;
    for (let k = 0; k < rows.length; k++) {
      starts[k] = size;
      size += this.starts[rows[k]! + 1]! - this.starts[rows[k]!]!;
    }
    starts[rows.length] = size;
    const bytes = new Uint8Array(size);
    for (let k = 0; k < rows.length; k++) bytes.set(this.bytes.subarray(this.starts[rows[k]!]!, this.starts[rows[k]! + 1]!), starts[k]!);
    const hashes = this.#knownHashes();
    return new WordColumn(bytes, starts, hashes && Int32Array.from(rows, (r) => hashes[r]!));
  }

  static fromStrings(ids: readonly string[]): WordColumn {
    return WordColumn.fromJoined(ids.join(' '), ids.length);
  }

  /** From ids joined by spaces; `count`, when known, saves counting them. */
  static fromJoined(joined: string, count?: number): WordColumn {
    if (joined === '') return new WordColumn(new Uint8Array(0), new Int32Array(1));
    const bytes = Buffer.from(joined + ' ', 'utf8');
    let n = count;
    if (n === undefined) {
      n = 0;
      for (let k = 0; k < bytes.length; k++) if (bytes[k] === 32) n++;
    }
    const starts = new Int32Array(n + 1);
    let i = 1;
    for (let k = 0; k < bytes.length && i <= n; k++) if (bytes[k] === 32) starts[i++] = k + 1;
    return new WordColumn(bytes, starts);
  }

  /** Concatenates columns. */
  static concat(parts: readonly WordColumn[]): WordColumn {
    if (parts.length === 1) return parts[0]!;
    let n = 0;
    let size = 0;
    for (const p of parts) {
      n += p.length;
      size += p.starts[p.length]!;
    }
    const bytes = new Uint8Array(size);
    const starts = new Int32Array(n + 1);
    let i = 0;
    let at = 0;
    for (const p of parts) {
      bytes.set(p.bytes.subarray(0, p.starts[p.length]!), at);
      for (let k = 0; k < p.length; k++) starts[i++] = at + p.starts[k]!;
      at += p.starts[p.length]!;
    }
    starts[n] = at;
    const column = new WordColumn(bytes, starts);
    // The parts' hashes, where each part has them (a cached deck's do, a parsed one's not yet).
    if (parts.every((p) => p.#hashes)) {
      const hashes = new Int32Array(n);
      let h = 0;
      for (const p of parts) {
        hashes.set(p.hashes, h);
        h += p.length;
      }
      column.#hashes = hashes;
    }
    return column;
  }
}

/** A word as a one-word column, to look it up in an index. */
function single(word: string): WordColumn {
  const bytes = Buffer.from(word + ' ', 'utf8');
  return new WordColumn(bytes, Int32Array.of(0, bytes.length));
}

/** The hash a column gives this word. */
export function wordHash(word: string): number {
  const bytes = Buffer.from(word, 'utf8');
  return hashBytes(bytes, 0, bytes.length);
}

/**
 * Open addressing over a column's hashes: slot -> row + 1 (0 empty). The first of equal ids is
 * the one found (a later duplicate is never indexed).
 */
export class WordIndex {
  readonly #slots: Int32Array;
  readonly #mask: number;
  /** Rows whose id repeats an earlier row's, with that earlier row. */
  readonly duplicates: { row: number; first: number }[] = [];

  constructor(
    readonly column: WordColumn,
    /** Slots a cache kept: this index was built before, from these very words. */
    kept?: Int32Array | undefined,
  ) {
    const n = column.length;
    let size = 16;
    while (size < n * 2) size *= 2;
    if (kept && kept.length === size) {
      this.#slots = kept;
      this.#mask = size - 1;
      return;
    }
    this.#slots = new Int32Array(size);
    this.#mask = size - 1;
    const hashes = column.hashes;
    for (let i = 0; i < n; i++) {
      const first = this.#probe(column, i, hashes[i]!, true);
      if (first !== -1) this.duplicates.push({ row: i, first });
    }
  }

  /** The slots, for a cache to keep (see WordColumn.adoptIndex). */
  get slots(): Int32Array {
    return this.#slots;
  }

  /** Finds id j of `other` (whose hash is `hash`); inserts row j when `insert` and it is not there. */
  #probe(other: WordColumn, j: number, hash: number, insert: boolean): number {
    const slots = this.#slots;
    const hashes = this.column.hashes;
    // At most one lap: slots a damaged cache kept may have no empty one.
    for (let s = hash & this.#mask, lap = 0; lap <= this.#mask; s = (s + 1) & this.#mask, lap++) {
      const row = slots[s]! - 1;
      if (row === -1) {
        if (insert) slots[s] = j + 1;
        return -1;
      }
      if (hashes[row] === hash && this.column.sameAs(row, other, j)) return row;
    }
    return -1;
  }

  /** The row of `id`, or -1. */
  find(id: string): number {
    const one = single(id);
    return this.#probe(one, 0, one.hashes[0]!, false);
  }

  /** The row of word j of `other`, or -1: no string made, no other word hashed. */
  findOf(other: WordColumn, j: number): number {
    return this.#probe(other, j, other.hashAt(j), false);
  }

  /** For each id of `other`, its row here or -1. */
  join(other: WordColumn): Int32Array {
    const out = new Int32Array(other.length);
    const hashes = other.hashes;
    for (let j = 0; j < out.length; j++) out[j] = this.#probe(other, j, hashes[j]!, false);
    return out;
  }
}

/** Runs of words copied from another column: `count` words from its position `at` to position `to` here. */
export interface Lineage {
  from: WordColumn;
  /** In order of `at` and of `to`. */
  runs: readonly { at: number; to: number; count: number }[];
  /** The words outside the runs by position, made on first use (the few of an edited file). */
  others?: Map<string, number>;
}

/**
 * Whether a column with a lineage repeats no word, when the column it came from repeats none
 * (and its index is at hand): only a word outside the runs can repeat one, inside them or
 * outside, so only those few are looked up. Undefined without a usable lineage.
 */
export function repeatsNoneThroughLineage(column: WordColumn): boolean | undefined {
  const lineage = column.lineage;
  if (!lineage?.from.indexed) return undefined;
  const others = (lineage.others ??= othersOf(column, lineage.runs));
  let outside = column.length;
  for (const run of lineage.runs) outside -= run.count;
  // A word twice outside the runs is one entry of the map.
  if (others.size !== outside) return false;
  for (const j of others.values()) {
    const k = lineage.from.index.findOf(column, j);
    if (k !== -1 && runAt(lineage.runs, k)) return false;
  }
  return true;
}

/** The run holding position `k` of the column the runs were copied from, if any. */
function runAt(runs: Lineage['runs'], k: number): Lineage['runs'][number] | undefined {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const run = runs[mid]!;
    if (k < run.at) hi = mid - 1;
    else if (k >= run.at + run.count) lo = mid + 1;
    else return run;
  }
  return undefined;
}

/** The words of `column` outside `runs`, by position. */
function othersOf(column: WordColumn, runs: Lineage['runs']): Map<string, number> {
  const others = new Map<string, number>();
  let j = 0;
  for (const run of [...runs, { at: 0, to: column.length, count: 0 }]) {
    for (; j < run.to; j++) others.set(column.get(j), j);
    j = run.to + run.count;
  }
  return others;
}

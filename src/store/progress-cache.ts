// progress.json as binary columns, in <state>/cache/progress.bin. At 100k cards the JSON is
// 16 MB of numbers: parsing it and collecting the million numbers it makes was a quarter of the
// start-up time; the columns are read as they lie, each when first needed (a session's start
// reads a third of the file). The cache is used only while progress.json is the very file it
// was made from (same size, opening bytes, which name the part of the review log it covers, and
// last bytes); otherwise progress.json is read and the cache made again. The join of its rows
// to the cards is kept beside it (progress-join.ts). Never a source of truth: losing it costs one
// slower start.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeCacheDir } from './cache-dir.js';
import { ColumnReader, columnParts } from './column-file.js';
import { deckIndexIds } from './deck-cache.js';
import { writeFileDurable } from './durable-file.js';
import { readProgressJoin, writeProgressJoin, type SnapshotSource } from './progress-join.js';
import { NUMERIC_FIELDS, SUSPENDED_CODE, type NumericField, type ProgressColumns, type StoredColumns } from '../core/progress-store.js';
import { WordColumn } from '../core/word-column.js';

const FORMAT = 'recall-progress-cache';
/**
 * 4: marked cards in the header. 5: ids and sketches as bytes with their offsets (no string to
 * split), the ids' hashes, suspended cards as a column, each column's latest value. 6: the tail
 * of progress.json checked by tailHash instead of SHA-1.
 */
const LAYOUT = 6;

/** What the cache says besides its columns. */
interface Header {
  /**
   * The progress.json this was made from, by content (a copied or checked-out state folder keeps
   * its cache): its size, its opening bytes (which name the part of the log it covers) and a hash
   * of its last bytes.
   */
  source: SnapshotSource;
  /** The part of the review log the snapshot covers. */
  log: SnapshotLog;
  origins?: ProgressColumns['origins'];
  marked?: ProgressColumns['marked'];
  files: string[];
  /** The largest value of each numeric column (absent: no row has one). */
  latest: Partial<Record<NumericField, number>>;
}

/**
 * The column kinds, in order: every numeric field, then `file`, the ids (bytes, offsets, hashes),
 * the sketches (bytes, offsets) and `suspended` (0 none, 1 by the user, 2 a leech).
 */
const KINDS = [...NUMERIC_FIELDS.map(() => Float64Array), Int32Array, Uint8Array, Int32Array, Int32Array, Uint8Array, Int32Array, Uint8Array] as const;
const F = NUMERIC_FIELDS.length;
const [FILE, ID_BYTES, ID_STARTS, ID_HASHES, SKETCH_BYTES, SKETCH_STARTS, SUSPENDED] = [F, F + 1, F + 2, F + 3, F + 4, F + 5, F + 6];

export interface SnapshotLog {
  bytes: number;
  lastId?: string;
  maxAt: number;
}

export interface CachedProgress extends StoredColumns {
  log: SnapshotLog;
}


const TAIL = 4096;

/** Whether progress.json is, by content, the one `source` describes (as a cache of it records it). */
function isSource(snapshotPath: string, source: SnapshotSource): boolean {
  try {
    if (source.head === '' || statSync(snapshotPath).size !== source.size) return false;
    const ends = readEnds(snapshotPath, Buffer.byteLength(source.head), source.size);
    return ends.head === source.head && ends.tail === source.tail;
  } catch {
    return false;
  }
}

/** The file's opening `headLength` bytes as text, and a hash of its last bytes. */
function readEnds(path: string, headLength: number, size: number): { head: string; tail: string } {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(headLength);
    const n = readSync(fd, head, 0, headLength, 0);
    const tail = Buffer.alloc(Math.min(TAIL, size));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return { head: head.toString('utf8', 0, n), tail: tailHash(tail) };
  } finally {
    closeSync(fd);
  }
}

/**
 * A 32-bit FNV-1a hash of the bytes and a second, FNV-like one folding in its own high bits, as
 * hex: enough to tell that the
 * end of progress.json changed, and, unlike node:crypto, nothing to load at every start (loading
 * it took 2 ms of the review's start).
 */
function tailHash(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]!, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

export function cachePath(stateDir: string): string {
  return join(stateDir, 'cache', 'progress.bin');
}

/** The columns of `snapshotPath` from the cache, or undefined when there is no cache of that very file. */
export function readProgressCache(stateDir: string, snapshotPath: string): CachedProgress | undefined {
  const reader = ColumnReader.open<Header, typeof KINDS>(cachePath(stateDir), FORMAT, LAYOUT, KINDS);
  if (!reader) return undefined;
  try {
    const { header } = reader;
    if (!isSource(snapshotPath, header.source)) throw new Error('another progress.json');
    const at = (i: number) => reader.column(i) as Float64Array | Int32Array | Uint8Array;
    // Every row-wise column as long as the others, checked before any is read.
    const n = reader.length(0);
    const rowWise = [...NUMERIC_FIELDS.keys(), FILE, ID_HASHES, SUSPENDED];
    if (rowWise.some((i) => reader.length(i) !== n) || reader.length(ID_STARTS) !== n + 1 || reader.length(SKETCH_STARTS) !== n + 1) throw new Error('columns of different lengths');
    // The ids are read when first needed: a start whose join was kept looks no id up among them.
    const ids = () => {
      const column = words(at(ID_BYTES) as Uint8Array, at(ID_STARTS) as Int32Array, at(ID_HASHES) as Int32Array);
      if (!column) throw new Error(`${cachePath(stateDir)}: its ids are damaged`);
      return column;
    };
    const joined = readProgressJoin(stateDir, header.source);
    // A join found this run is kept for this snapshot, if progress.json is still the same.
    // Best effort, as any cache: at the end of a session the columns it reads may be gone.
    const keepJoin = (origin: string, rows: Int32Array) => {
      try {
        if (!isSource(snapshotPath, header.source)) return;
        const columns = { st: later.column('st'), due: later.column('due'), lrt: later.column('lrt'), s: later.column('s'), buriedUntil: later.column('buriedUntil') };
        writeProgressJoin(stateDir, header.source, origin, rows, columns, at(SUSPENDED) as Uint8Array);
      } catch {
        // The next start finds the join again.
      }
    };
    // Every column is read when first needed (see RecordScan).
    let sketchesSpan: boolean | undefined;
    const later = {
      column: (f: NumericField) => at(NUMERIC_FIELDS.indexOf(f)) as Float64Array,
      file: () => at(FILE) as Int32Array,
      // Offsets that do not span their bytes (a damaged file): no sketches, so no history follows an edit on them.
      sketches: () => words(at(SKETCH_BYTES) as Uint8Array, at(SKETCH_STARTS) as Int32Array) ?? WordColumn.fromStrings([]),
      value: (f: NumericField, row: number) => reader.at(NUMERIC_FIELDS.indexOf(f), row),
      fileAt: (row: number) => reader.at(FILE, row),
      // A word ends with its separator; offsets out of order or past the bytes (a damaged file): none.
      sketchAt: (row: number) => {
        // As sketches() would have them: none at all when the offsets do not span the bytes.
        sketchesSpan ??= reader.at(SKETCH_STARTS, 0) === 0 && reader.at(SKETCH_STARTS, n) === reader.length(SKETCH_BYTES);
        if (!sketchesSpan) return undefined;
        const from = reader.at(SKETCH_STARTS, row);
        const to = reader.at(SKETCH_STARTS, row + 1);
        if (!(from >= 0 && from < to && to <= reader.length(SKETCH_BYTES))) return undefined;
        return Buffer.from(reader.slice(SKETCH_BYTES, from, to - 1)).toString('utf8');
      },
    };
    const latest = Object.fromEntries(NUMERIC_FIELDS.map((f) => [f, header.latest?.[f] ?? -Infinity]));
    // Written from a store, which holds each id once.
    return { ids, count: n, unique: true, columns: {}, later, latest, joined, keepJoin, suspended: at(SUSPENDED) as Uint8Array, origins: header.origins, marked: header.marked, files: header.files, log: header.log };
  } catch {
    reader.release();
    return undefined; // A damaged cache: read progress.json instead.
  }
}

/** A column of words, when its offsets span its bytes. */
function words(bytes: Uint8Array, starts: Int32Array, hashes?: Int32Array): WordColumn | undefined {
  const n = starts.length - 1;
  if (n < 0 || starts[0] !== 0 || starts[n] !== bytes.length || (hashes && hashes.length !== n)) return undefined;
  return new WordColumn(bytes, starts, hashes);
}

/**
 * Writes the cache of `snapshotPath`, whose content is `columns` and whose text starts with
 * `head`, with its rows joined to the cards of the deck index in the cache folder. Best effort.
 */
export function writeProgressCache(stateDir: string, snapshotPath: string, columns: ProgressColumns, log: SnapshotLog, head: string): void {
  try {
    const st = statSync(snapshotPath);
    const n = columns.ids.length;
    const latest: Header['latest'] = {};
    const numeric = NUMERIC_FIELDS.map((field) => {
      const column = columns.columns[field];
      const values = new Float64Array(n);
      let max = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = (values[i] = column[i] ?? NaN);
        if (v > max) max = v;
      }
      if (max > -Infinity) latest[field] = max;
      return values;
    });
    const file = new Int32Array(n);
    for (let i = 0; i < n; i++) file[i] = columns.file[i] ?? -1;
    const ids = WordColumn.fromStrings(columns.ids);
    const source = { size: st.size, head, tail: readEnds(snapshotPath, 0, st.size).tail };
    const header: Header = { source, log, origins: columns.origins, marked: columns.marked, files: columns.files, latest };
    makeCacheDir(stateDir);
    // Durable like progress.json itself: after a power cut the cache is the old one or the new
    // one, never a file of the right size with blocks that never reached the disk.
    const sketches = WordColumn.fromJoined(columns.sketches, n);
    const suspended = Uint8Array.from(columns.ids, (id) => (columns.suspended[id] ? SUSPENDED_CODE[columns.suspended[id]] : 0));
    const body = [...numeric, file, ids.bytes, ids.starts, ids.hashes, sketches.bytes, sketches.starts, suspended];
    writeFileDurable(cachePath(stateDir), columnParts(FORMAT, LAYOUT, header, body));
    // The next start's join of these rows to the cards, made now rather than then.
    const cards = deckIndexIds(stateDir);
    const column = (f: NumericField) => numeric[NUMERIC_FIELDS.indexOf(f)]!;
    if (cards) writeProgressJoin(stateDir, source, cards.origin!, ids.index.join(cards), { st: column('st'), due: column('due'), lrt: column('lrt'), s: column('s'), buriedUntil: column('buriedUntil') }, suspended);
  } catch {
    // Only a faster start is lost.
  }
}

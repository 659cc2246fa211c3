// progress.json as binary columns, in <state>/cache/progress.bin. At 100k cards the JSON is
// 16 MB of numbers: parsing it and collecting the million numbers it makes was a quarter of the
// start-up time; the columns are read as they lie. The cache is used only while progress.json
// is the very file it was made from (same size, modification time and opening bytes, which
// name the part of the review log it covers); otherwise progress.json is read and the cache made
// again. Never a source of truth: losing it costs one slower start.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeCacheDir } from './cache-dir.js';
import { decodeColumns, encodeColumns } from './column-file.js';
import { writeFileDurable } from './durable-file.js';
import { NUMERIC_FIELDS, type NumericField, type ProgressColumns } from '../core/progress-store.js';

const FORMAT = 'recall-progress-cache';
/** 4: marked cards in the header. */
const LAYOUT = 4;

/** What the cache says besides its columns. */
interface Header {
  /**
   * The progress.json this was made from, by content (a copied or checked-out state folder keeps
   * its cache): its size, its opening bytes (which name the part of the log it covers) and a hash
   * of its last bytes.
   */
  source: { size: number; head: string; tail: string };
  /** The part of the review log the snapshot covers. */
  log: SnapshotLog;
  suspended: ProgressColumns['suspended'];
  origins?: ProgressColumns['origins'];
  marked?: ProgressColumns['marked'];
  files: string[];
}

/** The column kinds, in order: every numeric field, then `file`, the ids and the sketches. */
const KINDS = [...NUMERIC_FIELDS.map(() => Float64Array), Int32Array, 'utf8', 'utf8'] as const;

export interface SnapshotLog {
  bytes: number;
  lastId?: string;
  maxAt: number;
}

export interface CachedProgress extends ProgressColumns {
  log: SnapshotLog;
}

const TAIL = 4096;

/** The file's opening `headLength` bytes as text, and a hash of its last bytes. */
function readEnds(path: string, headLength: number, size: number): { head: string; tail: string } {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(headLength);
    const n = readSync(fd, head, 0, headLength, 0);
    const tail = Buffer.alloc(Math.min(TAIL, size));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return { head: head.toString('utf8', 0, n), tail: createHash('sha1').update(tail).digest('hex').slice(0, 20) };
  } finally {
    closeSync(fd);
  }
}

export function cachePath(stateDir: string): string {
  return join(stateDir, 'cache', 'progress.bin');
}

/** The columns of `snapshotPath` from the cache, or undefined when there is no cache of that very file. */
export function readProgressCache(stateDir: string, snapshotPath: string): CachedProgress | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cachePath(stateDir));
  } catch {
    return undefined;
  }
  try {
    const decoded = decodeColumns<Header, typeof KINDS>(data, FORMAT, LAYOUT, KINDS);
    if (!decoded) return undefined;
    const { header } = decoded;
    const st = statSync(snapshotPath);
    const { size, head, tail } = header.source;
    if (st.size !== size || head === '') return undefined;
    const ends = readEnds(snapshotPath, Buffer.byteLength(head), size);
    if (ends.head !== head || ends.tail !== tail) return undefined;
    const values = decoded.columns as unknown as (Float64Array | Int32Array | string)[];
    const columns = Object.fromEntries(NUMERIC_FIELDS.map((f, i) => [f, values[i] as Float64Array])) as Record<NumericField, Float64Array>;
    const file = values[NUMERIC_FIELDS.length] as Int32Array;
    const ids = values[NUMERIC_FIELDS.length + 1] as string;
    const sketches = values[NUMERIC_FIELDS.length + 2] as string;
    return { ids: ids === '' ? [] : ids.split(' '), columns, suspended: header.suspended, origins: header.origins, marked: header.marked, files: header.files, file, sketches, log: header.log };
  } catch {
    return undefined; // A damaged cache: read progress.json instead.
  }
}

/** Writes the cache of `snapshotPath`, whose content is `columns` and whose text starts with `head`. Best effort. */
export function writeProgressCache(stateDir: string, snapshotPath: string, columns: ProgressColumns, log: SnapshotLog, head: string): void {
  try {
    const st = statSync(snapshotPath);
    const n = columns.ids.length;
    const numeric = NUMERIC_FIELDS.map((field) => {
      const column = columns.columns[field];
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = column[i] ?? NaN;
      return values;
    });
    const file = new Int32Array(n);
    for (let i = 0; i < n; i++) file[i] = columns.file[i] ?? -1;
    const header: Header = { source: { size: st.size, head, tail: readEnds(snapshotPath, 0, st.size).tail }, log, suspended: columns.suspended, origins: columns.origins, marked: columns.marked, files: columns.files };
    makeCacheDir(stateDir);
    // Durable like progress.json itself: after a power cut the cache is the old one or the new
    // one, never a file of the right size with blocks that never reached the disk.
    writeFileDurable(cachePath(stateDir), encodeColumns(FORMAT, LAYOUT, header, [...numeric, file, columns.ids.join(' '), columns.sketches]));
  } catch {
    // Only a faster start is lost.
  }
}

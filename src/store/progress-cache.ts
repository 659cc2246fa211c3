// progress.json as binary columns, in <state>/cache/progress.bin. At 100k cards the JSON is
// 16 MB of numbers: parsing it and collecting the million numbers it makes was a quarter of the
// start-up time; the columns are read as they lie. The cache is used only while progress.json
// is the very file it was made from (same size, modification time and opening bytes, which
// name the part of the review log it covers); otherwise progress.json is read and the cache made
// again. Never a source of truth: losing it costs one slower start.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeCacheDir } from './cache-dir.js';
import { writeFileDurable } from './durable-file.js';
import { NUMERIC_FIELDS, type NumericField, type ProgressColumns } from '../core/progress-store.js';

const FORMAT = 'recall-progress-cache';
const LAYOUT = 1;

interface Header {
  format: typeof FORMAT;
  layout: number;
  /** The progress.json this was made from. */
  source: { size: number; mtimeMs: number; head: string };
  rows: number;
  idBytes: number;
  sketchBytes: number;
  /** The part of the review log the snapshot covers. */
  log: SnapshotLog;
  suspended: ProgressColumns['suspended'];
  origins?: ProgressColumns['origins'];
  marked?: ProgressColumns['marked'];
  files: string[];
}

/** How much of the review log a progress snapshot covers (progress.json's "log"). */
export interface SnapshotLog {
  bytes: number;
  lastId?: string;
  maxAt: number;
}

export interface CachedProgress extends ProgressColumns {
  log: SnapshotLog;
}

function readHead(path: string, length: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const n = readSync(fd, buffer, 0, length, 0);
    return buffer.toString('utf8', 0, n);
  } finally {
    closeSync(fd);
  }
}

const pad8 = (n: number) => Math.ceil(n / 8) * 8;

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
    const nl = data.indexOf(10);
    if (nl === -1) return undefined;
    const header = JSON.parse(data.toString('utf8', 0, nl)) as Header;
    if (header.format !== FORMAT || header.layout !== LAYOUT) return undefined;
    const st = statSync(snapshotPath);
    const { size, mtimeMs, head } = header.source;
    if (st.size !== size || st.mtimeMs !== mtimeMs || head === '' || readHead(snapshotPath, Buffer.byteLength(head)) !== head) return undefined;

    const n = header.rows;
    let offset = pad8(nl + 1);
    const need = offset + NUMERIC_FIELDS.length * n * 8 + pad8(n * 4) + header.idBytes + header.sketchBytes;
    if (data.length !== need) return undefined;
    // Typed arrays want aligned memory; a large read usually is, else one copy.
    const bytes = data.byteOffset % 8 === 0 ? data : Buffer.from(new Uint8Array(data));
    const columns = {} as Record<NumericField, Float64Array>;
    for (const field of NUMERIC_FIELDS) {
      columns[field] = new Float64Array(bytes.buffer, bytes.byteOffset + offset, n);
      offset += n * 8;
    }
    const file = new Int32Array(bytes.buffer, bytes.byteOffset + offset, n);
    offset += pad8(n * 4);
    const ids = bytes.toString('utf8', offset, offset + header.idBytes);
    offset += header.idBytes;
    const sketches = bytes.toString('utf8', offset, offset + header.sketchBytes);
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
    const ids = Buffer.from(columns.ids.join(' '), 'utf8');
    const sketches = Buffer.from(columns.sketches, 'utf8');
    const header: Header = {
      format: FORMAT,
      layout: LAYOUT,
      source: { size: st.size, mtimeMs: st.mtimeMs, head },
      rows: n,
      log,
      idBytes: ids.length,
      sketchBytes: sketches.length,
      suspended: columns.suspended,
      origins: columns.origins,
      marked: columns.marked,
      files: columns.files,
    };
    const headBytes = Buffer.from(JSON.stringify(header) + '\n', 'utf8');
    const parts: Buffer[] = [headBytes, Buffer.alloc(pad8(headBytes.length) - headBytes.length, 32)];
    for (const field of NUMERIC_FIELDS) {
      const column = columns.columns[field];
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = column[i] ?? NaN;
      parts.push(Buffer.from(values.buffer));
    }
    const file = new Int32Array(n);
    for (let i = 0; i < n; i++) file[i] = columns.file[i] ?? -1;
    parts.push(Buffer.from(file.buffer), Buffer.alloc(pad8(n * 4) - n * 4), ids, sketches);
    makeCacheDir(stateDir);
    // Durable like progress.json itself: after a power cut the cache is the old one or the new
    // one, never a file of the right size with blocks that never reached the disk.
    writeFileDurable(cachePath(stateDir), Buffer.concat(parts));
  } catch {
    // Only a faster start is lost.
  }
}

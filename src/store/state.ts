// The state folder: reviews.jsonl (the log, the truth) and progress.json (a lowdb snapshot of
// what the log adds up to, with a note of how much of the log it covers). Start-up reads the
// snapshot and only the log lines written after it; a missing, stale or corrupt snapshot is
// rebuilt from the log. Nothing the user has is ever deleted: damaged files are moved aside.
import { closeSync, copyFileSync, existsSync, fstatSync, ftruncateSync, openSync, readFileSync, readSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LowSync, type SyncAdapter } from 'lowdb';
import { applyEvent, invalidEvent, orderEvents, replay, type FoldContext, type LogEvent, type ProgressMap } from '../core/events.js';
import { NUMERIC_FIELDS, ProgressStore, type ProgressColumns } from '../core/progress-store.js';
import { WordColumn } from '../core/word-column.js';
import { UserError } from '../errors.js';
import { syncFolder, writeFileDurable } from './durable-file.js';
import { readProgressCache, writeProgressCache, type SnapshotLog } from './progress-cache.js';
import { idOfLineEndingAt, readLog } from './review-log.js';
import { makeDir } from './make-dir.js';
import { m } from '../i18n/index.js';

export const SNAPSHOT_FORMAT = 'recall-progress';
export const SNAPSHOT_SCHEMA = 1;

/**
 * progress.json: one array per field rather than one object per card, because a JSON array of
 * numbers parses several times faster than 100k small objects (start-up reads it every time).
 * Row i of every column belongs to the i-th id; null marks a field a card does not have.
 */
export interface Snapshot extends Omit<ProgressColumns, 'ids'> {
  format: typeof SNAPSHOT_FORMAT;
  schema: number;
  /** How much of the log this snapshot covers. */
  log: SnapshotLog;
  /** Card ids, space-separated (ids never contain spaces). */
  ids: string;
}

function columnsOf(progress: ProgressMap): ProgressColumns {
  const store = progress instanceof ProgressStore ? progress : new ProgressStore();
  if (store !== progress) for (const [id, record] of progress) store.set(id, record);
  return store.toColumns();
}

function toSnapshot(columns: ProgressColumns, log: Snapshot['log']): Snapshot {
  return { format: SNAPSHOT_FORMAT, schema: SNAPSHOT_SCHEMA, log, ...columns, ids: columns.ids.join(' ') };
}

export function fromSnapshot(snapshot: Snapshot): ProgressStore {
  // The ids as progress.json joins them are a column's bytes already: no string per id.
  return new ProgressStore({ ...snapshot, ids: WordColumn.fromJoined(snapshot.ids) });
}

/** How progress.json begins, up to the end of its "log" member (toSnapshot's key order). */
function snapshotHead(log: Snapshot['log']): string {
  return JSON.stringify({ format: SNAPSHOT_FORMAT, schema: SNAPSHOT_SCHEMA, log }).slice(0, -1);
}

export interface LoadedState {
  dir: string;
  logPath: string;
  snapshotPath: string;
  progress: ProgressStore;
  /** Covered part of the log, to be saved with the next snapshot. */
  log: Snapshot['log'];
  /** The snapshot on disk is behind the log: write one when the session ends. */
  stale: boolean;
  /** Things the user should know (a rebuild, a line set aside), one line each. */
  notices: string[];
  /** progress.json was read as JSON: its binary cache is worth writing (saveProgressCache). */
  uncached?: boolean;
}

class SnapshotFile implements SyncAdapter<Snapshot> {
  constructor(private readonly path: string) {}

  read(): Snapshot | null {
    if (!existsSync(this.path)) return null;
    const text = readFileSync(this.path, 'utf8');
    try {
      return JSON.parse(text) as Snapshot;
    } catch (error) {
      throw new CorruptSnapshot(m.state.notJson(this.path, (error as Error).message));
    }
  }

  write(data: Snapshot): void {
    writeFileDurable(this.path, JSON.stringify(data));
  }
}

class CorruptSnapshot extends Error {}

function emptySnapshot(): Snapshot {
  return toSnapshot(columnsOf(new Map()), { bytes: 0, maxAt: 0 });
}

function stamp(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}

/** Refuses files that are not ours or come from a newer recall: they are never overwritten. */
function checkSnapshot(path: string, data: unknown): Snapshot {
  const s = data as Partial<Snapshot> | null;
  if (!s || typeof s !== 'object' || s.format !== SNAPSHOT_FORMAT) {
    throw new UserError(m.state.notProgress(path, SNAPSHOT_FORMAT), m.state.notOursHint);
  }
  if (typeof s.schema !== 'number' || s.schema > SNAPSHOT_SCHEMA) {
    throw new UserError(m.state.newerProgress(path, String(s.schema), SNAPSHOT_SCHEMA), m.state.newerProgressHint);
  }
  const columnsOk =
    typeof s.ids === 'string' && typeof s.sketches === 'string' && s.columns && Array.isArray(s.file) && Array.isArray(s.files) &&
    NUMERIC_FIELDS.every((f) => Array.isArray(s.columns![f]) && s.columns![f].length === s.file!.length);
  if (!columnsOk || !s.log || typeof s.log.bytes !== 'number' || typeof s.suspended !== 'object') {
    throw new CorruptSnapshot(m.state.missingColumns(path));
  }
  return s as Snapshot;
}

/**
 * A crash in the middle of an append leaves a last line with no newline. With `repair`, it is
 * copied to a side file and cut from the log (the next append would otherwise glue onto it).
 */
function setAsidePartialLine(logPath: string, repair: boolean, now: number, notices: string[]): void {
  if (!existsSync(logPath)) return;
  const fd = openSync(logPath, repair ? 'r+' : 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] === 10) return;
    let end = size;
    let cut = 0;
    const chunk = Buffer.alloc(65536);
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      readSync(fd, chunk, 0, end - start, start);
      const nl = chunk.subarray(0, end - start).lastIndexOf(10);
      if (nl !== -1) {
        cut = start + nl + 1;
        break;
      }
      end = start;
    }
    const fragment = Buffer.alloc(size - cut);
    readSync(fd, fragment, 0, fragment.length, cut);
    if (!repair) {
      notices.push(m.state.partialLine(logPath, fragment.length));
      return;
    }
    const aside = `${logPath}.partial-${stamp(now)}`;
    writeFileDurable(aside, fragment);
    ftruncateSync(fd, cut);
    notices.push(m.state.partialMoved(logPath, aside));
  } finally {
    closeSync(fd);
  }
}

function rebuild(logPath: string, ctx: FoldContext, notices: string[], why: string) {
  const read = readLog(logPath);
  reportBadLines(logPath, read.bad, notices);
  const events = orderEvents(read.events);
  const progress = replay(events, ctx);
  return { progress, log: { bytes: read.bytes, lastId: read.lastId, maxAt: maxAt(events, 0) }, events: events.length, why };
}

/** Cards whose progress in `before` is not in `after` (gone, or fewer answers): what a rebuild would lose. */
function progressLost(before: ProgressStore, after: ProgressMap): number {
  let lost = 0;
  for (const id of before.keys()) {
    const was = before.peek(id)!.reps;
    const now = after.get(id);
    if (!now || now.reps < was) lost++;
  }
  return lost;
}

function maxAt(events: LogEvent[], start: number): number {
  let max = start;
  for (const e of events) if (e.at > max) max = e.at;
  return max;
}

function reportBadLines(logPath: string, bad: { line: number; reason: string }[], notices: string[]) {
  for (const b of bad.slice(0, 5)) notices.push(m.state.badLine(`${logPath}:${b.line}`, b.reason));
  if (bad.length > 5) notices.push(m.state.moreBadLines(logPath, bad.length - 5));
}

export interface LoadOptions {
  /** A session that holds the lock may repair (set aside a partial line, move a corrupt snapshot). */
  repair: boolean;
  now: number;
  /** A review session is running on this folder (another process holds its lock and is alive). */
  sessionRunning?: boolean;
}

/**
 * Refuses a reviews.jsonl that is not a review log (a JSON document, another program's file):
 * appending to it would mix our lines into someone else's data.
 */
function checkLogIsOurs(logPath: string): void {
  if (!existsSync(logPath)) return;
  const fd = openSync(logPath, 'r');
  const isEvent = (line: string) => {
    try {
      return invalidEvent(JSON.parse(line)) === undefined;
    } catch {
      return false;
    }
  };
  let complete: string[] = [];
  try {
    // Up to 20 of the first lines, any one an event: a few hundred bytes each, so 4 KB usually
    // holds one; else 64 KB, as many as fit.
    for (const size of [4096, 65536]) {
      const buffer = Buffer.alloc(size);
      const read = readSync(fd, buffer, 0, size, 0);
      const lines = buffer.toString('utf8', 0, read).split('\n');
      lines.pop(); // the last piece may be cut off by the read, or be an unfinished line
      complete = lines.filter((l) => l.trim() !== '').slice(0, 20);
      if (complete.some(isEvent)) return;
      if (read < size) break;
    }
  } finally {
    closeSync(fd);
  }
  if (complete.length > 0) throw new UserError(m.state.notALog(logPath), m.state.notALogHint);
}

export function loadState(dir: string, ctx: FoldContext, options: LoadOptions): LoadedState {
  const logPath = join(dir, 'reviews.jsonl');
  const snapshotPath = join(dir, 'progress.json');
  const notices: string[] = [];
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UserError(m.state.notFolder(dir), m.state.notFolderLogHint);
  checkLogIsOurs(logPath);
  if (options.repair) makeDir(dir);
  setAsidePartialLine(logPath, options.repair, options.now, notices);

  const base = { dir, logPath, snapshotPath, notices };
  const cached = existsSync(snapshotPath) ? readProgressCache(dir, snapshotPath) : undefined;
  let snapshot: Snapshot | null;
  try {
    snapshot = null;
    if (!cached && existsSync(snapshotPath)) {
      const db = new LowSync<Snapshot>(new SnapshotFile(snapshotPath), emptySnapshot());
      db.read();
      snapshot = checkSnapshot(snapshotPath, db.data);
    }
  } catch (error) {
    if (!(error instanceof CorruptSnapshot)) throw error;
    if (options.repair) {
      const aside = `${snapshotPath}.corrupt-${stamp(options.now)}`;
      renameSync(snapshotPath, aside);
      notices.push(m.state.movedAside(error.message, aside));
    } else notices.push(error.message);
    const rebuilt = rebuild(logPath, ctx, notices, m.state.why.damaged);
    notices.push(m.state.rebuiltFile(rebuilt.why, rebuilt.events));
    return { ...base, progress: rebuilt.progress, log: rebuilt.log, stale: true };
  }

  const logBytes = existsSync(logPath) ? statSync(logPath).size : 0;
  if (!snapshot && !cached) {
    if (logBytes === 0) return { ...base, progress: new ProgressStore(), log: { bytes: 0, maxAt: 0 }, stale: false };
    const rebuilt = rebuild(logPath, ctx, notices, m.state.why.missing);
    // A first session that is still running has saved no progress.json yet: nothing to say.
    if (!options.sessionRunning) notices.push(m.state.rebuiltFile(rebuilt.why, rebuilt.events));
    return { ...base, progress: rebuilt.progress, log: rebuilt.log, stale: true };
  }

  const covered = cached ? cached.log : snapshot!.log;
  const sameEnd = covered.bytes === 0 || idOfLineEndingAt(logPath, covered.bytes) === covered.lastId;
  const progress = cached ? new ProgressStore(cached) : fromSnapshot(snapshot!);
  if (logBytes < covered.bytes || !sameEnd) {
    const missing = logBytes === 0;
    const why = missing ? m.state.why.logMissing : logBytes < covered.bytes ? m.state.why.logShorter : m.state.why.mismatch;
    return { ...base, ...reconcile(progress, rebuild(logPath, ctx, notices, why), missing, snapshotPath, options, notices), stale: true };
  }
  if (logBytes === covered.bytes) return { ...base, progress, log: covered, stale: false, uncached: !cached };

  // The log grew after the snapshot was written: a session is running, or one ended without saving it.
  const tail = readLog(logPath, covered.bytes);
  reportBadLines(logPath, tail.bad, notices);
  if (tail.events.some((e) => e.at < covered.maxAt)) {
    const rebuilt = rebuild(logPath, ctx, notices, m.state.why.older);
    return { ...base, ...reconcile(progress, rebuilt, false, snapshotPath, options, notices), stale: true };
  }
  for (const e of orderEvents(tail.events)) applyEvent(progress, e, ctx);
  const n = tail.events.length;
  if (n > 0 && !options.sessionRunning) {
    notices.push(m.state.caughtUp(n));
  }
  const log = { bytes: tail.bytes, lastId: tail.lastId ?? covered.lastId, maxAt: maxAt(tail.events, covered.maxAt) };
  return { ...base, progress, log, stale: n > 0 };
}

/**
 * The snapshot and a log that does not continue it: progress comes from the log, unless that
 * would lose what the snapshot knows. Then the snapshot is kept beside it, and with no log at all
 * (deleted, or never committed to git) it stays the progress: it is the only record there is.
 */
function reconcile(
  snapshot: ProgressStore,
  rebuilt: ReturnType<typeof rebuild>,
  logMissing: boolean,
  snapshotPath: string,
  options: LoadOptions,
  notices: string[],
): { progress: ProgressStore; log: SnapshotLog } {
  const lost = progressLost(snapshot, rebuilt.progress);
  if (lost === 0) {
    notices.push(m.state.rebuilt(rebuilt.why, rebuilt.events));
    return rebuilt;
  }
  let kept = '';
  if (options.repair) {
    kept = `${snapshotPath}.behind-${stamp(options.now)}`;
    copyFileSync(snapshotPath, kept);
    syncFolder(dirname(kept));
  }
  if (logMissing) {
    notices.push(m.state.keptSnapshot(rebuilt.why, snapshot.size, kept));
    return { progress: snapshot, log: { bytes: 0, maxAt: 0 } };
  }
  notices.push(m.state.followsLog(rebuilt.why, lost, rebuilt.events, kept));
  return rebuilt;
}

/** Writes progress.json and its binary cache; a loaded state's cache is then up to date. */
export function saveSnapshot(state: { snapshotPath: string; progress: ProgressMap; log: Snapshot['log']; uncached?: boolean }): void {
  const db = new LowSync<Snapshot>(new SnapshotFile(state.snapshotPath), emptySnapshot());
  const columns = columnsOf(state.progress);
  db.data = toSnapshot(columns, state.log);
  db.write();
  writeProgressCache(dirname(state.snapshotPath), state.snapshotPath, columns, state.log, snapshotHead(state.log));
  if (state.uncached) state.uncached = false;
}

/** Writes the binary cache of progress.json when it was read as JSON and still matches memory. */
export function saveProgressCache(state: LoadedState): void {
  if (!state.uncached || state.stale || !existsSync(state.snapshotPath)) return;
  writeProgressCache(state.dir, state.snapshotPath, state.progress.toColumns(), state.log, snapshotHead(state.log));
  state.uncached = false;
}

// The review history for statistics. Read from the log, whose lines carry full card states (a
// million reviews are 500 MB of JSON), and kept in <state>/cache/history.bin as compact columns
// with a note of how much of the log they cover: later runs read the columns and only the log
// lines written since, as progress.json does.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import type { LogEvent } from '../core/events.js';
import { concatHistory, HistoryBuilder, toHistory, type History, type PracticeRecord } from '../core/history.js';
import { makeCacheDir } from './cache-dir.js';
import { ColumnReader, columnParts, decodeColumns } from './column-file.js';
import { writeFileDurable } from './durable-file.js';
import { idOfLineEndingAt, scanReviews as scanLogReviews } from './review-log.js';
import { m } from '../i18n/index.js';

const FORMAT = 'recall-history';
/**
 * 3: practice (drill and cram answers) in the header. 4: made by a reader that takes only the
 * answers the log's own check takes (a damaged record was taken before).
 */
const LAYOUT = 4;

interface Header {
  logBytes: number;
  lastId?: string;
  maxAt: number;
  count: number;
  cards: string[];
  /** Drill and cram answers, few: [at, card, grade, ms, kind, session] each. */
  practice: [number, string, number, number, 'drill' | 'cram', string][];
}

export interface LoadedHistory {
  history: History;
  notices: string[];
}

/** The history's columns, in the order they are stored. */
const COLUMNS = ['at', 'ms', 'stability', 'beforeInterval', 'card', 'grade', 'beforeState'] as const;
const KINDS = [Float64Array, Float64Array, Float64Array, Float64Array, Uint32Array, Uint8Array, Int8Array] as const;

function encode(h: History, header: Omit<Header, 'count' | 'cards' | 'practice'>): Buffer[] {
  const practice: Header['practice'] = h.practice.map((p) => [p.at, p.card, p.grade, p.ms, p.kind, p.session]);
  return columnParts(FORMAT, LAYOUT, { ...header, count: h.length, cards: h.cards, practice }, COLUMNS.map((name) => h[name]));
}

function decode(data: Buffer): { header: Header; history: History } | undefined {
  const decoded = decodeColumns<Header, typeof KINDS>(data, FORMAT, LAYOUT, KINDS);
  if (!decoded) return undefined;
  const { header, columns } = decoded;
  const [at, ms, stability, beforeInterval, card, grade, beforeState] = columns;
  if (!Array.isArray(header.practice)) return undefined;
  const practice = header.practice.map(([at, card, grade, ms, kind, session]): PracticeRecord => ({ at, card, grade: grade as PracticeRecord['grade'], ms, kind, session }));
  return { header, history: { length: header.count, cards: header.cards, practice, at, ms, stability, beforeInterval, card, grade, beforeState } };
}

/** The log from `from` on, as review records; undefined when it cannot extend a history built before `from`. */
function scanReviews(logPath: string, from: number, after: number): { history: History; bytes: number; lastId?: string; maxAt: number; bad: number } | undefined {
  const builder = new HistoryBuilder();
  let maxAt = after;
  let inOrder = true;
  const read = scanLogReviews(
    logPath,
    from,
    (r) => {
      if (r.at < after) inOrder = false;
      if (r.at > maxAt) maxAt = r.at;
      builder.addReview(r.id, r);
    },
    (e: LogEvent) => {
      if (e.at < after) inOrder = false;
      if (e.at > maxAt) maxAt = e.at;
      builder.add(e);
    },
  );
  // An undo or a move that reaches back before `from`, or older lines merged in: start over.
  if (from > 0 && (!inOrder || !builder.appendable())) return undefined;
  return { history: builder.finish(), bytes: read.bytes, lastId: read.lastId, maxAt, bad: read.bad.length };
}

/** The history and the number of log lines it could not read (reported by the caller, in its language). */
interface ReadHistory {
  history: History;
  bad: number;
}

export function loadHistory(stateDir: string): LoadedHistory {
  return withNotices(stateDir, readHistory(stateDir));
}

function withNotices(stateDir: string, { history, bad }: ReadHistory): LoadedHistory {
  return { history, notices: bad ? [m.state.badLines(join(stateDir, 'reviews.jsonl'), bad)] : [] };
}

function readHistory(stateDir: string): ReadHistory {
  const logPath = join(stateDir, 'reviews.jsonl');
  const cachePath = join(stateDir, 'cache', 'history.bin');
  if (!existsSync(logPath)) return { history: toHistory([]), bad: 0 };
  const logBytes = statSync(logPath).size;

  let cached: { header: Header; history: History } | undefined;
  try {
    cached = existsSync(cachePath) ? decode(readFileSync(cachePath)) : undefined;
  } catch {
    cached = undefined; // A damaged cache is only a slower run.
  }
  if (cached && (cached.header.logBytes > logBytes || idOfLineEndingAt(logPath, cached.header.logBytes) !== cached.header.lastId)) cached = undefined;

  let history: History;
  let bad = 0;
  let covered: { bytes: number; lastId?: string; maxAt: number };
  const tail = cached ? scanReviews(logPath, cached.header.logBytes, cached.header.maxAt) : undefined;
  if (cached && tail) {
    history = concatHistory(cached.history, tail.history);
    covered = { bytes: tail.bytes, lastId: tail.lastId ?? cached.header.lastId, maxAt: tail.maxAt };
    if (tail.bytes === cached.header.logBytes) return { history, bad: 0 };
  } else {
    const all = scanReviews(logPath, 0, 0)!;
    bad = all.bad;
    history = all.history;
    covered = { bytes: all.bytes, lastId: all.lastId, maxAt: all.maxAt };
  }
  try {
    makeCacheDir(stateDir);
    writeFileDurable(cachePath, encode(history, { logBytes: covered.bytes, lastId: covered.lastId, maxAt: covered.maxAt }));
  } catch {
    // Read-only state: statistics still work, only slower next time.
  }
  return { history, bad };
}

/** True when the cache covers the log as it is (so loading the history takes milliseconds). */
function cacheHolds(stateDir: string): boolean {
  const logPath = join(stateDir, 'reviews.jsonl');
  if (!existsSync(logPath)) return true;
  const reader = ColumnReader.open<Header, typeof KINDS>(join(stateDir, 'cache', 'history.bin'), FORMAT, LAYOUT, KINDS);
  if (!reader) return false;
  const { logBytes, lastId } = reader.header;
  reader.release();
  return typeof logBytes === 'number' && logBytes <= statSync(logPath).size && idOfLineEndingAt(logPath, logBytes) === lastId;
}

/** In the environment of a worker started by loadHistoryAside: the state folder whose history it reads. */
const WORKER_ENV = 'RECALL_HISTORY_WORKER';

/** node:worker_threads, loaded only where a worker is started or runs: no other command pays for it. */
const threads = () => createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');

/**
 * The history, read in a worker thread when it has to be rebuilt from the whole log (a second
 * or more at a million answers) so that the command's other work (reading the decks) runs
 * meanwhile on another core. Read here when the cache holds it (milliseconds), and where no
 * bundle file can start a worker (the tests run the sources): the same loadHistory either way.
 * `cancel` stops a worker whose result is no longer wanted.
 */
export function loadHistoryAside(stateDir: string): { result: Promise<LoadedHistory>; cancel(): void } {
  const bundle = typeof __filename === 'string' && __filename.endsWith('.cjs') ? __filename : undefined;
  if (!bundle || cacheHolds(stateDir)) {
    const loaded = loadHistory(stateDir);
    return { result: Promise.resolve(loaded), cancel: () => undefined };
  }
  // The worker reads; its notices are worded here, in the language the command line chose.
  let worker: Worker | undefined;
  // Settled by the worker's message, by this thread reading instead, or by cancel: a worker
  // stopped by cancel exits, and that exit must not set this thread reading the whole log.
  let settled = false;
  const result = new Promise<LoadedHistory>((resolve) => {
    // A worker that fails to start or dies leaves the work to this thread.
    const instead = () => {
      if (!settled) {
        settled = true;
        resolve(loadHistory(stateDir));
      }
    };
    try {
      worker = new (threads().Worker)(bundle, { env: { ...process.env, [WORKER_ENV]: stateDir } });
    } catch {
      instead();
      return;
    }
    worker.once('message', (read: ReadHistory) => {
      settled = true;
      resolve(withNotices(stateDir, read));
    });
    worker.once('error', instead);
    worker.once('exit', instead);
  });
  return {
    result,
    cancel: () => {
      settled = true;
      void worker?.terminate();
    },
  };
}

// In a worker started by loadHistoryAside: read the history and hand its columns over (moved, not copied).
const workerOf = process.env[WORKER_ENV];
if (workerOf !== undefined) {
  const { isMainThread, parentPort } = threads();
  if (!isMainThread && parentPort) {
    const read = readHistory(workerOf);
    const h = read.history;
    const buffers = new Set([h.at, h.ms, h.stability, h.beforeInterval, h.grade, h.beforeState, h.card].map((c) => c.buffer as ArrayBuffer));
    parentPort.postMessage(read, [...buffers]);
  }
}

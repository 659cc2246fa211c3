// The review history for statistics. Read from the log, whose lines carry full card states (a
// million reviews are 500 MB of JSON), and kept in <state>/cache/history.bin as compact columns
// with a note of how much of the log they cover: later runs read the columns and only the log
// lines written since, as progress.json does.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEvent } from '../core/events.js';
import { concatHistory, HistoryBuilder, toHistory, type History, type PracticeRecord } from '../core/history.js';
import { makeCacheDir } from './cache-dir.js';
import { decodeColumns, encodeColumns } from './column-file.js';
import { writeFileDurable } from './durable-file.js';
import { idOfLineEndingAt, scanReviews as scanLogReviews } from './review-log.js';
import { m } from '../i18n/index.js';

const FORMAT = 'recall-history';
/** 3: practice (drill and cram answers) in the header. */
const LAYOUT = 3;

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

function encode(h: History, header: Omit<Header, 'count' | 'cards' | 'practice'>): Buffer {
  const practice: Header['practice'] = h.practice.map((p) => [p.at, p.card, p.grade, p.ms, p.kind, p.session]);
  return encodeColumns(FORMAT, LAYOUT, { ...header, count: h.length, cards: h.cards, practice }, COLUMNS.map((name) => h[name]));
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

export function loadHistory(stateDir: string): LoadedHistory {
  const logPath = join(stateDir, 'reviews.jsonl');
  const cachePath = join(stateDir, 'cache', 'history.bin');
  const notices: string[] = [];
  if (!existsSync(logPath)) return { history: toHistory([]), notices };
  const logBytes = statSync(logPath).size;

  let cached: { header: Header; history: History } | undefined;
  try {
    cached = existsSync(cachePath) ? decode(readFileSync(cachePath)) : undefined;
  } catch {
    cached = undefined; // A damaged cache is only a slower run.
  }
  if (cached && (cached.header.logBytes > logBytes || idOfLineEndingAt(logPath, cached.header.logBytes) !== cached.header.lastId)) cached = undefined;

  let history: History;
  let covered: { bytes: number; lastId?: string; maxAt: number };
  const tail = cached ? scanReviews(logPath, cached.header.logBytes, cached.header.maxAt) : undefined;
  if (cached && tail) {
    history = concatHistory(cached.history, tail.history);
    covered = { bytes: tail.bytes, lastId: tail.lastId ?? cached.header.lastId, maxAt: tail.maxAt };
    if (tail.bytes === cached.header.logBytes) return { history, notices };
  } else {
    const all = scanReviews(logPath, 0, 0)!;
    if (all.bad) notices.push(m.state.badLines(logPath, all.bad));
    history = all.history;
    covered = { bytes: all.bytes, lastId: all.lastId, maxAt: all.maxAt };
  }
  try {
    makeCacheDir(stateDir);
    writeFileDurable(cachePath, encode(history, { logBytes: covered.bytes, lastId: covered.lastId, maxAt: covered.maxAt }));
  } catch {
    // Read-only state: statistics still work, only slower next time.
  }
  return { history, notices };
}

// The review history for statistics. Read from the log, whose lines carry full card states (a
// million reviews are 500 MB of JSON), and kept in <state>/cache/history.bin as compact columns
// with a note of how much of the log they cover: later runs read the columns and only the log
// lines written since, as progress.json does.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEvent } from '../core/events.js';
import { concatHistory, HistoryBuilder, toHistory, type History, type PracticeRecord } from '../core/history.js';
import { makeCacheDir } from './cache-dir.js';
import { writeFileDurable } from './durable-file.js';
import { idOfLineEndingAt, scanLog } from './review-log.js';

const FORMAT = 'recall-history';
/** 2: practice (drill and cram answers) in the header. */
const LAYOUT = 2;

interface Header {
  format: typeof FORMAT;
  layout: number;
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

/** Columns in the order they are stored, each 8-byte aligned after the header. */
const COLUMNS = [
  ['at', Float64Array],
  ['ms', Float64Array],
  ['stability', Float64Array],
  ['beforeInterval', Float64Array],
  ['card', Uint32Array],
  ['grade', Uint8Array],
  ['beforeState', Int8Array],
] as const;

type Column = (typeof COLUMNS)[number][0];

function encode(h: History, header: Omit<Header, 'count' | 'cards' | 'format' | 'layout' | 'practice'>): Buffer {
  const practice: Header['practice'] = h.practice.map((p) => [p.at, p.card, p.grade, p.ms, p.kind, p.session]);
  let head = Buffer.from(JSON.stringify({ format: FORMAT, layout: LAYOUT, ...header, count: h.length, cards: h.cards, practice }) + '\n');
  head = Buffer.concat([head, Buffer.alloc((8 - (head.length % 8)) % 8, 32)]);
  const parts: Buffer[] = [head];
  for (const [name] of COLUMNS) {
    const a = h[name];
    const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    parts.push(bytes, Buffer.alloc((8 - (bytes.length % 8)) % 8));
  }
  return Buffer.concat(parts);
}

function decode(data: Buffer): { header: Header; history: History } | undefined {
  const nl = data.indexOf(10);
  if (nl === -1) return undefined;
  const header = JSON.parse(data.toString('utf8', 0, nl)) as Header;
  if (header.format !== FORMAT || header.layout !== LAYOUT) return undefined;
  // Typed arrays need aligned memory: one copy into a fresh buffer, then views, no objects.
  const aligned = new Uint8Array(data.length);
  aligned.set(data);
  let offset = Math.ceil((nl + 1) / 8) * 8;
  const n = header.count;
  const columns = {} as Record<Column, unknown>;
  for (const [name, Type] of COLUMNS) {
    const bytes = n * Type.BYTES_PER_ELEMENT;
    if (offset + bytes > aligned.length) return undefined;
    columns[name] = new Type(aligned.buffer, offset, n);
    offset += Math.ceil(bytes / 8) * 8;
  }
  const practice = header.practice.map(([at, card, grade, ms, kind, session]): PracticeRecord => ({ at, card, grade: grade as PracticeRecord['grade'], ms, kind, session }));
  return { header, history: { length: n, cards: header.cards, practice, ...(columns as Omit<History, 'length' | 'cards' | 'practice'>) } };
}

/** The log from `from` on, as review records; undefined when it cannot extend a history built before `from`. */
function scanReviews(logPath: string, from: number, after: number): { history: History; bytes: number; lastId?: string; maxAt: number; bad: number } | undefined {
  const builder = new HistoryBuilder();
  let maxAt = after;
  let inOrder = true;
  const read = scanLog(logPath, from, (e: LogEvent) => {
    if (e.at < after) inOrder = false;
    maxAt = Math.max(maxAt, e.at);
    builder.add(e);
  });
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
    if (all.bad) notices.push(`${logPath}: ${all.bad} damaged line${all.bad === 1 ? '' : 's'} skipped (a review session reports them)`);
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

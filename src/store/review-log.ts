// state/reviews.jsonl: one event per line, written before the next card is shown and on disk (fsync) before the next event is.
// The log is the source of truth; progress.json is a cache of it.
import { closeSync, existsSync, fstatSync, fsync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { invalidEvent, type LogEvent } from '../core/events.js';
import type { ReviewRecord } from '../core/history.js';
import type { Grade } from '../core/types.js';
import { answerLineBuffers, answerTime, ascii, BEFORE, CARD, GRADE, HEAD, MS, NULL, readAnswerLine, text, TYPE_AT, type AnswerLine } from './answer-line.js';
import { fault, injectFault } from './fault.js';
import { m } from '../i18n/index.js';

export interface LogRead {
  events: LogEvent[];
  /** Complete lines that are not events we can apply: skipped, reported, never rewritten. */
  bad: { line: number; reason: string }[];
  /** Bytes up to the end of the last complete line. */
  bytes: number;
  /** Bytes after the last newline: an append cut short by a crash. */
  partial?: string;
  /** The id of the last event read (the snapshot remembers it to spot a rewritten log). */
  lastId?: string;
}

const CHUNK = 1 << 22;

/** The parts of a review line the history keeps (see ReviewRecord), read without parsing all of it. */
export interface ReviewLine extends ReviewRecord {
  id: string;
}

const AFTER = ascii(',"after":{');
const MODE = ascii('"mode":');

/** True when `data` holds `expected` at `at`. */
function holds(data: Buffer, at: number, expected: Buffer): boolean {
  if (at + expected.length > data.length) return false;
  for (let i = 0; i < expected.length; i++) if (data[at + i] !== expected[i]) return false;
  return true;
}

/** Where `code` (a byte or a sequence) next appears in data[from, to), or -1. */
function find(data: Buffer, from: number, to: number, code: number | Buffer): number {
  const at = data.indexOf(code, from);
  return at !== -1 && at < to ? at : -1;
}

/** Where the quote that ends a string next appears in data[from, to), or -1: ids are short, a loop beats a call. */
function quoteAt(data: Buffer, from: number, to: number): number {
  for (let i = from; i < to; i++) if (data[i] === 34) return i;
  return -1;
}

/**
 * Where the JSON object or array that opens at `from` ends (just after it), or -1 before `to`:
 * a loop over its bytes, strings skipped, cheaper than a search call for the key after it.
 */
function valueEnd(data: Buffer, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = data[i]!;
    if (c === 34) {
      for (i++; i < to && data[i] !== 34; i++) if (data[i] === 92) i++;
    } else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * Where the progress record that opens at `from` ends: at its first `}` when `,"after":{`
 * follows it (a record holds no object, and that text cannot be inside a string), else where
 * valueEnd finds it.
 */
function recordEnd(data: Buffer, from: number, to: number): number {
  const close = find(data, from, to, 125);
  return close !== -1 && holds(data, close + 1, AFTER) ? close + 1 : valueEnd(data, from, to);
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** Where the number numberAt last read ended (a pair returned per field would be garbage). */
let numberEnd = 0;

/**
 * The number from `from` up to the next `,` or `}` before `to` (its end in numberEnd). A plain
 * decimal (`-12.5`, at most 15 digits) is read from the bytes, making no string: its digits as a
 * whole number (exact below 2^53) divided by a power of ten (exact up to 10^22) is the correctly
 * rounded double, the one Number() gives. Anything else (an exponent, more digits) goes through
 * Number().
 */
function numberAt(data: Buffer, from: number, to: number): number {
  let i = from;
  const negative = data[i] === 45;
  if (negative) i++;
  let whole = 0;
  let digits = 0;
  let point = -1;
  for (; i < to; i++) {
    const c = data[i]!;
    if (c >= 48 && c <= 57) {
      whole = whole * 10 + (c - 48);
      digits++;
    } else if (c === 46 && point === -1 && digits > 0) point = digits;
    else break;
  }
  if ((i === to || data[i] === 44 || data[i] === 125) && digits > 0 && digits <= 15 && point !== digits) {
    numberEnd = i;
    const value = point === -1 ? whole : whole / POWERS_OF_TEN[digits - point]!;
    return negative ? -value : value;
  }
  let end = from;
  while (end < to && data[end] !== 44 && data[end] !== 125) end++;
  numberEnd = end;
  return end > from ? Number(data.toString('latin1', from, end)) : NaN;
}

/** The start of a progress record as recall writes it, up to each field the history keeps. */
const DUE = ascii('{"due":');
const THEN_S = ascii(',"s":');
const THEN_D = ascii(',"d":');
const THEN_ST = ascii(',"st":');
const THEN_REPS = ascii(',"reps":');
const THEN_LAPSES = ascii(',"lapses":');
const THEN_SD = ascii(',"sd":');

/** What readRecord read. */
const record = { s: NaN, st: NaN, sd: NaN };

/**
 * Reads s, st and sd of the progress record at `from`, its first fields where recall puts them
 * (due, s, d, st, reps, lapses, sd): false when the record is not in that order, or one of the
 * fields the log requires of a card state (invalidEvent) is not a finite number. The line then
 * goes to JSON.parse and the log's own check, so the history takes no answer the progress drops.
 */
function readRecord(data: Buffer, from: number, to: number): boolean {
  if (!holds(data, from, DUE)) return false;
  let finite = Number.isFinite(numberAt(data, from + DUE.length, to));
  if (!holds(data, numberEnd, THEN_S)) return false;
  record.s = numberAt(data, numberEnd + THEN_S.length, to);
  if (!holds(data, numberEnd, THEN_D)) return false;
  finite &&= Number.isFinite(numberAt(data, numberEnd + THEN_D.length, to));
  if (!holds(data, numberEnd, THEN_ST)) return false;
  record.st = numberAt(data, numberEnd + THEN_ST.length, to);
  if (!holds(data, numberEnd, THEN_REPS)) return false;
  finite &&= Number.isFinite(numberAt(data, numberEnd + THEN_REPS.length, to));
  if (!holds(data, numberEnd, THEN_LAPSES)) return false;
  finite &&= Number.isFinite(numberAt(data, numberEnd + THEN_LAPSES.length, to));
  if (!holds(data, numberEnd, THEN_SD)) return false;
  record.sd = numberAt(data, numberEnd + THEN_SD.length, to);
  return finite && Number.isFinite(record.s) && Number.isFinite(record.st);
}

/**
 * A review line as recall writes it (JSON.stringify of its event: id, type, at, card, grade, ms,
 * before, after, ...), read by position from the bytes data[start, end): a million of them read
 * several times faster than through JSON.parse, and keep no copy of the line. Anything else
 * (another writer's key order, a damaged line) gives undefined, and is read with JSON.parse.
 */
export function peekReview(data: Buffer, start: number, end: number, out: ReviewLine): ReviewLine | undefined {
  if (!holds(data, start, HEAD)) return undefined;
  const idEnd = quoteAt(data, start + HEAD.length, end);
  if (idEnd === -1 || !holds(data, idEnd, TYPE_AT)) return undefined;
  const at = numberAt(data, idEnd + TYPE_AT.length, end);
  const atEnd = numberEnd;
  if (!holds(data, atEnd, CARD)) return undefined;
  const cardEnd = quoteAt(data, atEnd + CARD.length, end);
  if (cardEnd === -1 || !holds(data, cardEnd, GRADE)) return undefined;
  const grade = numberAt(data, cardEnd + GRADE.length, end);
  if (!holds(data, numberEnd, MS)) return undefined;
  const ms = numberAt(data, numberEnd + MS.length, end);
  if (!holds(data, numberEnd, BEFORE)) return undefined;
  let beforeState = -1;
  let beforeInterval = 0;
  const beforeStart = numberEnd + BEFORE.length;
  const isNew = holds(data, beforeStart, NULL);
  const afterStart = isNew ? beforeStart + NULL.length : recordEnd(data, beforeStart, end);
  if (afterStart === -1 || !holds(data, afterStart, AFTER)) return undefined;
  // Fields read where recall writes them; a record in another order is JSON.parse's.
  if (!isNew) {
    if (!readRecord(data, beforeStart, afterStart)) return undefined;
    beforeState = record.st;
    beforeInterval = record.sd;
  }
  if (!readRecord(data, afterStart + AFTER.length - 1, end)) return undefined;
  const stability = record.s;
  // A drill's answer names its mode after `after`: the history keeps it as practice too, which
  // this does not read. Looked for by a loop over the few members after `after` (a search call
  // per line cost more than all the rest), from its first `}`: its end, or a `}` in one of its
  // strings, which only makes the loop longer.
  const tail = find(data, afterStart, end, 125);
  if (tail === -1) return undefined;
  for (let i = tail; i < end; i++) if (data[i] === 34 && holds(data, i, MODE)) return undefined;
  if (!(grade >= 1 && grade <= 4 && Number.isInteger(grade)) || !Number.isFinite(at) || !Number.isFinite(ms) || !Number.isFinite(stability) || !Number.isFinite(beforeState) || !Number.isFinite(beforeInterval)) return undefined;
  // Strings made from the bytes, not cut from a decoded line, which they would keep alive.
  out.id = text(data, start + HEAD.length, idEnd);
  out.card = text(data, atEnd + CARD.length, cardEnd);
  out.at = at;
  out.grade = grade as Grade;
  out.ms = ms;
  out.beforeState = beforeState;
  out.beforeInterval = beforeInterval;
  out.stability = stability;
  return out;
}

/**
 * Like scanLog, but review lines go to `onReview` as ReviewLine (one object, reused: copy what
 * you keep), read without JSON.parse where they have recall's own shape; other events to `onEvent`.
 */
export function scanReviews(path: string, from: number, onReview: (r: ReviewLine) => void, onEvent: (event: LogEvent) => void): Omit<LogRead, 'events'> {
  const line: ReviewLine = { id: '', at: 0, card: '', grade: 1, ms: 0, beforeState: 0, beforeInterval: 0, stability: 0 };
  return scanLines(path, from, 1, Infinity, (data, start, end, lineNo, out) => {
    const review = peekReview(data, start, end, line);
    if (review) {
      out.lastId = review.id;
      onReview(review);
      return;
    }
    const event = slowEvent(data, start, end, lineNo, out);
    if (event) {
      out.lastId = event.id;
      onEvent(event);
    }
  });
}

/**
 * The review log as a reader that goes through it twice (the Anki export), holding nothing of it
 * between the two: `survey` first, quickly, giving each review's time (and its card, for the
 * times asked about) and every other event in full; then `answers`, each review as an AnswerLine
 * (a reused object: copy what you keep) and every other event. Both read the same log lines.
 */
export interface ReviewLogSource {
  survey(times: ReadonlySet<number>, onReview: (at: number, card: string | undefined) => void, onEvent: (event: LogEvent) => void): void;
  /** `pause`, when it returns a promise, is awaited now and then (a place to let other work catch up). */
  answers(onAnswer: (answer: AnswerLine) => void, onEvent: (event: LogEvent) => void, pause?: () => Promise<void> | undefined): Promise<void>;
}

/**
 * The log file at `path` as a ReviewLogSource: review lines in recall's own shape are read
 * without JSON.parse. Both reads stop at byte `upTo` (the part of the log the exported progress
 * holds): a session in another terminal may add lines between them, and the second read would
 * then hold answers the first never counted.
 */
export function logFileSource(path: string, upTo = Infinity): ReviewLogSource {
  const { line, before } = answerLineBuffers();
  return {
    survey(times, onReview, onEvent) {
      scanLines(path, 0, 1, upTo, (data, start, end, lineNo, out) => {
        // A line that begins as a review counts with its time (a damaged one too: only the
        // order of times is taken from the lines not asked about).
        const at = answerTime(data, start, end);
        if (!Number.isNaN(at) && !times.has(at)) return onReview(at, undefined);
        const answer = Number.isNaN(at) ? undefined : readAnswerLine(data, start, end, line, before);
        if (answer) return onReview(answer.at, answer.card);
        const event = slowEvent(data, start, end, lineNo, out);
        if (event?.type === 'review') onReview(event.at, times.has(event.at) ? event.card : undefined);
        else if (event) onEvent(event);
      });
    },
    async answers(onAnswer, onEvent, pause) {
      const blocks = lineBlocks(
        path,
        0,
        1,
        (data, start, end, lineNo, out) => {
          const answer = readAnswerLine(data, start, end, line, before);
          if (answer) return onAnswer(answer);
          const event = slowEvent(data, start, end, lineNo, out);
          if (event) onEvent(event);
        },
        { bad: [], bytes: 0 },
        upTo,
      );
      for (const _ of blocks) await pause?.();
    },
  };
}

/** Events held in memory as a ReviewLogSource. */
export function eventListSource(events: Iterable<LogEvent>): ReviewLogSource {
  return {
    survey(times, onReview, onEvent) {
      for (const e of events) {
        if (e.type === 'review') onReview(e.at, times.has(e.at) ? e.card : undefined);
        else onEvent(e);
      }
    },
    async answers(onAnswer, onEvent) {
      for (const e of events) {
        if (e.type === 'review') onAnswer(e);
        else onEvent(e);
      }
    },
  };
}

/**
 * Calls `onEvent` for each event from byte `from` to the end, streaming in chunks so that a log
 * of a million reviews never has to fit in memory. Returns everything but the events.
 */
export function scanLog(path: string, from: number, onEvent: (event: LogEvent) => void, firstLine = 1): Omit<LogRead, 'events'> {
  return scanLines(path, from, firstLine, Infinity, (data, start, end, lineNo, out) => {
    const event = slowEvent(data, start, end, lineNo, out);
    if (event) {
      out.lastId = event.id;
      onEvent(event);
    }
  });
}

type OnLine = (data: Buffer, start: number, end: number, lineNo: number, out: Omit<LogRead, 'events'>) => void;

function scanLines(path: string, from: number, firstLine: number, upTo: number, onLine: OnLine): Omit<LogRead, 'events'> {
  const out: Omit<LogRead, 'events'> = { bad: [], bytes: from };
  for (const _ of lineBlocks(path, from, firstLine, onLine, out, upTo));
  return out;
}

/**
 * Calls `onLine` for each complete line from byte `from` on, reading the file a block at a time
 * into one buffer (the unfinished line at a block's end moves to its start); yields after each
 * block, where a caller may let other work run. Reads no further than byte `upTo`.
 */
function* lineBlocks(path: string, from: number, firstLine: number, onLine: OnLine, out: Omit<LogRead, 'events'>, upTo = Infinity): Generator<void> {
  if (!existsSync(path)) return;
  const fd = openSync(path, 'r');
  try {
    const size = Math.min(fstatSync(fd).size, upTo);
    let buffer = Buffer.allocUnsafe(CHUNK);
    let position = from;
    let kept = 0;
    let lineNo = firstLine;
    while (position < size) {
      if (kept === buffer.length) {
        // A line longer than the buffer: room for more of it.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, kept);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, kept, Math.min(buffer.length - kept, size - position), position);
      if (n <= 0) break;
      position += n;
      const end = kept + n;
      let start = 0;
      let nl: number;
      while ((nl = buffer.indexOf(10, start)) !== -1 && nl < end) {
        out.bytes += nl - start + 1;
        onLine(buffer, start, nl, lineNo, out);
        lineNo++;
        start = nl + 1;
      }
      buffer.copy(buffer, 0, start, end);
      kept = end - start;
      yield;
    }
    if (kept) out.partial = buffer.toString('utf8', 0, kept);
  } finally {
    closeSync(fd);
  }
}

/** The log's complete lines as they are, blank ones left out: read a block at a time, for copying it. */
export function* logLines(path: string): Generator<string> {
  const lines: string[] = [];
  const keep: OnLine = (data, start, end) => {
    const text = data.toString('utf8', start, end);
    if (text.trim() !== '') lines.push(text);
  };
  for (const _ of lineBlocks(path, 0, 1, keep, { bad: [], bytes: 0 })) {
    yield* lines;
    lines.length = 0;
  }
}

/** The event on a line read through JSON.parse; undefined for a blank line, or a bad one (noted in `out`). */
function slowEvent(data: Buffer, start: number, end: number, lineNo: number, out: { bad: LogRead['bad'] }): LogEvent | undefined {
  const text = data.toString('utf8', start, end);
  return text.trim() === '' ? undefined : parseLine(text, lineNo, out);
}

/** Reads every event from byte `from` to the end (see scanLog). */
export function readLog(path: string, from = 0, firstLine = 1): LogRead {
  const events: LogEvent[] = [];
  const rest = scanLog(path, from, (e) => events.push(e), firstLine);
  return { events, ...rest };
}

function parseLine(text: string, line: number, out: { bad: LogRead['bad'] }): LogEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    out.bad.push({ line, reason: m.state.notJsonLine });
    return undefined;
  }
  const why = invalidEvent(value);
  if (why) {
    out.bad.push({ line, reason: why });
    return undefined;
  }
  return value as LogEvent;
}

/** The id of the event on the line that ends at byte `end` (exclusive of its newline). */
export function idOfLineEndingAt(path: string, end: number): string | undefined {
  if (end <= 0 || !existsSync(path)) return undefined;
  const fd = openSync(path, 'r');
  try {
    // A line is a few hundred bytes: 4 KB holds the last one whole, else 64 KB as before.
    for (const most of [4096, 1 << 16]) {
      const size = Math.min(end, most);
      const buffer = Buffer.alloc(size);
      readSync(fd, buffer, 0, size, end - size);
      if (buffer[size - 1] !== 10) return undefined;
      const newline = buffer.lastIndexOf(10, size - 2);
      if (newline === -1 && size < end && size < 1 << 16) continue;
      try {
        return (JSON.parse(buffer.toString('utf8', newline + 1, size - 1)) as { id?: string }).id;
      } catch {
        return undefined;
      }
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** An open log for one session: lines written, then put on disk by sync (now) or syncLater (on a worker). */
export class LogWriter {
  private constructor(
    private readonly fd: number,
    /** Size of the log: where the next line starts. */
    public bytes: number,
  ) {}

  static open(path: string): LogWriter {
    const fd = openSync(path, 'a');
    return new LogWriter(fd, fstatSync(fd).size);
  }

  /** Writes the events' lines, not yet on disk: sync or syncLater puts them there. */
  write(events: LogEvent[]): void {
    const text = events.map((e) => JSON.stringify(e) + '\n').join('');
    const data = Buffer.from(text, 'utf8');
    let written = 0;
    const f = fault('log-append');
    if (f) {
      writeSync(this.fd, data, 0, data.length >> 1);
      injectFault(f);
    }
    while (written < data.length) written += writeSync(this.fd, data, written, data.length - written);
    this.bytes += data.length;
  }

  /** Puts everything written so far on disk before returning. */
  sync(): void {
    fsyncSync(this.fd);
  }

  /** Puts everything written so far on disk on a worker thread; `done` is called when it is. */
  syncLater(done: (error: Error | null) => void): void {
    fsync(this.fd, done);
  }

  close(): void {
    closeSync(this.fd);
  }
}

// A review line of the log read straight from its bytes, without JSON.parse: the Anki export
// reads every answer of a million-review log, and parsing each line into objects (then dropping
// them) is most of its cost. Only the shape recall itself writes (JSON.stringify of a review
// event: no spaces, keys in its order) is read here; anything else, or anything this reader is
// not sure to read exactly as JSON.parse would, is left to JSON.parse.
import type { Grade } from '../core/types.js';

/** The parts of a card state an answer line carries that its readers use. */
export interface AnswerState {
  due: number;
  s: number;
  d: number;
  st: number;
  sd: number;
  lrt?: number;
}

/** A review event as far as its readers go: what `before` and `after` hold is an AnswerState. */
export interface AnswerLine {
  id: string;
  at: number;
  card: string;
  grade: Grade;
  ms: number;
  before: AnswerState | null;
  after: AnswerState;
}

const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const OPEN = 123;
const CLOSE = 125;
const BACKSLASH = 92;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

export const ascii = (text: string) => Buffer.from(text, 'latin1');
/** A review line as JSON.stringify writes recall's review event, up to its `before` (both readers start so). */
export const HEAD = ascii('{"id":"');
export const TYPE_AT = ascii('","type":"review","at":');
export const CARD = ascii(',"card":"');
export const GRADE = ascii('","grade":');
export const MS = ascii(',"ms":');
export const BEFORE = ascii(',"before":');
export const NULL = ascii('null');
const AFTER = ascii(',"after":');
const TRUE = ascii('true');
const FALSE = ascii('false');

/** Exact powers of ten: a decimal of at most 15 digits divided by one of them is rounded once, as JSON.parse rounds. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** Where a read stopped: the position after the last thing read, or -1 when the line is not ours to read. */
class Reader {
  data!: Buffer;
  end = 0;
  /** The last number read. */
  value = 0;

  holds(at: number, expected: Buffer): boolean {
    if (at + expected.length > this.end) return false;
    for (let i = 0; i < expected.length; i++) if (this.data[at + i] !== expected[i]) return false;
    return true;
  }

  /** A JSON number at `at` into `value`; the position after it, or -1. */
  number(at: number): number {
    const data = this.data;
    const end = this.end;
    let i = at;
    const negative = data[i] === MINUS;
    if (negative) i++;
    const first = i;
    let mantissa = 0;
    let digits = 0;
    while (i < end && data[i]! >= ZERO && data[i]! <= NINE) {
      mantissa = mantissa * 10 + (data[i]! - ZERO);
      i++;
    }
    digits = i - first;
    // JSON allows no leading zero before other digits, and needs a digit.
    if (digits === 0 || (digits > 1 && data[first] === ZERO)) return -1;
    let fraction = 0;
    if (data[i] === DOT) {
      const from = ++i;
      while (i < end && data[i]! >= ZERO && data[i]! <= NINE) {
        mantissa = mantissa * 10 + (data[i]! - ZERO);
        i++;
      }
      fraction = i - from;
      if (fraction === 0) return -1;
      digits += fraction;
    }
    const c = data[i];
    if (c === 101 || c === 69 || digits > 15) {
      // An exponent, or more digits than a double holds exactly: the slow, exact conversion.
      if (c === 101 || c === 69) {
        i++;
        if (data[i] === 43 || data[i] === MINUS) i++;
        const from = i;
        while (i < end && data[i]! >= ZERO && data[i]! <= NINE) i++;
        if (i === from) return -1;
      }
      this.value = Number(data.toString('latin1', at, i));
      return i;
    }
    const magnitude = fraction ? mantissa / POW10[fraction]! : mantissa;
    this.value = negative ? -magnitude : magnitude;
    return i;
  }

  /** The end of a JSON string whose opening quote is at `at - 1`: its closing quote, or -1 (escapes and control characters are JSON.parse's). */
  stringEnd(at: number): number {
    const data = this.data;
    for (let i = at; i < this.end; i++) {
      const c = data[i]!;
      if (c === QUOTE) return i;
      if (c === BACKSLASH || c < 32) return -1;
    }
    return -1;
  }

  /** Any JSON value but an object or an array at `at`: the position after it, or -1. */
  scalar(at: number): number {
    const c = this.data[at];
    if (c === QUOTE) {
      const close = this.stringEnd(at + 1);
      return close === -1 ? -1 : close + 1;
    }
    if (c === 110) return this.holds(at, NULL) ? at + 4 : -1;
    if (c === 116) return this.holds(at, TRUE) ? at + 4 : -1;
    if (c === 102) return this.holds(at, FALSE) ? at + 5 : -1;
    return this.number(at);
  }
}

// The keys of a card state, numbered for a bit mask of those seen.
const DUE = 1;
const S = 2;
const D = 4;
const ST = 8;
const REPS = 16;
const LAPSES = 32;
const SD = 64;
const LRT = 128;
/** What makes a card state for the log's own check (invalidEvent: isMemory), and the interval the readers use. */
const REQUIRED = DUE | S | D | ST | REPS | LAPSES | SD;

/** The key of a card state at data[from, to) as its bit, or 0 for one the readers do not use. */
function stateKey(data: Buffer, from: number, to: number): number {
  const n = to - from;
  const a = data[from];
  if (n === 1) return a === 115 ? S : a === 100 ? D : 0; // s, d
  if (n === 2) return a === 115 && data[from + 1] === 116 ? ST : a === 115 && data[from + 1] === 100 ? SD : 0; // st, sd
  if (n === 3) {
    if (a === 100 && data[from + 1] === 117 && data[from + 2] === 101) return DUE; // due
    if (a === 108 && data[from + 1] === 114 && data[from + 2] === 116) return LRT; // lrt
    return 0;
  }
  if (n === 4) return a === 114 && data[from + 1] === 101 && data[from + 2] === 112 && data[from + 3] === 115 ? REPS : 0; // reps
  if (n === 6) return a === 108 && bytesAre(data, from, LAPSES_KEY) ? LAPSES : 0;
  return 0;
}

/** A flat card state object at `at` into `out`: the position after it, or -1. */
function readState(r: Reader, at: number, out: AnswerState): number {
  const data = r.data;
  if (data[at] !== OPEN) return -1;
  let i = at + 1;
  let seen = 0;
  out.lrt = undefined;
  if (data[i] === CLOSE) return -1;
  for (;;) {
    if (data[i] !== QUOTE) return -1;
    const keyEnd = r.stringEnd(i + 1);
    if (keyEnd === -1 || data[keyEnd + 1] !== COLON) return -1;
    const key = stateKey(data, i + 1, keyEnd);
    i = keyEnd + 2;
    if (key === 0) {
      i = r.scalar(i);
      if (i === -1) return -1;
    } else {
      // JSON.parse keeps the last of a repeated key: leave such a line to it.
      if (seen & key) return -1;
      seen |= key;
      i = r.number(i);
      if (i === -1) return -1;
      const v = r.value;
      if (key === DUE) out.due = v;
      else if (key === S) out.s = v;
      else if (key === D) out.d = v;
      else if (key === ST) out.st = v;
      else if (key === SD) out.sd = v;
      else if (key === LRT) out.lrt = v;
      else if (!Number.isFinite(v)) return -1; // reps, lapses: only checked
    }
    const c = data[i];
    if (c === CLOSE) break;
    if (c !== COMMA) return -1;
    i++;
  }
  if ((seen & REQUIRED) !== REQUIRED) return -1;
  if (!Number.isFinite(out.due) || !Number.isFinite(out.s) || !Number.isFinite(out.d) || !Number.isFinite(out.st)) return -1;
  return i + 1;
}

/** True when data[from, from + expected.length) is `expected`. */
function bytesAre(data: Buffer, from: number, expected: Buffer): boolean {
  for (let i = 0; i < expected.length; i++) if (data[from + i] !== expected[i]) return false;
  return true;
}

const LAPSES_KEY = ascii('lapses');
/** The keys recall writes after `after`: read by their bytes, no string made. */
const REST_KEYS = ['file', 'sk', 'session'].map(ascii);
const MODE_KEY = ascii('mode');
const MODES = ['"drill"', '"cram"'].map(ascii);
/** Keys a review line has before `after`: JSON.parse would keep a repeated one's last value. */
const HEAD_KEYS = new Set(['id', 'type', 'at', 'card', 'grade', 'ms', 'before', 'after']);

/** The top-level key at data[from, to) after `after`: a drill's mode, one read before (not ours to read), or any other. */
function restKey(data: Buffer, from: number, to: number): 'mode' | 'repeat' | 'other' {
  const n = to - from;
  for (const key of REST_KEYS) if (key.length === n && bytesAre(data, from, key)) return 'other';
  if (n === MODE_KEY.length && bytesAre(data, from, MODE_KEY)) return 'mode';
  return HEAD_KEYS.has(data.toString('latin1', from, to)) ? 'repeat' : 'other';
}

const reader = new Reader();

/**
 * Reads the review line in data[start, end) into `out` (reused: copy what you keep) and returns
 * it, or undefined when the line is anything but a review in recall's own shape whose every
 * value reads exactly as JSON.parse would read it and passes the log's own check (invalidEvent).
 */
export function readAnswerLine(data: Buffer, start: number, end: number, out: AnswerLine, before: AnswerState): AnswerLine | undefined {
  const r = reader;
  r.data = data;
  r.end = end;
  if (!r.holds(start, HEAD)) return undefined;
  const idStart = start + HEAD.length;
  const idEnd = r.stringEnd(idStart);
  if (idEnd <= idStart || !r.holds(idEnd, TYPE_AT)) return undefined;
  let i = r.number(idEnd + TYPE_AT.length);
  if (i === -1 || !Number.isFinite(r.value)) return undefined;
  const at = r.value;
  if (!r.holds(i, CARD)) return undefined;
  const cardStart = i + CARD.length;
  const cardEnd = r.stringEnd(cardStart);
  if (cardEnd <= cardStart || !r.holds(cardEnd, GRADE)) return undefined;
  i = r.number(cardEnd + GRADE.length);
  const grade = r.value;
  if (i === -1 || !(grade === 1 || grade === 2 || grade === 3 || grade === 4) || !r.holds(i, MS)) return undefined;
  i = r.number(i + MS.length);
  if (i === -1 || !r.holds(i, BEFORE)) return undefined;
  const ms = r.value;
  i += BEFORE.length;
  if (r.holds(i, NULL)) {
    out.before = null;
    i += NULL.length;
  } else {
    i = readState(r, i, before);
    if (i === -1) return undefined;
    out.before = before;
  }
  if (!r.holds(i, AFTER)) return undefined;
  i = readState(r, i + AFTER.length, out.after);
  if (i === -1) return undefined;
  // The rest: file, sketch, a drill's mode and session. A mode must be one the log knows.
  for (;;) {
    const c = data[i];
    if (c === CLOSE) break;
    if (c !== COMMA || data[i + 1] !== QUOTE) return undefined;
    const keyEnd = r.stringEnd(i + 2);
    if (keyEnd === -1 || data[keyEnd + 1] !== COLON) return undefined;
    const key = restKey(data, i + 2, keyEnd);
    if (key === 'repeat') return undefined;
    const valueAt = keyEnd + 2;
    i = r.scalar(valueAt);
    if (i === -1) return undefined;
    if (key === 'mode' && !MODES.some((mode) => i - valueAt === mode.length && bytesAre(data, valueAt, mode))) return undefined;
  }
  if (i + 1 !== end) return undefined;
  // Strings made from the bytes, not cut from a decoded line, which they would keep alive.
  out.id = text(data, idStart, idEnd);
  out.card = text(data, cardStart, cardEnd);
  out.at = at;
  out.grade = grade as Grade;
  out.ms = ms;
  return out;
}

/** A string's bytes as a string: latin1 (a plain copy) when they are ASCII, as ids are. */
export function text(data: Buffer, from: number, to: number): string {
  for (let i = from; i < to; i++) if (data[i]! > 127) return data.toString('utf8', from, to);
  return data.toString('latin1', from, to);
}

/**
 * The time of a line that begins as recall's review lines do (`{"id":"…","type":"review","at":`),
 * or NaN: a quick look that reads no further. Every line readAnswerLine reads has one; a line
 * that has one may still be damaged further on.
 */
export function answerTime(data: Buffer, start: number, end: number): number {
  const r = reader;
  r.data = data;
  r.end = end;
  if (!r.holds(start, HEAD)) return NaN;
  const idEnd = r.stringEnd(start + HEAD.length);
  if (idEnd === -1 || !r.holds(idEnd, TYPE_AT)) return NaN;
  return r.number(idEnd + TYPE_AT.length) === -1 ? NaN : r.value;
}

/** An AnswerLine to read lines into, and the `before` state it reuses. */
export function answerLineBuffers(): { line: AnswerLine; before: AnswerState } {
  const state = (): AnswerState => ({ due: 0, s: 0, d: 0, st: 0, sd: 0 });
  return { line: { id: '', at: 0, card: '', grade: 1, ms: 0, before: null, after: state() }, before: state() };
}

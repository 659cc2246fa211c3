// Reads a JSON object whose file can be larger than the biggest string V8 makes (512 MB): a
// backup of a million reviews. The top level is walked over the bytes; each value is parsed on
// its own, and the arrays asked for lazily, one element at a time, when they are read.
import { m } from '../i18n/index.js';

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based line of the problem in the file. */
    readonly line: number,
  ) {
    super(message);
  }
}

export interface LazyArray {
  length: number;
  /** Element i, parsed now. */
  at(i: number): unknown;
}

export interface JsonObjectParts {
  values: Map<string, unknown>;
  /** The keys asked for as lazy arrays whose value is an array. */
  arrays: Map<string, LazyArray>;
}

const QUOTE = 34;
const BACKSLASH = 92;

function isSpace(b: number | undefined): boolean {
  return b === 32 || b === 10 || b === 13 || b === 9;
}

function lineAt(data: Buffer, offset: number): number {
  let line = 1;
  for (let i = data.indexOf(10); i !== -1 && i < offset; i = data.indexOf(10, i + 1)) line++;
  return line;
}

/** The index after the string that starts at `i` (its opening quote). */
function skipString(data: Buffer, i: number): number {
  let at = i + 1;
  for (;;) {
    const quote = data.indexOf(QUOTE, at);
    if (quote === -1) return -1;
    let slashes = 0;
    while (data[quote - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/** The index after the value that starts at `i`, or -1 when it does not end. */
function skipValue(data: Buffer, i: number): number {
  const first = data[i];
  if (first === QUOTE) return skipString(data, i);
  if (first === 123 || first === 91) {
    let depth = 0;
    for (let at = i; at < data.length; ) {
      const b = data[at]!;
      if (b === QUOTE) {
        at = skipString(data, at);
        if (at === -1) return -1;
        continue;
      }
      if (b === 123 || b === 91) depth++;
      else if (b === 125 || b === 93) {
        depth--;
        if (depth === 0) return at + 1;
      }
      at++;
    }
    return -1;
  }
  let at = i;
  while (at < data.length && data[at] !== 44 && data[at] !== 125 && data[at] !== 93 && !isSpace(data[at])) at++;
  return at > i ? at : -1;
}

function skipSpace(data: Buffer, i: number): number {
  while (isSpace(data[i])) i++;
  return i;
}

/**
 * The top-level object of `data`, its arrays under `lazyKeys` left to be parsed element by element.
 * Throws JsonSyntaxError (with the line) where the text is not JSON.
 */
export function readJsonObject(data: Buffer, lazyKeys: readonly string[]): JsonObjectParts {
  const fail = (what: string, at: number): never => {
    throw new JsonSyntaxError(what, lineAt(data, at));
  };
  const parse = (start: number, end: number): unknown => {
    try {
      return JSON.parse(data.toString('utf8', start, end));
    } catch (error) {
      return fail((error as Error).message, start);
    }
  };
  const values = new Map<string, unknown>();
  const arrays = new Map<string, LazyArray>();
  let i = skipSpace(data, data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0);
  if (data[i] !== 123) fail(m.json.expectedObject, i);
  i = skipSpace(data, i + 1);
  if (data[i] === 125) i++;
  else {
    for (;;) {
      if (data[i] !== QUOTE) fail(m.json.expectedKey, i);
      const keyEnd = skipString(data, i);
      if (keyEnd === -1) fail(m.json.keyNeverEnds, i);
      const key = parse(i, keyEnd) as string;
      i = skipSpace(data, keyEnd);
      if (data[i] !== 58) fail(m.json.expectedColon(key), i);
      i = skipSpace(data, i + 1);
      const end = skipValue(data, i);
      if (end === -1) fail(m.json.valueNeverEnds(key), i);
      if (lazyKeys.includes(key) && data[i] === 91) arrays.set(key, lazyArray(data, i, end, parse, fail));
      else values.set(key, parse(i, end));
      i = skipSpace(data, end);
      if (data[i] === 44) {
        i = skipSpace(data, i + 1);
        continue;
      }
      if (data[i] === 125) {
        i++;
        break;
      }
      fail(m.json.expectedCommaOrBrace(key), i);
    }
  }
  if (skipSpace(data, i) < data.length) fail(m.json.textAfterEnd, skipSpace(data, i));
  return { values, arrays };
}

function lazyArray(data: Buffer, start: number, end: number, parse: (s: number, e: number) => unknown, fail: (what: string, at: number) => never): LazyArray {
  let starts = new Float64Array(1024);
  let ends = new Float64Array(1024);
  let n = 0;
  let i = skipSpace(data, start + 1);
  if (data[i] !== 93) {
    for (;;) {
      const stop = skipValue(data, i);
      if (stop === -1 || stop > end) fail(m.json.elementNeverEnds, i);
      if (n === starts.length) {
        const grow = (a: Float64Array) => {
          const b = new Float64Array(a.length * 2);
          b.set(a);
          return b;
        };
        starts = grow(starts);
        ends = grow(ends);
      }
      starts[n] = i;
      ends[n++] = stop;
      i = skipSpace(data, stop);
      if (data[i] === 44) i = skipSpace(data, i + 1);
      else if (data[i] === 93) break;
      else fail(m.json.expectedCommaOrBracket, i);
    }
  }
  return { length: n, at: (k) => parse(starts[k]!, ends[k]!) };
}

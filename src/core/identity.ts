// Card identity and text similarity. An id depends on the card's words, not on its file or line,
// so a card keeps its history when it moves; a sketch lets history follow a lightly edited card
// without the state ever storing card text.
import { kindKey } from './card-kinds.js';
import type { CardKind } from './types.js';

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || c === 0xfeff;
}

const TRAILING = new Set([32, 63, 46, 58, 33]); // space ? . : !

/**
 * Full-width forms fold to ASCII (NFKC); case, runs of spaces, emphasis markers (* and `) and
 * trailing punctuation are ignored. One pass and no backtracking, so it is linear on any input.
 */
export function normalizeText(text: string): string {
  let s = text;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 127) {
      s = s.normalize('NFKC');
      break;
    }
  }
  s = s.toLowerCase();
  const parts: string[] = [];
  let start = -1;
  let pendingSpace = false;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    const skip = c === 42 || c === 96 || isSpace(c);
    if (skip && start !== -1) {
      parts.push(s.slice(start, i));
      start = -1;
    }
    if (isSpace(c)) pendingSpace = parts.length > 0;
    else if (!skip && start === -1) {
      if (pendingSpace) parts.push(' ');
      pendingSpace = false;
      start = i;
    }
  }
  let out = parts.join('');
  let end = out.length;
  while (end > 0 && TRAILING.has(out.charCodeAt(end - 1))) end--;
  return end === out.length ? out : out.slice(0, end);
}

/** 48 bits of a fast string hash as 12 hex digits. Collisions are caught as duplicates. */
function hash48(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return ((h2 >>> 0) & 0xffff).toString(16).padStart(4, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** The id of a card from its already normalized front (see normalizeText). */
export function cardIdFromKey(kind: CardKind, normalizedFront: string, cloze?: number): string {
  return hash48(`${kindKey(kind, cloze)}\u0000${normalizedFront}`);
}

export function cardId(kind: CardKind, front: string, cloze?: number): string {
  return cardIdFromKey(kind, normalizeText(front), cloze);
}

export function pinnedCardId(pin: string, kind: CardKind, cloze?: number): string {
  if (kind === 'cloze') return `${pin}:c${cloze}`;
  return kind === 'reverse' ? `${pin}:r` : pin;
}

// --- similarity -------------------------------------------------------------

const SKETCH_SIZE = 24;
const SEEDS = Array.from({ length: SKETCH_SIZE }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) ^ 0x85ebca6b) >>> 0);

/**
 * The text's distinct runs of three characters (code points), each a slice of the normalized
 * text: no array of its characters, which for a card of megabytes held tens of millions.
 */
function shingles(text: string): Set<string> {
  const t = normalizeText(text);
  const out = new Set<string>();
  // Where the last three code points start: a gram is t.slice(a, next).
  let a = -1;
  let b = -1;
  let c = -1;
  for (let i = 0; i < t.length; ) {
    const next = i + (t.codePointAt(i)! > 0xffff ? 2 : 1);
    a = b;
    b = c;
    c = i;
    if (a !== -1) out.add(t.slice(a, next));
    i = next;
  }
  if (a === -1) out.add(t);
  return out;
}

function hashString(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * A MinHash sketch of the card's character trigrams: 24 one-byte minima as 48 hex digits.
 * The share of equal bytes between two sketches estimates the Jaccard similarity of the texts.
 */
export function textSketch(text: string): string {
  const grams = shingles(text);
  let out = '';
  for (const seed of SEEDS) {
    let min = 0xffffffff;
    for (const gram of grams) {
      const h = hashString(gram, seed);
      if (h < min) min = h;
    }
    out += (min & 0xff).toString(16).padStart(2, '0');
  }
  return out;
}

/**
 * Estimated Jaccard similarity of the texts behind two sketches, from 0 to 1. A sketch may carry
 * a `prefix:`; sketches with different prefixes are unrelated (0).
 */
export function sketchSimilarity(x: string, y: string): number {
  const px = x.lastIndexOf(':');
  const py = y.lastIndexOf(':');
  if (x.slice(0, px + 1) !== y.slice(0, py + 1)) return 0;
  const a = x.slice(px + 1);
  const b = y.slice(py + 1);
  if (a.length !== b.length || a.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i += 2) if (a[i] === b[i] && a[i + 1] === b[i + 1]) same++;
  return same / (a.length / 2);
}

/**
 * How similar an edited card must be for its history to follow it without asking.
 * 0.6 keeps history through a fixed typo, a reworded clause or an added translation (0.67-0.83
 * on the cases in test/identity.test.ts) and refuses a different question on the same topic
 * ("parameters" -> "layers" scores about 0.46).
 */
export const REATTACH_THRESHOLD = 0.6;

/**
 * How alike two short texts read, from 0 to 1: the share of characters that stay when one is
 * edited into the other (1 - edit distance / the longer length), after normalizing (case,
 * spacing, emphasis, full-width forms). "in-context" and "in context" are 96% alike in a
 * 28-character question, where a trigram sketch said 75%. For texts longer than `exactUpTo`
 * characters the sketches' estimate is used: the exact measure is quadratic.
 */
export function textSimilarity(a: string, b: string, exactUpTo = 400): number {
  const x = [...normalizeText(a)];
  const y = [...normalizeText(b)];
  if (x.length > exactUpTo || y.length > exactUpTo) return sketchSimilarity(textSketch(a), textSketch(b));
  const longer = Math.max(x.length, y.length);
  if (longer === 0) return 1;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1)));
    prev = row;
  }
  return 1 - prev[y.length]! / longer;
}

/** From this share of characters alike, a new card is pointed out as close to an existing one. */
export const SIMILAR_THRESHOLD = 0.8;

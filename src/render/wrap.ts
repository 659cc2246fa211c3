// Word wrapping by display width: CJK and emoji take two columns, combining marks none. A line
// breaks after a space (the space is dropped, so no wrapped line starts with one), between wide
// characters (not before a closing mark such as 。 or ）, nor after an opening one), after a
// hyphen or slash inside a word, and inside a word only when the word alone is wider than the line.
import stringWidth from 'string-width';
import type { Line, Segment, Style } from './styled.js';

/** One grapheme with its style; `style` objects are shared, so equal styles merge back into one segment. */
interface Cell {
  text: string;
  width: number;
  style: Style;
}

const NO_START = new Set([...'、。，．,.：:；;！!？?）)」』】〕〉》”’〙〗｝]}ー…‥〜・%％']);
const NO_END = new Set([...'（(「『【〔〈《“‘〘〖｛[{']);

// A character and what joins it: combining marks, variation selectors, zero-width-joined
// characters (emoji families), skin tones, tags, regional-indicator pairs (flags), and Hangul
// syllables spelled in jamo.
const CLUSTER = /\p{RI}\p{RI}|(?:[\u1100-\u115f\ua960-\ua97c]*(?:[\uac00-\ud7a3]|[\u1160-\u11a7\ud7b0-\ud7c6])[\u1160-\u11a7\ud7b0-\ud7c6]*[\u11a8-\u11ff\ud7cb-\ud7fb]*|[\u1100-\u115f\ua960-\ua97c]+)\p{M}*|[^]\p{M}*(?:(?:\u200d[^]|[\u{1F3FB}-\u{1F3FF}]|[\u{E0020}-\u{E007F}])\p{M}*)*/gu;
// Text with none of these (the common combining marks, joiners, variation selectors, surrogates
// for emoji and flags, scripts whose vowels combine) is one grapheme per character: it is cut
// without CLUSTER, whose Unicode classes cost milliseconds to compile on first use.
const MAY_COMBINE = /[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0dff\u0e31-\u0e4e\u0eb1-\u0ecd\u0f18-\u0fc6\u1000-\u109f\u1100-\u11ff\u1ab0-\u1aff\u1dc0-\u1dff\u200b-\u200f\u20d0-\u20ff\u302a-\u302f\u3099\u309a\ua960-\ua97f\uac00-\ud7ff\ud800-\udfff\ufe00-\ufe0f\ufe20-\ufe2f\uff9e\uff9f]/;
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x20-\x7e]*$/;

/** The display width of text, as the terminal (and Ink) measures it. */
export function displayWidth(text: string): number {
  return ASCII.test(text) ? text.length : stringWidth(text);
}

/** Control characters shown as their Unicode pictures (␛, ␇): raw, they would drive the terminal. */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x1f\x7f-\x9f]/.test(text) ? text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => (c === '\x7f' ? '␡' : c < ' ' ? String.fromCharCode(0x2400 + c.charCodeAt(0)) : '\ufffd')) : text;
}

/** Text cut into graphemes (user-perceived characters), without ICU for text that needs none. */
export function graphemes(text: string): string[] {
  return MAY_COMBINE.test(text) ? (text.match(CLUSTER) ?? []) : text.split('');
}

const NEWLINE: Cell = { text: '\n', width: 0, style: {} };

/** Segments as cells; a "\n" in their text becomes the NEWLINE cell. */
function cellsOf(segments: readonly Segment[]): Cell[] {
  const cells: Cell[] = [];
  for (const segment of segments) {
    const { text, ...style } = segment;
    text.split(/\r?\n/).forEach((part, i) => {
      if (i > 0) cells.push(NEWLINE);
      const clean = visible(part);
      if (ASCII.test(clean)) {
        for (let j = 0; j < clean.length; j++) cells.push({ text: clean[j]!, width: 1, style });
      } else {
        for (const g of graphemes(clean)) cells.push({ text: g, width: g < '\x7f' ? 1 : stringWidth(g), style });
      }
    });
  }
  return cells;
}

const isSpace = (c: Cell | undefined) => c !== undefined && c.text === ' ';
const isLetter = (c: Cell | undefined) => c !== undefined && (/^[A-Za-z0-9]/.test(c.text) || (c.text > '\x7f' && /[\p{L}\p{N}]/u.test(c.text)));

/** Whether a line may break between `a` and `b`. */
function breakBetween(a: Cell | undefined, b: Cell): boolean {
  if (!a || isSpace(b)) return false;
  if (isSpace(a)) return true;
  if (NO_START.has(b.text) || NO_END.has(a.text)) return false;
  if (a.width === 2 || b.width === 2) return true;
  return (a.text === '-' || a.text === '/') && isLetter(b);
}

const STYLE_KEYS = ['bold', 'italic', 'underline', 'strikethrough', 'dim', 'color'] as const;
const sameStyle = (a: Style, b: Style) => a === b || STYLE_KEYS.every((k) => a[k] === b[k]);

function toSegments(cells: Cell[]): Line {
  const line: Segment[] = [];
  let style: Style | undefined;
  for (const cell of cells) {
    if (style && sameStyle(cell.style, style)) line[line.length - 1]!.text += cell.text;
    else line.push({ ...cell.style, text: cell.text });
    style = cell.style;
  }
  return line;
}

function trimEnd(cells: Cell[]): Cell[] {
  let end = cells.length;
  while (end > 0 && isSpace(cells[end - 1])) end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

export interface WrapOptions {
  /** Segments before the first line (a list bullet) and before every later one (its hanging indent). */
  first?: Segment[];
  rest?: Segment[];
  /** Stop after this many lines. */
  limit?: number;
}

function prefixWidth(prefix: Segment[] | undefined): number {
  return prefix ? prefix.reduce((w, s) => w + displayWidth(s.text), 0) : 0;
}

/** Styled text wrapped to `width` columns (prefixes included); a "\n" in the text ends a line. */
export function wrapSegments(segments: readonly Segment[], width: number, options: WrapOptions = {}): Line[] {
  const limit = options.limit ?? Infinity;
  const lines: Line[] = [];
  const emit = (cells: Cell[]) => {
    const prefix = lines.length === 0 ? options.first : (options.rest ?? options.first?.map((s) => ({ text: ' '.repeat(displayWidth(s.text)) })));
    lines.push([...(prefix ?? []), ...toSegments(trimEnd(cells))]);
  };
  const avail = () => Math.max(1, width - prefixWidth(lines.length === 0 ? options.first : (options.rest ?? options.first)));

  let line: Cell[] = [];
  let used = 0;
  let breakAt = -1; // the line may break before line[breakAt]
  let room = avail();
  const newLine = (cells: Cell[]) => {
    emit(cells);
    line = [];
    used = 0;
    breakAt = -1;
    room = avail();
  };
  for (const cell of cellsOf(segments)) {
    if (lines.length >= limit) break;
    if (cell === NEWLINE) {
      newLine(line);
      continue;
    }
    // A line after the first never starts with a space: the space it would start with is the
    // one the line broke at.
    if (line.length === 0 && lines.length > 0 && isSpace(cell)) continue;
    const opportunity = breakBetween(line[line.length - 1], cell);
    if (used + cell.width > room && line.length > 0) {
      if (isSpace(cell) || opportunity) {
        // The line is full right where it may break: the space is dropped, the character starts the next line.
        newLine(line);
        if (isSpace(cell)) continue;
      } else {
        let tail = breakAt > 0 ? line.slice(breakAt) : [];
        while (isSpace(tail[0])) tail.shift();
        newLine(breakAt > 0 ? line.slice(0, breakAt) : line);
        // A hanging indent wider than the first line's can leave the carried word too long.
        while (tail.reduce((w, c) => w + c.width, 0) > room && lines.length < limit) {
          let fit = 0;
          for (let w = 0; fit < tail.length && w + tail[fit]!.width <= room; fit++) w += tail[fit]!.width;
          newLine(tail.slice(0, Math.max(1, fit)));
          tail = tail.slice(Math.max(1, fit));
        }
        line = tail;
        used = tail.reduce((w, c) => w + c.width, 0);
        for (let i = 1; i < tail.length; i++) if (breakBetween(tail[i - 1], tail[i]!)) breakAt = i;
      }
      if (lines.length >= limit) break;
    } else if (opportunity) breakAt = line.length;
    line.push(cell);
    used += cell.width;
  }
  if (lines.length < limit) emit(line);
  return lines;
}

/** Text cut into lines of at most `width` columns, every character kept (for code). */
export function hardWrap(segments: readonly Segment[], width: number, options: WrapOptions = {}): Line[] {
  const limit = options.limit ?? Infinity;
  const lines: Line[] = [];
  const room = () => Math.max(1, width - prefixWidth(lines.length === 0 ? options.first : (options.rest ?? options.first)));
  let line: Cell[] = [];
  let used = 0;
  const emit = () => {
    const prefix = lines.length === 0 ? options.first : (options.rest ?? options.first);
    lines.push([...(prefix ?? []), ...toSegments(line)]);
    line = [];
    used = 0;
  };
  for (const cell of cellsOf(segments)) {
    if (lines.length >= limit) break;
    if (cell === NEWLINE) {
      emit();
      continue;
    }
    if (used + cell.width > room() && line.length > 0) emit();
    if (lines.length >= limit) break;
    line.push(cell);
    used += cell.width;
  }
  if (lines.length < limit) emit();
  return lines;
}

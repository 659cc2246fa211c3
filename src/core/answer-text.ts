// A stretch of note lines made into the back of a card: headings moved below the card's level,
// images pointed at their copies next to the deck, long code listings kept as a reference to the
// note. Every other byte stays as written: formulas (`$…$`, `$$…$$`), tables, code.
import { FENCE, mapOutsideFences } from './fences.js';
import { m } from '../i18n/index.js';

export interface BackOptions {
  /** A local image source as written in the note -> the link that resolves from the deck file; undefined keeps it. */
  image?: (src: string) => string | undefined;
  /** How the note is named in a reference to one of its lines, and the link to it from the deck file. */
  note?: { name: string; href?: string };
}

/** A code listing longer than this many lines is kept as a reference to the note when the back is long. */
export const LONG_CODE_LINES = 15;

const PIN_LINE = /^\s*<!--\s*id:/;

/** Markdown images, `![alt](src "title")` or `![alt](<src with spaces>)`, and HTML `<img src="…">`. */
const MD_IMAGE = /(!\[[^\]\n]*\]\()\s*(<[^>\n]+>|[^\s)]+(?:\([^\s)]*\)[^\s)]*)*)((?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\))/g;
const HTML_IMAGE = /(<img\b[^>]*?\bsrc\s*=\s*)(["'])([^"'\n]+)\2/gi;

function encodeLink(link: string): string {
  return link.replace(/[ ()<>]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Every local image source a text refers to, as written. */
export function imageSources(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(MD_IMAGE)) out.push(m[2]!.replace(/^<|>$/g, ''));
  for (const m of text.matchAll(HTML_IMAGE)) out.push(m[3]!);
  return out;
}

/** Points each image at the link `image` gives for it; code spans and fences are left alone. */
export function rewriteImages(lines: string[], image: BackOptions['image']): string[] {
  if (!image) return lines;
  return mapOutsideFences(lines, (line) => {
    if (!line.includes('![') && !/<img\b/i.test(line)) return line;
    return line
      .replace(MD_IMAGE, (whole, open: string, src: string, close: string) => {
        const link = image(src.replace(/^<|>$/g, ''));
        return link === undefined ? whole : `${open}${encodeLink(link)}${close}`;
      })
      .replace(HTML_IMAGE, (whole, open: string, quote: string, src: string) => {
        const link = image(src);
        return link === undefined ? whole : `${open}${quote}${encodeLink(link)}${quote}`;
      });
  });
}

/** Headings inside a back go below the card's own level, so none can start a new card. */
export function demoteHeadings(lines: string[], level: number): string[] {
  return mapOutsideFences(lines, (line) => {
    const h = /^ {0,3}(#{1,6})([ \t]+.*)?$/.exec(line);
    if (!h) return line;
    const depth = Math.min(6, Math.max(3, 3 + h[1]!.length - level - 1));
    return '#'.repeat(depth) + (h[2] ?? '');
  });
}

/** A line that only links back or on (`[⬅ 回到首页](../README.md)`): page navigation, not an answer. */
const NAVIGATION_LINE = /^\s*(?:\[[^\]]*(?:⬅|←|→|➡|返回|回到|上一[篇章节]|下一[篇章节]|back to|previous|next)[^\]]*\]\([^)]*\)[\s·|]*)+$/i;

/** Blank lines, rules, `<br>` and page navigation at the edges of a back. */
export function isEdgeLine(line: string): boolean {
  return line.trim() === '' || /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(line) || /^\s*(<br\s*\/?>\s*)+$/i.test(line) || NAVIGATION_LINE.test(line) || PIN_LINE.test(line);
}

/**
 * Drops what is not part of an answer: id pins (a back must not pin the card), blank lines,
 * rules and navigation at both ends, and headings left with nothing under them.
 */
export function trimLines(lines: string[]): string[] {
  return trimWithPlaces(lines, lines.map((_, i) => i)).lines;
}

/** trimLines, keeping for each line left where it was (`from[i]` of the line given at i). */
export function trimWithPlaces(lines: string[], from: number[]): { lines: string[]; from: number[] } {
  let a = 0;
  let b = lines.length;
  while (a < b && isEdgeLine(lines[a]!)) a++;
  while (b > a && isEdgeLine(lines[b - 1]!)) b--;
  const keep = emptyHeadingsDropped(lines.slice(a, b));
  const kept = { lines: [] as string[], from: [] as number[] };
  keep.forEach((k, i) => {
    if (k && !PIN_LINE.test(lines[a + i]!)) {
      kept.lines.push(lines[a + i]!);
      kept.from.push(from[a + i]!);
    }
  });
  while (kept.lines.length && kept.lines[kept.lines.length - 1]!.trim() === '') {
    kept.lines.pop();
    kept.from.pop();
  }
  return kept;
}

/** Which lines to keep: not headings followed by nothing but blank lines up to a heading of the same or a higher level, or the end. */
function emptyHeadingsDropped(lines: string[]): boolean[] {
  const levels: (number | undefined)[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0]) fence = undefined;
      levels.push(undefined);
      continue;
    }
    if (f) fence = f[1];
    const h = f ? undefined : /^ {0,3}(#{1,6})(\s|$)/.exec(line);
    levels.push(h ? h[1]!.length : undefined);
  }
  const keep = lines.map(() => true);
  for (let i = lines.length - 1; i >= 0; i--) {
    const level = levels[i];
    if (level === undefined) continue;
    let j = i + 1;
    while (j < lines.length && (lines[j]!.trim() === '' || !keep[j])) j++;
    if (j === lines.length || (levels[j] !== undefined && levels[j]! <= level)) keep[i] = false;
  }
  return keep;
}

/**
 * Replaces every fenced code listing longer than LONG_CODE_LINES with one line that says what it
 * was and where it is in the note. `lineOf(i)` is the note's 1-based line of lines[i].
 */
export function referenceLongCode(lines: string[], lineOf: (i: number) => number, note: BackOptions['note']): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const f = FENCE.exec(lines[i]!);
    if (!f) {
      out.push(lines[i]!);
      continue;
    }
    let j = i + 1;
    while (j < lines.length) {
      const g = FENCE.exec(lines[j]!);
      if (g && g[1]![0] === f[1]![0] && g[1]!.length >= f[1]!.length && lines[j]!.trim().replace(/[`~]/g, '') === '') break;
      j++;
    }
    const body = j - i - 1;
    if (body <= LONG_CODE_LINES || j >= lines.length) {
      out.push(...lines.slice(i, j + 1));
      i = j;
      continue;
    }
    const lang = lines[i]!.trim().replace(/^[`~]+/, '').trim().split(/\s/)[0];
    const where = `${note?.name ?? m.notes.theNote}:${lineOf(i)}`;
    const place = note?.href ? `[${where}](${encodeLink(note.href)})` : where;
    const indent = /^\s*/.exec(lines[i]!)![0];
    out.push(indent + m.notes.longCode(body, lang ?? '', place));
    i = j;
  }
  return out;
}

/** The text a reader has to recall, without code, images and markup: to tell an answer from an empty one. */
export const REFERENCE_LINE = /^\s*\*\(\d+ lines of [^\n]*\)\*\s*$/gm;

export function proseOf(text: string): string {
  return text
    .replace(/```[\s\S]*?```|~~~[\s\S]*?~~~/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)|<img[^>]*>/gi, '')
    .replace(/<[^>]+>|[*_`#>|\-]/g, '')
    .replace(/\s+/g, '');
}

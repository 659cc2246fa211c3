// A small Markdown parser for card text: the CommonMark/GFM subset people write in notes
// (paragraphs, headings, lists, fenced code, tables, quotes, emphasis, code, links, images).
// It yields a tree that the terminal screen and the exporters both render, one way for both.
// Line-based and linear; unlike a general-purpose parser it costs next to nothing at start-up.
// Line breaks inside a paragraph are kept: on a flashcard, a line break the author wrote is meant.
//
// Math ($…$, $$…$$, \(…\), \[…\]) is parsed only when asked for ({ math: true }): a reader that
// does not know math nodes (an exporter not yet taught them) then keeps the TeX as the text it is.

/** A formula: `tex` without its delimiters, `source` exactly as written (the fallback text). */
export interface MathNode {
  t: 'math';
  tex: string;
  display: boolean;
  source: string;
}

/** Inline content; `M` is MathNode when the text was parsed with { math: true }. */
export type Inline<M = never> =
  | { t: 'text'; text: string }
  | { t: 'strong' | 'em' | 'del'; children: Inline<M>[] }
  | { t: 'code'; text: string }
  | { t: 'link'; href: string; children: Inline<M>[] }
  | { t: 'image'; src: string; alt: string }
  | { t: 'br' }
  | M;

export type Align = 'left' | 'right' | 'center' | null;

export type Block<M = never> =
  | { t: 'paragraph'; inline: Inline<M>[] }
  | { t: 'heading'; level: number; inline: Inline<M>[] }
  | { t: 'code'; lang: string; text: string }
  | { t: 'list'; ordered: boolean; start: number; items: Block<M>[][] }
  | { t: 'table'; align: Align[]; header: Inline<M>[][]; rows: Inline<M>[][][] }
  | { t: 'quote'; blocks: Block<M>[] }
  | { t: 'hr' }
  | M;

/** Card text with its formulas parsed: what the terminal renderer draws. */
export type MathBlock = Block<MathNode>;
export type MathInline = Inline<MathNode>;

interface Options {
  math: boolean;
  /** How many lists and quotes enclose these lines. */
  depth?: number;
}

/**
 * Lists and quotes nest this deep at most; deeper lines are read as plain paragraphs. Each level
 * is a recursion (and a Box on screen): 2,000 nested quotes overflowed the stack.
 */
export const MAX_NESTING = 16;

/** How deep the lists and quotes of a text nest (for `recall check`), in one pass. */
export function nestingDepth(text: string): number {
  let max = 0;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = expandTabs(raw);
    let quotes = 0;
    let rest = line;
    for (let m = QUOTE.exec(rest); m; m = QUOTE.exec(rest)) {
      quotes++;
      rest = rest.slice(m[0].length);
    }
    const item = /^\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)/.test(rest) ? 1 + Math.floor(indentOf(rest) / 2) : 0;
    max = Math.max(max, quotes + item);
  }
  return max;
}

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])(?:([ \t]+)|$)/;
const TABLE_DELIMITER = /^ {0,3}\|?(?:\s*:?-+:?\s*\|)*\s*:?-+:?\s*\|?\s*$/;
const COMMENT_START = /^ {0,3}<!--/;

function expandTabs(line: string): string {
  return line.includes('\t') ? line.replace(/\t/g, '    ') : line;
}

function indentOf(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 32) n++;
  return n;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || HR.test(line) || QUOTE.test(line) || ITEM.test(line) || COMMENT_START.test(line);
}

const DISPLAY_OPEN = /^ {0,3}(\$\$|\\\[)/;

/**
 * A display formula starting at line `start` ($$ or \[ first on the line, closed on that line or
 * a later one with nothing after the closing mark, no blank line inside): the node and the next line.
 */
function displayMathAt(lines: string[], start: number): { node: MathNode; next: number } | undefined {
  const open = DISPLAY_OPEN.exec(lines[start]!);
  if (!open) return undefined;
  const mark = open[1]!;
  const close = mark === '$$' ? '$$' : '\\]';
  const first = lines[start]!.slice(open[0].length);
  const body: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = i === start ? first : lines[i]!;
    if (i > start && isBlank(line)) return undefined;
    const at = line.indexOf(close);
    if (at === -1) {
      body.push(line);
      continue;
    }
    if (line.slice(at + close.length).trim() !== '') return undefined;
    body.push(line.slice(0, at));
    const tex = body.join('\n').trim();
    if (tex === '') return undefined;
    const source = [lines[start]!.trimStart(), ...lines.slice(start + 1, i + 1)].join('\n').trimEnd();
    return { node: { t: 'math', tex, display: true, source }, next: i + 1 };
  }
  return undefined;
}

function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  let inCode = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && s[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '`') {
      inCode = !inCode;
      cell += ch;
    } else if (ch === '|' && !inCode) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

function alignOf(cell: string): Align {
  const c = cell.trim();
  const left = c.startsWith(':');
  const right = c.endsWith(':');
  return left && right ? 'center' : right ? 'right' : left ? 'left' : null;
}

/** The blocks of Markdown text; with { math: true } formulas are math nodes, otherwise text. */
export function parseMarkdown(text: string): Block[];
export function parseMarkdown(text: string, options: { math: true }): MathBlock[];
export function parseMarkdown(text: string, options: { math?: boolean } = {}): MathBlock[] {
  return parseBlocks(text.split(/\r\n|\r|\n/).map(expandTabs), { math: options.math === true });
}

function parseBlocks(lines: string[], options: Options): MathBlock[] {
  const blocks: MathBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const [, indent, marks, lang] = fence;
      const body: string[] = [];
      i++;
      while (i < lines.length) {
        const close = lines[i]!.trim();
        if (close.startsWith(marks![0]!) && close.length >= marks!.length && /^(`+|~+)$/.test(close)) {
          i++;
          break;
        }
        const l = lines[i]!;
        body.push(l.slice(Math.min(indentOf(l), indent!.length)));
        i++;
      }
      blocks.push({ t: 'code', lang: lang ?? '', text: body.join('\n') });
      continue;
    }
    if (options.math) {
      const display = displayMathAt(lines, i);
      if (display) {
        blocks.push(display.node);
        i = display.next;
        continue;
      }
    }
    if (COMMENT_START.test(line)) {
      while (i < lines.length && !lines[i]!.includes('-->')) i++;
      i++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ t: 'heading', level: heading[1]!.length, inline: inlineOf(heading[2] ?? '', options) });
      i++;
      continue;
    }
    if (HR.test(line)) {
      blocks.push({ t: 'hr' });
      i++;
      continue;
    }
    const nests = (options.depth ?? 0) < MAX_NESTING;
    if (nests && QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && !isBlank(lines[i]!) && (QUOTE.test(lines[i]!) || inner.length > 0)) {
        inner.push(lines[i]!.replace(QUOTE, ''));
        i++;
      }
      blocks.push({ t: 'quote', blocks: parseBlocks(inner, { ...options, depth: (options.depth ?? 0) + 1 }) });
      continue;
    }
    const item = nests ? ITEM.exec(line) : null;
    if (item) {
      i = parseList(lines, i, blocks, options);
      continue;
    }
    if (indentOf(line) >= 4) {
      const body: string[] = [];
      while (i < lines.length && (indentOf(lines[i]!) >= 4 || isBlank(lines[i]!))) body.push(lines[i++]!.slice(4));
      while (body.length && isBlank(body[body.length - 1]!)) body.pop();
      blocks.push({ t: 'code', lang: '', text: body.join('\n') });
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_DELIMITER.test(lines[i + 1]!) && lines[i + 1]!.includes('-')) {
      const header = splitRow(line);
      const align = splitRow(lines[i + 1]!).map(alignOf);
      i += 2;
      const rows: MathInline[][][] = [];
      while (i < lines.length && !isBlank(lines[i]!) && lines[i]!.includes('|')) {
        const cells = splitRow(lines[i]!);
        rows.push(header.map((_, c) => inlineOf(cells[c] ?? '', options)));
        i++;
      }
      blocks.push({ t: 'table', align, header: header.map((h) => inlineOf(h, options)), rows });
      continue;
    }
    const para: string[] = [line.trim()];
    i++;
    while (i < lines.length && !isBlank(lines[i]!) && !startsBlock(lines[i]!) && !(options.math && displayMathAt(lines, i))) para.push(lines[i++]!.trim());
    blocks.push({ t: 'paragraph', inline: inlineOf(para.join('\n'), options) });
  }
  return blocks;
}

/** A list and its items; item content is parsed as blocks, so lists nest. Returns the next line. */
function parseList(lines: string[], start: number, out: MathBlock[], options: Options): number {
  const first = ITEM.exec(lines[start]!)!;
  const ordered = /\d/.test(first[2]!);
  const marker = ordered ? first[2]!.slice(-1) : first[2]!;
  const items: MathBlock[][] = [];
  let i = start;
  while (i < lines.length) {
    const m = ITEM.exec(lines[i]!);
    if (!m || /\d/.test(m[2]!) !== ordered || (ordered ? m[2]!.slice(-1) : m[2]) !== marker || m[1]!.length > first[1]!.length + 1) break;
    const contentIndent = m[1]!.length + m[2]!.length + Math.min(m[3]?.length ?? 1, 4);
    const body = [lines[i]!.slice(contentIndent)];
    i++;
    while (i < lines.length) {
      const l = lines[i]!;
      if (isBlank(l)) {
        // A blank line continues the item only if indented content follows.
        let j = i;
        while (j < lines.length && isBlank(lines[j]!)) j++;
        if (j < lines.length && indentOf(lines[j]!) >= contentIndent) {
          while (i < j) body.push(lines[i++]!.slice(contentIndent));
          continue;
        }
        break;
      }
      if (indentOf(l) >= contentIndent) body.push(l.slice(contentIndent));
      else if (!startsBlock(l)) body.push(l.trim()); // a lazy continuation of the item's paragraph
      else break;
      i++;
    }
    items.push(parseBlocks(body, { ...options, depth: (options.depth ?? 0) + 1 }));
    // Blank lines between items keep the list going.
    let j = i;
    while (j < lines.length && isBlank(lines[j]!)) j++;
    if (j < lines.length && ITEM.test(lines[j]!) && j > i) i = j;
  }
  out.push({ t: 'list', ordered, start: ordered ? Number(first[2]!.slice(0, -1)) : 1, items });
  return i;
}

// --- inline -----------------------------------------------------------------

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: '\u00a0' };
const PUNCT = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;

function decodeEntities(text: string): string {
  return text.includes('&') ? text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e]!) : text;
}

/**
 * The inline code span opening at `start` (a run of backticks): the run's length and where the
 * closing run of exactly the same length starts, or undefined when it is never closed.
 */
export function codeSpanAt(s: string, start: number): { run: number; close: number } | undefined {
  let run = 0;
  while (s[start + run] === '`') run++;
  const fence = '`'.repeat(run);
  let close = s.indexOf(fence, start + run);
  while (close !== -1) {
    let end = close;
    while (s[end] === '`') end++;
    if (end - close === run) return { run, close };
    close = s.indexOf(fence, end);
  }
  return undefined;
}

/**
 * What the formula scans of one inline text learned: after a `$` (or `$$`, `\(`, `\[`) found no
 * closing mark, no later one can find one either, so the scans stay linear on hostile text.
 */
interface MathScan {
  math: boolean;
  none: Record<string, number>;
}

const MATH_CLOSE: Record<string, string> = { $: '$', $$: '$$', '\\(': '\\)', '\\[': '\\]' };

/**
 * The formula opening at `i`, with Pandoc's rules: `$…$` opens before a non-space and closes after
 * one, not before a digit (so "$5 and $10" stays text); `$$…$$`, `\(…\)`, `\[…\]` close at their
 * mark. A backslash pair inside is TeX and is skipped whole, so `\$` never closes a formula.
 */
function mathAt(s: string, i: number, scan: MathScan): { node: MathNode; end: number } | undefined {
  const ch = s[i];
  const open = ch === '$' ? (s[i + 1] === '$' ? '$$' : '$') : ch === '\\' && (s[i + 1] === '(' || s[i + 1] === '[') ? s.slice(i, i + 2) : undefined;
  if (!open || i >= (scan.none[open] ?? Infinity)) return undefined;
  if (open === '$' && (i + 1 >= s.length || /\s/.test(s[i + 1]!))) return undefined;
  const close = MATH_CLOSE[open]!;
  for (let j = i + open.length; j < s.length; j++) {
    if (s.startsWith(close, j)) {
      const closes = open !== '$' || (!/\s/.test(s[j - 1]!) && !/[0-9]/.test(s[j + 1] ?? ''));
      const tex = s.slice(i + open.length, j);
      if (closes && tex.trim() !== '') {
        const end = j + close.length;
        return { node: { t: 'math', tex: tex.trim(), display: open === '$$' || open === '\\[', source: s.slice(i, end) }, end };
      }
    }
    if (s[j] === '\\') j++;
  }
  scan.none[open] = i;
  return undefined;
}

/** Where the closing delimiter of an emphasis run starting at `from` is, skipping code spans and formulas. */
function findClose(s: string, from: number, delim: string, scan: MathScan): number {
  for (let i = from; i < s.length; i++) {
    const ch = s[i]!;
    if (scan.math && (ch === '$' || ch === '\\')) {
      const formula = mathAt(s, i, scan);
      if (formula) {
        i = formula.end - 1;
        continue;
      }
    }
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '`') {
      const span = codeSpanAt(s, i);
      if (span) {
        i = span.close + span.run - 1;
        continue;
      }
    }
    if (ch === delim[0]) {
      // A run of the delimiter's character is one unit: "**" never closes "*", nor "*" "**".
      let run = 1;
      while (s[i + run] === ch) run++;
      const after = s[i + run];
      const closes = run === delim.length && i > from && !/\s/.test(s[i - 1]!) && !(ch === '_' && after !== undefined && WORD.test(after));
      if (closes) return i;
      i += run - 1;
    }
  }
  return -1;
}

/** Inline Markdown; with { math: true } formulas are math nodes, otherwise text. */
export function parseInline(s: string): Inline[];
export function parseInline(s: string, options: { math: true }): MathInline[];
export function parseInline(s: string, options: { math?: boolean } = {}): MathInline[] {
  return inlineOf(s, { math: options.math === true });
}

function inlineOf(s: string, options: Options): MathInline[] {
  return inlineNodes(s, { math: options.math, none: {} });
}

function inlineNodes(s: string, scan: MathScan): MathInline[] {
  const out: MathInline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', text: decodeEntities(text) });
    text = '';
  };
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (scan.math && (ch === '$' || ch === '\\')) {
      const formula = mathAt(s, i, scan);
      if (formula) {
        flush();
        out.push(formula.node);
        i = formula.end;
        continue;
      }
      if (ch === '$') {
        // A `$` that opens no formula is a dollar sign.
        text += ch;
        i++;
        continue;
      }
    }
    if (ch === '\\' && i + 1 < s.length) {
      const next = s[i + 1]!;
      if (next === '\n') {
        flush();
        out.push({ t: 'br' });
        i += 2;
        continue;
      }
      if (PUNCT.test(next)) {
        text += next;
        i += 2;
        continue;
      }
    }
    if (ch === '\n') {
      text = text.replace(/ +$/, '');
      flush();
      out.push({ t: 'br' });
      i++;
      continue;
    }
    if (ch === '`') {
      const span = codeSpanAt(s, i);
      if (span) {
        flush();
        let code = s.slice(i + span.run, span.close).replace(/\n/g, ' ');
        if (code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
        out.push({ t: 'code', text: code });
        i = span.close + span.run;
        continue;
      }
      let run = 1;
      while (s[i + run] === '`') run++;
      text += '`'.repeat(run);
      i += run;
      continue;
    }
    if (ch === '<') {
      const comment = s.startsWith('<!--', i) ? s.indexOf('-->', i + 4) : -1;
      if (comment !== -1) {
        i = comment + 3;
        continue;
      }
      const br = /^<br\s*\/?>/i.exec(s.slice(i, i + 6));
      if (br) {
        flush();
        out.push({ t: 'br' });
        i += br[0].length;
        continue;
      }
      const auto = /^<((?:https?|mailto):[^\s<>]+)>/.exec(s.slice(i));
      if (auto) {
        flush();
        out.push({ t: 'link', href: auto[1]!, children: [{ t: 'text', text: auto[1]! }] });
        i += auto[0].length;
        continue;
      }
    }
    if (ch === '!' && s[i + 1] === '[') {
      const link = matchLink(s, i + 1);
      if (link) {
        flush();
        out.push({ t: 'image', src: link.href, alt: link.label });
        i = link.end;
        continue;
      }
    }
    if (ch === '[') {
      const link = matchLink(s, i);
      if (link) {
        flush();
        out.push({ t: 'link', href: link.href, children: inlineNodes(link.label, { math: scan.math, none: {} }) });
        i = link.end;
        continue;
      }
    }
    if (ch === '*' || ch === '_' || ch === '~') {
      const double = s[i + 1] === ch;
      if (ch === '~' && !double) {
        text += ch;
        i++;
        continue;
      }
      const delim = double ? ch + ch : ch;
      const prev = i > 0 ? s[i - 1]! : ' ';
      const opens = i + delim.length < s.length && !/\s/.test(s[i + delim.length]!) && !(ch === '_' && WORD.test(prev));
      const close = opens ? findClose(s, i + delim.length, delim, scan) : -1;
      if (close !== -1) {
        flush();
        const kind = ch === '~' ? 'del' : double ? 'strong' : 'em';
        out.push({ t: kind, children: inlineNodes(s.slice(i + delim.length, close), { math: scan.math, none: {} }) });
        i = close + delim.length;
        continue;
      }
      text += delim;
      i += delim.length;
      continue;
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

function matchLink(s: string, open: number): { label: string; href: string; end: number } | undefined {
  let depth = 0;
  let close = -1;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '[') depth++;
    else if (s[i] === ']' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close === -1 || s[close + 1] !== '(') return undefined;
  const end = s.indexOf(')', close + 2);
  if (end === -1) return undefined;
  const href = s.slice(close + 2, end).trim().split(/\s+/)[0] ?? '';
  return { label: s.slice(open + 1, close), href: href.replace(/^<|>$/g, ''), end: end + 1 };
}

/** The text of inline content without any markup (for widths, fallbacks and search). */
export function inlineText(nodes: MathInline[]): string {
  return nodes
    .map((n) => {
      switch (n.t) {
        case 'text':
        case 'code':
          return n.text;
        case 'math':
          return n.source;
        case 'image':
          return n.alt;
        case 'br':
          return ' ';
        default:
          return inlineText(n.children);
      }
    })
    .join('');
}

/** An image in card text: `line` counts from 1 at the text's first line. */
export interface ImageRef {
  src: string;
  alt: string;
  line: number;
  /** A URL (https:, data:, ...), not a file beside the deck. */
  external: boolean;
}

/** A URL (https:, data:, ...): an image that is not a file beside the deck. */
export const isExternal = (src: string) => /^[a-z][a-z0-9+.-]+:/i.test(src);

/**
 * The paths, relative to its deck file, an image link may name, most likely first: the link
 * URL-decoded (the notes importer writes `%20`), then as written (a file may have `%` in its name).
 */
export function imageSources(src: string): string[] {
  let decoded = src;
  try {
    decoded = decodeURIComponent(src);
  } catch {
    // Not an escape: as written.
  }
  return decoded === src ? [src] : [decoded, src];
}

function imagesIn(nodes: MathInline[], line: number, out: ImageRef[]) {
  for (const n of nodes) {
    if (n.t === 'image') out.push({ src: n.src, alt: n.alt, line, external: isExternal(n.src) });
    else if (n.t === 'strong' || n.t === 'em' || n.t === 'del' || n.t === 'link') imagesIn(n.children, line, out);
  }
}

/**
 * The images of a card's text, in order, with their lines: for `recall check` (a missing file is
 * reported at its line) and for opening them. Images in code and in HTML comments are text, not images.
 */
export function listImages(text: string): ImageRef[] {
  const out: ImageRef[] = [];
  // Most cards have no image (a line without `![` is skipped below anyway).
  if (!text.includes('![')) return out;
  const lines = text.split(/\r\n|\r|\n/);
  let fence: string | undefined;
  let comment = false;
  lines.forEach((raw, i) => {
    let line = raw;
    if (fence !== undefined) {
      const close = line.trim();
      if (close.startsWith(fence) && /^(`+|~+)$/.test(close) && close.length >= fence.length) fence = undefined;
      return;
    }
    if (comment) {
      const end = line.indexOf('-->');
      if (end === -1) return;
      comment = false;
      line = line.slice(end + 3);
    }
    const open = FENCE.exec(line);
    if (open) {
      fence = open[2]!;
      return;
    }
    const start = line.lastIndexOf('<!--');
    if (start !== -1 && line.indexOf('-->', start) === -1) {
      comment = true;
      line = line.slice(0, start);
    }
    if (line.includes('![')) imagesIn(inlineOf(line, { math: true }), i + 1, out);
  });
  return out;
}

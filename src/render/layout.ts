// Card Markdown as terminal lines for a given width: the whole of what the review screen draws.
// The screen then draws only the lines in view, so a tall answer scrolls and a huge one costs a
// screenful: with `maxLines`, only as much of the text is parsed as those lines can need.
//
// Formulas become Unicode (render/tex.ts), code is highlighted by its language when colour is on
// (render/highlight.ts); both load only when a card has them (render/engines.ts).
import { parseMarkdown, type Align, type MathBlock, type MathInline, type MathNode } from '../core/markdown.js';
import { codeEngine, texEngine } from './engines.js';
import type { Line, Segment, Style } from './styled.js';
import { displayWidth, hardWrap, wrapSegments } from './wrap.js';

export interface LayoutOptions {
  /** Lay out at most this many lines; past what they need, the text is not even parsed. */
  maxLines?: number;
  /** Syntax colours for code (default on). Off, highlight.js is never loaded. */
  color?: boolean;
}

export interface Layout {
  lines: Line[];
  /** False when there are more lines than `maxLines`. */
  complete: boolean;
}

/** Where lines go: narrower inside a list item or quote, whose prefixes it adds. */
interface Out {
  width: number;
  push(line: Line): void;
  /** Lines that can still be added before the layout is full. */
  room(): number;
  color: boolean;
}

const STYLE = {
  code: { color: 'cyan' } as Style,
  codeBlock: { color: 'yellow' } as Style,
  rule: { color: 'gray' } as Style,
  dim: { dim: true } as Style,
  image: { color: 'cyan' } as Style,
};

/** Fenced-code "languages" that are no language: no highlighter is loaded for them. */
const PLAIN_CODE = new Set(['', 'text', 'txt', 'plain', 'plaintext', 'output', 'none', 'log']);

function prefixed(out: Out, first: Segment[], rest: Segment[]): Out {
  let started = false;
  return {
    width: Math.max(1, out.width - displayWidth(first.map((s) => s.text).join(''))),
    color: out.color,
    room: out.room,
    push(line) {
      out.push([...(started ? rest : first), ...line]);
      started = true;
    },
  };
}

function pushAll(out: Out, lines: Line[]) {
  for (const line of lines) {
    if (out.room() <= 0) return;
    out.push(line);
  }
}

// --- inline content ---------------------------------------------------------------------------

/** Inline content flattened: styled text, and what needs lines of its own (images, display math). */
type Piece = Segment | { image: { src: string; alt: string } } | { math: MathNode };

function flatten(nodes: MathInline[], style: Style, out: Piece[]): Piece[] {
  for (const n of nodes) {
    switch (n.t) {
      case 'text':
        out.push({ ...style, text: n.text });
        break;
      case 'strong':
        flatten(n.children, { ...style, bold: true }, out);
        break;
      case 'em':
        flatten(n.children, { ...style, italic: true }, out);
        break;
      case 'del':
        flatten(n.children, { ...style, strikethrough: true }, out);
        break;
      case 'code':
        out.push({ ...style, ...STYLE.code, text: n.text });
        break;
      case 'br':
        out.push({ ...style, text: '\n' });
        break;
      case 'link': {
        const before = out.length;
        flatten(n.children, { ...style, underline: true }, out);
        const label = out
          .slice(before)
          .map((p) => ('text' in p ? p.text : ''))
          .join('');
        if (label !== n.href) out.push({ ...style, ...STYLE.dim, text: ` (${n.href})` });
        break;
      }
      case 'image':
        out.push({ image: n });
        break;
      case 'math':
        if (n.display) out.push({ math: n });
        else out.push(inlineMath(n, style));
        break;
    }
  }
  return out;
}

/** Longer TeX than any formula a card needs is shown as source, without asking Temml. */
const MAX_TEX = 10_000;

function inlineMath(n: MathNode, style: Style): Segment {
  const rows = n.tex.length > MAX_TEX ? undefined : texEngine().texToText(n.tex, false, displayWidth);
  return rows ? { ...style, text: rows[0]! } : { ...style, ...STYLE.dim, text: n.source };
}

function imageSegments(image: { src: string; alt: string }): Segment[] {
  return [{ ...STYLE.image, text: image.alt.trim() ? `[image: ${image.alt.trim()}]` : '[image]' }, { ...STYLE.dim, text: ` ${image.src}` }];
}

const HANG: Segment[] = [{ text: '  ' }];

/** A display formula: drawn in rows when it fits, else on one line (wrapped), else its TeX source, dimmed. */
function displayMath(n: MathNode, out: Out) {
  const engine = n.tex.length > MAX_TEX ? undefined : texEngine();
  const rows = engine?.texToText(n.tex, true, displayWidth);
  if (rows && Math.max(...rows.map(displayWidth)) <= out.width - 2) {
    pushAll(
      out,
      rows.map((r) => [{ text: ('  ' + r).trimEnd() }]),
    );
    return;
  }
  const flat = engine?.texToText(n.tex, false, displayWidth);
  const segments = flat ? [{ text: flat[0]! }] : [{ ...STYLE.dim, text: n.source }];
  pushAll(out, wrapSegments(segments, out.width, { first: HANG, rest: HANG, limit: out.room() }));
}

/** Paragraph-like content: text wrapped to the width, images and display formulas on lines of their own. */
function inlineBlock(nodes: MathInline[], style: Style, out: Out) {
  const pieces = flatten(nodes, style, []);
  let run: Segment[] = [];
  const flush = () => {
    // Text next to an image or a formula on its own line starts and ends without spaces.
    while (run.length && run[0]!.text.trim() === '' && run[0]!.text !== '\n') run.shift();
    if (run.length) run[0] = { ...run[0]!, text: run[0]!.text.replace(/^[ \t]+/, '') };
    if (run.some((s) => s.text.trim() !== '')) pushAll(out, wrapSegments(run, out.width, { limit: out.room() }));
    run = [];
  };
  for (const piece of pieces) {
    if (out.room() <= 0) return;
    if ('image' in piece) {
      flush();
      pushAll(out, wrapSegments(imageSegments(piece.image), out.width, { rest: HANG, limit: out.room() }));
    } else if ('math' in piece) {
      flush();
      displayMath(piece.math, out);
    } else run.push(piece);
  }
  flush();
}

/** Inline content on one line (a table cell): images and display formulas inline too. */
function cellSegments(nodes: MathInline[], style: Style): Segment[] {
  const out: Segment[] = [];
  for (const piece of flatten(nodes, style, [])) {
    if ('image' in piece) out.push(...imageSegments(piece.image));
    else if ('math' in piece) out.push(inlineMath(piece.math, style));
    else out.push({ ...piece, text: piece.text.replace(/\n/g, ' ') });
  }
  return out;
}

// --- blocks -----------------------------------------------------------------------------------

/** The first `count` lines of text, without splitting all of it. */
function firstLines(text: string, count: number): string {
  let at = -1;
  for (let n = 0; n < count; n++) {
    at = text.indexOf('\n', at + 1);
    if (at === -1) return text;
  }
  return text.slice(0, at);
}

function codeBlock(block: { lang: string; text: string }, out: Out) {
  const bar: Segment[] = [{ ...STYLE.rule, text: '│ ' }];
  const inner = prefixed(out, bar, bar);
  if (block.lang) inner.push([{ ...STYLE.dim, text: block.lang }]);
  const text = firstLines(block.text, out.room());
  const lang = block.lang.toLowerCase();
  const highlighted = out.color && !PLAIN_CODE.has(lang) ? codeEngine().highlightCode(text, lang) : undefined;
  const lines: Segment[][] = highlighted ?? text.split('\n').map((l) => [{ ...STYLE.codeBlock, text: l }]);
  for (const line of lines) {
    if (inner.room() <= 0) return;
    pushAll(inner, hardWrap(line.length ? line : [{ text: '' }], inner.width, { limit: inner.room() }));
  }
}

function padded(segments: Segment[], width: number, align: Align): Segment[] {
  const space = Math.max(0, width - displayWidth(segments.map((s) => s.text).join('')));
  const left = align === 'right' ? space : align === 'center' ? Math.floor(space / 2) : 0;
  return [...(left ? [{ text: ' '.repeat(left) }] : []), ...segments, ...(space - left ? [{ text: ' '.repeat(space - left) }] : [])];
}

/** Columns when they fit the width; otherwise each row as "header: value" lines with a hanging indent. */
function table(block: Extract<MathBlock, { t: 'table' }>, out: Out) {
  const header = block.header.map((c) => cellSegments(c, { bold: true }));
  const rows = block.rows.map((r) => r.map((c) => cellSegments(c, {})));
  const textWidth = (s: Segment[]) => displayWidth(s.map((x) => x.text).join(''));
  const widths = header.map((h, c) => Math.max(textWidth(h), ...rows.map((r) => textWidth(r[c] ?? []))));
  const total = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1);
  if (total <= out.width) {
    const sep: Segment = { ...STYLE.dim, text: ' │ ' };
    const join = (cells: Segment[][]) => cells.flatMap((cell, c) => [...(c > 0 ? [sep] : []), ...padded(cell, widths[c]!, block.align[c] ?? null)]);
    out.push(join(header));
    out.push([{ ...STYLE.dim, text: widths.map((w) => '─'.repeat(w)).join('─┼─') }]);
    for (const r of rows) {
      if (out.room() <= 0) return;
      out.push(join(header.map((_, c) => r[c] ?? [])));
    }
    return;
  }
  rows.forEach((r, i) => {
    if (out.room() <= 0) return;
    if (i > 0) out.push([]);
    header.forEach((h, c) => {
      const label = [...h, { bold: true, text: ':' }];
      const labelWidth = textWidth(label) + 1;
      const hang = labelWidth <= out.width / 3 ? ' '.repeat(labelWidth) : '  ';
      pushAll(out, wrapSegments([...label, { text: ' ' }, ...(r[c] ?? [])], out.width, { rest: [{ text: hang }], limit: out.room() }));
    });
  });
}

function list(block: Extract<MathBlock, { t: 'list' }>, out: Out) {
  const marks = block.items.map((_, i) => (block.ordered ? `${block.start + i}.` : '•'));
  const markWidth = Math.max(...marks.map(displayWidth));
  block.items.forEach((item, i) => {
    if (out.room() <= 0) return;
    const mark = marks[i]!.padStart(markWidth);
    const inner = prefixed(out, [{ text: mark + ' ' }], [{ text: ' '.repeat(markWidth + 1) }]);
    if (item.length === 0) inner.push([]);
    else blocks(item, inner, true);
  });
}

function blockLines(block: MathBlock, out: Out) {
  switch (block.t) {
    case 'paragraph':
      return inlineBlock(block.inline, {}, out);
    case 'heading':
      return inlineBlock(block.inline, { bold: true, underline: true }, out);
    case 'hr':
      return out.push([{ ...STYLE.dim, text: '─'.repeat(Math.min(out.width, 40)) }]);
    case 'code':
      return codeBlock(block, out);
    case 'math':
      return displayMath(block, out);
    case 'quote': {
      const bar: Segment[] = [{ ...STYLE.rule, text: '│ ' }];
      return blocks(block.blocks, prefixed(out, bar, bar), false);
    }
    case 'table':
      return table(block, out);
    case 'list':
      return list(block, out);
  }
}

/** Blocks one after another: a blank line between them, none in a list item. */
function blocks(list: MathBlock[], out: Out, tight: boolean) {
  list.forEach((block, i) => {
    if (out.room() <= 0) return;
    if (i > 0 && !tight) out.push([]);
    blockLines(block, out);
  });
}

// --- the whole text ---------------------------------------------------------------------------

function layoutAll(markdown: string, width: number, limit: number, color: boolean): Line[] {
  const lines: Line[] = [];
  const out: Out = { width, color, room: () => limit - lines.length, push: (line) => lines.length < limit && lines.push(line) };
  blocks(parseMarkdown(markdown, { math: true }), out, false);
  return lines;
}

/** The start of the text, cut at a line end when one is near. */
function prefixOf(text: string, length: number): string {
  const newline = text.lastIndexOf('\n', length);
  let end = newline > length / 2 ? newline : length;
  if (/[\ud800-\udbff]/.test(text[end - 1] ?? '')) end--;
  return text.slice(0, end);
}

/**
 * Card Markdown as lines of styled segments, none wider than `width` columns. With `maxLines`,
 * at most that many; only a prefix of the text that can hold them is parsed (about two
 * characters per column of those lines, more if that proves short), so the first screen of a
 * 10 MB answer costs what a screenful does.
 */
export function layoutMarkdown(markdown: string, width: number, options: LayoutOptions = {}): Layout {
  const w = Math.max(8, Math.floor(width));
  const color = options.color ?? true;
  const max = options.maxLines;
  if (max === undefined) return { lines: layoutAll(markdown, w, Infinity, color), complete: true };
  let budget = Math.max(4096, (max + 1) * w * 2);
  for (;;) {
    const cut = budget < markdown.length;
    const lines = layoutAll(cut ? prefixOf(markdown, budget) : markdown, w, max + 1, color);
    if (lines.length > max) return { lines: lines.slice(0, max), complete: false };
    if (!cut) return { lines, complete: true };
    budget *= 4;
  }
}

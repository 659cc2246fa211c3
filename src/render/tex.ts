// TeX formulas as terminal text. Temml (a maintained TeX-to-MathML converter) parses the TeX and
// resolves every command to its Unicode character; this module only lays the MathML out in
// character cells: sub- and superscripts in Unicode where the characters exist, fractions as a/b
// on one line or stacked in display math, limits over and under big operators, matrices, cases
// and stretched brackets. A formula Temml rejects, or one using something laid out nowhere here,
// gives undefined: the caller shows its TeX source instead, never a half-drawn formula.
//
// Loaded only when a card on screen has a formula (see engines.ts): Temml is 170 KB.
import temml from 'temml';
import { readMathML, textOf, type MathChild, type MathElement } from './mathml.js';
import { ACCENTS, BIG_OPERATORS, BINARY, CLOSING, INVISIBLE, isArrow, LIMIT_NAMES, OPENING, RELATIONS, script, spacesFor, stretched, TALL, UNDER_ACCENTS } from './tex-chars.js';

/** Rows of equal display width; `base` is the row that lines up with the text around it. */
interface Box {
  rows: string[];
  base: number;
  width: number;
}

/** TeX's atom classes, as far as spacing needs them: `fn` is a function name (log, sin), `prefix` a sign (−x, ∇f). */
type Kind = 'ord' | 'op' | 'fn' | 'bin' | 'rel' | 'open' | 'close' | 'punct' | 'prefix' | 'space' | 'fence';

interface Item {
  box: Box;
  kind: Kind;
  /** Has an operator, relation, separator or space at its top level: parenthesized as a/b or √ operand. */
  compound: boolean;
  /** A fraction drawn on one line (a/b): parenthesized under a superscript. */
  slashed?: boolean;
  /** A fraction drawn over a rule. Either kind of fraction stands a space apart from a letter beside it. */
  stacked?: boolean;
  /** A stretchy bracket: its character, drawn as tall as the row once the row is known. */
  fence?: string;
  /** Spacing Temml set explicitly (lspace, rspace): whether a space goes before and after. */
  before?: boolean;
  after?: boolean;
}

interface Context {
  /** Display style: fractions stack and limits go over and under. Off inside fractions and scripts. */
  display: boolean;
  /** Display math: \displaystyle may turn display style on. Inline math stays on one line. */
  tall: boolean;
  /** Inside a sub- or superscript: everything on one line, no spaces around operators. */
  script: boolean;
}

class Unsupported extends Error {}

/**
 * Display width of text. The caller's measure (the one the screen uses), so that this bundle
 * carries no second copy of string-width; set for each call of texToText.
 */
let width: (text: string) => number = (s) => s.length;

function line(text: string): Box {
  return { rows: [text], base: 0, width: width(text) };
}

const EMPTY: Box = { rows: [''], base: 0, width: 0 };

function pad(text: string, to: number, align: 'left' | 'right' | 'center' = 'left'): string {
  const space = Math.max(0, to - width(text));
  if (align === 'right') return ' '.repeat(space) + text;
  if (align === 'center') return ' '.repeat(Math.floor(space / 2)) + text + ' '.repeat(Math.ceil(space / 2));
  return text + ' '.repeat(space);
}

/** Boxes side by side, their base rows on one line. */
function beside(boxes: Box[]): Box {
  if (boxes.length === 1) return boxes[0]!;
  const above = Math.max(0, ...boxes.map((b) => b.base));
  const below = Math.max(0, ...boxes.map((b) => b.rows.length - b.base - 1));
  const rows: string[] = [];
  for (let r = -above; r <= below; r++) {
    rows.push(boxes.map((b) => b.rows[b.base + r] ?? ' '.repeat(b.width)).join(''));
  }
  return { rows, base: above, width: boxes.reduce((w, b) => w + b.width, 0) };
}

/** Boxes one over another, each centered (or aligned) in the widest; `base` is the index of the box on the baseline. */
function stacked(boxes: Box[], base: number, align: 'left' | 'right' | 'center' = 'center'): Box {
  const w = Math.max(...boxes.map((b) => b.width));
  const rows: string[] = [];
  let baseRow = 0;
  boxes.forEach((b, i) => {
    if (i === base) baseRow = rows.length + b.base;
    for (const r of b.rows) rows.push(pad(r, w, align));
  });
  return { rows, base: baseRow, width: w };
}

// --- layout -----------------------------------------------------------------------------------

function elements(node: MathElement): MathChild[] {
  return node.children.filter((c) => typeof c !== 'string' || c.trim() !== '');
}

function only(node: MathElement, count: number): MathElement[] {
  const kids = node.children.filter((c): c is MathElement => typeof c !== 'string');
  // not-ui: never shown (an unsupported formula is drawn as its source)
  if (kids.length !== count) throw new Unsupported(`<${node.name}> with ${kids.length} children`);
  return kids;
}

function ord(box: Box, compound = false): Item {
  return { box, kind: 'ord', compound };
}

function textItem(text: string): Item | undefined {
  const clean = text.replace(INVISIBLE, '');
  return clean === '' ? undefined : ord(line(clean));
}

function operator(node: MathElement, ctx: Context): Item | undefined {
  const text = textOf(node).replace(INVISIBLE, '').trim();
  if (text === '') {
    // An empty stretchy mark is \left. or \right.: nothing drawn.
    return undefined;
  }
  const a = node.attrs;
  // A fence stretches unless Temml says otherwise (\left( does, a plain ( does not).
  const stretchy = a.stretchy === 'true' || (a.fence === 'true' && a.stretchy !== 'false');
  if (stretchy && (TALL[text] || OPENING.has(text) || CLOSING.has(text))) {
    return { box: line(text), kind: 'fence', compound: false, fence: text };
  }
  let kind: Kind = 'ord';
  if (a.form === 'prefix' && !OPENING.has(text) && a.fence !== 'true') kind = 'prefix';
  else if (a.movablelimits !== undefined || BIG_OPERATORS.has(text)) kind = 'op';
  else if (OPENING.has(text) || (a.fence === 'true' && a.form === 'prefix')) kind = 'open';
  else if (CLOSING.has(text) || (a.fence === 'true' && a.form === 'postfix')) kind = 'close';
  else if (text === ',' || text === ';' || a.separator === 'true') kind = 'punct';
  else if (RELATIONS.has(text) || [...text].every(isArrow)) kind = 'rel';
  else if (BINARY.has(text)) kind = 'bin';
  const item: Item = { box: line(text), kind, compound: false };
  if (a.lspace !== undefined) item.before = spacesFor(a.lspace, ctx.script) > 0;
  if (a.rspace !== undefined) item.after = spacesFor(a.rspace, ctx.script) > 0;
  // \mid and the like: an ordinary character that Temml spaces like a relation.
  if (kind === 'ord' && (item.before || item.after)) item.kind = 'rel';
  return item;
}

/** A fence as tall as `above` rows over the base and `below` under it. */
function tallFence(ch: string, above: number, below: number): Box {
  const height = above + below + 1;
  if (height === 1) return line(ch);
  const art = TALL[ch];
  const rows: string[] = [];
  for (let r = 0; r < height; r++) {
    if (!art) rows.push(r === above ? ch : ' '.repeat(width(ch)));
    else if (r === 0) rows.push(art.top);
    else if (r === height - 1) rows.push(art.bottom);
    else if (art.centre && r === Math.floor(height / 2)) rows.push(art.centre);
    else rows.push(art.mid);
  }
  return { rows, base: above, width: Math.max(...rows.map(width)) };
}

/** Children laid out in a row, with TeX's spacing reduced to whole spaces. */
const isApplication = (c: MathChild) => typeof c !== 'string' && c.name === 'mo' && textOf(c).trim() === '\u2061';

/** Temml's group for \log and the like: [space] name U+2061 [space]. */
function isFunctionName(node: MathChild): boolean {
  if (typeof node === 'string' || node.name !== 'mrow') return false;
  const kids = node.children.filter((c) => typeof c !== 'string' && c.name !== 'mspace');
  return kids.length === 2 && isApplication(kids[1]!);
}

/** Children laid out in a row, with TeX's spacing reduced to whole spaces. */
function row(children: MathChild[], ctx: Context): Item {
  const items: Item[] = [];
  for (const child of children) {
    // U+2061 (function application) follows a function name: log x, sin θ, min_θ. Temml puts a
    // thin space before some names and not others; the spacing below decides for all alike.
    if (isApplication(child)) {
      const last = items[items.length - 1];
      if (last) last.kind = 'fn';
      continue;
    }
    if (isFunctionName(child)) {
      const kids = [...(child as MathElement).children];
      while (kids.length && typeof kids[0] !== 'string' && kids[0]!.name === 'mspace') kids.shift();
      const name = row(kids, ctx);
      items.push({ ...name, kind: 'fn', compound: false });
      continue;
    }
    const item = layout(child, ctx);
    if (item) items.push(item);
  }
  if (items.length === 0) return ord(EMPTY);
  if (items.length === 1 && items[0]!.kind !== 'fence') return items[0]!;

  const content = items.filter((i) => i.kind !== 'fence');
  const above = Math.max(0, ...content.map((i) => i.box.base));
  const below = Math.max(0, ...content.map((i) => i.box.rows.length - i.box.base - 1));
  for (const item of items) if (item.fence !== undefined) item.box = tallFence(item.fence, above, below);

  // Each item's class in this row: a fence opens or closes, and a binary operator with nothing
  // to its left (−x, (−1), = −b) is a sign.
  const kinds: Kind[] = [];
  items.forEach((item, n) => {
    let kind = item.fence === undefined ? item.kind : OPENING.has(item.fence) ? 'open' : CLOSING.has(item.fence) ? 'close' : 'ord';
    const prev = kinds[n - 1];
    if (kind === 'bin' && (prev === undefined || n === items.length - 1 || ['bin', 'rel', 'open', 'punct', 'op', 'prefix'].includes(prev))) kind = 'prefix';
    kinds.push(kind);
  });

  const boxes: Box[] = [];
  let compound = false;
  let owed = false; // the previous item wants a space after it
  items.forEach((item, n) => {
    const kind = kinds[n]!;
    const prev = kinds[n - 1];
    const next = kinds[n + 1];
    const trailingSpace = kind === 'fn' && item.box.rows.every((r) => r.endsWith(' '));
    if (kind === 'bin' || kind === 'rel' || kind === 'punct' || kind === 'op' || kind === 'space' || trailingSpace) compound = true;
    if (ctx.script) {
      boxes.push(item.box);
      return;
    }
    const spaced = kind === 'bin' || kind === 'rel';
    const slashed = (i: Item | undefined, k: Kind | undefined) => (i?.slashed === true || i?.stacked === true) && (k === 'ord' || k === 'fn');
    // An operator or a function name after a term stands apart from it (1/d ∑ xᵢ, yᵢ log ŷᵢ),
    // and so do fractions written a/b from their neighbours (1/2 a/b).
    const wantsBefore =
      (spaced && item.before !== false) ||
      ((kind === 'op' || kind === 'fn') && (prev === 'ord' || prev === 'close' || prev === 'fn')) ||
      (slashed(item, kind) && (prev === 'ord' || prev === 'fn')) ||
      (kind === 'ord' && slashed(items[n - 1], prev));
    const last = boxes[boxes.length - 1];
    const spaceBehind = last !== undefined && last.rows[last.base]!.endsWith(' ');
    if ((owed || wantsBefore) && kind !== 'close' && kind !== 'punct' && (boxes.length > 0 || spaced) && !spaceBehind) boxes.push(line(' '));
    boxes.push(item.box);
    owed =
      (spaced && item.after !== false) ||
      kind === 'punct' ||
      (kind === 'op' && (next === 'ord' || next === 'op' || next === 'fn'));
    if (owed && next === undefined && spaced) boxes.push(line(' ')); // "a =" in an aligned cell
  });
  return { box: beside(boxes), kind: 'ord', compound };
}

function linear(item: Item): string {
  // not-ui: never shown (an unsupported formula is drawn as its source)
  if (item.box.rows.length !== 1) throw new Unsupported('a tall box where one line is needed');
  return item.box.rows[0]!;
}

function parenthesized(item: Item): string {
  return item.compound || item.slashed ? `(${linear(item)})` : linear(item);
}

function scripted(base: Item, sub: Item | undefined, sup: Item | undefined): Item {
  if (!sub && !sup) return { ...base, slashed: false, compound: false, box: base.slashed || base.compound ? line(`(${linear(base)})`) : base.box };
  const subText = sub ? script(linear(sub), 'sub') : '';
  const supText = sup ? script(linear(sup), 'sup') : '';
  if (base.box.rows.length === 1) {
    const baseText = base.slashed ? `(${linear(base)})` : linear(base);
    return { box: line(baseText + subText + supText), kind: base.kind === 'op' ? 'op' : 'ord', compound: base.compound };
  }
  // A tall base (a stacked fraction in brackets): the superscript at its top, the subscript at its foot.
  const w = Math.max(width(subText), width(supText));
  const rows = base.box.rows.map((r, i) => r + pad(i === 0 ? supText : i === base.box.rows.length - 1 ? subText : '', w));
  return { box: { rows, base: base.box.base, width: base.box.width + w }, kind: 'ord', compound: false };
}

function isLimitsBase(node: MathChild, item: Item): boolean {
  if (item.kind === 'op') return true;
  return typeof node !== 'string' && node.name === 'mi' && LIMIT_NAMES.test(textOf(node).replace(INVISIBLE, '').trim());
}

function accent(base: Item, accentNode: MathElement, under: boolean): Item | undefined {
  const text = textOf(accentNode).replace(INVISIBLE, '').trim();
  const spec = (under ? UNDER_ACCENTS : ACCENTS)[text];
  if (!spec || base.box.rows.length !== 1) return undefined;
  const chars = segments(linear(base));
  if (chars.length === 1) return ord(line(chars[0] + spec.mark));
  // Over several characters a bar is an overline (U+0305), which joins up; a macron would not.
  const joined = spec.mark === '\u0304' ? '\u0305' : spec.mark;
  if (spec.each) return ord(line(chars.map((c) => (c === ' ' ? c : c + joined)).join('')));
  return ord(line(`${spec.name}(${linear(base)})`));
}

/** Characters with their combining marks. */
function segments(text: string): string[] {
  return text.match(/\P{M}\p{M}*/gu) ?? [];
}

function underOver(node: MathElement, ctx: Context): Item {
  const kids = node.name === 'munderover' ? only(node, 3) : only(node, 2);
  const baseNode = kids[0]!;
  const base = layout(baseNode, ctx) ?? ord(EMPTY);
  const underNode = node.name === 'mover' ? undefined : kids[1];
  const overNode = node.name === 'munder' ? undefined : kids[node.name === 'mover' ? 1 : 2];
  if (overNode && !underNode) {
    const a = accent(base, overNode, false);
    if (a) return a;
  }
  if (underNode && !overNode) {
    const a = accent(base, underNode, true);
    if (a) return a;
  }
  const limits = { ...ctx, display: false, script: true };
  // A stretchy brace or arrow over the base spans it in display; elsewhere it is left out.
  const stretchy = (n: MathElement | undefined) => n !== undefined && n.name === 'mo' && n.attrs.stretchy === 'true';
  const under = underNode && !stretchy(underNode) ? layout(underNode, limits) : undefined;
  const over = overNode && !stretchy(overNode) ? layout(overNode, limits) : undefined;
  if (ctx.display && !ctx.script) {
    const boxes: Box[] = [];
    const span = (n: MathElement) => line(stretched(textOf(n).trim(), base.box.width));
    if (over && over.box.rows.some((r) => r.trim() !== '')) boxes.push(over.box);
    if (overNode && stretchy(overNode)) boxes.push(span(overNode));
    const baseIndex = boxes.length;
    boxes.push(base.box);
    if (underNode && stretchy(underNode)) boxes.push(span(underNode));
    if (under && under.box.rows.some((r) => r.trim() !== '')) boxes.push(under.box);
    if (boxes.length > 1) {
      return { box: stacked(boxes, baseIndex), kind: base.kind === 'op' ? 'op' : 'ord', compound: false };
    }
  }
  const empty = (i: Item | undefined) => (i && i.box.rows.some((r) => r.trim() !== '') ? i : undefined);
  const asBase = isLimitsBase(baseNode, base) ? base : { ...base, slashed: base.slashed || base.compound };
  return scripted(asBase, empty(under), empty(over));
}

function fraction(node: MathElement, ctx: Context): Item {
  const [numNode, denNode] = only(node, 2);
  const inner = { ...ctx, display: false };
  const num = layout(numNode!, inner) ?? ord(EMPTY);
  const den = layout(denNode!, inner) ?? ord(EMPTY);
  const rule = node.attrs.linethickness === undefined || !/^0(\.0*)?(px|pt|em)?$/.test(node.attrs.linethickness);
  if (ctx.display && !ctx.script) {
    const w = Math.max(num.box.width, den.box.width) + 2;
    const parts = [num.box, ...(rule ? [line('─'.repeat(w))] : []), den.box];
    const box = stacked(parts, rule ? 1 : 0);
    if (!rule) box.base = num.box.rows.length - 1;
    return { ...ord(box), stacked: rule };
  }
  if (!rule) return ord(line(`${linear(num)}¦${linear(den)}`));
  return { box: line(`${parenthesized(num)}/${parenthesized(den)}`), kind: 'ord', compound: false, slashed: true };
}

function root(node: MathElement, ctx: Context): Item {
  const kids = node.name === 'mroot' ? only(node, 2) : undefined;
  const body = kids ? (layout(kids[0]!, ctx) ?? ord(EMPTY)) : row(node.children, ctx);
  let sign = '√';
  if (kids) {
    const index = linear(layout(kids[1]!, { ...ctx, display: false, script: true }) ?? ord(EMPTY));
    sign = index === '3' ? '∛' : index === '4' ? '∜' : script(index, 'sup').replace(/^\^/, '') + '√';
  }
  if (body.box.rows.length === 1) {
    const text = linear(body);
    const bare = !body.compound && !body.slashed && !/\s/.test(text);
    return ord(line(sign + (bare ? text : `(${text})`)));
  }
  const above = body.box.base;
  const below = body.box.rows.length - above - 1;
  return ord(beside([{ ...line(sign) }, tallFence('(', above, below), body.box, tallFence(')', above, below)]));
}

function cellAlign(cell: MathElement, column: number, columnAlign: string[]): 'left' | 'right' | 'center' {
  const cls = cell.attrs.class ?? '';
  if (/\btml-right\b/.test(cls)) return 'right';
  if (/\btml-left\b/.test(cls)) return 'left';
  const a = cell.attrs.columnalign ?? columnAlign[column];
  return a === 'left' || a === 'right' ? a : 'center';
}

function padding(cell: MathElement | undefined, side: 'left' | 'right'): number | undefined {
  const m = new RegExp(`padding-${side}:\\s*([\\d.]+)(em|pt)`).exec(cell?.attrs.style ?? '');
  if (!m) return undefined;
  return m[2] === 'pt' ? Number(m[1]) / 10 : Number(m[1]);
}

function matrix(node: MathElement, ctx: Context): Item {
  const rows = node.children.filter((c): c is MathElement => typeof c !== 'string');
  const cellCtx = { ...ctx, display: node.attrs.displaystyle === 'true' && ctx.tall && !ctx.script };
  const columnAlign = (node.attrs.columnalign ?? '').split(/\s+/);
  const grid = rows.map((r) => {
    if (r.name !== 'mtr' && r.name !== 'mlabeledtr') throw new Unsupported(`<${r.name}> in a table`);
    const cells = r.children.filter((c): c is MathElement => typeof c !== 'string');
    return r.name === 'mlabeledtr' ? cells.slice(1) : cells;
  });
  const items = grid.map((cells) => cells.map((c) => row(c.children, cellCtx)));
  const columns = Math.max(0, ...grid.map((r) => r.length));
  const gaps = Array.from({ length: Math.max(0, columns - 1) }, (_, c) => {
    const ems = grid.map((r) => (padding(r[c], 'right') ?? 0.5) + (padding(r[c + 1], 'left') ?? 0.5));
    const em = Math.max(...ems);
    return em < 0.1 ? 0 : Math.max(1, Math.round(em * 2));
  });
  if (!ctx.display || ctx.script) {
    const text = items.map((r) => r.map((cell, c) => (c > 0 ? ' '.repeat(gaps[c - 1]!) : '') + linear(cell)).join('').trim()).join('; ');
    return ord(line(text), true);
  }
  const colWidth = Array.from({ length: columns }, (_, c) => Math.max(0, ...items.map((r) => r[c]?.box.width ?? 0)));
  const lines: Box[] = items.map((r, i) => {
    const cells = Array.from({ length: columns }, (_, c) => {
      const item = r[c] ?? ord(EMPTY);
      const align = grid[i]![c] ? cellAlign(grid[i]![c]!, c, columnAlign) : 'center';
      const box = item.box;
      return { ...box, rows: box.rows.map((t) => pad(t, colWidth[c]!, align)), width: colWidth[c]! };
    });
    const parts: Box[] = [];
    cells.forEach((b, c) => {
      if (c > 0 && gaps[c - 1]! > 0) parts.push(line(' '.repeat(gaps[c - 1]!)));
      parts.push(b);
    });
    return parts.length ? beside(parts) : EMPTY;
  });
  const box = stacked(lines, 0, 'left');
  box.base = Math.floor((box.rows.length - 1) / 2);
  return ord(box);
}

/** \overline, \underline and \cancel as combining marks over each character; a box in brackets. */
function enclosed(node: MathElement, ctx: Context): Item {
  const inner = row(elements(node), ctx);
  const notation = node.attrs.notation ?? '';
  const mark = /\btop\b/.test(notation) ? '\u0305' : /\bbottom\b/.test(notation) ? '\u0332' : /strike/.test(notation) ? '\u0338' : undefined;
  if (mark && inner.box.rows.length === 1) {
    return ord(line(segments(linear(inner)).map((c) => (c === ' ' ? c : c + mark)).join('')));
  }
  if (/box/.test(notation) && inner.box.rows.length === 1) return ord(line(`[${linear(inner)}]`));
  return inner;
}

function layout(node: MathChild, ctx: Context): Item | undefined {
  if (typeof node === 'string') return textItem(node.trim() === '' ? '' : node);
  switch (node.name) {
    case 'math':
    case 'mrow':
    case 'mpadded':
      return row(elements(node), ctx);
    case 'menclose':
      return enclosed(node, ctx);
    case 'mstyle': {
      const display = node.attrs.displaystyle === undefined || !ctx.tall ? ctx.display : node.attrs.displaystyle === 'true';
      return row(elements(node), { ...ctx, display });
    }
    case 'semantics': {
      const first = node.children.find((c): c is MathElement => typeof c !== 'string');
      return first ? layout(first, ctx) : undefined;
    }
    case 'annotation':
    case 'annotation-xml':
      return undefined;
    case 'mi':
    case 'mn':
    case 'mtext':
    case 'ms':
      return textItem(textOf(node));
    case 'mo':
      return operator(node, ctx);
    case 'mspace': {
      const n = spacesFor(node.attrs.width, ctx.script);
      return n > 0 ? { box: line(' '.repeat(n)), kind: 'space', compound: false } : undefined;
    }
    case 'mphantom': {
      const inner = row(elements(node), ctx);
      return ord({ ...inner.box, rows: inner.box.rows.map((r) => ' '.repeat(width(r))) });
    }
    case 'msub':
    case 'msup':
    case 'msubsup': {
      const kids = only(node, node.name === 'msubsup' ? 3 : 2);
      const base = layout(kids[0]!, ctx) ?? ord(EMPTY);
      const scriptCtx = { ...ctx, display: false, script: true };
      const sub = node.name === 'msup' ? undefined : layout(kids[1]!, scriptCtx);
      const sup = node.name === 'msub' ? undefined : layout(kids[node.name === 'msup' ? 1 : 2]!, scriptCtx);
      return scripted(base, sub, sup);
    }
    case 'munder':
    case 'mover':
    case 'munderover':
      return underOver(node, ctx);
    case 'mfrac':
      return fraction(node, ctx);
    case 'msqrt':
    case 'mroot':
      return root(node, ctx);
    case 'mtable':
      return matrix(node, ctx);
    default:
      throw new Unsupported(`<${node.name}>`);
  }
}

// --- the module's interface -------------------------------------------------------------------

const cache = new Map<string, string[] | null>();

/**
 * A formula as terminal lines: one line for inline math (`display` false), one or more for display
 * math, each of the same display width (by `measure`). Undefined when Temml cannot parse the TeX or the formula
 * uses something this layout does not draw: show the TeX source then.
 */
export function texToText(tex: string, display: boolean, measure: (text: string) => number): string[] | undefined {
  const key = (display ? 'D' : 'I') + tex;
  let rows = cache.get(key);
  if (rows === undefined) {
    width = measure;
    rows = render(tex, display);
    if (cache.size > 2000) cache.clear();
    cache.set(key, rows);
  }
  return rows ?? undefined;
}

function render(tex: string, display: boolean): string[] | null {
  try {
    const markup = temml.renderToString(tex, { displayMode: display, throwOnError: true, strict: false, trust: false, wrap: 'none', annotate: false });
    const item = layout(readMathML(markup), { display, tall: display, script: false });
    if (!item) return null;
    const rows = item.box.rows.map((r) => r.replace(/\s+$/, ''));
    // A leading space is only there for an aligned cell's relation: trim what every row shares.
    const lead = Math.min(...rows.filter((r) => r.trim() !== '').map((r) => r.length - r.trimStart().length));
    const trimmed = rows.map((r) => r.slice(Math.min(lead, r.length - r.trimStart().length)));
    while (trimmed.length > 1 && trimmed[0]!.trim() === '') trimmed.shift();
    while (trimmed.length > 1 && trimmed[trimmed.length - 1]!.trim() === '') trimmed.pop();
    if (trimmed.every((r) => r.trim() === '')) return null;
    const w = Math.max(...trimmed.map(width));
    return trimmed.map((r) => pad(r, w));
  } catch {
    return null;
  }
}

/** MathML for a formula (for HTML exports): Temml's own output; the TeX source on a parse error. */
export function texToMathML(tex: string, display: boolean): string {
  return temml.renderToString(tex, { displayMode: display, throwOnError: false, strict: false, trust: false });
}

// The top-level blocks of a stretch of Markdown lines (paragraphs, lists, code, math, tables,
// quotes), and the items of a list: the places where a long answer can be cut into cards.
// Lines are kept exactly as written, so formulas and tables survive byte for byte.
import { FENCE } from './note-outline.js';

export type BlockKind = 'paragraph' | 'list' | 'code' | 'math' | 'table' | 'quote' | 'html' | 'heading' | 'rule';

export interface NoteBlock {
  kind: BlockKind;
  /** 0-based index of the first line in the lines given. */
  start: number;
  lines: string[];
}

const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)/;
const HEADING = /^ {0,3}#{1,6}(\s|$)/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const indent = (l: string) => l.length - l.trimStart().length;
const blank = (l: string) => l.trim() === '';

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || ITEM.test(line) || /^ {0,3}>/.test(line) || /^\s*\$\$/.test(line) || RULE.test(line) || TABLE_ROW.test(line);
}

/** Closes a `$$` block opened on line i: the index of the line that ends it. */
function mathEnd(lines: string[], i: number): number {
  const first = lines[i]!.trim();
  if (first.length > 2 && first.endsWith('$$') && first.indexOf('$$', 2) === first.length - 2) return i;
  for (let j = i + 1; j < lines.length; j++) if (lines[j]!.includes('$$')) return j;
  return lines.length - 1;
}

function fenceEnd(lines: string[], i: number): number {
  const open = FENCE.exec(lines[i]!)![1]!;
  for (let j = i + 1; j < lines.length; j++) {
    const f = FENCE.exec(lines[j]!);
    if (f && f[1]![0] === open[0] && f[1]!.length >= open.length && lines[j]!.trim().replace(/[`~]/g, '') === '') return j;
  }
  return lines.length - 1;
}

/** Where a list that starts at line i ends (exclusive): at a blank line followed by an unindented non-item line. */
function listEnd(lines: string[], i: number): number {
  const base = indent(lines[i]!);
  let j = i + 1;
  while (j < lines.length) {
    const l = lines[j]!;
    if (FENCE.test(l) && indent(l) > base) {
      j = fenceEnd(lines, j) + 1;
      continue;
    }
    if (blank(l)) {
      let k = j;
      while (k < lines.length && blank(lines[k]!)) k++;
      if (k < lines.length && (indent(lines[k]!) > base || (ITEM.test(lines[k]!) && indent(lines[k]!) === base))) {
        j = k;
        continue;
      }
      return j;
    }
    if (indent(l) <= base && !ITEM.test(l) && (HEADING.test(l) || FENCE.test(l) || TABLE_ROW.test(l) || RULE.test(l))) return j;
    j++;
  }
  return j;
}

export function splitBlocks(lines: string[]): NoteBlock[] {
  const out: NoteBlock[] = [];
  let i = 0;
  const push = (kind: BlockKind, end: number) => {
    out.push({ kind, start: i, lines: lines.slice(i, end) });
    i = end;
  };
  while (i < lines.length) {
    const l = lines[i]!;
    if (blank(l)) {
      i++;
      continue;
    }
    if (FENCE.test(l)) push('code', fenceEnd(lines, i) + 1);
    else if (/^\s*\$\$/.test(l)) push('math', mathEnd(lines, i) + 1);
    else if (HEADING.test(l)) push('heading', i + 1);
    else if (RULE.test(l)) push('rule', i + 1);
    else if (ITEM.test(l)) push('list', listEnd(lines, i));
    else if (TABLE_ROW.test(l)) {
      let j = i;
      while (j < lines.length && TABLE_ROW.test(lines[j]!)) j++;
      push('table', j);
    } else if (/^ {0,3}>/.test(l)) {
      let j = i;
      while (j < lines.length && !blank(lines[j]!)) j++;
      push('quote', j);
    } else if (/^\s*<(div|p|table|details|center|img|br|hr)\b/i.test(l)) {
      let j = i;
      while (j < lines.length && !blank(lines[j]!)) j++;
      push('html', j);
    } else {
      let j = i + 1;
      while (j < lines.length && !blank(lines[j]!) && !startsBlock(lines[j]!)) j++;
      push('paragraph', j);
    }
  }
  return out;
}

export interface ListItem {
  /** 0-based line of the item's marker within the list block. */
  start: number;
  /** The item's lines with the marker removed and its continuation lines dedented. */
  lines: string[];
}

/** The items of a list block at its first indentation. */
export function listItems(block: NoteBlock): ListItem[] {
  const base = indent(block.lines[0]!);
  const items: ListItem[] = [];
  let fence: string | undefined;
  for (let i = 0; i < block.lines.length; i++) {
    const l = block.lines[i]!;
    const f = FENCE.exec(l);
    const m = ITEM.exec(l);
    if (!fence && m && indent(l) === base) {
      const width = m[0].length;
      items.push({ start: i, lines: [l.slice(width)] });
    } else if (items.length) {
      const item = items[items.length - 1]!;
      const cut = Math.min(indent(l), base + 2 + (/^\d/.test(block.lines[item.start]!.trimStart()) ? 1 : 0));
      item.lines.push(blank(l) ? '' : l.slice(cut));
    }
    if (f) fence = fence ? (f[1]![0] === fence[0] ? undefined : fence) : f[1];
  }
  for (const item of items) while (item.lines.length > 1 && blank(item.lines[item.lines.length - 1]!)) item.lines.pop();
  return items;
}

/** Text length as a reader counts it: code points. */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

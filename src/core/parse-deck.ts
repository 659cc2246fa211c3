// Markdown deck text -> cards and problems. Line-based and linear: one pass over the lines,
// code fences tracked so that nothing inside them is ever card syntax.
import { clozeNumbers, hasClozeSyntax, maskInlineCode, scanCloze } from './cloze.js';
import { parseFrontMatter } from './front-matter.js';
import { cardId, cardIdFromKey, normalizeText, pinnedCardId } from './identity.js';
import type { Card, CardKind, DeckMeta, ParsedDeck, Problem } from './types.js';
import { m } from '../i18n/index.js';

/** Bump when a change to the parser changes its output: cached parses of older versions are dropped. */
export const PARSER_VERSION = 5;

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const PIN = /<!--\s*id:\s*([^\s>]+)\s*-->/;
const PIN_LINE = /^\s*<!--\s*id:\s*([^\s>]+)\s*-->\s*$/;
const ONE_LINE_SEPARATOR = /\s(:{2,3})(?=\s|$)/;
const LIST_MARKER = /^\s*(?:[-*+]|\d{1,9}[.)])\s+/;
const PIN_VALUE = /^[A-Za-z0-9][A-Za-z0-9_.\-]*$/;
/** In a heading card: also make its reverse card (the back asks for the front). */
const REVERSE_LINE = /^\s*<!--\s*reverse\s*-->\s*$/i;
/** Ends the heading card above it: what follows is outside any card, in the same section. */
const END_LINE = /^\s*<!--\s*end\s*-->\s*$/i;

/** `decks/llm/t5.md` relative path `llm/t5.md` -> deck `llm::t5`. */
export function deckNameFromPath(file: string): string {
  return file.replace(/\.md$/i, '').split('/').filter(Boolean).join('::');
}

interface Block {
  /** 0-based index of the first line. */
  start: number;
  lines: string[];
}

interface Builder {
  file: string;
  deck: string;
  meta: DeckMeta;
  cards: Card[];
  problems: Problem[];
  section?: string;
}

function problem(b: Builder, line: number, message: string) {
  b.problems.push({ file: b.file, line, message });
}

function trimBlankEdges(block: Block): Block {
  let { start, lines } = block;
  while (lines.length && lines[0]!.trim() === '') {
    lines = lines.slice(1);
    start++;
  }
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  return { start, lines: lines.slice(0, end) };
}

/**
 * Takes `<!-- id: x -->` lines out of a block. The pin line becomes blank rather than vanishing,
 * so offsets in the remaining text still map to the file's lines.
 */
function takePin(b: Builder, block: Block): { pin?: string; reverse: boolean; body: Block } {
  let pin: string | undefined;
  let reverse = false;
  const lines = block.lines.map((line, i) => {
    if (REVERSE_LINE.test(line)) {
      reverse = true;
      return '';
    }
    const found = PIN_LINE.exec(line);
    if (!found) return line;
    if (pin !== undefined) problem(b, block.start + i + 1, m.parse.twoPins);
    else if (!PIN_VALUE.test(found[1]!)) problem(b, block.start + i + 1, m.parse.badPin(found[1]!));
    else pin = found[1];
    return '';
  });
  return { pin, reverse, body: trimBlankEdges({ start: block.start, lines }) };
}

function lineOfOffset(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function addCard(
  b: Builder,
  kind: CardKind,
  fields: { line: number; noteKey: string; front: string; back: string; pin?: string; cloze?: number; heading?: string; key?: string },
) {
  // `key`: the note's normalized text, computed once for all of a cloze note's cards.
  const id = fields.pin !== undefined
    ? pinnedCardId(fields.pin, kind, fields.cloze)
    : fields.key !== undefined
      ? cardIdFromKey(kind, fields.key, fields.cloze)
      : cardId(kind, fields.front, fields.cloze);
  const card: Card = {
    id,
    kind,
    noteKey: fields.noteKey,
    deck: b.deck,
    file: b.file,
    line: fields.line,
    front: fields.front,
    back: fields.back,
    tags: b.meta.tags,
    pinned: fields.pin !== undefined,
  };
  if (b.section) card.section = b.section;
  if (fields.heading) card.heading = fields.heading;
  if (fields.cloze !== undefined) card.cloze = fields.cloze;
  b.cards.push(card);
}

function addClozeNote(b: Builder, text: string, textStart: number, line: number, pin?: string, heading?: string) {
  const scan = scanCloze(text);
  for (const error of scan.errors) problem(b, textStart + lineOfOffset(text, error.offset) + 1, error.message);
  if (scan.errors.length) return;
  const noteKey = `${b.file}:${line}`;
  const key = pin === undefined ? normalizeText(heading ? `${heading}\n${text}` : text) : undefined;
  for (const n of clozeNumbers(scan)) addCard(b, 'cloze', { line, noteKey, front: text, back: '', pin, cloze: n, heading, key });
}

function headingCard(b: Builder, title: string, titleLine: number, body: Block) {
  const { pin, reverse, body: back } = takePin(b, body);
  const text = back.lines.join('\n');
  if (title === '') return problem(b, titleLine, m.parse.emptyHeading);
  if (text === '') {
    return problem(b, titleLine, m.parse.noBack(title));
  }
  if (hasClozeSyntax(text)) return addClozeNote(b, text, back.start, titleLine, pin, title);
  const noteKey = `${b.file}:${titleLine}`;
  addCard(b, 'basic', { line: titleLine, noteKey, front: title, back: text, pin });
  if (reverse || b.meta.reverse) addCard(b, 'reverse', { line: titleLine, noteKey, front: text, back: title, pin });
}

function oneLineCard(b: Builder, raw: string, lineNo: number) {
  let line = raw;
  let pin: string | undefined;
  const pinMatch = PIN.exec(line);
  if (pinMatch) {
    if (PIN_VALUE.test(pinMatch[1]!)) pin = pinMatch[1];
    else problem(b, lineNo, m.parse.badPin(pinMatch[1]!));
    line = line.slice(0, pinMatch.index) + line.slice(pinMatch.index + pinMatch[0].length);
  }
  const sep = oneLineSeparator(line);
  if (!sep) return;
  if (hasClozeSyntax(line)) return problem(b, lineNo, m.parse.clozeAndOneLine);
  const front = line.slice(0, sep.index).replace(LIST_MARKER, '').trim();
  const back = line.slice(sep.index + sep[0].length).trim();
  const reverse = sep[1] === ':::';
  if (front === '') return problem(b, lineNo, m.parse.oneLineNoFront(sep[1]!));
  if (back === '') return problem(b, lineNo, m.parse.oneLineNoBack(front, sep[1]!));
  const noteKey = `${b.file}:${lineNo}`;
  addCard(b, 'basic', { line: lineNo, noteKey, front, back, pin });
  if (reverse || b.meta.reverse) addCard(b, 'reverse', { line: lineNo, noteKey, front: back, back: front, pin });
}

/** The one-line separator of a line, if it has one outside inline code and cloze deletions. */
function oneLineSeparator(line: string): RegExpExecArray | null {
  let masked = maskInlineCode(line);
  for (const span of scanCloze(line).spans) {
    masked = masked.slice(0, span.start) + '\0'.repeat(span.end - span.start) + masked.slice(span.end);
  }
  return ONE_LINE_SEPARATOR.exec(masked);
}

/**
 * A paragraph outside heading cards. Each line with a `::` separator is a one-line card; the
 * other lines, taken in runs, are cloze notes when they hold a deletion and notes otherwise.
 */
function looseParagraph(b: Builder, block: Block) {
  let run: Block | undefined;
  const flush = () => {
    if (run && hasClozeSyntax(run.lines.join('\n'))) {
      const { pin, body } = takePin(b, run);
      addClozeNote(b, body.lines.join('\n'), body.start, run.start + 1, pin);
    }
    run = undefined;
  };
  block.lines.forEach((line, i) => {
    const index = block.start + i;
    // Indented lines are code or list continuations, never one-line cards.
    if (!/^(?: {4}|\t)/.test(line) && oneLineSeparator(line)) {
      flush();
      return oneLineCard(b, line, index + 1);
    }
    if (run) run.lines.push(line);
    else run = { start: index, lines: [line] };
  });
  flush();
}

export function splitLines(text: string): string[] {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return clean.split(/\r\n|\r|\n/);
}

export function parseDeck(file: string, text: string): ParsedDeck {
  const lines = splitLines(text);
  const front = parseFrontMatter(file, lines);
  const deck = front.meta.deck ?? deckNameFromPath(file);
  const b: Builder = { file, deck, meta: front.meta, cards: [], problems: [...front.problems] };

  let card: { title: string; line: number; body: Block } | undefined;
  let paragraph: Block | undefined;
  let fence: { char: string; length: number; line: number } | undefined;

  const flushParagraph = () => {
    if (paragraph) looseParagraph(b, paragraph);
    paragraph = undefined;
  };
  const flushCard = () => {
    if (card) headingCard(b, card.title, card.line, card.body);
    card = undefined;
  };

  for (let i = front.bodyStart; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence) {
      const close = FENCE.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length && close[2]!.trim() === '') fence = undefined;
      if (card) card.body.lines.push(line);
      continue;
    }
    const open = FENCE.exec(line);
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      fence = { char: open[1]![0]!, length: open[1]!.length, line: i + 1 };
      flushParagraph();
      if (card) card.body.lines.push(line);
      continue;
    }
    const heading = HEADING.exec(line);
    const level = heading ? heading[1]!.length : 0;
    if (level === 1 || level === 2) {
      flushParagraph();
      flushCard();
      const title = (heading![2] ?? '').trim();
      if (level === 1) b.section = title || undefined;
      else card = { title, line: i + 1, body: { start: i + 1, lines: [] } };
      continue;
    }
    if (END_LINE.test(line)) {
      flushParagraph();
      flushCard();
      continue;
    }
    if (card) {
      card.body.lines.push(line);
      continue;
    }
    if (level > 0 || line.trim() === '') {
      flushParagraph();
      continue;
    }
    if (paragraph) paragraph.lines.push(line);
    else paragraph = { start: i, lines: [line] };
  }
  flushParagraph();
  flushCard();
  if (fence) {
    problem(b, fence.line, m.parse.openFence(fence.char.repeat(fence.length)));
  }
  b.problems.sort((x, y) => x.line - y.line);
  return { file, deck, meta: b.meta, cards: b.cards, problems: b.problems };
}

// Markdown notes -> proposed cards. Recognizes what notes people actually write: question
// headings with the answer under them, **Term**: definition lines, bold key phrases in an
// explanatory paragraph, and cards already in the deck format. Pure and line-based.
import { hasClozeSyntax } from './cloze.js';
import { parseDeck } from './parse-deck.js';
import type { Card } from './types.js';

export type ProposalKind = 'question' | 'term' | 'cloze' | 'explicit';

export interface Proposal {
  kind: ProposalKind;
  /** 1-based line in the note. */
  line: number;
  /** The nearest heading above that is not itself a question: the card's section in the deck. */
  section?: string;
  /** The card in the deck format. */
  snippet: string;
  /** The cards the snippet makes, parsed exactly as a deck parses them. */
  cards: Card[];
  /** Things the user should know before accepting (an image kept as a link, say). */
  notes: string[];
}

export interface NoteProposals {
  title: string;
  proposals: Proposal[];
  /** Set when nothing was proposed: what was looked for and not found. */
  nothingFound?: string;
}

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const NUMBERED = /^(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.、．)）:：]\s*/;
const QUESTION_WORDS =
  /(什么|为什么|为何|如何|怎么|怎样|哪些|哪个|是否|介绍|说说|谈谈|讲讲|解释|简述|描述|比较|区别|作用|优缺点|原理|\bwhat\b|\bwhy\b|\bhow\b|\bwhich\b|\bwhen\b|\bexplain\b|\bdescribe\b|\bcompare\b|\bdifference\b)/i;
const ENUMERATOR = /^\s*(?:[-*+]\s+|\d{1,3}[.)、]\s*|[（(]\s*\d{1,3}\s*[)）]\s*)/;
const BOLD = /\*\*([^*\n]+?)\*\*/g;
const TERM_LINE = /^\*\*([^*\n]{1,60}?)\s*[:：]?\*\*\s*[:：]\s*(\S.*)$/;
const TERM_LINE_COLON_INSIDE = /^\*\*([^*\n]{1,60}?)\s*[:：]\*\*\s*(\S.*)$/;
const IMAGE = /!\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const CJK = /[\u3000-\u9fff\uff00-\uffef]/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const ACRONYM = /^[A-Z][A-Z0-9-]{1,7}$/;

function codePoints(s: string): number {
  return [...s].length;
}

/** `### 3. 简单介绍一下 RLHF？` and `## Why does T5 use a prefix?` are questions; `## 《T5》` is not. */
export function questionOf(heading: string): string | undefined {
  const text = heading.trim();
  if (/[?？]$/.test(text)) return text.replace(NUMBERED, '').trim() || undefined;
  if (NUMBERED.test(text) && QUESTION_WORDS.test(text)) return text.replace(NUMBERED, '').trim();
  return undefined;
}

/** Images a terminal cannot show become links; each one is noted. */
function imagesAsLinks(text: string, notes: string[]): string {
  return text.replace(IMAGE, (_m, alt: string, src: string) => {
    const label = alt.trim() && alt.trim() !== 'image.png' ? alt.trim() : 'image';
    notes.push(`an image (${label}) is kept as a link: a terminal cannot show it`);
    return `[${label}](${src})`;
  });
}

function stripBold(text: string): string {
  return text.replace(BOLD, '$1');
}

interface Heading {
  level: number;
  text: string;
  line: number;
  question?: string;
}

function bodyStart(lines: string[]): number {
  if (lines[0]?.trim() !== '---') return 0;
  for (let i = 1; i < lines.length; i++) if (/^(---|\.\.\.)\s*$/.test(lines[i]!)) return i + 1;
  return 0;
}

function frontMatterTitle(lines: string[]): string | undefined {
  const end = bodyStart(lines);
  for (let i = 1; i < end; i++) {
    const m = /^title:\s*(.+?)\s*$/.exec(lines[i]!);
    if (m) return m[1]!.replace(/^(["'])(.*)\1$/, '$2').trim() || undefined;
  }
  return undefined;
}

/** Parses a snippet as a deck would; undefined when it is not exactly a clean card. */
export function cardsOf(snippet: string): Card[] | undefined {
  const parsed = parseDeck('import.md', snippet);
  return parsed.problems.length || parsed.cards.length === 0 ? undefined : parsed.cards;
}

/** The lines of a paragraph as units: each line on its own in CJK text or after a list marker. */
function units(block: { start: number; lines: string[] }): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  for (let i = 0; i < block.lines.length; i++) {
    const text = block.lines[i]!;
    const last = out[out.length - 1];
    const joins = last && !CJK.test(text) && !CJK.test(last.text) && !ENUMERATOR.test(text) && !TERM_LINE.test(text.replace(ENUMERATOR, ''));
    if (joins) last.text += '\n' + text;
    else out.push({ line: block.start + i + 1, text });
  }
  return out;
}

function proposeFromUnit(unit: { line: number; text: string }, section: string | undefined): Proposal | undefined {
  const notes: string[] = [];
  const text = unit.text.trim();
  // Cards already in the deck format are taken as they are.
  if (hasClozeSyntax(text) || /\s:{2,3}(\s|$)/.test(text.replace(/`[^`]*`/g, ''))) {
    const cards = cardsOf(text);
    return cards ? { kind: 'explicit', line: unit.line, section, snippet: text, cards, notes } : undefined;
  }
  const bare = text.replace(ENUMERATOR, '');
  const term = TERM_LINE_COLON_INSIDE.exec(bare) ?? TERM_LINE.exec(bare);
  if (term) {
    const front = term[1]!.trim();
    const back = imagesAsLinks(term[2]!.trim(), notes);
    if (codePoints(back) < 2) return undefined;
    const snippet = `${front} :: ${back}`;
    const cards = cardsOf(snippet);
    return cards ? { kind: 'term', line: unit.line, section, snippet, cards, notes } : undefined;
  }
  const bolds = [...text.matchAll(BOLD)].map((m) => m[1]!.trim());
  if (bolds.length === 0) return undefined;
  const plain = stripBold(text).replace(IMAGE, '');
  const phraseLength = bolds.reduce((n, b) => n + codePoints(b), 0);
  // A label or a heading in bold is not an explanation; a paragraph that is mostly bold has nothing left to cue.
  if (codePoints(plain) - phraseLength < 12 || phraseLength > codePoints(plain) * 0.6) return undefined;
  let n = 0;
  const seen = new Map<string, number>();
  const cloze = imagesAsLinks(text, notes).replace(BOLD, (_whole, phrase: string, at: number, all: string) => {
    const p = phrase.trim();
    if (codePoints(p) < 2 || codePoints(p) > 40) return p;
    // "supervised fine-tuning (**SFT**)": the expansion right before it gives the answer away.
    if (ACRONYM.test(p) && /[(（]\s*$/.test(all.slice(0, at))) return p;
    let number = seen.get(p.toLowerCase());
    if (number === undefined) seen.set(p.toLowerCase(), (number = ++n));
    return `{{c${number}::${p}}}`;
  });
  if (n === 0) return undefined;
  const cards = cardsOf(cloze);
  return cards ? { kind: 'cloze', line: unit.line, section, snippet: cloze, cards, notes } : undefined;
}

export function proposeCards(name: string, text: string): NoteProposals {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const start = bodyStart(lines);
  const proposals: Proposal[] = [];
  const headings: Heading[] = [];
  let title = frontMatterTitle(lines);
  let fence: string | undefined;
  let paragraph: { start: number; lines: string[] } | undefined;
  let images = 0;
  let bolds = 0;

  const section = () => [...headings].reverse().find((h) => !h.question)?.text;
  const flush = () => {
    if (!paragraph) return;
    for (const unit of units(paragraph)) {
      const p = proposeFromUnit(unit, section());
      if (p) proposals.push(p);
    }
    paragraph = undefined;
  };

  /** Lines under a question heading, up to the next heading of the same or a higher level, or a nested question. */
  const questionBack = (from: number, level: number): { lines: string[]; end: number } => {
    const out: string[] = [];
    let inFence: string | undefined;
    let i = from;
    for (; i < lines.length; i++) {
      const line = lines[i]!;
      const f = FENCE.exec(line);
      if (inFence) {
        if (f && f[1]![0] === inFence[0] && f[1]!.length >= inFence.length) inFence = undefined;
      } else if (f) inFence = f[1];
      else {
        const h = HEADING.exec(line);
        if (h && (h[1]!.length <= level || questionOf(h[2]!))) break;
        // A deeper heading stays in the back, but never at a level that would start a new card.
        if (h) {
          out.push(`### ${h[2]}`);
          continue;
        }
      }
      out.push(line);
    }
    return { lines: out, end: i };
  };

  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = undefined;
      continue;
    }
    if (f) {
      flush();
      fence = f[1];
      continue;
    }
    if (/!\[[^\]]*\]\(/.test(line)) images++;
    if (/\*\*[^*]+\*\*/.test(line)) bolds++;
    const h = HEADING.exec(line);
    if (h) {
      flush();
      const level = h[1]!.length;
      const text = h[2]!.trim();
      while (headings.length && headings[headings.length - 1]!.level >= level) headings.pop();
      const question = questionOf(text);
      headings.push({ level, text, line: i + 1, question });
      if (!title && level === 1 && !question) title = text;
      if (!question) continue;
      const headingLine = i + 1;
      const back = questionBack(i + 1, level);
      const notes: string[] = [];
      const body = imagesAsLinks(back.lines.join('\n'), notes).trim();
      i = back.end - 1;
      if (body === '' || !/\S/.test(body.replace(IMAGE, ''))) continue;
      const snippet = `## ${stripBold(question)}\n${body}`;
      const cards = cardsOf(snippet);
      if (cards) proposals.push({ kind: 'question', line: headingLine, section: section(), snippet, cards, notes });
      continue;
    }
    // Blank lines end a paragraph; tables are reference material, never cards.
    if (line.trim() === '' || TABLE_ROW.test(line)) {
      flush();
      continue;
    }
    if (paragraph) paragraph.lines.push(line);
    else paragraph = { start: i, lines: [line] };
  }
  flush();

  title ??= name.replace(/\.[^.]+$/, '');
  if (proposals.length > 0) return { title, proposals };
  const found = [
    headings.length ? `${headings.length} heading${headings.length === 1 ? '' : 's'}, none a question (ending in "?" or "？", or numbered like "3. 什么是 RLHF")` : 'no headings',
    bolds ? 'bold text only in labels or short lines' : 'no bold key phrases',
    'no "**Term**: definition" lines',
    'no cards in the deck format',
  ];
  if (images) found.push(`${images} image${images === 1 ? '' : 's'}, which cannot become cards`);
  return { title, proposals, nothingFound: found.join('; ') };
}

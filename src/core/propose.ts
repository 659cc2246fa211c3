// Markdown notes -> proposed cards, atomic and able to stand alone. Question headings become
// cards with the section under them as the back; a long section is cut where the note gives a
// place to cut (sub-headings, labelled list items) so no back runs over 2,000 characters; a
// heading that does not ask becomes a card only with its context in the front; `**Term**:`
// lines and `Q:`/`A:` pairs become cards; clozes of bold phrases only on request. Every heading
// that gives no card is reported with the reason. Pure: the caller supplies how images and the
// note are linked from the deck.
import { demoteHeadings, proseOf, REFERENCE_LINE, referenceLongCode, rewriteImages, trimLines, trimWithPlaces, type BackOptions } from './answer-text.js';
import { hasClozeSyntax } from './cloze.js';
import { listItems, splitBlocks, textLength } from './note-blocks.js';
import { clozeOf, qaOf, termOf } from './note-items.js';
import { cleanHeading, isGenericLabel, outlineNote, questionOf, type Outline, type Section } from './note-outline.js';
import { parseDeck } from './parse-deck.js';
import type { Card } from './types.js';
import { m } from '../i18n/index.js';

export { questionOf } from './note-outline.js';

export type ProposalKind = 'question' | 'term' | 'cloze' | 'explicit';

/** Above this many characters a back is cut into several cards where the note allows. */
export const LONG_BACK = 600;
/** No back is longer than this. */
export const MAX_BACK = 2000;

export interface CardText {
  /** The card in the deck format. */
  snippet: string;
  /** The cards the snippet makes, parsed exactly as a deck parses them. */
  cards: Card[];
}

export interface Proposal extends CardText {
  kind: ProposalKind;
  /** 1-based line in the note. */
  line: number;
  /** The heading path in the note down to the card (cleaned), for messages. */
  path?: string[];
  /** The card's section in the deck (a `#` line): the nearest heading above it that does not ask. */
  section?: string;
  /** The same card with more context in its front (deck-format text), tried when this front is taken elsewhere. */
  alternative?: string;
  /** Things the user should know before accepting. */
  notes: string[];
}

/**
 * Why a heading gave no card. The values are the keys of `headingsWithoutCard` in
 * `recall import --json` (English, as documented); the screen says them through m.notes.reason.
 */
export const SKIP = {
  noAnswer: 'no answer', // not-ui: a --json key
  reference: 'reference section', // not-ui: a --json key
  longWithoutQuestion: 'long section without a question', // not-ui: a --json key
  noText: 'section without text', // not-ui: a --json key
  tooLong: 'too long for one card', // not-ui: a --json key
  codeOrExample: 'code or example section', // not-ui: a --json key
  sameFrontTwice: 'same front twice in the note', // not-ui: a --json key
  invalid: 'not a valid card', // not-ui: a --json key
} as const;

export type SkipReason = (typeof SKIP)[keyof typeof SKIP];

export interface SkippedHeading {
  line: number;
  text: string;
  reason: SkipReason;
}

export interface NoteProposals {
  title: string;
  proposals: Proposal[];
  /** Headings (and items) that gave no card, and why. */
  skipped: SkippedHeading[];
  /** Set when nothing was proposed: what was looked for and not found. */
  nothingFound?: string;
  /** The note only links to other notes (a table of contents, a sidebar). */
  navigation?: boolean;
}

export interface ProposeOptions extends BackOptions {
  /** Also propose clozes of bold key phrases in explanatory sentences. */
  clozes?: boolean;
}

/** A proposal's alternative (its front with more context), parsed; undefined when it has none. */
export function alternativeOf(proposal: Proposal): CardText | undefined {
  const cards = proposal.alternative === undefined ? undefined : cardsOf(proposal.alternative);
  return cards ? { snippet: proposal.alternative!, cards } : undefined;
}

/** Parses a snippet as a deck would; undefined when it is not exactly a clean card. */
export function cardsOf(snippet: string): Card[] | undefined {
  const parsed = parseDeck('import.md', snippet);
  return parsed.problems.length || parsed.cards.length === 0 ? undefined : parsed.cards;
}

const SEP = ' · ';
/** A front that asks to enumerate: its answer can be the list of labels. */
const ASKS_FOR_LIST = /哪些|哪几|几种|几类|几个|有什么|列举|方法|步骤|类型|种类|\b(what are|which|list|types?|kinds?|steps|methods|techniques|strategies|ways|examples|components)\b/i;
/** A line that is all bold, perhaps numbered: a heading written as a paragraph. */
const BOLD_LINE = /^\s*\*\*[^*\n]{1,40}\*\*\s*[:：]?\s*$/;
/** A question's words without the asking: `优缺点有哪些？` -> ``, so it needs context. */
const ASKING_WORDS =
  /什么|为什么|为何|如何|怎么|怎样|哪些|哪个|哪种|是否|多少|有何|区别|差异|异同|对比|比较|对照|几种|表格|优缺点|优点|缺点|作用|原理|意义|好处|用途|目的|原因|动机|特点|步骤|流程|简述|简要|介绍|一下|讲讲|说说|谈谈|解释|描述|阐述|列举|总结|概述|简介|背景|方法|问题|主要|具体|可以|需要|进行|请|的|了|吗|呢|是|有|和|与|及|在|中|个|些|一|下|要|会|能|哪|么/g;
const ASKING_WORDS_EN =
  /\b(what|why|how|when|which|who|where|is|are|was|were|do|does|did|can|could|should|would|the|a|an|of|in|on|for|to|and|or|it|its|this|that|these|those|they|them|main|key|differences?|advantages?|disadvantages?|pros|cons|benefits?|drawbacks?|explain|describe|compare|define|list|use|used|work|works|between)\b/gi;
const POINTS_BACK = /^(它|它们|其|这|这个|这些|该|此|那|那个|上述|以上|前者|后者|this|it|they|these|those|its)(?![\p{L}])/iu;

/** True when a question cannot be understood without the heading above it. */
export function needsContext(question: string): boolean {
  const q = question.trim();
  if (POINTS_BACK.test(q)) return true;
  const subject = q.replace(ASKING_WORDS_EN, ' ').replace(ASKING_WORDS, '').replace(/[\p{P}\p{S}\s\d]/gu, '');
  if (/[A-Za-z]{2,}/.test(subject)) return false;
  return [...subject].length < 2;
}

/** `Q1. 训练的模型如何合并呢?` `Q2. …?` and nothing else: questions written down without their answers. */
function onlyQuestions(text: string): boolean {
  const lines: string[] = [];
  let fence = false;
  for (const l of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(l)) fence = !fence;
    else if (!fence && l.trim() !== '') lines.push(l);
  }
  const asks = lines.filter((l) => /^\s*(?:[-*+]\s+)?(?:\*\*)?Q\d+\s*[.:：]/i.test(l) && /[?？]\s*\**\s*$/.test(l)).length;
  return asks >= 2 && asks >= lines.length - 1;
}

/** Text that ends by announcing what follows: `有以下几种常见的解决方案：`. */
function announces(lead: string[]): boolean {
  return /[:：]\s*$/.test(trimLines(lead).join('\n'));
}

/** Only list items of a few words each: the skeleton of an answer, not one. */
function isOutline(text: string): boolean {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0 || lines.some((l) => !/^\s*(?:[-*+]|\d+[.)])\s+/.test(l))) return false;
  return lines.every((l) => {
    const item = l.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').replace(/[*_`]/g, '').trim();
    return /[\u3400-\u9fff]/.test(item) ? [...item].length <= 8 : item.split(/\s+/).length <= 4;
  }) && proseOf(text).length < 60;
}

/** A back with nothing in it: no text, code, formula or image. */
const isBlank = (text: string) => text.replace(/<br\s*\/?>/gi, '').trim() === '';
const stem = (text: string) => text.replace(/[\s?？:：。.!！]+$/u, '');
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * `Flash Attention · 动机`; the context is left out when the text already holds it, and a
 * context of several segments is merged with the text's own (`A · B` and `A · C` give `A · B · C`).
 */
export function withContext(context: string | undefined, text: string): string {
  if (!context) return text;
  const c = stem(context);
  const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
  if (c === '' || norm(text).includes(norm(c))) return text;
  const own = text.split(SEP);
  const added = c.split(SEP).filter((seg) => !own.some((o) => norm(stem(o)) === norm(seg)));
  if (added.length === 0) return text;
  return own.length > 1 && c.split(SEP).length > added.length ? [own[0], ...added, ...own.slice(1)].join(SEP) : [...added, ...own].join(SEP);
}

/** A note that only points elsewhere: most of its lines hold a link, and it has several. */
function isNavigation(outline: Outline): boolean {
  let content = 0;
  let linked = 0;
  let links = 0;
  let fence = false;
  for (let i = outline.start; i < outline.lines.length; i++) {
    const line = outline.lines[i]!;
    if (/^ {0,3}(```|~~~)/.test(line)) fence = !fence;
    if (fence || line.trim() === '' || /^ {0,3}#/.test(line) || /^\s*(<\/?[a-z][^>]*>\s*)+$/i.test(line)) continue;
    content++;
    const n = (line.match(/\]\([^)]+\)/g) ?? []).length;
    if (n > 0) linked++;
    links += n;
  }
  return links >= 3 && linked >= content * 0.6;
}

class Proposer {
  readonly proposals: Proposal[] = [];
  readonly skipped: SkippedHeading[] = [];
  private readonly lines: string[];
  private readonly title: string;
  /** Note lines already made into a `Q:`/`A:` card, and question headings already proposed. */
  private readonly taken = new Set<number>();
  private readonly asked = new Set<Section>();

  constructor(
    private readonly outline: Outline,
    name: string,
    private readonly options: ProposeOptions,
  ) {
    this.lines = outline.lines;
    this.title = outline.title ?? (cleanHeading(name.replace(/\.[^.]+$/, '')) || name);
  }

  private skip(line: number, text: string, reason: SkipReason) {
    // A section is looked at more than once when its parent is cut into parts: report it once.
    if (this.skipped.some((s) => s.line === line + 1 && s.reason === reason && s.text === text)) return;
    this.skipped.push({ line: line + 1, text, reason });
  }

  /** The path of cleaned headings from the top of the note down to `s`. */
  private path(s: Section | undefined): string[] {
    const out: string[] = [];
    for (let p = s; p && p.level > 0; p = p.parent) if (p !== this.outline.titleSection) out.unshift(p.text);
    return out;
  }

  /** The nearest heading above that says what the card is about: a topic, or a question's words. */
  private contextOf(s: Section | undefined): string {
    for (let p = s; p && p.level > 0; p = p.parent) {
      if (p === this.outline.titleSection) break;
      if ((p.role === 'topic' || p.role === 'question') && p.text && !isGenericLabel(p.text)) return stem(p.text);
    }
    return stem(this.title);
  }

  /** The card's `#` section in the deck: the nearest heading above it that names a topic or asks. */
  private sectionOf(s: Section | undefined): string | undefined {
    for (let p = s; p && p.level > 0; p = p.parent) {
      if (p === this.outline.titleSection) break;
      if ((p.role === 'topic' || p.role === 'question') && p.text && !isGenericLabel(p.text)) return p.text;
    }
    return this.title;
  }

  /** Lines made into a back: trimmed, headings demoted below `level`, images pointed at their copies. */
  private back(lines: string[], level: number, from: number[]): { lines: string[]; text: string; lineOf: (i: number) => number } {
    const kept = trimWithPlaces(lines, from);
    const out = rewriteImages(demoteHeadings(kept.lines, level), this.options.image);
    return { lines: out, text: out.join('\n'), lineOf: (i) => (kept.from[i] ?? kept.from[0] ?? 0) + 1 };
  }

  /**
   * Records a card. `owner` is the section whose chain gives the card's `#` section in the deck
   * (for a heading's own card, the section above it); `altContext` the context tried when the
   * front is taken elsewhere.
   */
  private add(kind: ProposalKind, line: number, front: string, back: string, owner: Section | undefined, altContext?: string): boolean {
    const f = flat(front).replace(/^#+\s*/, '');
    const snippet = kind === 'cloze' || kind === 'explicit' ? back : `## ${f}\n${back}`;
    const cards = cardsOf(snippet);
    if (!cards) {
      this.skip(line, f || back.slice(0, 40), SKIP.invalid);
      return false;
    }
    const proposal: Proposal = { kind, line: line + 1, path: this.path(owner), section: this.sectionOf(owner), snippet, cards, notes: [] };
    if (kind !== 'cloze' && kind !== 'explicit') {
      const alt = withContext(altContext && altContext !== stem(f) ? altContext : this.title, f);
      if (alt !== f) proposal.alternative = `## ${alt}\n${back}`;
    }
    this.proposals.push(proposal);
    return true;
  }

  /** The lines of a section and of its sub-sections that are not questions or references; those are set apart. */
  private content(s: Section, withChildren: boolean): { lines: string[]; from: number[]; questions: Section[] } {
    const lines: string[] = [];
    const from: number[] = [];
    const questions: Section[] = [];
    const take = (a: number, b: number) => {
      for (let i = a; i < b; i++) {
        lines.push(this.lines[i]!);
        from.push(i);
      }
    };
    take(s.body[0], s.body[1]);
    if (!withChildren) return { lines, from, questions };
    const visit = (c: Section) => {
      if (c.role === 'question') return questions.push(c);
      if (c.role === 'reference') return this.skip(c.line, c.text, SKIP.reference);
      take(c.line, c.body[1]);
      c.children.forEach(visit);
    };
    s.children.forEach(visit);
    return { lines, from, questions };
  }

  /** Takes `Q:`/`A:` pairs out of some lines as question cards; returns the lines left. */
  private takeQa(allLines: string[], allFrom: number[], where: Section): { lines: string[]; from: number[] } {
    const lines = allLines.filter((_, i) => !this.taken.has(allFrom[i]!));
    const from = allFrom.filter((i) => !this.taken.has(i));
    const blocks = splitBlocks(lines);
    const drop = new Set<number>();
    const context = this.contextOf(where);
    const qa = (at: number, item: string[], span: number) => {
      const pair = qaOf(item);
      if (!pair) return false;
      const back = this.back(pair.answer, where.level, from.slice(at));
      if (isBlank(back.text)) return false;
      const front = withContext(needsContext(pair.question) ? context : undefined, pair.question);
      this.add('question', from[at]!, front, back.text, where, context);
      for (let i = 0; i < span; i++) {
        drop.add(at + i);
        this.taken.add(from[at + i]!);
      }
      return true;
    };
    for (let b = 0; b < blocks.length; b++) {
      const block = blocks[b]!;
      if (block.kind === 'list') {
        const items = listItems(block);
        for (let k = 0; k < items.length; k++) {
          const item = items[k]!;
          const end = (n: number) => (n < items.length ? items[n]!.start : block.lines.length);
          if (qa(block.start + item.start, item.lines, end(k + 1) - item.start)) continue;
          // `- Q1: …` and `- A1: …` as two items.
          const next = items[k + 1];
          if (next && qaOf([...item.lines, ...next.lines]) && qa(block.start + item.start, [...item.lines, ...next.lines], end(k + 2) - item.start)) k++;
        }
      } else if (block.kind === 'paragraph') {
        // `**Q: …**` as a paragraph and `A: …` as the next one.
        const next = blocks[b + 1];
        if (qaOf(block.lines)) qa(block.start, block.lines, block.lines.length);
        else if (next && next.kind === 'paragraph' && block.lines.length === 1 && qaOf([...block.lines, ...next.lines])) {
          if (qa(block.start, [...block.lines, ...next.lines], next.start + next.lines.length - block.start)) b++;
        }
      }
    }
    if (drop.size === 0) return { lines, from };
    return { lines: lines.filter((_, i) => !drop.has(i)), from: from.filter((_, i) => !drop.has(i)) };
  }

  /** A question heading and what is under it: one card, or several when it is long. */
  private question(s: Section, front: string) {
    const { lines, from, questions } = this.content(s, true);
    const before = this.proposals.length;
    const skips = this.skipped.length;
    const rest = this.takeQa(lines, from, s);
    this.answer(s, front, front, rest.lines, rest.from);
    if (this.proposals.length === before && this.skipped.length === skips && questions.length === 0) this.skip(s.line, s.text, SKIP.noAnswer);
    for (const q of questions) this.questionHeading(q);
  }

  private questionHeading(q: Section) {
    if (this.asked.has(q)) return;
    this.asked.add(q);
    const text = questionOf(q.raw) ?? q.text;
    const front = withContext(needsContext(text) ? this.contextOf(q.parent) : undefined, text);
    this.question(q, front);
  }

  /**
   * The back with long code listings as references; the whole text when that would leave nothing
   * but references (then the code is the answer), or '' when the code is too long even so.
   */
  private withReferences(whole: { lines: string[]; text: string; lineOf: (i: number) => number }): string {
    const referenced = referenceLongCode(whole.lines, whole.lineOf, this.options.note).join('\n');
    // Beside the references, a label such as "1. 微调参数理解:" is no answer: the code is.
    if (proseOf(referenced.replace(REFERENCE_LINE, '')).length >= 12) return referenced;
    return textLength(whole.text) <= MAX_BACK ? whole.text : '';
  }

  /**
   * `A · B` for a part B of a card A. A front keeps two segments: the question it started from
   * when there is one (it says what the part is about), else the segment right above the part.
   */
  private partFront(base: string, part: string): string {
    const segments = stem(base).split(SEP).map(stem);
    const first = segments[0]!;
    const last = segments[segments.length - 1]!;
    // The question, and the heading right above the part when it is one of the things the
    // question names (the parts of "Overfitting and underfitting?" say which one they are about).
    const norm = (x: string) => x.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
    const names = segments.length > 1 && norm(first).includes(norm(last)) && norm(first) !== norm(last);
    const context = segments.length > 1 && questionOf(first) !== undefined ? (names ? [first, last] : [first]) : [last];
    return [...context, part].join(SEP);
  }

  /**
   * The back for a front from a section's lines. Short: one card. Long: code listings become
   * references; then the section is cut by its sub-headings (an "Answer" sub-heading answers the
   * front itself), or, without any, by labelled list items; failing both, one card up to
   * MAX_BACK characters, and parts above that. `base` starts the fronts of the parts.
   */
  private answer(s: Section, front: string, base: string, lines: string[], from: number[], part = false) {
    const whole = this.back(lines, s.level, from);
    if (isBlank(whole.text) || onlyQuestions(whole.text)) return;
    // A part that is only an outline (`* Scaling` `* Monitoring`) or only an image explains nothing.
    if (part && (isOutline(whole.text) || proseOf(whole.text.replace(/!\[[^\]]*\]\([^)]*\)/g, '')) === '')) return this.skip(s.line, s.text, SKIP.noText);
    if (textLength(whole.text) <= LONG_BACK) return void this.add('question', s.line, front, whole.text, s.parent, this.contextOf(s.parent));
    const short = this.withReferences(whole);
    if (short !== '' && textLength(short) <= LONG_BACK) return void this.add('question', s.line, front, short, s.parent, this.contextOf(s.parent));

    const parts = s.children.filter((c) => c.role !== 'question' && c.role !== 'reference');
    if (parts.length === 0) return this.flat(s, front, lines, from);
    const own = this.content(s, false);
    const intro = this.takeQa(own.lines, own.from, s);
    // An intro that only cites a source (`> [LeetCode 27](…) · 难度`) does not answer the front.
    const introText = this.back(intro.lines, s.level, intro.from).text;
    const introAnswers = proseOf(introText.replace(/\[([^\]]*)\]\([^)]*\)/g, '').replace(/^\s*>.*$/gm, '')).length >= 10;
    // The front itself is answered by an "Answer" part, else by the text before the first part.
    const answerPart = parts.find((c) => c.role === 'answer');
    let answered = false;
    if (answerPart) {
      const a = this.content(answerPart, true);
      const rest = this.takeQa(a.lines, a.from, answerPart);
      const lead = introAnswers ? { lines: [...intro.lines, ''], from: [...intro.from, intro.from[intro.from.length - 1] ?? s.line] } : { lines: [], from: [] };
      this.flat(s, front, [...lead.lines, ...rest.lines], [...lead.from, ...rest.from]);
      a.questions.forEach((q) => this.questionHeading(q));
      answered = true;
    } else if (introAnswers) {
      this.flat(s, front, intro.lines, intro.from);
      answered = true;
    }
    for (const part of parts) {
      if (part === answerPart) continue;
      if (part.role === 'material') {
        this.skip(part.line, part.text, SKIP.codeOrExample);
        this.content(part, true).questions.forEach((q) => this.questionHeading(q));
        continue;
      }
      const sub = this.content(part, true);
      const rest = this.takeQa(sub.lines, sub.from, part);
      // A part named only "details" or "more" answers the front itself if nothing else did.
      const generic = isGenericLabel(part.text);
      const partFront = generic && !answered ? front : this.partFront(base, part.text);
      if (generic && !answered) answered = true;
      this.answer(part, partFront, generic ? base : partFront, rest.lines, rest.from, true);
      sub.questions.forEach((q) => this.questionHeading(q));
    }
  }

  /** A long back without sub-headings: by labelled list items, else whole up to MAX_BACK, else in parts. */
  private flat(s: Section, front: string, lines: string[], from: number[]) {
    const whole = this.back(lines, s.level, from);
    if (isBlank(whole.text)) return;
    const joined = this.withReferences(whole);
    if (joined === '') return this.skip(s.line, front, SKIP.tooLong);
    if (textLength(joined) <= LONG_BACK) return void this.add('question', s.line, front, joined, s.parent, this.contextOf(s.parent));
    const text = joined.split('\n');
    const blocks = splitBlocks(text);
    const list = blocks.find((b) => b.kind === 'list' && textLength(b.lines.join('\n')) >= textLength(joined) * 0.4);
    if (list) {
      const items = listItems(list).map((item) => ({ item, term: termOf(item.lines[0]!) }));
      const labelled = items.filter((i) => i.term);
      if (items.length >= 2 && labelled.length === items.length) {
        // An overview (what comes before the list, and the labels), then a card per labelled item.
        const lead = blocks.filter((b) => b !== list && b.start < list.start).flatMap((b) => [...b.lines, '']);
        const labels = labelled.map((i, k) => `${k + 1}. ${i.term!.term}`);
        const overview = trimLines([...lead, ...labels]).join('\n');
        // The labels answer the front when it asks for a list ("有哪些", "What are the types of") or
        // the text before the list announces it ("有以下几种方案：").
        if (((labelled.length >= 3 && ASKS_FOR_LIST.test(front)) || announces(lead)) && textLength(overview) <= MAX_BACK) {
          this.add('question', s.line, front, overview, s.parent, this.contextOf(s.parent));
        }
        else if (lead.length && !isBlank(trimLines(lead).join('\n'))) this.add('question', s.line, front, trimLines(lead).join('\n'), s.parent, this.contextOf(s.parent));
        for (const { item, term } of labelled) {
          const body = trimLines([term!.definition, ...item.lines.slice(1).map((l) => l.replace(/^ {1,4}/, ''))]).join('\n');
          if (isBlank(body)) continue;
          const itemFront = this.partFront(front, term!.term);
          if (textLength(body) <= MAX_BACK) this.add('term', s.line, itemFront, body, s, stem(front));
          else this.skip(s.line, itemFront, SKIP.tooLong);
        }
        return;
      }
    }
    // Bold lines standing alone as headings (`**1、Megatron-LM**`): a card per titled stretch.
    const titles = blocks.filter((b) => b.kind === 'paragraph' && b.lines.length === 1 && BOLD_LINE.test(b.lines[0]!));
    if (titles.length >= 2) {
      const lead = blocks.filter((b) => b.start < titles[0]!.start).flatMap((b) => [...b.lines, '']);
      const labels = titles.map((t, k) => `${k + 1}. ${cleanHeading(t.lines[0]!)}`);
      const overview = trimLines([...lead, ...labels]).join('\n');
      if (((titles.length >= 3 && ASKS_FOR_LIST.test(front)) || announces(lead)) && textLength(overview) <= MAX_BACK) this.add('question', s.line, front, overview, s.parent, this.contextOf(s.parent));
      else if (!isBlank(trimLines(lead).join('\n'))) this.add('question', s.line, front, trimLines(lead).join('\n'), s.parent, this.contextOf(s.parent));
      titles.forEach((t, k) => {
        const end = titles[k + 1]?.start ?? text.length;
        const body = trimLines(text.slice(t.start + 1, end)).join('\n');
        const titleFront = this.partFront(front, cleanHeading(t.lines[0]!));
        if (isBlank(body)) return;
        if (textLength(body) <= MAX_BACK) this.add('question', s.line, titleFront, body, s, stem(front));
        else this.skip(s.line, titleFront, SKIP.tooLong);
      });
      return;
    }
    if (textLength(joined) <= MAX_BACK) return void this.add('question', s.line, front, joined, s.parent, this.contextOf(s.parent));
    // Longer than any card may be, with no place to cut: the note is the place for it.
    this.skip(s.line, front, SKIP.tooLong);
  }

  /** A heading that does not ask: with sub-headings, what it holds; alone, a card with its context, when short. */
  private topic(s: Section) {
    if (s.role === 'reference') return this.skip(s.line, s.text, SKIP.reference);
    const title = s === this.outline.titleSection;
    if (s.children.length > 0 || title || s.role === 'material') {
      const before = this.proposals.length;
      this.mine(s);
      if (s.role === 'material' && s.children.length === 0 && this.proposals.length === before) this.skip(s.line, s.text, SKIP.codeOrExample);
      for (const c of s.children) this.visit(c);
      return;
    }
    const { lines, from } = this.content(s, false);
    const rest = this.takeQa(lines, from, s);
    const back = this.back(rest.lines, s.level, rest.from);
    const text = this.withReferences(back);
    if (isBlank(back.text) || (text !== '' && (proseOf(text).length < 8 || isOutline(text) || onlyQuestions(text)))) {
      if (rest.lines.length === lines.length) this.skip(s.line, s.text, SKIP.noText);
      return;
    }
    if (text !== '' && textLength(text) <= LONG_BACK) {
      // An "Answer" or "Details" heading stands for what is above it.
      const context = this.contextOf(s.parent);
      const front = s.role === 'answer' || isGenericLabel(s.text) ? (s.role === 'answer' ? context : withContext(context, s.text)) : withContext(context, s.text);
      this.add('question', s.line, front, text, s.parent, this.title);
      return;
    }
    const before = this.proposals.length;
    this.mine(s, rest);
    if (this.proposals.length === before) this.skip(s.line, s.text, SKIP.longWithoutQuestion);
  }

  private visit(s: Section) {
    if (s.role === 'question' && s !== this.outline.titleSection) this.questionHeading(s);
    else this.topic(s);
  }

  /** The lines right under a heading that is not a card: `**Term**:` lines, Q/A pairs, cards in the deck format, clozes. */
  private mine(s: Section, given?: { lines: string[]; from: number[] }) {
    const own = given ? undefined : this.content(s, false);
    const { lines, from } = given ?? this.takeQa(own!.lines, own!.from, s);
    const context = s.level === 0 || s === this.outline.titleSection ? stem(this.title) : this.contextOf(s);
    for (const block of splitBlocks(lines)) {
      const units: { line: number; lines: string[] }[] = [];
      if (block.kind === 'list') for (const item of listItems(block)) units.push({ line: from[block.start + item.start]!, lines: item.lines });
      else if (block.kind === 'paragraph') {
        // In CJK text and after a list marker every line stands alone; English lines join into sentences.
        let run: { line: number; lines: string[] } | undefined;
        block.lines.forEach((l, i) => {
          const cjk = /[\u3400-\u9fff]/.test(l);
          if (run && !cjk && !/[\u3400-\u9fff]/.test(run.lines[run.lines.length - 1]!) && !termOf(l)) run.lines.push(l);
          else units.push((run = { line: from[block.start + i]!, lines: [l] }));
        });
      } else continue;
      for (const unit of units) this.unit(s, unit, context);
    }
  }

  private unit(s: Section, unit: { line: number; lines: string[] }, context: string) {
    const first = unit.lines[0]!.trim();
    const text = unit.lines.join('\n').trim();
    // Cards already in the deck format are taken as they are.
    if (hasClozeSyntax(text) || /\s:{2,3}(\s|$)/.test(text.replace(/`[^`]*`/g, ''))) {
      const cards = cardsOf(text);
      if (cards) this.proposals.push({ kind: 'explicit', line: unit.line + 1, path: this.path(s), section: this.sectionOf(s), snippet: text, cards, notes: [] });
      else this.skip(unit.line, first.slice(0, 80), SKIP.invalid);
      return;
    }
    const term = termOf(first);
    if (term) {
      const body = trimLines([term.definition, ...unit.lines.slice(1).map((l) => l.replace(/^ {1,4}/, ''))]);
      const back = rewriteImages(body, this.options.image).join('\n');
      if (proseOf(back).length < 2) return;
      if (textLength(back) > MAX_BACK) return this.skip(unit.line, term.term, SKIP.tooLong);
      const front = /[?？]$/.test(term.term) ? withContext(needsContext(term.term) ? context : undefined, term.term) : withContext(context, term.term);
      this.add(/[?？]$/.test(term.term) ? 'question' : 'term', unit.line, front, back, s, context === stem(this.title) ? undefined : this.title);
      return;
    }
    if (!this.options.clozes || unit.lines.length > 3) return;
    const cloze = clozeOf(rewriteImages([text], this.options.image)[0]!);
    if (cloze) this.add('cloze', unit.line, '', cloze, s);
  }

  run(): void {
    const root = this.outline.root;
    this.mine(root);
    for (const c of root.children) this.visit(c);
  }
}

export function proposeCards(name: string, text: string, options: ProposeOptions = {}): NoteProposals {
  const outline = outlineNote(text);
  const p = new Proposer(outline, name, options);
  const title = outline.title ?? (cleanHeading(name.replace(/\.[^.]+$/, '')) || name);
  if (isNavigation(outline)) return { title, proposals: [], skipped: [], navigation: true, nothingFound: m.notes.navigation };
  p.run();
  // The same front twice in one note: the later one is left out, and said.
  const seen = new Map<string, number>();
  const proposals: Proposal[] = [];
  for (const proposal of [...p.proposals].sort((a, b) => a.line - b.line)) {
    const ids = proposal.cards.map((c) => c.id);
    const earlier = ids.map((id) => seen.get(id)).find((l) => l !== undefined);
    if (earlier !== undefined) {
      const alt = alternativeOf(proposal);
      if (alt && alt.cards.every((c) => !seen.has(c.id))) {
        alt.cards.forEach((c) => seen.set(c.id, proposal.line));
        proposals.push({ ...proposal, snippet: alt.snippet, cards: alt.cards, alternative: undefined });
        continue;
      }
      p.skipped.push({ line: proposal.line, text: proposal.cards[0]!.front.split('\n')[0]!.slice(0, 80), reason: SKIP.sameFrontTwice });
      continue;
    }
    ids.forEach((id) => seen.set(id, proposal.line));
    proposals.push(proposal);
  }
  if (proposals.length > 0) return { title, proposals, skipped: p.skipped };
  const headings = outline.root.children.length;
  const said = m.notes.nothingFound;
  const found = [headings ? said.noQuestion : said.noHeadings, said.noTerms, said.noPairs, said.noDeckFormat];
  if (!/\*\*[^*]+\*\*/.test(text)) found.push(said.noBold);
  return { title, proposals, skipped: p.skipped, nothingFound: found.join(said.join) };
}

// A note as an outline: its headings as a tree of sections, each with the lines it holds before
// its first sub-heading, and what each heading is (a question, an answer label, a topic, a
// reference). Pure and line-based; code fences and front matter are never headings.

export type HeadingRole =
  /** Asks something: ends in "?", or words such as 什么, 如何, 区别, why, how; or a `Q:` prefix. */
  | 'question'
  /** Labels the answer of the question above it: 一句话答案, Answer, TL;DR. */
  | 'answer'
  /** Points elsewhere: references, links, a table of contents. Never a card, never part of one. */
  | 'reference'
  /** Material rather than knowledge: code, installation, examples. Part of an answer, never a card of its own. */
  | 'material'
  /** Anything else: a topic such as "Flash Attention" or "动机". */
  | 'topic';

export interface Section {
  /** 0 for the note itself (the root), else the heading's level. */
  level: number;
  /** The heading as written (without the #s); '' for the root. */
  raw: string;
  /** The heading as a reader says it: no numbering, bold, links, emoji or HTML. */
  text: string;
  role: HeadingRole;
  /** 0-based index of the heading line (-1 for the root). */
  line: number;
  /** 0-based [start, end) of the lines under the heading, before the first sub-heading. */
  body: [number, number];
  /** 0-based end of the whole section, sub-sections included. */
  end: number;
  children: Section[];
  parent?: Section;
}

export interface Outline {
  lines: string[];
  /** The first line after the front matter. */
  start: number;
  /** The front matter's title, else a level-1 heading that opens the note. */
  title?: string;
  /** The heading that gave the title: it names the note and is never a card. */
  titleSection?: Section;
  root: Section;
}

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
export { FENCE } from './fences.js';
import { FENCE } from './fences.js';

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const CN_DIGITS = '一二三四五六七八九十'; // not-ui: a pattern matched in notes
/**
 * One layer of numbering at the start of a heading: `6.2 `, `1.14`, `2-4 `, `1.attention`, `3、`,
 * `（3）`, `一、`, `第二章`, `①`, `Q1:`, `QA：`, `Q01 ·`, `问题3：`. A bare number followed by a space
 * is numbering unless a measure word follows (`3 种方法` keeps its 3).
 */
const NUMBERING = new RegExp(
  '^(?:' +
    [
      String.raw`(?:QA|Q)(?:\s*\d+\s*[:：.、·]?|\s*[:：.、·])`,
      String.raw`问题?\s*\d*\s*[:：]`, // not-ui: a pattern matched in notes
      String.raw`[（(]\s*(?:\d{1,3}|[${CN_DIGITS}]{1,3})\s*[)）]`,
      String.raw`\d{1,3}(?:[.．\-]\d{1,3})*\s*[.．、)）:：]`,
      String.raw`\d{1,3}(?:[.．\-]\d{1,3})+(?=\s)`,
      String.raw`\d{1,3}(?=\s+[^\s个种类条点步层次项年月日位倍])`, // not-ui: a pattern matched in notes
      String.raw`\d{1,2}(?=[\u4e00-\u9fff])(?![个种类条点步层次项大年月日位倍亿万千百])`, // not-ui: a pattern matched in notes
      String.raw`[${CN_DIGITS}]{1,3}\s*[、.．]`,
      String.raw`第[${CN_DIGITS}\d]{1,3}[章节部分篇讲课]\s*[:：、.]?`, // not-ui: a pattern matched in notes
      `[${CIRCLED}]`,
    ].join('|') +
    ')\\s*',
  'i',
);
const LEADING_SYMBOLS = /^[\p{Extended_Pictographic}\u2600-\u27bf\ufe0f\u200d\s·•▶►✅❓💡]+/u;
const TRAILING_SYMBOLS = /[\s⭐★☆\p{Extended_Pictographic}\ufe0f]+$/u;

const cleaned = new Map<string, string>();

/** The heading as a reader says it: `#### **1.1 讲讲对Attention的理解？**` -> `讲讲对Attention的理解？`. */
export function cleanHeading(raw: string): string {
  let known = cleaned.get(raw);
  if (known === undefined) {
    // Headings are cleaned several times each (outline, role, question); the cache stays small.
    if (cleaned.size > 10_000) cleaned.clear();
    cleaned.set(raw, (known = clean(raw)));
  }
  return known;
}

function clean(raw: string): string {
  let t = raw
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&nbsp;/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/\\([*_`#[\]()])/g, '$1')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__/g, '')
    .replace(/(^|\s):[a-z0-9_+-]+:(?=\s|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  for (let i = 0; i < 3; i++) {
    const before = t;
    t = t.replace(LEADING_SYMBOLS, '').replace(NUMBERING, '').replace(/^[·:：\-—]\s*/, '').trim();
    if (t === before) break;
  }
  return t.replace(TRAILING_SYMBOLS, '').replace(/\s*[:：]$/, '').trim();
}

/** Words that ask, in Chinese. A heading holding one is a question even without "?". */
const ASKS_CN = /(什么|为什么|为何|如何|怎么|怎样|哪些|哪个|哪种|哪里|是否|多少|有何|何为|何谓|何时|何在|区别|差异|异同|优缺点|优劣|利弊|对比|比较|几种)/;
/** Imperatives that ask for an answer: 简述…, 介绍一下…, 请…. */
const ASKS_CN_START = /^(请|简述|简要|简单介绍|简单说|简单讲|介绍一下|讲讲|讲一下|说说|说一下|谈谈|聊聊|解释|描述|阐述|列举|分析一下|概括)/;
const ENDS_ASKING = /(吗|呢|么)\s*[。.!！]?$/;
/** English asks with a question word and a verb (`How does …`, `What is …`, `How to …`), or an imperative; `What it is` and `How` alone are labels. */
const ASKS_EN =
  /^((what|why|how|when|which|who|where|whose)('s|\s+(is|are|was|were|do|does|did|can|could|should|would|will|to|makes?|happens?|causes?|kind|type|types|role|problem|is the|are the))\b|(is|are|does|do|can|could|should|would)\s+\w+\s+\w+|(explain|describe|compare|contrast|define|list(?! of)|walk (me )?through|tell me)\s+\w)/i;
const COMPARES_EN = /\b(vs\.?|versus)\s/i;
/** Words that ask when the heading is numbered, as interview notes number their questions: `6.2 注意力的作用`. */
const ASKS_WHEN_NUMBERED = /(作用|原理|意义|好处|用途|目的|原因|动机|特点|优点|缺点|步骤|流程)/;
const Q_PREFIX = /^\s*(?:\*\*)?\s*(?:\d{1,3}(?:[.．\-]\d{1,3})*\s*(?:\*\*)?\s*)?(?:(?:QA|Q\d*|问题?\d*)\s*[:：]|Q\d+\s*[·.、\s])/i;
const NUMBERED = /^\s*(?:\*\*)?\s*(?:\d{1,3}(?:[.．\-]\d{1,3})*|[（(]\s*\d{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．])/;

/** The question a heading asks, as a front (numbering and markup removed), or undefined. */
export function questionOf(raw: string): string | undefined {
  const text = cleanHeading(raw);
  if (text === '' || /^[\p{P}\p{S}\s]+$/u.test(text)) return undefined;
  if (/^《.*》$/.test(text)) return undefined;
  if (/[?？]$/.test(text) || ENDS_ASKING.test(text)) return text;
  if (Q_PREFIX.test(raw.replace(/^[\p{Extended_Pictographic}\s]+/u, ''))) return text;
  if (ASKS_CN.test(text) || ASKS_CN_START.test(text) || ASKS_EN.test(text) || COMPARES_EN.test(text)) return text;
  if (NUMBERED.test(raw) && ASKS_WHEN_NUMBERED.test(text) && [...text].length <= 30) return text;
  return undefined;
}

const ANSWER_LABEL =
  /^(一句话答案|一句话回答|一句话总结|一句话|答案|回答|参考答案|简答|答|解答|结论|定义|是什么|answer|short answer|tl;?dr|in short|the short answer|what|what it is|what is it|definition)$/i;
const REFERENCE_LABEL =
  /^(目录|本章目录|参考|参考资料|参考文献|参考文档|参考链接|参考文章|相关链接|相关资料|相关文章|链接|资料|资源|推荐阅读|延伸阅读|扩展阅读|附录|致谢|鸣谢|特别鸣谢|star history|前言|写在前面|更新|更新日志|更新记录|todo|待补充|待更新|联系|联系方式|交流群|关于|关于作者|免责声明|其他|其它|杂项|license|contents|table of contents|toc|references?|(more )?resources|links|further reading|see also|appendix|acknowledg(e)?ments?|changelog|contributing|contributions?|about|others?|other topics|misc|miscellaneous)$/i;
const MATERIAL_LABEL =
  /^(代码|代码实现|实现|完整代码|源码|源代码|代码示例|示例代码|示例|例子|举例|安装|安装说明|安装包|环境|环境配置|环境准备|快速开始|快速使用|使用|用法|使用方法|使用示例|练习|作业|习题|code|codes|sample codes?|source code|implementation|examples?|installation|install|setup|getting started|quick ?start|exercises?|usage|output|notebooks?)$/i;

/** Headings that only say "more about the above": a card's front names what is above them instead. */
const GENERIC_LABEL =
  /^(详细展开|详解|展开|细节|详细|详细解释|详细说明|解析|分析|补充|补充说明|说明|备注|注意|注意事项|扩展|拓展|延伸|思考|面试常见追问|常见追问|追问|面试追问|相关问题|常见问题|问题|题目|概述|简介|简述|介绍|背景|背景介绍|总结|小结|faq|q&a|qa|details?|more|notes?|discussion|follow[- ]?ups?|deep dive|explanation|overview|introduction|summary|background|how|how it works)$/i;

export function isGenericLabel(text: string): boolean {
  return GENERIC_LABEL.test(text.trim());
}

export function roleOf(raw: string): HeadingRole {
  // `Code Example: A vs. B` is code even though it compares.
  if (/^(code|sample code|代码|示例代码)\b/i.test(cleanHeading(raw))) return 'material';
  if (questionOf(raw) !== undefined) return 'question';
  // `Reference(参考文档)`, `*Star History*`: the label without its gloss and emphasis.
  const text = cleanHeading(raw).replace(/\s*[（(][^)）]*[)）]$/, '').replace(/^[*_]+|[*_]+$/g, '').trim() || cleanHeading(raw);
  if (ANSWER_LABEL.test(text)) return 'answer';
  if (REFERENCE_LABEL.test(text) || text === '') return 'reference';
  if (MATERIAL_LABEL.test(text) || /^(代码|示例|code|example|output)\b/i.test(text) || /^(代码|实现)[\s:：（(]/.test(text) || /\bdemo\b/i.test(text)) return 'material';
  return 'topic';
}

function bodyStart(lines: string[]): number {
  if (lines[0]?.trim() !== '---') return 0;
  for (let i = 1; i < lines.length; i++) if (/^(---|\.\.\.)\s*$/.test(lines[i]!)) return i + 1;
  return 0;
}

function frontMatterTitle(lines: string[], end: number): string | undefined {
  for (let i = 1; i < end; i++) {
    const m = /^title:\s*(.+?)\s*$/.exec(lines[i]!);
    if (m) return m[1]!.replace(/^(["'])(.*)\1$/, '$2').trim() || undefined;
  }
  return undefined;
}

export function splitNoteLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

export function outlineNote(text: string): Outline {
  const lines = splitNoteLines(text);
  const start = bodyStart(lines);
  const root: Section = { level: 0, raw: '', text: '', role: 'topic', line: -1, body: [start, lines.length], end: lines.length, children: [] };
  const stack: Section[] = [root];
  let fence: string | undefined;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim().replace(/[`~]/g, '') === '') fence = undefined;
      continue;
    }
    if (f) {
      fence = f[1];
      continue;
    }
    const h = HEADING.exec(line);
    if (!h) continue;
    const level = h[1]!.length;
    while (stack[stack.length - 1]!.level >= level) {
      const done = stack.pop()!;
      done.end = i;
      if (done.children.length === 0) done.body[1] = i;
    }
    const parent = stack[stack.length - 1]!;
    if (parent.children.length === 0) parent.body[1] = i;
    const raw = h[2]!.trim();
    const section: Section = { level, raw, text: cleanHeading(raw), role: roleOf(raw), line: i, body: [i + 1, lines.length], end: lines.length, children: [], parent };
    parent.children.push(section);
    stack.push(section);
  }
  for (const s of stack) s.end = lines.length;

  // The title: front matter's, else a level-1 heading that opens the note (before any other
  // heading and any text), or the only level-1 heading.
  let title = frontMatterTitle(lines, start);
  let titleSection: Section | undefined;
  const first = root.children[0];
  const h1s = root.children.filter((s) => s.level === 1);
  const textBefore = first ? lines.slice(start, first.line).some((l) => l.trim() !== '' && !/^\s*(<!--.*-->|\[toc\]|---)\s*$/i.test(l)) : true;
  if (first && first.level === 1 && (!textBefore || h1s.length === 1) && (h1s.length === 1 || first.children.length > 0)) {
    titleSection = first;
    title ??= first.text || undefined;
  }
  return { lines, start, title, titleSection, root };
}

// Type-in answers (`--type`): the answer a card expects when it is short enough to type, and the
// typed answer compared with it, grapheme by grapheme (an emoji or a CJK character with its
// combining marks is one unit), ignoring case, full-width forms and the punctuation around it.
// The comparison suggests a grade; the user still chooses.
import { scanCloze } from './cloze.js';
import type { Card, Grade } from './types.js';

/** Longer answers are recalled, not typed. */
export const MAX_TYPED_GRAPHEMES = 60;

/** Markdown a short answer may carry that is not part of what one types: emphasis, code ticks, links. */
function plain(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|\*|`)(?=\S)([^]*?\S)\1/g, '$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * What the user is asked to type, or undefined when the card's answer is not a short line: a
 * cloze's deleted text (several deletions of its number joined by ", "), or a one-line back.
 * Formulas, tables, code blocks, images and HTML are never typed.
 */
export function expectedAnswer(card: Card): string | undefined {
  let raw: string;
  if (card.kind === 'cloze') {
    const spans = scanCloze(card.front).spans.filter((s) => s.number === (card.cloze ?? 1));
    if (spans.length === 0) return undefined;
    raw = spans.map((s) => s.answer).join(', ');
  } else raw = card.back.trim();
  if (raw === '' || raw.includes('\n') || /\$|\||!\[|<[a-z/]|```/i.test(raw)) return undefined;
  const text = plain(raw);
  if (text === '' || graphemes(text).length > MAX_TYPED_GRAPHEMES) return undefined;
  return text;
}

let segmenter: Intl.Segmenter | undefined;

export function graphemes(text: string): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Punctuation and spaces around an answer are not part of it: "Adam." is "adam", "「对齐税」" is "对齐税". */
function trimAnswer(text: string): string {
  return text.normalize('NFC').replace(/^[\p{P}\p{Z}\s]+|[\p{P}\p{Z}\s]+$/gu, '').replace(/\s+/g, ' ');
}

/** What a grapheme is compared by: full-width forms as their ASCII, case folded. */
function key(g: string): string {
  return g.normalize('NFKC').toLowerCase();
}

export type DiffPart = { text: string; kind: 'same' | 'extra' | 'missing' };

export interface TypedResult {
  typed: string;
  expected: string;
  exact: boolean;
  /** 2 x common graphemes / (typed + expected): 1 for a match, 0 for nothing in common. */
  similarity: number;
  /** Typed and expected, aligned: `same` as typed, `extra` typed but not in the answer, `missing` in the answer but not typed. */
  parts: DiffPart[];
  suggested: Grade;
}

/** A near miss (a typo, a missing character) is Hard; less than this much in common is Again. */
export const NEAR_MISS = 0.8;

export function compareAnswer(typedText: string, expectedText: string): TypedResult {
  const typed = graphemes(trimAnswer(typedText));
  const expected = graphemes(trimAnswer(expectedText));
  const a = typed.map(key);
  const b = expected.map(key);
  // Longest common subsequence, then walked back into an alignment.
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  }
  const parts: DiffPart[] = [];
  const push = (text: string, kind: DiffPart['kind']) => {
    const last = parts[parts.length - 1];
    if (last?.kind === kind) last.text += text;
    else parts.push({ text, kind });
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      push(typed[i]!, 'same');
      i++;
      j++;
    } else if (j < m && (i >= n || table[i]![j + 1]! >= table[i + 1]![j]!)) push(expected[j++]!, 'missing');
    else push(typed[i++]!, 'extra');
  }
  const common = table[0]![0]!;
  const similarity = n + m === 0 ? 1 : (2 * common) / (n + m);
  const exact = n === m && common === n && n > 0;
  const suggested: Grade = exact ? 3 : similarity >= NEAR_MISS ? 2 : 1;
  return { typed: typed.join(''), expected: expected.join(''), exact, similarity, parts, suggested };
}

// Cards inside a paragraph or a list item: `**Term**: definition` lines, `Q: … A: …` pairs, and
// (on request) clozes of bold key phrases, made conservatively. Pure.

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_ALL = /^[\u3400-\u9fff\uf900-\ufaff]+$/;

export interface Term {
  term: string;
  definition: string;
}

/**
 * `**Term**: definition`, `**Term:** definition`, `[**Term**](url)：definition`, `**[Term](url)**：…`
 * and `[Term](url): definition`. The term is a name, not a sentence: at most 24 characters (40 in
 * Latin script), no sentence punctuation inside, not starting with punctuation.
 */
export function termOf(line: string): Term | undefined {
  const text = line.trim();
  const forms = [
    /^\*\*([^*\n]{1,60}?)\s*[:：]\*\*\s*(.*)$/,
    /^\*\*([^*\n]{1,60}?)\*\*\s*[:：]\s*(.*)$/,
    /^\[\*\*([^*\]\n]{1,60}?)\*\*\]\([^)\n]*\)\s*[:：]\s*(.*)$/,
    /^\*\*\[([^\]\n]{1,60}?)\]\([^)\n]*\)\*\*\s*[:：]\s*(.*)$/,
    /^\[([^\]\n]{1,60}?)\]\([^)\n]*\)\s*[:：]\s*(.*)$/,
  ];
  for (const form of forms) {
    const m = form.exec(text);
    if (!m) continue;
    const term = m[1]!.replace(/\\([*_])/g, '$1').trim();
    const limit = CJK.test(term) ? 24 : 40;
    if (term === '' || [...term].length > limit || /^[\p{P}\p{S}]/u.test(term) || /[，。；;！!]|[,?？](?!$)/.test(term)) return undefined;
    return { term, definition: m[2]!.trim() };
  }
  return undefined;
}

export interface QaPair {
  question: string;
  /** The answer's lines, the `A:` label removed. */
  answer: string[];
}

const Q_LINE = /^(?:\*\*)?\s*(?:Q\d*|问)\s*[:：]\s*(.+?)\s*(?:\*\*)?\s*$/i;
const A_LINE = /^(?:\*\*)?\s*(?:A\d*|答)\s*[:：]\s*(?:\*\*)?\s*/i;

/** `Q: question` followed by `A: answer` (the answer may run over several lines), as in a list item. */
export function qaOf(lines: string[]): QaPair | undefined {
  const q = Q_LINE.exec(lines[0]?.trim() ?? '');
  if (!q) return undefined;
  const rest = lines.slice(1);
  const first = rest.findIndex((l) => l.trim() !== '');
  if (first === -1 || !A_LINE.test(rest[first]!.trim())) return undefined;
  const answer = rest.slice(first);
  answer[0] = answer[0]!.trim().replace(A_LINE, '');
  const question = q[1]!.replace(/\*\*/g, '').trim();
  if (question === '' || answer.join('').trim() === '') return undefined;
  return { question, answer };
}

// Words matched against the user's notes (never shown): a bold stop word is not worth a cloze.
const STOP_WORDS = new Set(
  (
    // not-ui: words matched in notes
    '如果 因为 所以 但是 然而 而且 并且 或者 因此 此外 另外 首先 其次 然后 最后 例如 比如 注意 重点 重要 关键 核心 总结 总之 即 也就是 也就是说 ' +
    // not-ui: words matched in notes
    '优点 缺点 特点 作用 原理 问题 答案 方法 步骤 结论 本质 简单 主要 通常 一般 需要 可以 不能 不是 没有 非常 所有 这个 那个 这些 那些 ' +
    // not-ui: words matched in notes
    'note important key the a an and or not but if because so then also only all this that these those it its is are be e.g. i.e. etc'
  ).split(' '),
);

function codePoints(s: string): number {
  return [...s].length;
}

/** A bold phrase a cloze may hide, or why not. */
function clozable(phrase: string, before: string, after: string, whole: string): boolean {
  const p = phrase.trim();
  if (p === '' || codePoints(p) > 30) return false;
  if (CJK_ALL.test(p) ? codePoints(p) <= 2 : codePoints(p) < 2) return false;
  if (STOP_WORDS.has(p.toLowerCase())) return false;
  if (/^[\p{P}\p{S}]/u.test(p) || /[:：]$/.test(p)) return false;
  // A bold run cut by math or code: its pieces are fragments, not phrases.
  if (/[$`]/.test(p) || /[$`]\s*$/.test(before) || /^\s*[$`]/.test(after)) return false;
  // Inside a link: its label, and the URL often spells the answer out.
  if (/\[[^\]]*$/.test(before) && /^[^[]*\]\(/.test(after)) return false;
  // "supervised fine-tuning (**SFT**)": the expansion right before it gives the answer away.
  if (/^[A-Z][A-Z0-9-]{1,7}$/.test(p) && /[(（]\s*$/.test(before)) return false;
  // The answer must not be written elsewhere in the same text.
  return whole.split(p).length === 2;
}

const BOLD = /\*\*([^*\n]+?)\*\*/g;

/**
 * A cloze from an explanatory sentence with bold key phrases, or undefined. The sentence must say
 * more than its bold words (at least 12 other characters, bold at most 60%), and every hidden
 * phrase passes `clozable`; at most three are hidden.
 */
export function clozeOf(text: string): string | undefined {
  const t = text.trim();
  const bolds = [...t.matchAll(BOLD)];
  if (bolds.length === 0 || /^\s*(?:[-*+]|\d+[.)])?\s*\*\*[^*]+\*\*\s*[:：]/.test(t)) return undefined;
  const plain = t.replace(BOLD, '$1').replace(/!\[[^\]]*\]\([^)]*\)/g, '');
  const phraseLength = bolds.reduce((n, m) => n + codePoints(m[1]!), 0);
  if (codePoints(plain) - phraseLength < 12 || phraseLength > codePoints(plain) * 0.6) return undefined;
  if (!CJK.test(t) && t.split(/\s+/).length < 6) return undefined;
  let n = 0;
  const out = t.replace(BOLD, (whole, phrase: string, at: number) => {
    const before = t.slice(0, at);
    const after = t.slice(at + whole.length);
    if (n >= 3 || !clozable(phrase, before, after, plain)) return phrase;
    return `{{c${++n}::${phrase.trim()}}}`;
  });
  return n === 0 ? undefined : out;
}

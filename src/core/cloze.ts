// Anki cloze syntax: {{c1::answer}} or {{c1::answer::hint}}. Inline code is text, never syntax.
import { codeSpanAt } from './markdown.js';
import { m } from '../i18n/index.js';

export interface ClozeSpan {
  number: number;
  answer: string;
  hint?: string;
  start: number;
  end: number;
}

export interface ClozeScan {
  spans: ClozeSpan[];
  /** Offsets of `{{c` openings that are not valid deletions, with why. */
  errors: { offset: number; message: string }[];
}

/**
 * Replaces the inside of inline code spans with U+0000 so that syntax searches skip them
 * while every offset still points at the same character of the original text.
 */
export function maskInlineCode(text: string): string {
  if (!text.includes('`')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      out += text[i];
      i++;
      continue;
    }
    const span = codeSpanAt(text, i);
    if (!span) {
      let run = 0;
      while (text[i + run] === '`') run++;
      out += '`'.repeat(run);
      i += run;
      continue;
    }
    const fence = '`'.repeat(span.run);
    out += fence + '\0'.repeat(span.close - i - span.run) + fence;
    i = span.close + span.run;
  }
  return out;
}

const OPEN = /\{\{c(\d*)::/g;

export function hasClozeSyntax(text: string): boolean {
  return text.includes('{{c') && /\{\{c\d*::/.test(maskInlineCode(text));
}

export function scanCloze(text: string): ClozeScan {
  const masked = maskInlineCode(text);
  const spans: ClozeSpan[] = [];
  const errors: ClozeScan['errors'] = [];
  OPEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  let close = 0;
  let nextOpen = 0;
  while ((match = OPEN.exec(masked)) !== null) {
    const start = match.index;
    const digits = match[1] ?? '';
    // Each search starts where the last one found its answer, so the scan stays linear even
    // on thousands of unclosed openings.
    if (close !== -1 && close < OPEN.lastIndex) close = masked.indexOf('}}', OPEN.lastIndex);
    if (nextOpen !== -1 && nextOpen < OPEN.lastIndex) nextOpen = masked.indexOf('{{c', OPEN.lastIndex);
    if (close === -1) {
      // Nothing closes after here: one problem says it; the openings after it add nothing.
      errors.push({ offset: start, message: m.parse.clozeUnclosed(digits) });
      break;
    }
    if (nextOpen !== -1 && nextOpen < close) {
      // Another opening before this one closes: clozes do not nest. One problem for the whole
      // run of openings, however long (a runaway paste can hold thousands).
      let inside = 0;
      for (let at = nextOpen; at !== -1 && at < close; at = masked.indexOf('{{c', at + 3)) inside++;
      errors.push({
        offset: start,
        message: m.parse.clozeNested(digits, inside),
      });
      OPEN.lastIndex = close + 2;
      nextOpen = masked.indexOf('{{c', OPEN.lastIndex);
      continue;
    }
    const number = Number(digits);
    if (digits === '' || !Number.isInteger(number) || number < 1) {
      errors.push({ offset: start, message: m.parse.clozeNumber(digits) });
      OPEN.lastIndex = close + 2;
      continue;
    }
    const inner = text.slice(OPEN.lastIndex, close);
    const sep = maskInlineCode(inner).indexOf('::');
    const answer = sep === -1 ? inner : inner.slice(0, sep);
    const hint = sep === -1 ? undefined : inner.slice(sep + 2);
    if (answer.trim() === '') {
      errors.push({ offset: start, message: m.parse.clozeEmpty(number) });
    }
    spans.push({ number, answer, hint: hint?.trim() || undefined, start, end: close + 2 });
    OPEN.lastIndex = close + 2;
  }
  return { spans, errors };
}

/** The distinct cloze numbers of a scanned text, in order: one card each. */
export function clozeNumbers(scan: ClozeScan): number[] {
  return [...new Set(scan.spans.map((s) => s.number))].sort((a, b) => a - b);
}

/**
 * The two faces of one cloze card: the active deletion hidden (or revealed, in bold);
 * the other deletions shown as plain text.
 */
export function renderCloze(text: string, active: number, side: 'prompt' | 'answer'): string {
  const { spans } = scanCloze(text);
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start);
    if (span.number !== active) out += span.answer;
    else if (side === 'answer') out += `**${span.answer}**`;
    else out += span.hint ? `**[${span.hint}]**` : '**[...]**';
    at = span.end;
  }
  return out + text.slice(at);
}

// New cards as deck-format text, and appending them to a deck file's text so that every byte
// already there stays as it was. Pure: the caller reads and writes the file.
import { hasClozeSyntax, scanCloze } from './cloze.js';
import { parseDeck, splitLines } from './parse-deck.js';
import type { Card } from './types.js';
import { m } from '../i18n/index.js';

export type CardDraft =
  | { form: 'basic' | 'reverse'; front: string; back: string }
  | { form: 'cloze'; text: string; heading?: string };

/** Why a draft cannot be written as a card, or undefined when it can. */
export function draftProblem(draft: CardDraft): string | undefined {
  if (draft.form === 'cloze') {
    const text = draft.text.trim();
    if (text === '') return m.draft.clozeEmpty;
    const scan = scanCloze(text);
    if (scan.errors.length) return scan.errors[0]!.message;
    if (!hasClozeSyntax(text)) return m.draft.clozeNoDeletion;
    if (draft.heading !== undefined && /\n/.test(draft.heading.trim())) return m.draft.clozeHeadingLines;
    return bodyProblem(text, m.draft.part.clozeText);
  }
  const front = draft.front.trim();
  const back = draft.back.trim();
  if (front === '') return m.draft.frontEmpty;
  if (back === '') return m.draft.backEmpty;
  if (front.includes('\n')) return m.draft.frontLines;
  if (hasClozeSyntax(back)) return m.draft.backHasCloze;
  return bodyProblem(back, m.draft.part.back);
}

/** A `#` or `##` line in a card body would end the card there. */
function bodyProblem(body: string, what: string): string | undefined {
  let fence = false;
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (/^ {0,3}(`{3,}|~{3,})/.test(lines[i]!)) fence = !fence;
    else if (!fence && /^ {0,3}#{1,2}(\s|$)/.test(lines[i]!)) {
      return m.draft.headingInBody(i + 1, what);
    }
  }
  return fence ? m.draft.openFence(what) : undefined;
}

/** The draft in the deck format, without a trailing newline. A reversed card is a heading card marked `<!-- reverse -->`. */
export function draftMarkdown(draft: CardDraft): string {
  if (draft.form !== 'cloze') {
    return `## ${draft.front.trim()}\n${draft.form === 'reverse' ? '<!-- reverse -->\n' : ''}${draft.back.trim()}`;
  }
  const heading = draft.heading?.trim();
  return heading ? `## ${heading}\n${draft.text.trim()}` : draft.text.trim();
}

export class AppendError extends Error {}

export interface Appended {
  text: string;
  /** The cards the snippet added, as parsed from the new text. */
  added: Card[];
  /** An `<!-- end -->` line was put before the snippet, so it is not read as part of the card above it. */
  endAdded: boolean;
}

/** True when a line appended at the end of the text would belong to a `##` card's back. */
function endsInsideHeadingCard(lines: string[]): boolean {
  let inside = false;
  let fence: string | undefined;
  for (const line of lines) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = undefined;
      continue;
    }
    if (f) {
      fence = f[1];
      continue;
    }
    const h = /^ {0,3}(#{1,2})(?:[ \t]+(.*?))?[ \t]*$/.exec(line);
    if (h) inside = h[1] === '##';
    else if (END_MARKER.test(line)) inside = false;
  }
  return inside;
}

const END_MARKER = /^\s*<!--\s*end\s*-->\s*$/i;

/**
 * Appends a snippet of deck-format text to a deck file's text. The original text is a prefix of
 * the result, byte for byte. Throws AppendError when the result would not parse as the old cards
 * plus the snippet's cards (an unclosed code fence in the file, a duplicate inside the snippet).
 */
export function appendToDeck(file: string, original: string, snippet: string): Appended {
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const body = snippet.trim().split(/\r?\n/).join(eol);
  if (body === '') throw new AppendError(m.draft.nothingToAdd);
  const lines = splitLines(original);
  const startsWithCardHeading = /^ {0,3}#{1,2}(\s|$)/.test(snippet.trimStart());
  const endAdded = endsInsideHeadingCard(lines) && !startsWithCardHeading;
  let text = original;
  if (text !== '' && !text.endsWith('\n')) text += eol;
  if (text.trim() !== '' && !/(\r?\n){2}$/.test(text)) text += eol;
  // Never a made-up section title, which would show above the card as its context.
  if (endAdded) text += `<!-- end -->${eol}${eol}`;
  text += body + eol;

  const before = parseDeck(file, original);
  const after = parseDeck(file, text);
  const kept = after.cards.slice(0, before.cards.length);
  const same = kept.length === before.cards.length && kept.every((c, i) => c.id === before.cards[i]!.id && c.back === before.cards[i]!.back);
  const newProblems = after.problems.filter((p) => !before.problems.some((q) => q.message === p.message));
  if (newProblems.length) {
    const p = newProblems[0]!;
    const line = p.line - (splitLines(text).length - splitLines(body).length) + 1;
    throw new AppendError(line >= 1 ? m.draft.lineOfNewCard(line, p.message) : p.message);
  }
  if (!same) throw new AppendError(m.draft.endsInside(file));
  const added = after.cards.slice(before.cards.length);
  if (added.length === 0) throw new AppendError(m.draft.noCard);
  return { text, added, endAdded };
}

/** 0-based [start, end) of the lines that hold a card in its file. */
export function cardExtent(lines: string[], card: Card): [number, number] {
  const start = card.line - 1;
  const first = lines[start] ?? '';
  const isHeading = /^ {0,3}##(\s|$)/.test(first);
  let end = start + 1;
  if (isHeading) {
    let fence: string | undefined;
    for (; end < lines.length; end++) {
      const f = /^ {0,3}(`{3,}|~{3,})/.exec(lines[end]!);
      if (fence) {
        if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = undefined;
        continue;
      }
      if (f) fence = f[1];
      else if (/^ {0,3}#{1,2}(\s|$)/.test(lines[end]!) || END_MARKER.test(lines[end]!)) break;
    }
  } else if (card.kind === 'cloze') {
    while (end < lines.length && lines[end]!.trim() !== '' && !/^ {0,3}#{1,6}(\s|$)/.test(lines[end]!)) end++;
  }
  while (end > start + 1 && lines[end - 1]!.trim() === '') end--;
  return [start, end];
}

/**
 * Replaces one card's lines with a snippet, keeping every other line as it was (and the card's
 * pinned id, if it had one). Throws AppendError when the result would change any other card.
 */
export function replaceCard(file: string, original: string, card: Card, snippet: string): { text: string; added: Card[] } {
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const lines = original.split(/\r?\n/);
  const [start, end] = cardExtent(lines, card);
  let body = snippet.trim().split(/\r?\n/);
  if (card.pinned) {
    const pin = /<!--\s*id:\s*[^\s>]+\s*-->/.exec(lines.slice(start, end).join('\n'))?.[0];
    if (pin) body = /^ {0,3}##\s/.test(body[0]!) ? [body[0]!, pin, ...body.slice(1)] : [...body.slice(0, -1), `${body[body.length - 1]} ${pin}`];
  }
  const text = [...lines.slice(0, start), ...body, ...lines.slice(end)].join(eol);
  const before = parseDeck(file, original);
  const after = parseDeck(file, text);
  const othersBefore = before.cards.filter((c) => c.noteKey !== card.noteKey).map((c) => `${c.id}\0${c.back}`);
  const firstNewLine = start + 1;
  const lastNewLine = start + body.length;
  const added = after.cards.filter((c) => c.line >= firstNewLine && c.line <= lastNewLine);
  const othersAfter = after.cards.filter((c) => !added.includes(c)).map((c) => `${c.id}\0${c.back}`);
  if (added.length === 0 || othersAfter.join('\n') !== othersBefore.join('\n') || after.problems.length > before.problems.length) {
    throw new AppendError(m.draft.replaceChangesOthers(`${file}:${card.line}`));
  }
  return { text, added };
}

// A printable cheat sheet: every card as a question and its answer, grouped by deck and section,
// or ordered weakest first (lowest predicted recall) for the last evening before an interview.
// The order and grouping are made once here (sheetLayout); the Markdown sheet below and the HTML
// sheet (html-sheet.ts) each only draw them. The Markdown keeps formulas as `$…$` for Markdown viewers.
import { scanCloze } from '../core/cloze.js';
import type { Card } from '../core/types.js';
import { exportText } from '../i18n/export.js';

export interface SheetOptions {
  title: string;
  /** Predicted recall now, for cards that have been reviewed. */
  recall?: (card: Card) => number | undefined;
  sort: 'deck' | 'weakest';
}

export type SheetItem =
  | { t: 'heading'; level: 2 | 3; text: string }
  /** `where` (deck › section) is given when the sheet is not grouped by deck; `recall` when known. */
  | { t: 'entry'; card: Card; where?: string; recall?: number };

/** A cloze's text with every deletion filled in and bold: the whole fact at a glance. */
export function filledCloze(text: string): string {
  let filled = '';
  let at = 0;
  for (const span of scanCloze(text).spans) {
    filled += text.slice(at, span.start) + `**${span.answer}**`;
    at = span.end;
  }
  return filled + text.slice(at);
}

/** One entry per note: a cloze's other numbers and a reverse card say the same thing again. */
function onePerNote(cards: Card[]): Card[] {
  const seen = new Set<string>();
  return cards.filter((c) => c.kind !== 'reverse' && !seen.has(c.noteKey) && seen.add(c.noteKey));
}

const placeOf = (card: Card) => `${card.deck}${card.section ? ' › ' + card.section : ''}`;

/** The sheet's headings and entries, in order. */
export function sheetLayout(cards: Card[], options: Pick<SheetOptions, 'recall' | 'sort'>): SheetItem[] {
  const out: SheetItem[] = [];
  const notes = onePerNote(cards);
  if (options.sort === 'weakest') {
    const scored = notes.map((card) => ({ card, r: options.recall?.(card) }));
    const reviewed = scored.filter((s) => s.r !== undefined).sort((a, b) => a.r! - b.r!);
    const fresh = scored.filter((s) => s.r === undefined);
    if (reviewed.length) out.push({ t: 'heading', level: 2, text: exportText.sheet.weakestFirst });
    for (const { card, r } of reviewed) out.push({ t: 'entry', card, where: placeOf(card), recall: r });
    if (fresh.length) out.push({ t: 'heading', level: 2, text: exportText.sheet.notReviewed });
    for (const { card } of fresh) out.push({ t: 'entry', card, where: placeOf(card) });
    return out;
  }
  let deck: string | undefined;
  let section: string | undefined;
  for (const card of notes) {
    if (card.deck !== deck) {
      deck = card.deck;
      section = undefined;
      out.push({ t: 'heading', level: 2, text: deck });
    }
    if (card.section && card.section !== section) {
      section = card.section;
      out.push({ t: 'heading', level: 3, text: section });
    }
    out.push({ t: 'entry', card });
  }
  return out;
}

function indent(text: string): string {
  return text.trim().split('\n').join('\n  ');
}

function entry(card: Card): string {
  if (card.kind === 'cloze') {
    const heading = card.heading ? `**${card.heading}**\n\n  ` : '';
    return `- ${heading}${indent(filledCloze(card.front))}`;
  }
  return `- **${card.front.replace(/\n/g, ' ')}**\n\n  ${indent(card.back)}`;
}

export function cheatSheet(cards: Card[], options: SheetOptions): string {
  const out = [`# ${options.title}`, ''];
  for (const item of sheetLayout(cards, options)) {
    if (item.t === 'heading') out.push(`${'#'.repeat(item.level)} ${item.text}`, '');
    else if (item.where === undefined) out.push(entry(item.card), '');
    else out.push(`${entry(item.card)}\n\n  *${item.where}${item.recall !== undefined ? ` · ${exportText.sheet.recall(Math.round(item.recall * 100))}` : ''}*`, '');
  }
  return out.join('\n').trimEnd() + '\n';
}

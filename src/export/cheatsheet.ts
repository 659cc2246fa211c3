// A printable cheat sheet: every card as a question and its answer, grouped by deck and section,
// or ordered weakest first (lowest predicted recall) for the last evening before an interview.
import { scanCloze } from '../core/cloze.js';
import type { Card } from '../core/types.js';

export interface SheetOptions {
  title: string;
  /** Predicted recall now, for cards that have been reviewed. */
  recall?: (card: Card) => number | undefined;
  sort: 'deck' | 'weakest';
}

function entry(card: Card): string {
  if (card.kind === 'cloze') {
    // Every deletion filled in and bold: the whole fact at a glance.
    let filled = '';
    let at = 0;
    for (const span of scanCloze(card.front).spans) {
      filled += card.front.slice(at, span.start) + `**${span.answer}**`;
      at = span.end;
    }
    const heading = card.heading ? `**${card.heading}**\n\n  ` : '';
    return `- ${heading}${indent(filled + card.front.slice(at))}`;
  }
  return `- **${card.front.replace(/\n/g, ' ')}**\n\n  ${indent(card.back)}`;
}

function indent(text: string): string {
  return text.trim().split('\n').join('\n  ');
}

/** One entry per note: a cloze's other numbers and a reverse card say the same thing again. */
function onePerNote(cards: Card[]): Card[] {
  const seen = new Set<string>();
  return cards.filter((c) => c.kind !== 'reverse' && !seen.has(c.noteKey) && seen.add(c.noteKey));
}

export function cheatSheet(cards: Card[], options: SheetOptions): string {
  const out = [`# ${options.title}`, ''];
  const notes = onePerNote(cards);
  if (options.sort === 'weakest') {
    const scored = notes.map((card) => ({ card, r: options.recall?.(card) }));
    const reviewed = scored.filter((s) => s.r !== undefined).sort((a, b) => a.r! - b.r!);
    const fresh = scored.filter((s) => s.r === undefined);
    if (reviewed.length) out.push('## Weakest first', '');
    for (const { card, r } of reviewed) out.push(`${entry(card)}\n\n  *${card.deck}${card.section ? ' › ' + card.section : ''} · ${Math.round(r! * 100)}% predicted recall*`, '');
    if (fresh.length) out.push('## Not reviewed yet', '');
    for (const { card } of fresh) out.push(`${entry(card)}\n\n  *${card.deck}${card.section ? ' › ' + card.section : ''}*`, '');
    return out.join('\n').trimEnd() + '\n';
  }
  let deck: string | undefined;
  let section: string | undefined;
  for (const card of notes) {
    if (card.deck !== deck) {
      deck = card.deck;
      section = undefined;
      out.push(`## ${deck}`, '');
    }
    if (card.section && card.section !== section) {
      section = card.section;
      out.push(`### ${section}`, '');
    }
    out.push(entry(card), '');
  }
  return out.join('\n').trimEnd() + '\n';
}

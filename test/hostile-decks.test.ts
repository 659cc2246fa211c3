// The deck parser on hostile and broken input: it never throws, every problem names a file and a
// line inside the file. (Its time grows linearly with the input: see bench/parse.ts.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../src/core/parse-deck.js';
import { proposeCards } from '../src/core/propose.js';

const PIECES = [
  '# ', '## ', '### ', '{{c1::', '{{c', '::', ' :: ', ' ::: ', '}}', '`', '```', '~~~', '---', '\n', '\r\n', '\r', '- ', '1. ', '  ', '\t',
  '<!-- id: x -->', '<!--', '|', '**', '对齐税', '？', '😀', '\u0000', '\uFEFF', 'text', 'tags: [a', 'deck: x',
];

/** Deck-like text: fragments of card syntax mixed with arbitrary Unicode and binary garbage. */
const deckText = fc.oneof(
  fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string(), fc.string({ unit: 'binary' })), { maxLength: 80 }).map((a) => a.join('')),
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('latin1')),
);

function lineCount(text: string): number {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).length;
}

describe('the deck parser on hostile input', () => {
  it('never throws, and every problem has the file and a line inside the file', () => {
    fc.assert(
      fc.property(deckText, (text) => {
        const deck = parseDeck('hostile.md', text);
        const lines = lineCount(text);
        for (const p of deck.problems) {
          expect(p.file).toBe('hostile.md');
          expect(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines).toBe(true);
          expect(p.message.length).toBeGreaterThan(0);
        }
        for (const card of deck.cards) expect(card.line >= 1 && card.line <= lines).toBe(true);
      }),
      { numRuns: 3000, seed: 20261125 },
    );
  });

  it('treats CRLF, CR and LF alike', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('## Q?', 'answer', '', '- a :: b', 'x {{c1::y}}', '# S', '```', 'code'), { maxLength: 30 }), (lines) => {
        const lf = parseDeck('a.md', lines.join('\n'));
        const summary = (d: typeof lf) => d.cards.map((c) => `${c.id}:${c.line}:${c.back}`).join('|') + d.problems.map((p) => p.line).join(',');
        expect(summary(parseDeck('a.md', lines.join('\r\n')))).toBe(summary(lf));
        expect(summary(parseDeck('a.md', lines.join('\r')))).toBe(summary(lf));
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('survives unbalanced cloze braces, huge lines and deep nesting', () => {
    const cases = [
      '{{c1::'.repeat(20_000),
      '}}'.repeat(50_000),
      `x ${'{{c1::a'.repeat(5000)}`,
      `## ${'q'.repeat(200_000)}\n${'a'.repeat(200_000)}`,
      Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n'),
      '`'.repeat(100_000),
      ':: '.repeat(30_000),
    ];
    // (Speed on such input is measured by `npm run bench`, "deck parser, hostile text".)
    for (const text of cases) {
      const deck = parseDeck('big.md', text);
      for (const p of deck.problems) expect(p.line).toBeGreaterThanOrEqual(1);
    }
    // Thousands of unclosed openings are one problem, not thousands.
    expect(parseDeck('a.md', '{{c1::'.repeat(20_000)).problems).toHaveLength(1);
  });

  it('proposes cards from any note without throwing', () => {
    fc.assert(
      fc.property(deckText, (text) => {
        const r = proposeCards('note.md', text);
        for (const p of r.proposals) expect(p.cards.length).toBeGreaterThan(0);
      }),
      { numRuns: 1500, seed: 11 },
    );
  });
});

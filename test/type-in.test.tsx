// Type-in answers (--type): what a card expects to be typed, the typed answer compared grapheme by
// grapheme (case, full-width forms and surrounding punctuation ignored), and the grade it suggests.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDeck } from '../src/core/parse-deck.js';
import { compareAnswer, expectedAnswer } from '../src/core/type-in.js';
import { ReviewApp } from '../src/ui/ReviewApp.js';
import { eventually, FakeClock, openSession, tempDir, writeDecks, type TestSession } from './helpers.js';

describe('the answer a card expects', () => {
  const card = (text: string, i = 0) => parseDeck('a.md', text).cards[i]!;

  it('is a cloze deletion, or a short one-line back without its Markdown marks', () => {
    expect(expectedAnswer(card('T5 has {{c1::11 billion}} parameters and uses {{c2::C4::a dataset}}.\n'))).toBe('11 billion');
    expect(expectedAnswer(card('T5 has {{c1::11 billion}} parameters and uses {{c2::C4::a dataset}}.\n', 1))).toBe('C4');
    expect(expectedAnswer(card('{{c1::Adam}} and {{c1::AdamW}} are optimizers.\n'))).toBe('Adam, AdamW');
    expect(expectedAnswer(card('## What does T5 stand for?\n**Text-to-Text** Transfer `Transformer`\n'))).toBe('Text-to-Text Transfer Transformer');
    expect(expectedAnswer(card('## 什么是对齐税？\n对齐税\n'))).toBe('对齐税');
  });

  it('is none for long, multi-line, formula, table or code answers: those are recalled, not typed', () => {
    expect(expectedAnswer(card(`## Q?\n${'a very long answer '.repeat(5)}\n`))).toBeUndefined();
    expect(expectedAnswer(card('## Q?\nline one\nline two\n'))).toBeUndefined();
    expect(expectedAnswer(card('## Q?\n$e^{i\\pi}$\n'))).toBeUndefined();
    expect(expectedAnswer(card('## Q?\n| a | b |\n'))).toBeUndefined();
    expect(expectedAnswer(card('## Q?\n```\ncode\n```\n'))).toBeUndefined();
  });
});

describe('comparing a typed answer', () => {
  it('ignores case, full-width forms and the punctuation around the answer', () => {
    for (const [typed, expected] of [
      ['adam.', 'Adam'],
      ['「对齐税」', '对齐税'],
      ['ＲＬＨＦ', 'RLHF'],
      ['  Text-to-Text  ', 'text-to-text'],
    ]) {
      const r = compareAnswer(typed!, expected!);
      expect(r, `${typed} vs ${expected}`).toMatchObject({ exact: true, similarity: 1, suggested: 3 });
    }
  });

  it('marks what was typed wrong and what is missing, grapheme by grapheme, and suggests Hard for a near miss', () => {
    const r = compareAnswer('transfomers', 'Transformer');
    expect(r.parts).toEqual([
      { text: 'transfo', kind: 'same' },
      { text: 'r', kind: 'missing' },
      { text: 'mer', kind: 'same' },
      { text: 's', kind: 'extra' },
    ]);
    expect(r.exact).toBe(false);
    expect(r.suggested).toBe(2);
    // CJK: one wrong character of four.
    const cjk = compareAnswer('对齐税收', '对齐税率');
    expect(cjk.parts).toEqual([
      { text: '对齐税', kind: 'same' },
      { text: '率', kind: 'missing' },
      { text: '收', kind: 'extra' },
    ]);
    // An emoji family is one unit; a letter with a combining mark is one unit, and equal to its composed form.
    const emoji = compareAnswer('👨‍👩‍👧x', '👨‍👩‍👧e\u0301');
    expect(emoji.parts.map((p) => [p.text, p.kind])).toEqual([
      ['👨‍👩‍👧', 'same'],
      ['\u00e9', 'missing'],
      ['x', 'extra'],
    ]);
    expect(compareAnswer('caf\u00e9', 'cafe\u0301').exact).toBe(true);
    expect(compareAnswer('SGD', 'Adam').suggested).toBe(1);
    expect(compareAnswer('', 'Adam')).toMatchObject({ suggested: 1, similarity: 0, parts: [{ text: 'Adam', kind: 'missing' }] });
  });
});

let session: TestSession | undefined;
afterEach(() => session?.close());

describe('typing on the review screen', () => {
  const pause = () => new Promise((r) => setTimeout(r, 30));

  it('takes the typed answer, shows the comparison and the suggested grade, and Space grades it; Esc reveals without typing', async () => {
    const decks = writeDecks({ 'a.md': '## Which optimizer decouples weight decay?\nAdamW\n\n## What does T5 stand for?\nText-to-Text Transfer Transformer\n\n## Explain attention.\nIt mixes values\nweighted by query-key similarity.\n' });
    const clock = new FakeClock(Date.UTC(2026, 4, 1, 12));
    session = openSession(decks, tempDir(), clock);
    const review = session.review;
    const app = render(<ReviewApp session={review} clock={clock.tick} onExit={() => undefined} typeIn />);
    await eventually(() => expect(app.lastFrame()).toContain('Type the answer:'));
    for (const key of ['a', 'd', 'a', 'm', 'q']) {
      app.stdin.write(key);
      await pause();
    }
    // Keys are text while typing: q typed a letter instead of quitting.
    await eventually(() => expect(app.lastFrame()).toContain('Type the answer: adamq'));
    app.stdin.write('\x7f');
    await pause();
    app.stdin.write('\r');
    await eventually(() => expect(app.lastFrame()).toContain('You typed: adam{+W+}'));
    expect(app.lastFrame()).toMatch(/Expected: AdamW · 89% alike · suggested 2 Hard/);
    expect(app.lastFrame()).toContain('Space/Enter Hard (suggested)');
    app.stdin.write(' ');
    await eventually(() => expect(app.lastFrame()).toContain('What does T5 stand for?'));
    expect(review.session.answers.map((a) => a.grade)).toEqual([2]);
    // A pasted answer and its Enter can arrive in one chunk.
    app.stdin.write('text-to-text transfer transformer\r');
    await eventually(() => expect(app.lastFrame()).toContain('correct · suggested 3 Good'));
    app.stdin.write('\r');
    await eventually(() => expect(app.lastFrame()).toContain('Explain attention.'));
    // A long answer is not typed: the usual reveal.
    expect(app.lastFrame()).not.toContain('Type the answer:');
    expect(app.lastFrame()).toContain('Space reveal');
    app.stdin.write('u');
    await eventually(() => expect(app.lastFrame()).toContain('Type the answer:'));
    app.stdin.write('\x1b');
    await eventually(() => expect(app.lastFrame()).toContain('Space reveal'));
    app.stdin.write(' ');
    await eventually(() => expect(app.lastFrame()).toContain('Space/Enter Good'));
    app.unmount();
  });
});

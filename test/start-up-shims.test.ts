// The start-up shims for string-width and grapheme segmentation (scripts/*-shim.js) must give
// exactly what string-width and Intl.Segmenter give, or Ink would draw the screen differently.
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
// @ts-expect-error a plain JavaScript build script, without types
import { PLAIN, plainWidth } from '../scripts/string-width-shim.js';
// @ts-expect-error a plain JavaScript build script, without types
import { graphemeSegmenter } from '../scripts/grapheme-shim.js';
import { rng } from '../src/core/random.js';

const ranges = PLAIN as [number, number][];
const plainCodes: number[] = [];
for (const [from, to] of ranges) for (let c = from; c <= to; c++) plainCodes.push(c);
for (let c = 0x20; c <= 0x7e; c++) plainCodes.push(c);

describe('the string-width start-up shim', () => {
  it('measures every plain character as string-width does, narrow and wide ambiguity', () => {
    const wrong = plainCodes.filter((c) => {
      const ch = String.fromCharCode(c);
      return plainWidth(ch, true) !== stringWidth(ch) || plainWidth(ch, false) !== stringWidth(ch, { ambiguousIsNarrow: false });
    });
    expect(wrong.map((c) => c.toString(16))).toEqual([]);
  });

  it('measures random strings of plain characters as string-width does', () => {
    const random = rng(7);
    for (let n = 0; n < 20_000; n++) {
      const length = 1 + Math.floor(random() * 12);
      let s = '';
      for (let i = 0; i < length; i++) s += String.fromCharCode(plainCodes[Math.floor(random() * plainCodes.length)]!);
      expect(plainWidth(s), JSON.stringify(s)).toBe(stringWidth(s));
    }
  });

  it('hands anything else to string-width', () => {
    for (const s of ['a\u0301', '👍', 'e\u200dx', '한글', 'tab\there', '™', '©', '\u00ad', 'x\ufe0f', '\u{20000}']) expect(plainWidth(s)).toBe(-1);
  });
});

describe('the grapheme segmenter start-up shim', () => {
  const icu = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const shim = graphemeSegmenter as Intl.Segmenter;
  const pieces = (segments: Intl.Segments) => [...segments].map(({ segment, index }) => [segment, index]);

  function expectSame(text: string) {
    const a = icu.segment(text);
    const b = shim.segment(text);
    expect(pieces(b), JSON.stringify(text)).toEqual(pieces(a));
    for (let i = -1; i <= text.length; i++) {
      const x = a.containing(i);
      const y = b.containing(i);
      expect(y && [y.segment, y.index], `${JSON.stringify(text)} at ${i}`).toEqual(x && [x.segment, x.index]);
    }
  }

  it('cuts text of plain characters, escapes and controls as Intl.Segmenter does', () => {
    const random = rng(3);
    const alphabet = [...plainCodes.map((c) => String.fromCharCode(c)), '\x1b[31m', '\x1b[39m', '\x1b]8;;https://x\x07', '\t', '\n', '\x07', '\x1b'];
    for (let n = 0; n < 3000; n++) {
      let s = '';
      const length = Math.floor(random() * 16);
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
      expectSame(s);
    }
  });

  it('hands the rest to Intl.Segmenter: combining marks, emoji, CR LF', () => {
    for (const s of ['e\u0301x', '👨‍👩‍👧 ok', 'a\r\nb', '한글', '🇫🇷', 'x\ufe0f']) expectSame(s);
    expect([...shim.segment('e\u0301')]).toHaveLength(1);
  });
});

// The start-up shim for string-width (scripts/string-width-shim.js) must measure exactly as
// string-width does, or Ink would wrap and pad the review screen differently.
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
// @ts-expect-error a plain JavaScript build script, without types
import { PLAIN, plainWidth } from '../scripts/string-width-shim.js';
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

// A grapheme segmenter that starts ICU's only for text that needs it. Ink segments every line
// it draws (through @alcalzone/ansi-tokenize and slice-ansi), and the first Intl.Segmenter of a
// process loads ICU's break rules: about 9 ms of every `recall review` start. In text made of
// plain characters (see string-width-shim.js), ANSI escapes and controls other than CR, every
// character is a grapheme of its own, so the segments are the characters; anything else goes to
// Intl.Segmenter. test/string-width-shim.test.ts compares both.
import { isPlain } from './string-width-shim.js';

function isPlainText(text) {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code <= 0x7e) continue;
    if (code < 0x20 && code !== 0x0d) continue;
    if (!isPlain(code)) return false;
  }
  return true;
}

/** The Segments of Intl.Segmenter, for text whose graphemes are its characters. */
class CharacterSegments {
  constructor(input) {
    this.input = input;
  }

  containing(index = 0) {
    const i = Math.trunc(Number(index)) || 0;
    if (i < 0 || i >= this.input.length) return undefined;
    return { segment: this.input[i], index: i, input: this.input };
  }

  *[Symbol.iterator]() {
    for (let i = 0; i < this.input.length; i++) yield { segment: this.input[i], index: i, input: this.input };
  }
}

let icu;

export const graphemeSegmenter = {
  segment(input) {
    const text = String(input);
    if (isPlainText(text)) return new CharacterSegments(text);
    icu ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    return icu.segment(text);
  },
};

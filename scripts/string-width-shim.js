// string-width, measured without its start-up cost. Loading string-width builds a \p{RGI_Emoji}
// regular expression and a grapheme segmenter: about 23 ms of every `recall review` start, for
// text that is almost always ASCII, Latin, Greek, maths, box drawing or CJK. Text made only of
// such characters (each its own grapheme, none an emoji) is measured here with the same
// east-asian-width table; anything else goes to the real string-width, loaded on first need.
// test/string-width-shim.test.ts compares both on every plain character and on random strings.
import stripAnsi from 'strip-ansi';
import { eastAsianWidth } from 'get-east-asian-width';

// [from, to] inclusive: no marks, joiners, format characters, Hangul jamo or emoji inside.
export const PLAIN = [
  [0x00a0, 0x00a8], [0x00aa, 0x00ac], [0x00af, 0x02ff], // Latin-1 and Latin extended, minus soft hyphen, © and ®
  [0x0370, 0x03ff], // Greek
  [0x1d00, 0x1dbf], // phonetic extensions: the modifier letters of formulas' sub- and superscripts (ᵀ, ᵢ)
  [0x2010, 0x2027], [0x2030, 0x203b], [0x203d, 0x2048], [0x204a, 0x205e], // punctuation, minus ‼ and ⁉
  [0x2070, 0x20c0], // super- and subscripts, currency
  [0x2100, 0x2121], [0x2123, 0x2138], [0x213a, 0x214f], // letterlike, minus ™ and ℹ
  [0x2190, 0x2193], [0x219a, 0x21a8], [0x21ab, 0x22ff], // arrows minus the emoji ones, maths
  [0x2300, 0x2319], [0x231c, 0x2327], [0x232b, 0x23ce], [0x23d0, 0x23e8], [0x23f4, 0x23f7], [0x23fb, 0x23ff], // technical (formulas' tall brackets ⎛⎞), minus emoji and wide ones
  [0x2500, 0x25a9], [0x25ac, 0x25b5], [0x25b7, 0x25bf], [0x25c1, 0x25fa], // box drawing, blocks, shapes
  [0x2768, 0x2775], // ornamental brackets (❯)
  [0x27c0, 0x27ef], // maths symbols A (⟨ ⟩)
  [0x2800, 0x28ff], // braille (the spinner)
  [0x2980, 0x2aff], // maths symbols B, supplemental operators
  [0x2c60, 0x2c7f], // Latin extended C (the subscript ⱼ)
  [0x3000, 0x3029], [0x3041, 0x3096], [0x309b, 0x30ff], // CJK punctuation, kana
  [0x3400, 0x4dbf], [0x4e00, 0x9fff], // CJK ideographs
  [0xff01, 0xff60], [0xffe0, 0xffe6], // fullwidth forms
];

/** A character that is its own grapheme, never an emoji, and whose width the table gives. */
export function isPlain(code) {
  let lo = 0;
  let hi = PLAIN.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [from, to] = PLAIN[mid];
    if (code < from) hi = mid - 1;
    else if (code > to) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The width of text made only of plain characters; -1 when another character is in it. */
export function plainWidth(text, ambiguousIsNarrow = true) {
  const widthOptions = { ambiguousAsWide: !ambiguousIsNarrow };
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code <= 0x7e) width++;
    else if (isPlain(code)) width += eastAsianWidth(code, widthOptions);
    else return -1;
  }
  return width;
}

let real;

export default function stringWidth(input, options = {}) {
  if (typeof input !== 'string' || input.length === 0) return 0;
  const { ambiguousIsNarrow = true, countAnsiEscapeCodes = false } = options;
  const text = !countAnsiEscapeCodes && (input.includes('\x1B') || input.includes('\x9B')) ? stripAnsi(input) : input;
  const width = plainWidth(text, ambiguousIsNarrow);
  if (width >= 0) return width;
  // A literal require, so that the bundler keeps string-width in the bundle but starts it lazily.
  real ??= require('../node_modules/string-width/index.js').default;
  return real(input, options);
}

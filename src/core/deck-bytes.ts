// A deck file's bytes as text. Decks are UTF-8 Markdown: a file with NUL bytes is not text, and
// bytes that are not UTF-8 would be replaced (and lost) if the file were rewritten; both are
// reported with their line, never "repaired" silently.
import type { Problem } from './types.js';
import { m } from '../i18n/index.js';

/** Where the first byte sequence that is not UTF-8 starts, or -1 when all of it is UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) (need = 1), (min = 0x80);
    else if (b >= 0xe0 && b <= 0xef) (need = 2), (min = 0x800);
    else if (b >= 0xf0 && b <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}

/** The text of a deck file and what is wrong with its bytes (binary, or not UTF-8), by line. */
export function deckText(file: string, bytes: Uint8Array): { text: string; problems: Problem[] } {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { text: '', problems: [{ file, line: lineAt(bytes, nul), message: m.parse.notText }] };
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const bad = firstInvalidUtf8(bytes);
  if (bad === -1) return { text, problems: [] };
  const hex = bytes[bad]!.toString(16).padStart(2, '0');
  return {
    text,
    problems: [{ file, line: lineAt(bytes, bad), message: m.parse.notUtf8(hex) }],
  };
}

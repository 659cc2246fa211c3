// What every stats renderer shares: the options, colour, and text that fits a width. Widths are
// display widths (a CJK character takes two columns), so Chinese labels line up like English ones.
import stringWidth from 'string-width';
import { wrapWords } from '../format.js';

export interface ViewOptions {
  width: number;
  color: boolean;
}

export const CODES = { bold: [1, 22], dim: [2, 22], green: [32, 39], yellow: [33, 39], red: [31, 39], blue: [34, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof CODES;

export function painter(color: boolean) {
  return (text: string, ...styles: Style[]) =>
    color ? styles.reduce((t, s) => `\u001b[${CODES[s][0]}m${t}\u001b[${CODES[s][1]}m`, text) : text;
}

export const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

export function fit(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return out + '…';
}

/**
 * A deck name that fits: its last parts are what tell decks apart (`llm-concepts::rlhf` and
 * `llm-concepts::llm4rec` both start alike), so the front goes first (`…::rlhf`).
 */
export function fitDeck(name: string, width: number): string {
  if (stringWidth(name) <= width) return name;
  const parts = name.split('::');
  for (let k = 1; k < parts.length; k++) {
    const tail = `…::${parts.slice(k).join('::')}`;
    if (stringWidth(tail) <= width) return tail;
  }
  return fit(parts[parts.length - 1]!, width);
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - stringWidth(text))) + text;
}

/**
 * Parts joined by ` · ` on lines of at most `width` columns, each line starting with `indent`; a
 * part too long for a line of its own is wrapped at its spaces. Parts may hold colour codes.
 */
export function flow(parts: string[], width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  const room = Math.max(1, width - stringWidth(indent));
  for (const part of parts) {
    if (line && stringWidth(line) + 3 + stringWidth(part) <= room) line += ' · ' + part;
    else {
      if (line) lines.push(indent + line);
      line = '';
      if (stringWidth(part) <= room) line = part;
      else {
        const pieces = wrapWords(part, room);
        lines.push(...pieces.slice(0, -1).map((p) => indent + p));
        line = pieces[pieces.length - 1]!;
      }
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

/** Plain text (no colour codes) wrapped to `width` columns, every line after `indent`. */
export function wrap(text: string, width: number, indent = ''): string[] {
  return wrapWords(text, Math.max(1, width - stringWidth(indent))).map((l) => indent + l);
}

export type Paint = ReturnType<typeof painter>;

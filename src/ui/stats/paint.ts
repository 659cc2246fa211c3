// What every stats renderer shares: the options, colour, and text that fits a width.
import stringWidth from 'string-width';

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

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - stringWidth(text))) + text;
}

export type Paint = ReturnType<typeof painter>;

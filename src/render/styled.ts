// Terminal text as styled segments: what the layout produces and the screen draws with Ink's Text.

export interface Style {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  /** Ink's dimColor. */
  dim?: boolean;
  /** An Ink colour name (red, cyan, gray, ...). */
  color?: string;
}

export interface Segment extends Style {
  text: string;
}

/** One terminal line: segments side by side, never wider than the width it was laid out for. */
export type Line = Segment[];

/** The plain text of a line. */
export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}

// Fenced code in Markdown lines: rewrites that must not reach inside code (headings to demote,
// images to repoint, cloze marks to escape) go through mapOutsideFences.

/** An opening or closing fence: up to three spaces, then three or more backticks or tildes. */
export const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * `lines` with `change` applied to each line outside fenced code. A fence closes on a run of its
 * own character at least as long as the one that opened it (CommonMark); the fence lines and what
 * they hold are kept as they are.
 */
export function mapOutsideFences(lines: string[], change: (line: string) => string): string[] {
  let fence: string | undefined;
  return lines.map((line) => {
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = undefined;
      return line;
    }
    if (f) {
      fence = f[1];
      return line;
    }
    return change(line);
  });
}

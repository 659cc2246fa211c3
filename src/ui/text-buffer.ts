// A text field's value and cursor, edited by keys. Pure; the cursor moves by code points so a
// CJK character or an emoji is one step.

export interface TextBuffer {
  text: string;
  cursor: number;
}

export interface EditKey {
  leftArrow?: boolean;
  rightArrow?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  backspace?: boolean;
  delete?: boolean;
  return?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  tab?: boolean;
  escape?: boolean;
}

export const emptyBuffer = (text = ''): TextBuffer => ({ text, cursor: text.length });

function prevIndex(text: string, i: number): number {
  if (i <= 0) return 0;
  const c = text.charCodeAt(i - 1);
  return c >= 0xdc00 && c <= 0xdfff && i >= 2 ? i - 2 : i - 1;
}

function nextIndex(text: string, i: number): number {
  if (i >= text.length) return text.length;
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? i + 2 : i + 1;
}

export function insert(b: TextBuffer, s: string): TextBuffer {
  return { text: b.text.slice(0, b.cursor) + s + b.text.slice(b.cursor), cursor: b.cursor + s.length };
}

function lineStart(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

function lineEnd(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end === -1 ? text.length : end;
}

function column(text: string, i: number): number {
  return [...text.slice(lineStart(text, i), i)].length;
}

function atColumn(text: string, start: number, col: number): number {
  const end = lineEnd(text, start);
  let i = start;
  for (let n = 0; n < col && i < end; n++) i = nextIndex(text, i);
  return i;
}

/**
 * Applies one key (or a pasted chunk) to the buffer. Returns undefined for keys it does not
 * handle (Tab, Esc, Enter in a one-line field), which the form uses to move between fields.
 */
export function editBuffer(b: TextBuffer, input: string, key: EditKey, multiline: boolean): TextBuffer | undefined {
  const { text, cursor } = b;
  if (key.tab || key.escape) return undefined;
  if (key.return) return multiline ? insert(b, '\n') : undefined;
  // Terminals send Backspace as DEL (0x7f), which Ink reports as `delete`: both erase backwards.
  if (key.backspace || key.delete) {
    const from = prevIndex(text, cursor);
    return { text: text.slice(0, from) + text.slice(cursor), cursor: from };
  }
  if (key.leftArrow) return { text, cursor: prevIndex(text, cursor) };
  if (key.rightArrow) return { text, cursor: nextIndex(text, cursor) };
  if (key.upArrow || key.downArrow) {
    if (!multiline) return b;
    const start = lineStart(text, cursor);
    const col = column(text, cursor);
    if (key.upArrow) return start === 0 ? { text, cursor: 0 } : { text, cursor: atColumn(text, lineStart(text, start - 1), col) };
    const end = lineEnd(text, cursor);
    return end === text.length ? { text, cursor: text.length } : { text, cursor: atColumn(text, end + 1, col) };
  }
  if (key.ctrl && input === 'a') return { text, cursor: lineStart(text, cursor) };
  if (key.ctrl && input === 'e') return { text, cursor: lineEnd(text, cursor) };
  if (key.ctrl && input === 'u') return { text: text.slice(0, lineStart(text, cursor)) + text.slice(cursor), cursor: lineStart(text, cursor) };
  if (key.ctrl || key.meta || input === '') return b;
  // A paste arrives as one chunk, with \r for its line breaks.
  let chunk = input.replace(/\r\n?/g, '\n').replace(/\t/g, '  ');
  if (!multiline) chunk = chunk.replace(/\n+/g, ' ');
  return insert(b, chunk);
}

// The form's text fields: keys edit by code point, pastes arrive whole, lines move by column.
import { describe, expect, it } from 'vitest';
import { editBuffer, emptyBuffer, type TextBuffer } from '../src/ui/text-buffer.js';

const edit = (b: TextBuffer, input: string, key = {}, multiline = true) => editBuffer(b, input, key, multiline)!;

describe('a text field', () => {
  it('moves and erases by code point, so CJK and emoji are one step', () => {
    let b = emptyBuffer('对齐😀税');
    b = edit(b, '', { leftArrow: true });
    b = edit(b, '', { leftArrow: true });
    expect(b.cursor).toBe(2);
    b = edit(b, '', { delete: true });
    expect(b.text).toBe('对😀税');
    b = edit(b, '', { rightArrow: true });
    b = edit(b, 'X');
    expect(b.text).toBe('对😀X税');
  });

  it('keeps the column when moving between lines, and Ctrl+A / Ctrl+E go to line ends', () => {
    let b = emptyBuffer('abcdef\nxy\n12345');
    b = edit(b, '', { upArrow: true });
    expect(b.cursor).toBe('abcdef\nxy'.length);
    b = edit(b, '', { upArrow: true });
    expect(b.cursor).toBe(2);
    b = edit(b, 'e', { ctrl: true });
    expect(b.cursor).toBe(6);
    b = edit(b, 'a', { ctrl: true });
    expect(b.cursor).toBe(0);
    b = edit(b, '', { downArrow: true });
    b = edit(b, '', { downArrow: true });
    b = edit(b, '', { downArrow: true });
    expect(b.cursor).toBe(b.text.length);
  });

  it('takes a paste as one chunk; a one-line field folds its line breaks and leaves Enter to the form', () => {
    expect(edit(emptyBuffer(), 'a\r\nb\rc').text).toBe('a\nb\nc');
    expect(edit(emptyBuffer(), 'a\r\nb', {}, false).text).toBe('a b');
    expect(editBuffer(emptyBuffer('x'), '', { return: true }, false)).toBeUndefined();
    expect(edit(emptyBuffer('x'), '', { return: true }).text).toBe('x\n');
    expect(editBuffer(emptyBuffer('x'), '', { tab: true }, true)).toBeUndefined();
  });
});

describe('keys that arrive as one chunk', () => {
  it('are taken one by one in a list, and a Tab in a text field still moves on', async () => {
    const { AddForm } = await import('../src/ui/add-form.js');
    const saved: string[] = [];
    const form = new AddForm([{ deck: 'a', file: 'a.md', cards: 1 }], {
      plan: (_deck, snippet) => ({ file: 'a.md', created: false, cards: [], similar: [], snippet }),
      save: (_deck, snippet) => (saved.push(snippet), 'saved'),
    });
    form.key('\rbWhat is T5?', {});
    expect(form.step).toBe('front');
    form.key('\tA model', {});
    expect(form.step).toBe('back');
    expect(form.fields.front.text).toBe('What is T5?');
    form.key('\t', { tab: true });
    form.key('\r', { return: true });
    expect(saved).toEqual(['## What is T5?\nA model']);
  });
});

// Card Markdown laid out as terminal lines: wrapped by display width, formulas in Unicode, code
// highlighted, images as a line, and never more lines than asked for.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { layoutMarkdown } from '../src/render/layout.js';
import { lineText, type Line } from '../src/render/styled.js';
import { graphemes, wrapSegments } from '../src/render/wrap.js';

const text = (lines: Line[]) => lines.map(lineText);

/** Every line fits the width, and no line that continues a wrapped one starts with a space. */
function expectWellWrapped(lines: Line[], width: number) {
  for (const line of lines) expect(stringWidth(lineText(line)), lineText(line)).toBeLessThanOrEqual(width);
}

describe('wrapping at 40 columns', () => {
  it('breaks prose at spaces, and no wrapped line starts with a space', () => {
    const lines = text(layoutMarkdown('The alignment tax is the drop in benchmark performance that follows RLHF, measured on public NLP tasks.', 40).lines);
    expect(lines).toEqual(['The alignment tax is the drop in', 'benchmark performance that follows RLHF,', 'measured on public NLP tasks.']);
  });

  it('breaks CJK between characters, by display width, never before a closing mark', () => {
    const lines = text(layoutMarkdown('对齐之后模型在公开 NLP 基准上的性能下降（alignment tax），这就是对齐税。它衡量的是代价。', 40).lines);
    for (const line of lines) {
      expect(stringWidth(line)).toBeLessThanOrEqual(40);
      expect(line).not.toMatch(/^[ ，。）]/);
    }
    expect(lines.join('')).toBe('对齐之后模型在公开 NLP 基准上的性能下降（alignment tax），这就是对齐税。它衡量的是代价。');
    expect(stringWidth(lines[0]!)).toBeGreaterThanOrEqual(38);
  });

  it('keeps a hanging indent under list items, nested and numbered', () => {
    const md = ['- A list item long enough to wrap onto a second line at forty columns.', '  1. a nested numbered item that also wraps around the edge', '- 短い', '9. nine', '10. ten'].join('\n');
    expect(text(layoutMarkdown(md, 40).lines)).toEqual([
      '• A list item long enough to wrap onto a',
      '  second line at forty columns.',
      '  1. a nested numbered item that also',
      '     wraps around the edge',
      '• 短い',
      '',
      ' 9. nine',
      '10. ten',
    ]);
  });

  it('shows a table as columns when it fits, else as "header: value" lines with a hanging indent', () => {
    const md = ['| Model | Params |', '|---|---:|', '| T5 | 11B |', '| GPT-3 | 175B |'].join('\n');
    expect(text(layoutMarkdown(md, 40).lines)).toEqual(['Model │ Params', '──────┼───────', 'T5    │    11B', 'GPT-3 │   175B']);
    const wide = ['| Model | Notes |', '|---|---|', '| T5 | casts every task as text to text, with one model, one loss and one decoding procedure |'].join('\n');
    expect(text(layoutMarkdown(wide, 40).lines)).toEqual([
      'Model: T5',
      'Notes: casts every task as text to text,',
      '       with one model, one loss and one',
      '       decoding procedure',
    ]);
  });

  it('keeps a prefix on every line of a quote and a code block, and wraps code without losing a character', () => {
    const md = '> quoted text that is long enough to wrap at forty columns\n\n```\nx = some_function(argument_one, argument_two)  # a comment\n```';
    const lines = text(layoutMarkdown(md, 40, { color: false }).lines);
    expect(lines).toEqual([
      '│ quoted text that is long enough to',
      '│ wrap at forty columns',
      '',
      '│ x = some_function(argument_one, argume',
      '│ nt_two)  # a comment',
    ]);
  });

  it('wraps every shipped deck to 40 and 100 columns within the width', () => {
    const root = join(import.meta.dirname, '..', 'decks');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const md = readFileSync(join(root, file), 'utf8');
      for (const width of [40, 100]) expectWellWrapped(layoutMarkdown(md, width).lines, width);
    }
  });

  it('gives the help box its hanging indent: wrapped text lines up after the key', () => {
    const lines = wrapSegments([{ text: 'suspend: hide this card until `recall unsuspend` brings it back' }], 40, { first: [{ text: 's'.padEnd(12) }], rest: [{ text: ' '.repeat(12) }] });
    expect(text(lines)).toEqual(['s           suspend: hide this card', '            until `recall unsuspend`', '            brings it back']);
  });
});

describe('formulas, code and images in a card', () => {
  it('shows inline formulas in Unicode and display formulas in rows', () => {
    const md = 'Attention is $\\mathrm{softmax}(QK^\\top/\\sqrt{d_k})V$.\n\n$$\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$';
    expect(text(layoutMarkdown(md, 80).lines)).toEqual([
      'Attention is softmax(QKᵀ/√dₖ)V.',
      '',
      '                              ⎛ QKᵀ ⎞',
      '  Attention(Q, K, V) = softmax⎜─────⎟V',
      '                              ⎝ √dₖ ⎠',
    ]);
  });

  it('draws a display formula too wide for the screen on one line, wrapped', () => {
    const md = '$$\\mathcal{L} = -\\sum_{t=1}^{T} \\log p_\\theta(x_t \\mid x_{<t}) + \\frac{\\lambda}{2}\\|\\theta\\|_2^2$$';
    expect(text(layoutMarkdown(md, 30).lines)).toEqual(['  ℒ = −∑ₜ₌₁ᵀ log p_θ(xₜ |', '  x_{<t}) + λ/2 ‖θ‖₂²']);
  });

  it('shows TeX it cannot draw as its source, dimmed', () => {
    const [line] = layoutMarkdown('see $\\unknowncommand{x}$ here', 80).lines;
    expect(lineText(line!)).toBe('see $\\unknowncommand{x}$ here');
    expect(line!.find((s) => s.text.includes('unknowncommand'))).toMatchObject({ dim: true });
  });

  it('leaves dollar amounts alone', () => {
    expect(text(layoutMarkdown('About $600 to generate the data and about $338 to fine-tune.', 80).lines)).toEqual(['About $600 to generate the data and about $338 to fine-tune.']);
  });

  it('highlights code by its language when colour is on, and not at all when it is off', () => {
    const md = '```python\ndef attention(q, k, v):\n    return softmax(q @ k.T) @ v  # scores\n```';
    const on = layoutMarkdown(md, 60).lines;
    expect(text(on)).toEqual(['│ python', '│ def attention(q, k, v):', '│     return softmax(q @ k.T) @ v  # scores']);
    expect(on[1]).toContainEqual({ text: 'def', color: 'magenta' });
    expect(on[1]).toContainEqual({ text: 'attention', color: 'blue' });
    expect(on[2]).toContainEqual({ text: '# scores', color: 'gray', italic: true });
    const off = layoutMarkdown(md, 60, { color: false }).lines;
    expect(text(off)).toEqual(text(on));
    expect(off.slice(1).flatMap((l) => l.slice(1))).toEqual([
      { text: 'def attention(q, k, v):', color: 'yellow' },
      { text: '    return softmax(q @ k.T) @ v  # scores', color: 'yellow' },
    ]);
  });

  it('shows code in an unknown language in its one colour', () => {
    const lines = layoutMarkdown('```brainfuck\n+[>.]\n```', 60).lines;
    expect(lines[1]!.slice(1)).toEqual([{ text: '+[>.]', color: 'yellow' }]);
  });

  it('shows an image as a line of its own: [image: alt] and its path', () => {
    const lines = layoutMarkdown('The model: ![the transformer, figure 1](figs/transformer.png) as drawn.', 80).lines;
    expect(text(lines)).toEqual(['The model:', '[image: the transformer, figure 1] figs/transformer.png', 'as drawn.']);
    expect(lines[1]![0]).toMatchObject({ text: '[image: the transformer, figure 1]', color: 'cyan' });
    expect(text(layoutMarkdown('![](a.png)', 80).lines)).toEqual(['[image] a.png']);
  });

  it('shows control characters as symbols instead of sending them to the terminal', () => {
    expect(text(layoutMarkdown('bell\x07 and escape\x1b[31m', 80).lines)).toEqual(['bell␇ and escape␛[31m']);
  });
});

describe('a bounded layout', () => {
  it('stops after maxLines and says there is more', () => {
    const md = Array.from({ length: 100 }, (_, i) => `Paragraph ${i + 1}.`).join('\n\n');
    const layout = layoutMarkdown(md, 40, { maxLines: 5 });
    expect(text(layout.lines)).toEqual(['Paragraph 1.', '', 'Paragraph 2.', '', 'Paragraph 3.']);
    expect(layout.complete).toBe(false);
    expect(layoutMarkdown(md, 40, { maxLines: 199 }).complete).toBe(true);
    expect(layoutMarkdown(md, 40, { maxLines: 198 }).complete).toBe(false);
  });

  it('lays out the first screen of a 10 MB one-line answer the same as the start of the whole', () => {
    const words = 'the quick brown fox jumps over the lazy dog and $x^2$ **bold** ';
    const huge = words.repeat(Math.ceil(10_000_000 / words.length));
    const first = layoutMarkdown(huge, 80, { maxLines: 40 });
    expect(first.lines).toHaveLength(40);
    expect(first.complete).toBe(false);
    const small = layoutMarkdown(huge.slice(0, 20_000), 80, { maxLines: 40 });
    expect(first.lines).toEqual(small.lines);
    expectWellWrapped(first.lines, 80);
  });

  it('lays out far enough when the text needs more than its share of characters', () => {
    // Link targets are text too: 40 lines need far more than 2 characters per column here.
    const md = Array.from({ length: 60 }, (_, i) => `[${i}](https://example.com/${'x'.repeat(400)})`).join('\n\n');
    const layout = layoutMarkdown(md, 40, { maxLines: 40 });
    expect(layout.lines).toHaveLength(40);
    expect(layout.complete).toBe(false);
  });
});

describe('hostile formulas', () => {
  it('shows a formula too long for any card as its source, dimmed, without parsing it', () => {
    const { lines } = layoutMarkdown('$' + 'x+'.repeat(6000) + 'x$', 80);
    expect(lines).toHaveLength(151);
    expect(lines[0]).toEqual([{ text: '$' + 'x+'.repeat(39) + 'x', dim: true }]);
  });

  it('survives formulas nested thousands deep', () => {
    for (const tex of ['{'.repeat(5000) + 'x' + '}'.repeat(5000), '\\sqrt{'.repeat(2000) + 'x' + '}'.repeat(2000), '\\frac{'.repeat(3000)]) {
      const { lines } = layoutMarkdown(`$${tex}$`, 80, { maxLines: 3 });
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(stringWidth(lineText(line))).toBeLessThanOrEqual(80);
    }
  });
});

describe('graphemes', () => {
  it('cuts text as Intl.Segmenter does: CJK, accents, emoji families, flags, skin tones, Hangul', () => {
    const icu = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const pieces = ['a', '对', '齐', 'é', 'e\u0301', 'ŷ', 'y\u0302', '👍', '👍🏽', '👨‍👩‍👧', '🇫🇷', '한', '\u1100\u1161', '☃\ufe0f', 'x\u20d7', 'ℒ', '𝔼', '—', '（', ' '];
    let seed = 5;
    for (let n = 0; n < 2000; n++) {
      let text = '';
      for (let i = 0; i < 8; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += pieces[seed % pieces.length];
      }
      expect(graphemes(text), JSON.stringify(text)).toEqual([...icu.segment(text)].map((s) => s.segment));
    }
  });
});

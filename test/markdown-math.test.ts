// Formulas and images in card Markdown: where a formula starts and ends (Pandoc's rules), and
// which images a card has, at which line.
import { describe, expect, it } from 'vitest';
import { inlineText, listImages, parseInline, parseMarkdown } from '../src/core/markdown.js';
import { renderHtml } from '../src/export/html.js';

const math = { math: true } as const;
const formula = (tex: string, source: string, display = false) => ({ t: 'math', tex, display, source });

describe('formulas in Markdown', () => {
  it('parses $…$, $$…$$, \\(…\\) and \\[…\\] as formulas', () => {
    expect(parseInline('a $x_i$ b $$\\sum x$$ c \\(y^2\\) d \\[z\\]', math)).toEqual([
      { t: 'text', text: 'a ' },
      formula('x_i', '$x_i$'),
      { t: 'text', text: ' b ' },
      formula('\\sum x', '$$\\sum x$$', true),
      { t: 'text', text: ' c ' },
      formula('y^2', '\\(y^2\\)'),
      { t: 'text', text: ' d ' },
      formula('z', '\\[z\\]', true),
    ]);
  });

  it('leaves dollar amounts as text: no space inside the opening $, no digit after the closing $', () => {
    for (const text of ['$5 and $10', 'costs $ 5 and 6$', 'from $x $ on', '$20,000 and $30,000', 'about $600 to generate and about $338 to fine-tune']) {
      expect(parseInline(text, math), text).toEqual([{ t: 'text', text }]);
    }
    expect(parseInline('$x$5', math)).toEqual([{ t: 'text', text: '$x$5' }]);
  });

  it('keeps code spans, fences and escaped dollars as text', () => {
    expect(parseInline('`$x$` and \\$5 and \\$x$', math)).toEqual([{ t: 'code', text: '$x$' }, { t: 'text', text: ' and $5 and $x$' }]);
    const blocks = parseMarkdown('```\n$x$\n$$\ny\n$$\n```', math);
    expect(blocks).toEqual([{ t: 'code', lang: '', text: '$x$\n$$\ny\n$$' }]);
  });

  it('lets no emphasis reach into a formula', () => {
    const nodes = parseInline('_a $b_c$ d_ and $x_i$ with $y_j$', math);
    expect(nodes[0]).toMatchObject({ t: 'em', children: [{ t: 'text', text: 'a ' }, formula('b_c', '$b_c$'), { t: 'text', text: ' d' }] });
    expect(nodes.filter((n) => n.t === 'math')).toEqual([formula('x_i', '$x_i$'), formula('y_j', '$y_j$')]);
  });

  it('parses a display formula on lines of its own as a block, even right after a paragraph', () => {
    const blocks = parseMarkdown('The loss:\n$$\nL = -\\log \\sigma(x)\n$$\nso it is.\n\n\\[ a \\]', math);
    expect(blocks).toEqual([
      { t: 'paragraph', inline: [{ t: 'text', text: 'The loss:' }] },
      formula('L = -\\log \\sigma(x)', '$$\nL = -\\log \\sigma(x)\n$$', true),
      { t: 'paragraph', inline: [{ t: 'text', text: 'so it is.' }] },
      formula('a', '\\[ a \\]', true),
    ]);
    expect(parseMarkdown('$$ x\n\ny $$', math).map((b) => b.t)).toEqual(['paragraph', 'paragraph']);
  });

  it('stays text for readers that do not ask for formulas', () => {
    expect(parseMarkdown('a $x_i$ and $y_j$ b')).toEqual([{ t: 'paragraph', inline: [{ t: 'text', text: 'a $x_i$ and $y_j$ b' }] }]);
    expect(renderHtml('The loss $\\frac{a}{b}$ and\n$$\nx^2\n$$')).toBe('The loss $\\frac{a}{b}$ and<br>$$<br>x^2<br>$$');
    expect(inlineText(parseInline('see $x^2$', math))).toBe('see $x^2$');
  });

  it('scans a long line of unclosed dollars in linear time', () => {
    const text = '$a '.repeat(200_000);
    const start = performance.now();
    expect(parseInline(text, math)).toHaveLength(1);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('the images of a card', () => {
  it('lists each image with its line, skipping code and comments', () => {
    const text = [
      'The figure ![attention map](figs/attn.png) shows it.', // 1
      '```', // 2
      '![not an image](code.png)', // 3
      '```', // 4
      '- `![inline code](x.png)` and **![bold](b.png)**', // 5
      '<!-- ![commented](c.png) -->', // 6
      '[![badge](https://img.shields.io/x.svg)](https://x)', // 7
      '> ![quoted](../shared/q.jpg)', // 8
    ].join('\n');
    expect(listImages(text)).toEqual([
      { src: 'figs/attn.png', alt: 'attention map', line: 1, external: false },
      { src: 'b.png', alt: 'bold', line: 5, external: false },
      { src: 'https://img.shields.io/x.svg', alt: 'badge', line: 7, external: true },
      { src: '../shared/q.jpg', alt: 'quoted', line: 8, external: false },
    ]);
  });

  it('finds none in text without images', () => {
    expect(listImages('no images [a link](x.png) here')).toEqual([]);
  });
});

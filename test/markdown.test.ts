// The card Markdown parser: the subset people write in notes, as a tree.
import { describe, expect, it } from 'vitest';
import { inlineText, parseInline, parseMarkdown } from '../src/core/markdown.js';

describe('inline Markdown', () => {
  it('parses emphasis, code, links, images and strikethrough', () => {
    expect(parseInline('a **bold** and *it* and `x :: y` [T5](https://arxiv.org) ![fig](f.png) ~~old~~')).toEqual([
      { t: 'text', text: 'a ' },
      { t: 'strong', children: [{ t: 'text', text: 'bold' }] },
      { t: 'text', text: ' and ' },
      { t: 'em', children: [{ t: 'text', text: 'it' }] },
      { t: 'text', text: ' and ' },
      { t: 'code', text: 'x :: y' },
      { t: 'text', text: ' ' },
      { t: 'link', href: 'https://arxiv.org', children: [{ t: 'text', text: 'T5' }] },
      { t: 'text', text: ' ' },
      { t: 'image', src: 'f.png', alt: 'fig' },
      { t: 'text', text: ' ' },
      { t: 'del', children: [{ t: 'text', text: 'old' }] },
    ]);
  });

  it('nests strong inside emphasis and leaves snake_case and lone stars alone', () => {
    expect(inlineText(parseInline('*a **b** c*'))).toBe('a b c');
    expect(parseInline('*a **b** c*')[0]).toMatchObject({ t: 'em' });
    expect(parseInline('enable_fuzz and max_interval')).toEqual([{ t: 'text', text: 'enable_fuzz and max_interval' }]);
    expect(parseInline('2 * 3 * 4')).toEqual([{ t: 'text', text: '2 * 3 * 4' }]);
  });

  it('keeps line breaks, drops HTML comments, decodes entities and escapes', () => {
    expect(parseInline('one\ntwo<!-- id: x --> &amp; \\*not em\\*')).toEqual([
      { t: 'text', text: 'one' },
      { t: 'br' },
      { t: 'text', text: 'two & *not em*' },
    ]);
  });

  it('closes a code span only with a backtick run of the same length', () => {
    expect(parseInline('``a ` b`` c')).toEqual([{ t: 'code', text: 'a ` b' }, { t: 'text', text: ' c' }]);
    expect(parseInline('`a`` b')).toEqual([{ t: 'text', text: '`a`` b' }]);
  });

  it('handles CJK with bold', () => {
    expect(parseInline('**对齐税**是性能下降')).toEqual([{ t: 'strong', children: [{ t: 'text', text: '对齐税' }] }, { t: 'text', text: '是性能下降' }]);
  });
});

describe('block Markdown', () => {
  it('parses paragraphs, headings, fenced code, quotes and rules', () => {
    const blocks = parseMarkdown(['Para one', 'line two', '', '### Sub', '', '```python', 'x = {"a": 1}  # a :: b', '```', '', '> quoted', '', '---'].join('\n'));
    expect(blocks.map((b) => b.t)).toEqual(['paragraph', 'heading', 'code', 'quote', 'hr']);
    expect(blocks[2]).toEqual({ t: 'code', lang: 'python', text: 'x = {"a": 1}  # a :: b' });
  });

  it('parses nested and ordered lists', () => {
    const [list] = parseMarkdown(['- one', '  - nested', '- two', '  continued', '', '- three'].join('\n'));
    expect(list).toMatchObject({ t: 'list', ordered: false });
    const items = (list as { items: unknown[][] }).items;
    expect(items).toHaveLength(3);
    expect(items[0]!.map((b) => (b as { t: string }).t)).toEqual(['paragraph', 'list']);
    const [ordered] = parseMarkdown('3. c\n4. d\n');
    expect(ordered).toMatchObject({ t: 'list', ordered: true, start: 3 });
  });

  it('parses a table with alignment and escaped pipes', () => {
    const [table] = parseMarkdown(['| Model | Params |', '|:---|---:|', '| T5 \\| 11B | 11B |', '| GPT-3 | 175B |'].join('\n'));
    expect(table).toMatchObject({ t: 'table', align: ['left', 'right'] });
    const t = table as unknown as { header: never[][]; rows: never[][][] };
    expect(t.header.map(inlineText)).toEqual(['Model', 'Params']);
    expect(t.rows.map((r) => r.map(inlineText))).toEqual([['T5 | 11B', '11B'], ['GPT-3', '175B']]);
  });

  it('is linear: a 2 MB note parses in well under a second', () => {
    const big = Array.from({ length: 20_000 }, (_, i) => `- item ${i} with **bold** and \`code\` and *${'a'.repeat(50)}`).join('\n');
    const start = performance.now();
    parseMarkdown(big);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

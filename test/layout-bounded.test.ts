// The first screen of a huge answer parses only the start of it: the layout hands the Markdown
// parser a prefix sized to the lines it needs, never the 10 MB.
import { describe, expect, it, vi } from 'vitest';

const parsed = vi.hoisted(() => [] as number[]);
vi.mock('../src/core/markdown.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/core/markdown.js')>();
  return {
    ...real,
    parseMarkdown: (text: string, options?: { math: true }) => {
      parsed.push(text.length);
      return options ? real.parseMarkdown(text, options) : real.parseMarkdown(text);
    },
  };
});

const { layoutMarkdown } = await import('../src/render/layout.js');

const TEN_MB = 10_000_000;

describe('the layout of a 10 MB answer', () => {
  it('parses a few kilobytes of a one-line answer for its first screen', () => {
    const line = 'Attention weighs every token against every other, **quadratic** in the length $n^2$. ';
    const huge = line.repeat(Math.ceil(TEN_MB / line.length));
    parsed.length = 0;
    const layout = layoutMarkdown(huge, 100, { maxLines: 40 });
    expect(layout.lines).toHaveLength(40);
    expect(layout.complete).toBe(false);
    expect(parsed.length).toBeGreaterThan(0);
    expect(Math.max(...parsed)).toBeLessThan(20_000);
  });

  it('parses a few kilobytes of an answer of many short lines', () => {
    const huge = Array.from({ length: TEN_MB / 20 }, (_, i) => `- item ${String(i).padStart(10)}`).join('\n');
    parsed.length = 0;
    const layout = layoutMarkdown(huge, 100, { maxLines: 40 });
    expect(layout.lines).toHaveLength(40);
    expect(parsed.length).toBeGreaterThan(0);
    expect(parsed.reduce((a, b) => a + b, 0)).toBeLessThan(20_000);
  });

  it('parses more, and only as much more as needed, further down', () => {
    const huge = 'word '.repeat(TEN_MB / 5);
    parsed.length = 0;
    const layout = layoutMarkdown(huge, 100, { maxLines: 2000 });
    expect(layout.lines).toHaveLength(2000);
    expect(parsed.length).toBeGreaterThan(0);
    expect(Math.max(...parsed)).toBeLessThan(2000 * 100 * 2 * 4 + 4096);
  });
});

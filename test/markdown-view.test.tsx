// Card text on the screen through Ink: only the lines in view are drawn, so a tall answer can
// scroll with the question and the grade buttons kept in view, and a 10 MB answer costs a screenful.
import { Box, Text, useInput } from 'ink';
import { render } from 'ink-testing-library';
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { layoutMarkdown } from '../src/render/layout.js';
import { colorEnabled, Markdown, MarkdownLines, useMarkdownLayout } from '../src/ui/Markdown.js';

const pause = () => new Promise((r) => setTimeout(r, 30));
const frameLines = (frame: string | undefined) => (frame ?? '').split('\n');

/** The review screen's shape, as the lead will wire it: question, a window on the answer, buttons. */
function Scroller({ answer, width, height }: { answer: string; width: number; height: number }) {
  const [from, setFrom] = React.useState(0);
  const layout = useMarkdownLayout(answer, width, from + height + 1);
  const last = layout.complete ? Math.max(0, layout.lines.length - height) : Infinity;
  useInput((input, key) => {
    if (input === 'j' || key.downArrow) setFrom((f) => Math.min(last, f + 1));
    if (input === 'k' || key.upArrow) setFrom((f) => Math.max(0, f - 1));
    if (key.pageDown || input === ' ') setFrom((f) => Math.min(last, f + height));
  });
  return (
    <Box flexDirection="column">
      <Text>What is the question?</Text>
      <MarkdownLines lines={layout.lines} from={from} height={height} />
      <Text>1 Again 2 Hard 3 Good 4 Easy</Text>
    </Box>
  );
}

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `Line ${i + 1} of the answer.`).join('\n\n');

describe('card text on the screen', () => {
  const saved = process.env.NO_COLOR;
  afterEach(() => {
    if (saved === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = saved;
  });

  it('draws only the lines in view, and scrolls with the question and buttons kept', async () => {
    const app = render(<Scroller answer={numbered(50)} width={40} height={5} />);
    expect(frameLines(app.lastFrame())).toEqual(['What is the question?', 'Line 1 of the answer.', '', 'Line 2 of the answer.', '', 'Line 3 of the answer.', '1 Again 2 Hard 3 Good 4 Easy']);
    app.stdin.write('j');
    await pause();
    app.stdin.write('j');
    await pause();
    expect(frameLines(app.lastFrame())).toEqual(['What is the question?', 'Line 2 of the answer.', '', 'Line 3 of the answer.', '', 'Line 4 of the answer.', '1 Again 2 Hard 3 Good 4 Easy']);
    for (let i = 0; i < 30; i++) {
      app.stdin.write(' ');
      await pause();
    }
    // The bottom: the window stops at the last line.
    expect(frameLines(app.lastFrame()).slice(1, 6)).toEqual(['Line 48 of the answer.', '', 'Line 49 of the answer.', '', 'Line 50 of the answer.']);
    app.unmount();
  });

  it('shows the first screen of a 10 MB one-line answer as 20 wrapped lines', () => {
    const sentence = 'Every token attends to every other, so attention is quadratic in $n$. ';
    const huge = sentence.repeat(Math.ceil(10_000_000 / sentence.length));
    const app = render(<Scroller answer={huge} width={80} height={20} />);
    const lines = frameLines(app.lastFrame());
    expect(lines).toHaveLength(22);
    expect(lines[1]).toBe('Every token attends to every other, so attention is quadratic in n. Every token');
    expect(lines[21]).toBe('1 Again 2 Hard 3 Good 4 Easy');
    app.unmount();
  });

  it('reaches a 40-column terminal wrapped as laid out: no line starts with a space, list text hangs under its bullet', () => {
    const md = [
      'The alignment tax is the drop in benchmark performance that follows RLHF, measured on public NLP tasks.',
      '',
      '- 对齐之后模型在公开 NLP 基准上的性能下降（alignment tax），这就是对齐税。',
      '- A second item, long enough to wrap onto another line.',
    ].join('\n');
    const app = render(
      <Box width={40}>
        <Markdown text={md} width={40} />
      </Box>,
    );
    const lines = frameLines(app.lastFrame());
    expect(lines).toEqual([
      'The alignment tax is the drop in',
      'benchmark performance that follows RLHF,',
      'measured on public NLP tasks.',
      '',
      '• 对齐之后模型在公开 NLP 基准上的性能下',
      '  降（alignment tax），这就是对齐税。',
      '• A second item, long enough to wrap',
      '  onto another line.',
    ]);
    app.unmount();
  });

  it('draws lines [from, from + height) of a layout and nothing else', () => {
    const { lines } = layoutMarkdown(numbered(10), 40);
    const app = render(<MarkdownLines lines={lines} from={4} height={3} />);
    expect(app.lastFrame()).toBe('Line 3 of the answer.\n\nLine 4 of the answer.');
    app.unmount();
  });

  it('ends a card longer than its line limit with a dim ellipsis', () => {
    const app = render(<Markdown text={numbered(10)} width={40} maxLines={3} />);
    expect(app.lastFrame()).toBe('Line 1 of the answer.\n\nLine 2 of the answer.\n…');
    app.unmount();
  });

  it('reads NO_COLOR to leave code unhighlighted', () => {
    expect(colorEnabled({ NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled({})).toBe(true);
    const seen: string[][] = [];
    function Probe() {
      const layout = useMarkdownLayout('```python\ndef f(): pass\n```', 40);
      seen.push(layout.lines[1]!.map((s) => s.color ?? ''));
      return null;
    }
    process.env.NO_COLOR = '1';
    render(<Probe />).unmount();
    delete process.env.NO_COLOR;
    render(<Probe />).unmount();
    expect(seen[0]).toEqual(['gray', 'yellow']);
    expect(seen[1]).toContain('magenta');
  });
});

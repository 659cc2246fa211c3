// Card Markdown rendered as Ink elements: readable at any width, CJK included.
// Few Boxes: every Box is a layout node, and layout is most of a frame's cost.
import { Box, Text } from 'ink';
import React from 'react';
import stringWidth from 'string-width';
import { inlineText, parseMarkdown, type Block, type Inline } from '../core/markdown.js';

function Spans({ nodes }: { nodes: Inline[] }): React.ReactElement {
  return (
    <>
      {nodes.map((n, i) => {
        switch (n.t) {
          case 'text':
            return n.text;
          case 'strong':
            return <Text key={i} bold><Spans nodes={n.children} /></Text>;
          case 'em':
            return <Text key={i} italic><Spans nodes={n.children} /></Text>;
          case 'del':
            return <Text key={i} strikethrough><Spans nodes={n.children} /></Text>;
          case 'code':
            return <Text key={i} color="cyan">{n.text}</Text>;
          case 'br':
            return '\n';
          case 'image':
            return <Text key={i} dimColor>[image: {n.alt || n.src}]</Text>;
          case 'link': {
            const label = inlineText(n.children);
            return (
              <Text key={i} underline>
                <Spans nodes={n.children} />
                {label !== n.href ? <Text dimColor> ({n.href})</Text> : null}
              </Text>
            );
          }
        }
      })}
    </>
  );
}

function pad(text: string, width: number, align: 'left' | 'right' | 'center' | null): string {
  const space = Math.max(0, width - stringWidth(text));
  if (align === 'right') return ' '.repeat(space) + text;
  if (align === 'center') return ' '.repeat(Math.floor(space / 2)) + text + ' '.repeat(Math.ceil(space / 2));
  return text + ' '.repeat(space);
}

/** Columns when they fit the width; otherwise each row as "header: value" lines, which always fit. */
function Table({ block, width }: { block: Extract<Block, { t: 'table' }>; width: number }) {
  const header = block.header.map(inlineText);
  const rows = block.rows.map((r) => r.map(inlineText));
  const widths = header.map((h, c) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[c] ?? ''))));
  const total = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1);
  if (total <= width) {
    const line = (cells: string[]) => cells.map((cell, c) => pad(cell, widths[c]!, block.align[c] ?? null)).join(' │ ');
    return (
      <Text>
        <Text bold>{line(header)}</Text>
        {'\n'}
        <Text dimColor>{widths.map((w) => '─'.repeat(w)).join('─┼─')}</Text>
        {rows.map((r) => '\n' + line(r))}
      </Text>
    );
  }
  return (
    <Text>
      {rows.map((r, i) => (
        <React.Fragment key={i}>
          {i > 0 ? '\n\n' : ''}
          {r.map((cell, c) => (
            <React.Fragment key={c}>
              {c > 0 ? '\n' : ''}
              <Text bold>{header[c]}:</Text> {cell}
            </React.Fragment>
          ))}
        </React.Fragment>
      ))}
    </Text>
  );
}

const rule = { borderStyle: 'single', borderLeft: true, borderRight: false, borderTop: false, borderBottom: false, borderColor: 'gray', paddingLeft: 1 } as const;

function BlockView({ block, width }: { block: Block; width: number }): React.ReactElement | null {
  switch (block.t) {
    case 'paragraph':
      return <Text><Spans nodes={block.inline} /></Text>;
    case 'heading':
      return <Text bold underline><Spans nodes={block.inline} /></Text>;
    case 'hr':
      return <Text dimColor>{'─'.repeat(Math.min(width, 40))}</Text>;
    case 'code':
      return (
        <Box {...rule} flexDirection="column">
          {block.lang ? <Text dimColor>{block.lang}</Text> : null}
          <Text color="yellow">{block.text}</Text>
        </Box>
      );
    case 'quote':
      return (
        <Box {...rule} flexDirection="column">
          <Blocks blocks={block.blocks} width={width - 2} />
        </Box>
      );
    case 'table':
      return <Table block={block} width={width} />;
    case 'list':
      return (
        <Box flexDirection="column">
          {block.items.map((item, i) => {
            const bullet = block.ordered ? `${block.start + i}.` : '•';
            return (
              <Box key={i}>
                <Text>{bullet} </Text>
                <Box flexDirection="column" flexShrink={1}>
                  <Blocks blocks={item} width={width - bullet.length - 1} tight />
                </Box>
              </Box>
            );
          })}
        </Box>
      );
  }
}

function Blocks({ blocks, width, tight = false }: { blocks: Block[]; width: number; tight?: boolean }) {
  if (blocks.length === 1) return <BlockView block={blocks[0]!} width={width} />;
  return (
    <Box flexDirection="column" rowGap={tight ? 0 : 1}>
      {blocks.map((b, i) => <BlockView key={i} block={b} width={width} />)}
    </Box>
  );
}

export function Markdown({ text, width }: { text: string; width: number }) {
  const blocks = React.useMemo(() => parseMarkdown(text), [text]);
  return <Blocks blocks={blocks} width={width} />;
}

// Markdown -> Ink elements, readable in a terminal of any width, CJK included.
import { Box, Text } from 'ink';
import { Lexer, type Token, type Tokens } from 'marked';
import stringWidth from 'string-width';
import React from 'react';

function expandTabs(text: string): string {
  return text.replace(/\t/g, '    ');
}

function plain(tokens: Token[] | undefined): string {
  if (!tokens) return '';
  return tokens
    .map((t) => {
      if ('tokens' in t && t.tokens) return plain(t.tokens);
      if (t.type === 'br') return ' ';
      if (t.type === 'codespan') return (t as Tokens.Codespan).text;
      return 'text' in t ? String(t.text) : t.raw;
    })
    .join('');
}

function decode(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

function Inline({ tokens }: { tokens: Token[] | undefined }): React.ReactElement {
  return (
    <>
      {(tokens ?? []).map((t, i) => {
        switch (t.type) {
          case 'strong':
            return <Text key={i} bold><Inline tokens={(t as Tokens.Strong).tokens} /></Text>;
          case 'em':
            return <Text key={i} italic><Inline tokens={(t as Tokens.Em).tokens} /></Text>;
          case 'del':
            return <Text key={i} strikethrough><Inline tokens={(t as Tokens.Del).tokens} /></Text>;
          case 'codespan':
            return <Text key={i} color="cyan">{decode((t as Tokens.Codespan).text)}</Text>;
          case 'link': {
            const link = t as Tokens.Link;
            const label = plain(link.tokens);
            return <Text key={i} underline>{label}{label !== link.href ? <Text dimColor> ({link.href})</Text> : null}</Text>;
          }
          case 'image':
            return <Text key={i} dimColor>[image: {(t as Tokens.Image).text || (t as Tokens.Image).href}]</Text>;
          case 'br':
            return <Text key={i}>{'\n'}</Text>;
          case 'html':
            return /^<!--/.test(t.raw) ? null : <Text key={i}>{t.raw}</Text>;
          case 'text': {
            const text = t as Tokens.Text;
            return text.tokens ? <Inline key={i} tokens={text.tokens} /> : <Text key={i}>{decode(text.text)}</Text>;
          }
          case 'escape':
            return <Text key={i}>{(t as Tokens.Escape).text}</Text>;
          default:
            return <Text key={i}>{'text' in t ? decode(String(t.text)) : t.raw}</Text>;
        }
      })}
    </>
  );
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

/** Columns when they fit; otherwise each row as "header: value" lines, which always fit. */
function Table({ table, width }: { table: Tokens.Table; width: number }) {
  const header = table.header.map((c) => decode(plain(c.tokens)));
  const rows = table.rows.map((r) => r.map((c) => decode(plain(c.tokens))));
  const widths = header.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  const total = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1);
  if (total <= width) {
    const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!)).join(' │ ');
    return (
      <Box flexDirection="column">
        <Text bold>{line(header)}</Text>
        <Text dimColor>{widths.map((w) => '─'.repeat(w)).join('─┼─')}</Text>
        {rows.map((r, i) => <Text key={i}>{line(r)}</Text>)}
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {rows.map((r, i) => (
        <Box key={i} flexDirection="column" marginBottom={i < rows.length - 1 ? 1 : 0}>
          {r.map((cell, j) => (
            <Text key={j}><Text bold>{header[j]}:</Text> {cell}</Text>
          ))}
        </Box>
      ))}
    </Box>
  );
}

function Block({ token, width }: { token: Token; width: number }): React.ReactElement | null {
  switch (token.type) {
    case 'space':
    case 'hr':
      return null;
    case 'heading':
      return <Text bold underline><Inline tokens={(token as Tokens.Heading).tokens} /></Text>;
    case 'paragraph':
      return <Text><Inline tokens={(token as Tokens.Paragraph).tokens} /></Text>;
    case 'text': {
      const t = token as Tokens.Text;
      return <Text>{t.tokens ? <Inline tokens={t.tokens} /> : decode(t.text)}</Text>;
    }
    case 'code': {
      const code = token as Tokens.Code;
      return (
        <Box borderStyle="single" borderLeft borderRight={false} borderTop={false} borderBottom={false} borderColor="gray" paddingLeft={1} flexDirection="column">
          {code.lang ? <Text dimColor>{code.lang}</Text> : null}
          <Text color="yellow">{expandTabs(code.text)}</Text>
        </Box>
      );
    }
    case 'blockquote':
      return (
        <Box borderStyle="single" borderLeft borderRight={false} borderTop={false} borderBottom={false} borderColor="gray" paddingLeft={1} flexDirection="column">
          <Blocks tokens={(token as Tokens.Blockquote).tokens} width={width - 2} />
        </Box>
      );
    case 'list': {
      const list = token as Tokens.List;
      const start = typeof list.start === 'number' ? list.start : 1;
      return (
        <Box flexDirection="column">
          {list.items.map((item, i) => {
            const bullet = list.ordered ? `${start + i}.` : '•';
            return (
              <Box key={i}>
                <Text>{bullet} </Text>
                <Box flexDirection="column" flexShrink={1}>
                  <Blocks tokens={item.tokens} width={width - bullet.length - 1} tight />
                </Box>
              </Box>
            );
          })}
        </Box>
      );
    }
    case 'table':
      return <Table table={token as Tokens.Table} width={width} />;
    case 'html':
      return /^\s*<!--/.test(token.raw) ? null : <Text>{token.raw.trim()}</Text>;
    default:
      return <Text>{token.raw.trim()}</Text>;
  }
}

function Blocks({ tokens, width, tight = false }: { tokens: Token[]; width: number; tight?: boolean }) {
  const shown = tokens.filter((t) => t.type !== 'space' && t.type !== 'hr' && !(t.type === 'html' && /^\s*<!--/.test(t.raw)));
  return (
    <Box flexDirection="column">
      {shown.map((t, i) => (
        <Box key={i} marginBottom={!tight && i < shown.length - 1 ? 1 : 0}>
          <Block token={t} width={width} />
        </Box>
      ))}
    </Box>
  );
}

export function Markdown({ text, width }: { text: string; width: number }) {
  const tokens = React.useMemo(() => Lexer.lex(expandTabs(text), { gfm: true }), [text]);
  return <Blocks tokens={tokens} width={width} />;
}

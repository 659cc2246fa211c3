// The `recall import` screen: the proposals as a list, the selected one previewed as cards.
import { Box, Text } from 'ink';
import { faces } from '../core/card-kinds.js';
import type { ImportList, Row } from './import-list.js';
import { CardFaces } from './CardFaces.js';
import { useKeyMachine } from './use-key-machine.js';
import { useWidth } from './use-width.js';

const MARK = { pending: ' ', accept: '✓', skip: '✗' } as const;
const COLOR = { pending: undefined, accept: 'green', skip: 'gray' } as const;

function label(row: Row): string {
  const first = row.item.proposal.cards[0]!;
  const text = first.kind === 'cloze' ? faces(first).prompt : first.front;
  return text.replace(/\s+/g, ' ').trim();
}

function Detail({ row, width }: { row: Row; width: number }) {
  const p = row.item.proposal;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(width, 100)}>
      <Text dimColor>
        {row.note.shown}:{p.line} · {p.kind} · {p.cards.length} card{p.cards.length === 1 ? '' : 's'} →{' '}
        {row.item.status === 'update' ? `updates ${row.item.existing!.file}:${row.item.existing!.line}` : row.note.file}
      </Text>
      {p.section ? <Text dimColor>{p.section}</Text> : null}
      {p.cards.slice(0, 2).map((card, i) => {
        return (
          <Box key={i} marginTop={1}>
            <CardFaces card={card} width={Math.min(width, 100) - 4} context={false} />
          </Box>
        );
      })}
      {p.cards.length > 2 ? <Text dimColor>… and {p.cards.length - 2} more cloze cards from the same text</Text> : null}
      {p.notes.map((n, i) => (
        <Text key={i} color="yellow">Note: {n}</Text>
      ))}
    </Box>
  );
}

export function ImportApp({ list }: { list: ImportList }) {
  const width = useWidth();
  useKeyMachine(
    (input, key) => list.key(input, key),
    () => list.exit !== undefined,
  );
  if (list.exit && list.exit.kind !== 'write') return null;
  const size = 8;
  const from = Math.max(0, Math.min(list.index - 3, list.rows.length - size));
  const visible = list.rows.slice(from, from + size);
  const row = list.current!;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>
        {list.rows.length} proposal{list.rows.length === 1 ? '' : 's'} · <Text color="green">{list.count('accept')} accepted</Text> · {list.count('skip')} skipped
      </Text>
      {visible.map((r, i) => (
        <Text key={from + i} color={from + i === list.index ? 'cyan' : COLOR[r.decision]} wrap="truncate-end">
          {from + i === list.index ? '❯' : ' '} {MARK[r.decision]} {r.item.status === 'update' ? '[update] ' : ''}[{r.item.proposal.kind}] {label(r)}
        </Text>
      ))}
      <Detail row={row} width={width} />
      {list.message ? <Text color="yellow">{list.message}</Text> : null}
      <Text dimColor>a accept · s skip · e edit · A accept all · ↑↓ move · Enter write accepted · q quit without writing</Text>
    </Box>
  );
}

// The `recall import` screen: the proposals as a list, the selected one previewed as cards.
import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import { faces } from '../core/card-kinds.js';
import { m } from '../i18n/index.js';
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

/** `[update] [question]`: what a row is, in the interface language. */
function tag(row: Row): string {
  const kind = m.import.list.kind(m.notes.kinds[row.item.proposal.kind]);
  return row.item.status === 'update' ? `${m.import.list.update} ${kind}` : kind;
}

/** Each row's tag padded to the widest of the list, by display width, so the fronts line up. */
function padTags(rows: Row[]): (row: Row) => string {
  const widest = Math.max(0, ...rows.map((r) => stringWidth(tag(r))));
  return (row) => {
    const t = tag(row);
    return t + ' '.repeat(widest - stringWidth(t));
  };
}

function Detail({ row, width }: { row: Row; width: number }) {
  const p = row.item.proposal;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(width, 100)}>
      <Text dimColor>
        {m.import.list.where(`${row.note.shown}:${p.line}`, m.notes.kinds[p.kind], p.cards.length)}
        {row.item.status === 'update' ? m.import.list.updates(`${row.item.existing!.file}:${row.item.existing!.line}`) : row.note.file}
      </Text>
      {p.section ? <Text dimColor>{p.section}</Text> : null}
      {p.cards.slice(0, 2).map((card, i) => {
        return (
          <Box key={i} marginTop={1}>
            <CardFaces card={card} width={Math.min(width, 100) - 4} context={false} />
          </Box>
        );
      })}
      {p.cards.length > 2 ? <Text dimColor>{m.import.list.moreClozes(p.cards.length - 2)}</Text> : null}
      {p.notes.map((n, i) => (
        <Text key={i} color="yellow">
          {m.import.list.note(n)}
        </Text>
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
  const [before, between] = m.import.list.header(list.rows.length);
  const padded = padTags(visible);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>
        {before}
        <Text color="green">{m.import.list.accepted(list.count('accept'))}</Text>
        {between}
        {m.import.list.skipped(list.count('skip'))}
      </Text>
      {visible.map((r, i) => (
        <Text key={from + i} color={from + i === list.index ? 'cyan' : COLOR[r.decision]} wrap="truncate-end">
          {from + i === list.index ? '❯' : ' '} {MARK[r.decision]} {padded(r)} {label(r)}
        </Text>
      ))}
      <Detail row={row} width={width} />
      {list.message ? <Text color="yellow">{list.message}</Text> : null}
      <Text dimColor>{m.import.list.keys}</Text>
    </Box>
  );
}

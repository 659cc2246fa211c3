// The `recall find` list: one line per hit, the selected card's details below, keys to edit,
// suspend, mark, reset and undo. Thin: the list (core/hit-list.ts) does the work.
import { Box, Text, type Key } from 'ink';
import React from 'react';
import stringWidth from 'string-width';
import { cardKind } from '../core/card-kinds.js';
import type { HitAction, HitList } from '../core/hit-list.js';
import type { CardState, HitInfo } from '../core/search.js';
import type { Card } from '../core/types.js';
import { m } from '../i18n/index.js';
import { formatWhen, oneLine } from './format.js';
import { padEnd } from './stats/paint.js';
import { useKeyMachine } from './use-key-machine.js';
import { useTerminalSize } from './use-width.js';

export type FindExit = { kind: 'quit' } | { kind: 'edit'; card: Card };

const STATE_COLOR: Record<CardState, string> = { new: 'blue', learning: 'red', review: 'green', suspended: 'gray', leech: 'yellow' };


/** The card's question on one line: a cloze with its gap. */
export function questionLine(card: Card): string {
  return oneLine(cardKind(card).prompt(card));
}

/** A card's state in the interface language. */
function stateName(info: HitInfo): string {
  return m.find.states[info.state] ?? info.state;
}

/** The state column: as wide as the widest state name, by display width, plus a space. */
const stateWidth = () => Math.max(...Object.values(m.find.states).map((s) => stringWidth(s))) + 1;

function pctText(info: HitInfo): string {
  return info.recall === undefined ? '   —' : `${Math.round(info.recall * 100)}%`.padStart(4);
}

export interface FindAppProps {
  list: HitList;
  /** What was searched, for the title. */
  query: string;
  clock: () => number;
  onExit: (exit: FindExit) => void;
}

export function FindApp({ list, query, clock, onExit }: FindAppProps) {
  const { columns: width, rows } = useTerminalSize();
  const [exit, setExit] = React.useState<FindExit | undefined>();
  const message = React.useRef<string | undefined>(undefined);
  const height = Math.max(3, rows - 9);
  const finish = (e: FindExit) => {
    onExit(e);
    setExit(e);
  };
  useKeyMachine(
    (input: string, key: Key) => {
      if (exit) return;
      message.current = undefined;
      try {
        if (input === 'q' || key.escape || (key.ctrl && input === 'c')) return finish({ kind: 'quit' });
        if (key.upArrow || input === 'k') list.move(-1);
        else if (key.downArrow || input === 'j') list.move(1);
        else if (key.pageUp) list.move(-height);
        else if (key.pageDown) list.move(height);
        else if (key.return && list.current) return finish({ kind: 'edit', card: list.current });
        else {
          const act = { s: () => list.toggleSuspend(), m: () => list.toggleMark(), r: () => list.reset(), u: () => list.undo() }[input];
          const said = act?.();
          if (said) message.current = m.find.said[said satisfies HitAction];
        }
      } catch (error) {
        message.current = m.review.couldNotSave((error as Error).message);
      }
    },
    () => exit !== undefined,
  );
  if (exit) return null;
  const n = list.cards.length;
  const from = Math.max(0, Math.min(list.index - Math.floor(height / 2), n - height));
  const shown = list.cards.slice(from, from + height);
  const now = clock();
  const card = list.current;
  const info = card ? list.info(card) : undefined;
  return (
    <Box flexDirection="column" width="100%">
      <Text bold wrap="truncate-end">
        {m.find.matches(n, query)}
      </Text>
      {shown.map((c, i) => {
        const at = from + i;
        const hit = list.info(c);
        return (
          <Box key={at} width="100%">
            <Text color={at === list.index ? 'cyan' : undefined}>{at === list.index ? '❯ ' : '  '}</Text>
            <Text color={STATE_COLOR[hit.state]}>{padEnd(stateName(hit), stateWidth())}</Text>
            <Text color="yellow">{hit.marked ? '★ ' : '  '}</Text>
            <Text dimColor>{pctText(hit)} </Text>
            <Box flexShrink={1}>
              <Text wrap="truncate-end" color={at === list.index ? 'cyan' : undefined}>
                <Text dimColor>{c.deck} · </Text>
                {questionLine(c)}
              </Text>
            </Box>
          </Box>
        );
      })}
      <Text dimColor>{'─'.repeat(Math.max(4, Math.min(width, 60)))}</Text>
      {card && info ? (
        <>
          <Text wrap="truncate-end">
            <Text dimColor>
              {[
                `${card.file}:${card.line}`,
                stateName(info),
                ...(info.due !== undefined ? [m.find.due(formatWhen(info.due, now))] : []),
                ...(info.recall !== undefined ? [m.find.recallNow(Math.round(info.recall * 100))] : []),
                ...(card.tags.length ? [m.find.tags(card.tags.join(', '))] : []),
              ].join(' · ')}
            </Text>
          </Text>
          <Text wrap="truncate-end">{questionLine(card)}</Text>
        </>
      ) : null}
      <Text color="yellow">{message.current ?? ' '}</Text>
      <Text dimColor wrap="truncate-end">{m.find.keys}</Text>
    </Box>
  );
}

// The review screen. Thin: it renders the controller's view and turns keys into its methods.
// State lives in the controller, so a key handled right after another never sees stale state.
import { Box, Text, useApp, useInput } from 'ink';
import React from 'react';
import { faces } from '../core/faces.js';
import { formatInterval } from '../core/scheduler.js';
import type { Card, Grade } from '../core/types.js';
import type { ReviewController, ReviewView, SessionSummary } from '../review/controller.js';
import { Markdown } from './Markdown.js';
import { formatDuration, formatWhen } from './format.js';
import { useWidth } from './use-width.js';

export type ExitReason = { kind: 'quit' } | { kind: 'edit'; card: Card } | { kind: 'failed'; message: string };

/** Why an answer could not be saved, in words: the disk is full, the folder is read-only... */
function saveFailure(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EROFS: 'the state folder is on a read-only file system',
    EACCES: 'the state folder is not writable',
    EPERM: 'the state folder is not writable',
    EIO: 'the disk reported an input/output error',
  };
  return `${why[e.code ?? ''] ?? e.message}: this answer was not saved, so the session stops here. Every answer before it is safe. Free some space (or fix the folder) and run recall again.`;
}

const GRADE_LABELS: Record<Grade, string> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' };
const GRADE_COLORS: Record<Grade, string> = { 1: 'red', 2: 'yellow', 3: 'green', 4: 'blue' };

function ProgressBar({ done, total, width }: { done: number; total: number; width: number }) {
  const label = ` ${done}/${total}`;
  const size = Math.max(5, Math.min(40, width - label.length - 2));
  const filled = total === 0 ? size : Math.round((done / total) * size);
  return (
    <Text>
      <Text color="green">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(size - filled)}</Text>
      <Text dimColor>{label}</Text>
    </Text>
  );
}

function Header({ view, width }: { view: ReviewView; width: number }) {
  const card = view.session.current?.card;
  const where = card ? [card.deck, card.section].filter(Boolean).join(' › ') : '';
  const c = view.counts;
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between" flexWrap="wrap">
        <Text dimColor wrap="truncate-end">{where}</Text>
        <Text>
          <Text color="blue">{c.new}</Text> <Text color="red">{c.learning}</Text> <Text color="green">{c.review}</Text>
        </Text>
      </Box>
      <ProgressBar done={view.session.answers.length} total={view.total} width={width} />
    </Box>
  );
}

function Buttons({ view }: { view: ReviewView }) {
  const previews = view.previews ?? [];
  return (
    <Box flexWrap="wrap" columnGap={2}>
      {previews.map((p) => (
        <Text key={p.grade}>
          <Text bold color={GRADE_COLORS[p.grade]}>{p.grade}</Text> {GRADE_LABELS[p.grade]} <Text dimColor>{formatInterval(p.interval)}</Text>
        </Text>
      ))}
    </Box>
  );
}

const KEYS: [string, string][] = [
  ['Space/Enter', 'reveal the answer, then grade Good'],
  ['1 2 3 4', 'Again, Hard, Good, Easy'],
  ['u', 'undo the last answer, bury or suspend'],
  ['b', 'bury: hide this card until tomorrow'],
  ['s', 'suspend: hide this card until `recall unsuspend` brings it back'],
  ['e', "edit this card's file in $EDITOR"],
  ['?', 'show or hide these keys'],
  ['q / Esc', 'end the session'],
];

function Help() {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Keys</Text>
      {KEYS.map(([key, what]) => (
        <Text key={key}><Text color="cyan">{key.padEnd(12)}</Text>{what}</Text>
      ))}
    </Box>
  );
}

export function SummaryView({ summary, now }: { summary: SessionSummary; now: number }) {
  const pct = summary.answered ? Math.round((100 * summary.correct) / summary.answered) : 0;
  const { reviews, news } = summary.heldBack;
  const held = [reviews ? `${reviews} review${reviews === 1 ? '' : 's'}` : '', news ? `${news} new card${news === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
  return (
    <Box flexDirection="column">
      {summary.answered > 0 ? (
        <Text>
          Reviewed <Text bold>{summary.answered}</Text> card{summary.answered === 1 ? '' : 's'} in {formatDuration(summary.ms)} · {pct}% correct
        </Text>
      ) : (
        <Text>No cards reviewed.</Text>
      )}
      {summary.nextDue !== undefined ? <Text>Next card due {formatWhen(summary.nextDue, now)} · {summary.dueTomorrow} due by tomorrow</Text> : null}
      {held ? <Text dimColor>Waiting beyond today&apos;s limits: {held}</Text> : null}
      {summary.leeches.map((card) => (
        <Text key={card.id} color="yellow">
          Suspended as a leech (forgotten too often): {card.file}:{card.line}. Rewrite it or split it into smaller cards; `recall unsuspend` brings it back.
        </Text>
      ))}
    </Box>
  );
}

export interface ReviewAppProps {
  controller: ReviewController;
  clock: () => number;
  onExit: (reason: ExitReason) => void;
}

export function ReviewApp({ controller, clock, onExit }: ReviewAppProps) {
  const { exit } = useApp();
  const width = useWidth();
  const [, setTick] = React.useState(0);
  const revealed = React.useRef(false);
  const help = React.useRef(false);
  const finished = React.useRef<ExitReason | false>(false);
  const [message, setMessage] = React.useState<string | undefined>();
  const rerender = () => setTick((t) => t + 1);

  const finish = (reason: ExitReason) => {
    if (finished.current) return;
    finished.current = reason;
    onExit(reason);
    rerender();
  };

  const current = controller.session.current;
  React.useEffect(() => {
    if (!current && !finished.current) finish({ kind: 'quit' });
    // Exit only once the last frame (the summary) is committed, or it may never be drawn.
    if (finished.current) setTimeout(exit, 0);
  });

  useInput((input, key) => {
    if (finished.current) return;
    try {
      // Keys pressed while a frame renders can arrive as one chunk (" 3"): each is a key.
      if (input.length > 1 && !key.ctrl && !key.meta) {
        for (const ch of input) if (!finished.current) handleKey(ch === '\r' ? '' : ch, { return: ch === '\r', escape: false });
      } else handleKey(input, key);
    } catch (error) {
      // The controller changes nothing it could not write first: the session is as it was.
      finish({ kind: 'failed', message: saveFailure(error) });
    }
  });

  function handleKey(input: string, key: { return: boolean; escape: boolean }) {
    if (input === 'q' || key.escape) return finish({ kind: 'quit' });
    if (input === '?') {
      help.current = !help.current;
      return rerender();
    }
    if (input === 'u') {
      setMessage(controller.undo() ? 'Undone.' : 'Nothing to undo.');
      revealed.current = false;
      return rerender();
    }
    const card = controller.session.current?.card;
    if (!card) return;
    if (input === 'b' || input === 's') {
      if (input === 'b') controller.bury();
      else controller.suspend();
      setMessage(input === 'b' ? 'Buried until tomorrow (u to undo).' : 'Suspended (u to undo).');
      revealed.current = false;
      return rerender();
    }
    if (input === 'e') return finish({ kind: 'edit', card });
    if (!revealed.current) {
      if (input === ' ' || key.return) {
        revealed.current = true;
        setMessage(undefined);
        rerender();
      }
      return;
    }
    const grade = input === ' ' || key.return ? 3 : Number(input);
    if (grade >= 1 && grade <= 4) {
      controller.answer(grade as Grade);
      revealed.current = false;
      setMessage(undefined);
      rerender();
    }
  }

  // The last frame stays on the terminal: the summary, or nothing while an editor takes over.
  if (finished.current && finished.current.kind === 'edit') return null;
  if (!current || finished.current) {
    const failed = finished.current && finished.current.kind === 'failed' ? finished.current.message : undefined;
    return (
      <Box flexDirection="column">
        {failed ? <Text color="red">Could not save: {failed}</Text> : null}
        <SummaryView summary={controller.summary()} now={clock()} />
      </Box>
    );
  }

  const view = controller.view();
  const f = faces(current.card);
  const inner = Math.max(16, width - 2);
  return (
    <Box flexDirection="column" width={width}>
      <Header view={view} width={width} />
      {f.context.length ? <Text dimColor>{f.context.join(' › ')}</Text> : null}
      <Box flexDirection="column" marginTop={1}>
        <Markdown text={revealed.current && f.answerReplacesPrompt ? f.answer : f.prompt} width={inner} />
      </Box>
      {revealed.current && !f.answerReplacesPrompt ? (
        <Box flexDirection="column" marginTop={1}>
          <Text dimColor>{'─'.repeat(Math.min(inner, 40))}</Text>
          <Markdown text={f.answer} width={inner} />
        </Box>
      ) : null}
      <Box marginTop={1} flexDirection="column">
        {revealed.current ? <Buttons view={view} /> : <Text dimColor>Space reveal · ? keys · q quit</Text>}
        {message ? <Text dimColor>{message}</Text> : null}
      </Box>
      {help.current ? <Help /> : null}
    </Box>
  );
}

// The review screen, for the daily review, a cram and a drill. Thin: it draws the session's card,
// buttons and progress, and turns keys into the session's methods. No box is given the terminal's
// width as a number: right after a resize
// Ink lays out the last frame again before React redraws it, and a box sized for the old width
// would overflow the new one (the terminal would wrap it, and Ink would erase too few lines). State lives in the session, so a key handled right after another never
// sees stale state.
import { Box, Text, useApp, useInput } from 'ink';
import React from 'react';
import { faces } from '../core/card-kinds.js';
import { ReviewSession } from '../core/review-session.js';
import type { SessionProgress, StudyButton, StudySession } from '../core/study-session.js';
import { compareAnswer, expectedAnswer, type TypedResult } from '../core/type-in.js';
import type { Card, Grade } from '../core/types.js';
import stringWidth from 'string-width';
import { m } from '../i18n/index.js';
import { CardBody } from './CardBody.js';
import { Countdown } from './Countdown.js';
import { formatInterval, wrapWords } from './format.js';
import { summaryLines, type SummaryLine } from './summary.js';
import { editBuffer, emptyBuffer, type TextBuffer } from './text-buffer.js';
import { TextField } from './TextField.js';
import { TypedDiff } from './TypedDiff.js';
import { useTerminalSize } from './use-width.js';

export type ExitReason =
  | { kind: 'quit' }
  | { kind: 'interrupt' }
  | { kind: 'edit'; card: Card }
  /** Show the card's images: inline, where the terminal can draw them, or in the system viewer. */
  | { kind: 'images'; card: Card }
  | { kind: 'failed'; message: string };

/**
 * Why an answer could not be saved, in words (the disk is full, the folder is read-only...), and
 * which: the one just given, or (`unsynced`, a failed sync of the log) the one before it.
 */
function saveFailure(error: unknown, unsynced = (error as { unsynced?: boolean }).unsynced === true): string {
  const e = error as NodeJS.ErrnoException;
  const why = m.review.saveWhy[e.code ?? ''] ?? e.message;
  return unsynced ? m.review.syncFailed(why) : m.review.saveFailed(why);
}

const GRADE_COLORS: Record<Grade, string> = { 1: 'red', 2: 'yellow', 3: 'green', 4: 'blue' };

/** A session that offers only Again and Good asks pass or fail. */
function gradeLabel(grade: Grade, buttons: readonly StudyButton[]): string {
  const passFail = buttons.length === 2 && buttons[0]!.grade === 1 && buttons[1]!.grade === 3;
  return passFail ? (grade === 1 ? m.review.fail : m.review.pass) : m.review.grades[grade];
}

/** Done and left rather than done of a total: the bar only moves forward as you answer. */
function ProgressBar({ progress, width }: { progress: SessionProgress; width: number }) {
  const label = ` ${m.review.progress(progress.done, progress.left)}`;
  const size = Math.max(5, Math.min(40, width - stringWidth(label) - 1));
  const all = progress.done + progress.left;
  const filled = all === 0 ? size : Math.floor((progress.done / all) * size);
  return (
    <Text>
      <Text color="green">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(size - filled)}</Text>
      <Text dimColor>{label}</Text>
    </Text>
  );
}

function Header({ session, card, width, clock }: { session: StudySession; card: Card; width: number; clock: () => number }) {
  const where = [card.deck, card.section].filter(Boolean).join(' › ');
  const c = session.counts();
  const timer = session.timer;
  const marked = session.isMarked(card);
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between" width="100%">
        <Box flexShrink={1}>
          <Text dimColor wrap="truncate-end">{where}</Text>
        </Box>
        <Box flexShrink={0} marginLeft={1}>
          <Text>
            {marked ? <Text color="yellow">★ marked </Text> : null}
            {c ? (
              <>
                <Text color="blue">{c.new}</Text> <Text color="red">{c.learning}</Text> <Text color="green">{c.review}</Text>
              </>
            ) : null}
          </Text>
        </Box>
      </Box>
      <Box justifyContent="space-between" width="100%">
        <ProgressBar progress={session.progress()} width={width - (timer ? 14 : 0)} />
        {timer ? <Countdown key={`${card.id}@${timer.since}`} timer={timer} clock={clock} /> : null}
      </Box>
    </Box>
  );
}

function Buttons({ buttons, suggested }: { buttons: readonly StudyButton[]; suggested?: Grade }) {
  return (
    <Box flexWrap="wrap" columnGap={2}>
      {buttons.map((o) => (
        // The suggested grade in brackets: readable without colour.
        <Text key={o.grade}>
          {o.grade === suggested ? '[' : ''}
          <Text bold color={GRADE_COLORS[o.grade]}>{o.grade}</Text> <Text underline={o.grade === suggested}>{gradeLabel(o.grade, buttons)}</Text>
          {o.interval !== undefined ? <Text dimColor> {formatInterval(o.interval)}</Text> : null}
          {o.grade === suggested ? ']' : ''}
        </Text>
      ))}
    </Box>
  );
}

/** Each key in a column of its own, so a description that wraps keeps its indent. */
function Help({ width }: { width: number }) {
  const keys = m.review.keys;
  const keyWidth = Math.max(...keys.map(([k]) => stringWidth(k))) + 2;
  const textWidth = Math.max(10, width - 4 - keyWidth);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width="100%">
      <Text bold>{m.review.keysTitle}</Text>
      {keys.map(([key, what]) => (
        <Box key={key}>
          <Box width={keyWidth} flexShrink={0}>
            <Text color="cyan">{key}</Text>
          </Box>
          <Text>{wrapWords(what, textWidth).join('\n')}</Text>
        </Box>
      ))}
    </Box>
  );
}

export interface ReviewAppProps {
  session: StudySession;
  clock: () => number;
  onExit: (reason: ExitReason) => void;
  /** Said above the first card until the first key (a rebuilt snapshot, problems in the decks). */
  notices?: string[];
  /** Whether the card on screen has images (`o` opens them). */
  hasImages?: (card: Card) => boolean;
  /** What the screen says once the session is over; the daily review's summary by default. */
  summary?: () => SummaryLine[];
  /** Type the answer before the reveal, for cards with a short one (`--type`). */
  typeIn?: boolean;
  /** Shown above every card: what kind of session this is. */
  banner?: string;
  /** Shown before the reveal instead of the usual hint (a drill asks to answer out loud). */
  prompt?: string;
  /** Work the first answer would otherwise do, done once the first card is on screen. */
  afterFirstFrame?: () => void;
  /**
   * Gives the screen the way to hear that an answer recorded on screen did not reach the disk
   * (the session writes each answer before the next card and syncs it meanwhile): it stops.
   */
  watchSaves?: (failed: (error: unknown) => void) => void;
}

/** What was typed for the card on screen, and how it compared once checked. */
interface Typing {
  /** The card and the moment it was shown: a new showing starts a new answer. */
  key: string;
  expected?: string;
  buffer: TextBuffer;
  /** Esc: this card is answered without typing. */
  skipped: boolean;
  result?: TypedResult;
}

export function ReviewApp({ session, clock, onExit, notices = [], hasImages = () => false, summary, typeIn = false, banner, prompt, afterFirstFrame, watchSaves }: ReviewAppProps) {
  const summarize = summary ?? (() => (session instanceof ReviewSession ? summaryLines(session.summary(), clock()) : []));
  const { exit } = useApp();
  const { columns: width, rows } = useTerminalSize();
  const scroll = React.useRef(0);
  const scrollLimit = React.useRef(Infinity);
  const [, setTick] = React.useState(0);
  const revealed = React.useRef(false);
  const help = React.useRef(false);
  const showNotices = React.useRef(notices.length > 0);
  const finished = React.useRef<ExitReason | false>(false);
  const typing = React.useRef<Typing | undefined>(undefined);
  const [message, setMessage] = React.useState<string | undefined>();
  const rerender = () => setTick((t) => t + 1);

  const finish = (reason: ExitReason) => {
    if (finished.current) return;
    finished.current = reason;
    onExit(reason);
    rerender();
  };

  React.useEffect(() => {
    // Exit only once the last frame is committed, or it may never be drawn.
    if (finished.current) setTimeout(exit, 0);
  });

  React.useEffect(() => {
    watchSaves?.((error) => finish({ kind: 'failed', message: saveFailure(error, true) }));
    // Effects run once the frame is written: the first card is on screen before this work.
    const prepare = afterFirstFrame && setTimeout(afterFirstFrame, 0);
    return () => clearTimeout(prepare);
  }, []);

  /** The typing state of the card on screen, started afresh for each showing of a card. */
  function typingNow(): Typing | undefined {
    const current = session.current;
    if (!typeIn || !current) return undefined;
    const key = `${current.card.id}@${current.shownAt}`;
    if (typing.current?.key !== key) typing.current = { key, expected: expectedAnswer(current.card), buffer: emptyBuffer(), skipped: false };
    return typing.current;
  }

  useInput((input, key) => {
    if (finished.current) return;
    try {
      if (key.ctrl && input === 'c') return finish({ kind: 'interrupt' });
      const t = typingNow();
      if (t?.expected !== undefined && !t.skipped && !t.result && !revealed.current && !help.current) return handleTyping(t, input, key);
      // Keys pressed while a frame renders can arrive as one chunk (" 3"): each is a key.
      if (input.length > 1 && !key.ctrl && !key.meta) {
        for (const ch of input) if (!finished.current) handleKey(ch === '\r' ? '' : ch, { return: ch === '\r', escape: false });
      } else handleKey(input, key);
    } catch (error) {
      // The session changes nothing it could not write first: it is as it was.
      finish({ kind: 'failed', message: saveFailure(error) });
    }
  });

  /** While the answer is typed, every key is text but Enter (check it) and Esc (reveal without typing). */
  function handleTyping(t: Typing, input: string, key: Parameters<typeof editBuffer>[2]) {
    showNotices.current = false;
    if (key.escape) {
      t.skipped = true;
      return rerender();
    }
    // Typed fast (or pasted), the text and the Enter after it can arrive as one chunk.
    const enter = input.indexOf('\r');
    if (enter > 0) {
      t.buffer = editBuffer(t.buffer, input.slice(0, enter), {}, false) ?? t.buffer;
      return handleTyping(t, '', { return: true });
    }
    if (key.return) {
      t.result = compareAnswer(t.buffer.text, t.expected!);
      session.reveal();
      revealed.current = true;
      scroll.current = 0;
      setMessage(undefined);
      return rerender();
    }
    t.buffer = editBuffer(t.buffer, input, key, false) ?? t.buffer;
    rerender();
  }

  function handleKey(input: string, key: { return: boolean; escape: boolean; upArrow?: boolean; downArrow?: boolean; pageUp?: boolean; pageDown?: boolean }) {
    showNotices.current = false;
    const page = Math.max(1, bodyHeight() - 2);
    const step = input === 'j' || key.downArrow ? 1 : input === 'k' || key.upArrow ? -1 : key.pageDown ? page : key.pageUp ? -page : 0;
    if (step !== 0) {
      scroll.current = Math.max(0, Math.min(scrollLimit.current, scroll.current + step));
      return rerender();
    }
    if (input === 'q' || key.escape) return finish({ kind: 'quit' });
    if (input === '?') {
      help.current = !help.current;
      return rerender();
    }
    if (input === 'u') {
      setMessage(session.undo() ? m.review.undone : m.review.nothingToUndo);
      // Undoing a mark leaves the answer as it was on screen; anything else asks the card again.
      revealed.current = session.outcomes !== undefined;
      if (!revealed.current) scroll.current = 0;
      return rerender();
    }
    const card = session.current?.card;
    if (!card) {
      // The summary: the last answer can still be undone; any other key closes it.
      if (input === ' ' || key.return) return finish({ kind: 'quit' });
      return;
    }
    if (input === 'b' && !session.bury) {
      setMessage(m.review.buryOnlyInReview);
      return rerender();
    }
    if (input === 'b' || input === 's') {
      if (input === 'b') session.bury!();
      else session.suspend();
      setMessage(input === 'b' ? m.review.buried : m.review.suspended);
      revealed.current = false;
      scroll.current = 0;
      return rerender();
    }
    if (input === 'm') {
      setMessage(session.toggleMark() ? m.review.marked : m.review.unmarked);
      return rerender();
    }
    if (input === 'e') return finish({ kind: 'edit', card });
    if (input === 'o') {
      if (hasImages(card)) return finish({ kind: 'images', card });
      setMessage(m.review.noImage);
      return rerender();
    }
    if (!revealed.current) {
      if (input === ' ' || key.return) {
        session.reveal();
        revealed.current = true;
        scroll.current = 0;
        setMessage(undefined);
        rerender();
      }
      return;
    }
    const suggested = typing.current?.result?.suggested;
    const grade = input === ' ' || key.return ? (suggested ?? 3) : Number(input);
    if (session.outcomes?.some((o) => o.grade === grade)) {
      session.answer(grade as Grade);
      revealed.current = false;
      scroll.current = 0;
      setMessage(undefined);
      rerender();
    }
  }

  // The last frame stays on the terminal: the summary, or nothing while an editor takes over.
  if (finished.current && (finished.current.kind === 'edit' || finished.current.kind === 'images')) return null;
  const current = session.current;
  if (!current || finished.current) {
    const failed = finished.current && finished.current.kind === 'failed' ? finished.current.message : undefined;
    return (
      <Box flexDirection="column" width="100%">
        {failed ? <Text color="red">{m.review.couldNotSave(failed)}</Text> : null}
        {summarize().map((line, i) => (
          <Text key={i} dimColor={line.dim} color={line.warn ? 'yellow' : undefined}>
            {line.text}
          </Text>
        ))}
        {!finished.current ? (
          <Box marginTop={1}>
            <Text dimColor>{message ? `${message} · ` : ''}{m.review.hintSummary}</Text>
          </Box>
        ) : null}
      </Box>
    );
  }

  const f = faces(current.card);
  const inner = Math.max(16, width - 2);
  const outcomes = revealed.current ? session.outcomes : undefined;
  const noticeLines = (showNotices.current ? notices.length : 0) + (banner ? 1 : 0);
  const t = typingNow();
  const typingAnswer = t?.expected !== undefined && !t.skipped && !outcomes;
  const typed = outcomes ? t?.result : undefined;
  const passFail = outcomes !== undefined && outcomes.length === 2;
  const goodKey = typed ? m.review.goodKeySuggested(gradeLabel(typed.suggested, outcomes!)) : m.review.goodKey(passFail ? m.review.pass : m.review.grades[3]);
  return (
    <Box flexDirection="column" width="100%">
      {showNotices.current ? notices.map((n, i) => <Text key={i} color="yellow">{n}</Text>) : null}
      {banner ? <Text color="cyan">{banner}</Text> : null}
      <Header session={session} card={current.card} width={width} clock={clock} />
      {current.card.heading ? <Text dimColor>{current.card.heading}</Text> : null}
      <Box flexDirection="column" marginTop={1}>
        {help.current ? (
          <Help width={width} />
        ) : (
          <CardBody
            faces={f}
            revealed={Boolean(outcomes)}
            width={inner}
            height={bodyHeight(noticeLines)}
            scroll={scroll.current}
            onLimit={(last) => (scrollLimit.current = last)}
          />
        )}
      </Box>
      <Box marginTop={1} flexDirection="column">
        {typed ? <TypedDiff result={typed} /> : null}
        {outcomes ? (
          <>
            <Buttons buttons={outcomes} suggested={typed?.suggested} />
            <Text dimColor>{m.review.hintAfterKeys(goodKey)}</Text>
          </>
        ) : typingAnswer ? (
          <>
            <Box>
              <Text color="cyan">{m.review.typeTheAnswer}</Text>
              <TextField buffer={t!.buffer} active />
            </Box>
            <Text dimColor>{m.review.typeHint}</Text>
          </>
        ) : (
          <Text dimColor>{m.review.hintBeforeKeys(prompt ?? m.review.spaceReveal)}</Text>
        )}
        {message ? <Text dimColor>{message}</Text> : null}
      </Box>
    </Box>
  );

  /** Rows left for the card's text once the header, context, buttons and hints are drawn. */
  function bodyHeight(extra = 0): number {
    const buttons = width >= 62 ? 1 : 2;
    // Typing takes a line more than the hint alone; a checked answer shows its comparison (two lines).
    const typedLines = typeIn && session.current && expectedAnswer(session.current.card) !== undefined ? 2 : 0;
    const chrome = 2 + (current?.card.heading ? 1 : 0) + 1 + 1 + buttons + 1 + typedLines + (message ? 1 : 0) + extra;
    return Math.max(4, rows - 1 - chrome);
  }
}

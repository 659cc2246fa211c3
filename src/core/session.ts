// One review session as plain data: which card is up, what is left, how to undo.
// Every function returns a new state; nothing here reads the clock or touches a file.
import { learningComesBackToday } from './day.js';
import type { LearningEntry, Queue } from './queue.js';
import { State, type Progress } from './scheduler.js';
import type { Card, Grade } from './types.js';

export interface MainEntry {
  card: Card;
  isNew: boolean;
}

export interface Current {
  card: Card;
  isNew: boolean;
  fromLearning: boolean;
  shownAt: number;
}

/**
 * Something the user did to a card: recorded in the log as `eventId`, undone by restoring `before`
 * (a cram answer changed no progress: its undo restores nothing).
 */
export interface Action {
  kind: 'answer' | 'cram' | 'bury' | 'suspend' | 'mark' | 'unmark';
  card: Card;
  eventId: string;
  before: Progress | undefined;
  grade?: Grade;
  ms?: number;
  wasNew?: boolean;
}

interface Frame {
  learning: LearningEntry[];
  main: MainEntry[];
  current: Current;
  leeches: Card[];
  action: Action;
}

export interface SessionState {
  learning: LearningEntry[];
  main: MainEntry[];
  current?: Current;
  /** Answers given (and not undone), in order. */
  answers: Action[];
  leeches: Card[];
  undo: Frame[];
}

export function startSession(queue: Queue, progress: ReadonlyMap<string, Progress>): SessionState {
  return {
    learning: queue.learning,
    main: queue.entries ? [...queue.entries] : queue.main.map((card) => {
      const p = progress.get(card.id);
      return { card, isNew: !p || p.st === State.New };
    }),
    answers: [],
    leeches: [],
    undo: [],
  };
}

/** Anki's three numbers: new, learning and review cards left, the card on screen included. */
export function counts(s: SessionState): { new: number; learning: number; review: number } {
  let news = 0;
  for (const e of s.main) if (e.isNew) news++;
  const c = { new: news, learning: s.learning.length, review: s.main.length - news };
  if (s.current?.fromLearning) c.learning++;
  else if (s.current?.isNew) c.new++;
  else if (s.current) c.review++;
  return c;
}

/**
 * Shows the next card: a learning card that is due, else the next review or new card, else a
 * learning card due within the learn-ahead window. No `current` afterwards: the session is over.
 */
export function pickNext(s: SessionState, now: number, learnAheadMs: number): SessionState {
  if (s.current) return s;
  const first = s.learning[0];
  if (first && first.due <= now) return showLearning(s, first, now);
  const head = s.main[0];
  if (head) return { ...s, main: s.main.slice(1), current: { card: head.card, isNew: head.isNew, fromLearning: false, shownAt: now } };
  if (first && first.due <= now + learnAheadMs) return showLearning(s, first, now);
  return s;
}

function showLearning(s: SessionState, entry: LearningEntry, now: number): SessionState {
  return { ...s, learning: s.learning.slice(1), current: { card: entry.card, isNew: false, fromLearning: true, shownAt: now } };
}

function pushFrame(s: SessionState, action: Action): Frame[] {
  return [...s.undo, { learning: s.learning, main: s.main, current: s.current!, leeches: s.leeches, action }];
}

/** Records the answer to the card on screen; a card still in (re)learning comes back today. */
export function answerCurrent(s: SessionState, action: Action, after: Progress, day: { today: number; tomorrow: number }): SessionState {
  const learning = (after.st === State.Learning || after.st === State.Relearning) && learningComesBackToday(after.due, after.lrt, day.today, day.tomorrow) && !after.suspended;
  const becameLeech = after.suspended === 'leech' && action.before?.suspended !== 'leech';
  // Its siblings (the note's other cloze numbers, its reverse) wait until tomorrow, as the queue
  // would have decided had the answer come before it was built.
  return recordAnswer(s, action, { comesBackAt: learning ? after.due : undefined, buryNote: true, becameLeech });
}

/**
 * The answer to the card on screen, as the session decides it: whether the card comes back in
 * this sitting (and when), whether its siblings leave the session, whether it became a leech.
 */
export function recordAnswer(s: SessionState, action: Action, o: { comesBackAt?: number; buryNote: boolean; becameLeech: boolean }): SessionState {
  if (!s.current) return s;
  const learning = o.comesBackAt === undefined ? s.learning : [...s.learning, { card: action.card, due: o.comesBackAt }].sort((a, b) => a.due - b.due);
  const main = o.buryNote ? s.main.filter((e) => e.card.noteKey !== action.card.noteKey) : s.main;
  return {
    ...s,
    main,
    learning,
    current: undefined,
    answers: [...s.answers, action],
    leeches: o.becameLeech ? [...s.leeches, action.card] : s.leeches,
    undo: pushFrame(s, action),
  };
}

/** Mark or unmark: the card stays on screen, and the change can be undone like an answer. */
export function markCurrent(s: SessionState, action: Action): SessionState {
  if (!s.current) return s;
  return { ...s, undo: pushFrame(s, action) };
}

/** Bury or suspend: the card on screen leaves the session without an answer. */
export function setAsideCurrent(s: SessionState, action: Action): SessionState {
  if (!s.current) return s;
  return { ...s, current: undefined, undo: pushFrame(s, action) };
}

/** Takes back the last action: its card is on screen again and the queues are as they were. */
export function undoLast(s: SessionState, now: number): { state: SessionState; action?: Action } {
  const frame = s.undo[s.undo.length - 1];
  if (!frame) return { state: s };
  const answered = frame.action.kind === 'answer' || frame.action.kind === 'cram';
  const answers = answered ? s.answers.slice(0, -1) : s.answers;
  const marking = frame.action.kind === 'mark' || frame.action.kind === 'unmark';
  return {
    state: {
      learning: frame.learning,
      main: frame.main,
      // A mark left the card on screen: its time keeps running. Anything else shows it afresh.
      current: marking ? frame.current : { ...frame.current, shownAt: now },
      answers,
      leeches: frame.leeches,
      undo: s.undo.slice(0, -1),
    },
    action: frame.action,
  };
}

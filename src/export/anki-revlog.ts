// Anki's review log from recall's, streamed: a first quick read of the log learns what can only
// be known at its end (answers undone later, histories moved later, whether answers come in time
// order), and the second read turns each answer that stands into its revlog row as it passes.
// A million answers are never held as objects, nor even as columns when the log is in time
// order (one device's log always is); a merged log out of order is sorted first.
import type { MoveEvent } from '../core/events.js';
import { State } from '../core/scheduler.js';
import type { AnswerLine, AnswerState } from '../store/answer-line.js';
import type { ReviewLogSource } from '../store/review-log.js';
import { dayNumber, dayStartMs, type AnkiDay } from './anki-notes.js';

/**
 * An interval as the review log stores it (rslib/src/revlog/mod.rs): positive in days, negative
 * in seconds; a step that reaches past the next rollover counts in days, as Anki logs it
 * (rslib/src/scheduler/states/interval_kind.rs, maybe_as_days).
 */
function revlogInterval(secs: number, secsUntilRollover: number): number {
  if (secs <= 0) return 0;
  if (secs >= secsUntilRollover) return Math.floor((secs - secsUntilRollover) / 86_400) + 1;
  return -secs;
}

/** The interval a card was scheduled with by its last answer (not the time it waited since). */
function scheduledInterval(p: AnswerState, secsUntilRollover: number): number {
  if (p.st === State.Review) return Math.max(1, Math.round(p.sd));
  if (p.lrt === undefined) return 0;
  return revlogInterval(Math.round((p.due - p.lrt) / 1000), secsUntilRollover);
}

/** FSRS difficulty as Anki logs it in `factor`: shifted to 100-1100 (rslib/src/card/mod.rs). */
function revlogFactor(p: AnswerState): number {
  return p.d >= 1 ? Math.round(((p.d - 1) / 9 + 0.1) * 1000) : 0;
}

/** What the first read of the log learns. */
export interface LogSurvey {
  /** Ids of answers taken back by an undo. */
  undone: Set<string>;
  /** History moves, in log order. */
  moves: MoveEvent[];
  /** The card logged for the last answer at each time asked about (undone or not). */
  answeredAt: Map<number, string>;
  /** Whether answers come in time order (the revlog can then be written as the log is read). */
  inOrder: boolean;
  /** How many answers the log holds at most (undone ones and damaged lines counted). */
  answers: number;
}

/** The first read: `times` are the answer times whose card `answeredAt` should tell. */
export function surveyLog(source: ReviewLogSource, times: ReadonlySet<number>): LogSurvey {
  const survey: LogSurvey = { undone: new Set(), moves: [], answeredAt: new Map(), inOrder: true, answers: 0 };
  let last = -Infinity;
  source.survey(
    times,
    (at, card) => {
      if (at < last) survey.inOrder = false;
      last = at;
      survey.answers++;
      if (card !== undefined) survey.answeredAt.set(at, card);
    },
    (e) => {
      if (e.type === 'undo') survey.undone.add(e.of);
      else if (e.type === 'move') survey.moves.push(e);
    },
  );
  return survey;
}

/** A revlog row's values after its id and card id: ease, ivl, lastIvl, factor, time, type. */
export type RevlogValues = [ease: number, ivl: number, lastIvl: number, factor: number, time: number, type: number];

/**
 * The second read: each answer that stands, for a card `cardId` gives an Anki card id to, goes
 * to `write` as a revlog row, in id order. Anki's revlog id is the answer time in ms and must be
 * unique: an answer at a time already taken moves up to the next free millisecond, in log order.
 * Returns the number of rows. `pause` is handed to the source.
 */
export async function writeRevlog(
  source: ReviewLogSource,
  survey: LogSurvey,
  day: AnkiDay,
  cardId: (logged: string) => number | undefined,
  write: (id: number, cid: number, values: Readonly<RevlogValues>) => void,
  pause?: () => Promise<void> | undefined,
): Promise<number> {
  const values: RevlogValues = [0, 0, 0, 0, 0, 0];
  // In time order every id taken so far is at most the highest, and those from a taken time up
  // to it are all taken: the next free one is the one after it.
  let highest = -Infinity;
  let rows = 0;
  const held = survey.inOrder ? undefined : new HeldRows();
  const answer = (a: AnswerLine) => {
    if (survey.undone.size > 0 && survey.undone.has(a.id)) return;
    const cid = cardId(a.card);
    if (cid === undefined) return;
    revlogValues(a, day, values);
    rows++;
    if (held) return held.push(a.at, cid, values);
    const id = a.at > highest ? a.at : highest + 1;
    highest = id;
    write(id, cid, values);
  };
  await source.answers(
    answer,
    (e) => {
      if (e.type === 'review') answer(e);
    },
    pause,
  );
  held?.write(write);
  return rows;
}

/** Fills `out` with the revlog values of answer `a`. */
function revlogValues(a: AnswerLine, day: AnkiDay, out: RevlogValues): void {
  const untilRollover = Math.round((dayStartMs(dayNumber(a.at, day) + 1, day) - a.at) / 1000);
  const { before, after } = a;
  out[0] = a.grade;
  out[1] = after.st === State.Review ? Math.max(1, Math.round(after.sd)) : revlogInterval(Math.round((after.due - a.at) / 1000), untilRollover);
  out[2] = before && before.st !== State.New ? scheduledInterval(before, untilRollover) : 0;
  out[3] = revlogFactor(after);
  out[4] = Math.min(60_000, Math.max(0, Math.round(a.ms)));
  out[5] = !before || before.st === State.New || before.st === State.Learning ? 0 : before.st === State.Review ? 1 : 2;
}

const WIDTH = 8; // at, cid and the six values

/** Rows of a log out of time order: held as numbers, given their ids in log order, then written in id order. */
class HeldRows {
  private data = new Float64Array(1024 * WIDTH);
  private length = 0;

  push(at: number, cid: number, values: Readonly<RevlogValues>): void {
    if ((this.length + 1) * WIDTH > this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const o = this.length++ * WIDTH;
    this.data[o] = at;
    this.data[o + 1] = cid;
    for (let k = 0; k < 6; k++) this.data[o + 2 + k] = values[k]!;
  }

  write(write: (id: number, cid: number, values: Readonly<RevlogValues>) => void): void {
    const n = this.length;
    const ids = new Float64Array(n);
    const taken = new Set<number>();
    for (let i = 0; i < n; i++) {
      let id = this.data[i * WIDTH]!;
      while (taken.has(id)) id++;
      taken.add(id);
      ids[i] = id;
    }
    taken.clear();
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => ids[a]! - ids[b]!);
    const values: RevlogValues = [0, 0, 0, 0, 0, 0];
    for (const i of order) {
      for (let k = 0; k < 6; k++) values[k] = this.data[i * WIDTH + 2 + k]!;
      write(ids[i]!, this.data[i * WIDTH + 1]!, values);
    }
  }
}

// What every session the review screen drives has in common (the daily review, a cram, a drill):
// the card on screen, what is done and left, suspend, mark, and undo. Each kind decides its own
// queue and what an answer records. Nothing changes unless its events were recorded first.
import { newEventId, type CardRecord, type LogEvent, type ReviewEvent } from './events.js';
import type { Policy } from './policy.js';
import { ProgressStore } from './progress-store.js';
import type { ProgressLookup } from './queue.js';
import { sketchOf } from './reattach.js';
import { markCurrent, pickNext, setAsideCurrent, undoLast, type Action, type SessionState } from './session.js';
import type { Card, Grade } from './types.js';

export interface SessionDeps {
  progress: ProgressLookup;
  /** Records events durably and folds them into `progress`; throws if they could not be recorded. */
  append(events: LogEvent[]): void;
  policy: Policy;
  clock: () => number;
}

/** Done and left: answers given, and cards still to show (cards that come back included). */
export interface SessionProgress {
  done: number;
  left: number;
}

/** One answer button: its grade and, when the answer schedules the card, the interval it gives. */
export interface StudyButton {
  grade: Grade;
  /** From the answer to the next due time, in milliseconds. */
  interval?: number;
}

/** A question against the clock (a drill): asked at `since`, stopped at the reveal. */
export interface QuestionTimer {
  since: number;
  stoppedAt?: number;
  seconds: number;
}

export abstract class StudySession {
  session!: SessionState;
  protected revealed?: { cardId: string; buttons: StudyButton[] };

  constructor(protected readonly deps: SessionDeps) {}

  get current() {
    return this.session.current;
  }

  /** Anki's three numbers (new, learning, review left), where the kind of session has them. */
  abstract counts(): { new: number; learning: number; review: number } | undefined;

  abstract progress(): SessionProgress;

  /** The answer buttons of the card on screen, computed once when its answer is revealed. */
  abstract reveal(): StudyButton[];

  abstract answer(grade: Grade): void;

  /** The buttons shown for the card on screen, if its answer has been revealed. */
  get outcomes(): StudyButton[] | undefined {
    const current = this.session.current;
    return current && this.revealed?.cardId === current.card.id ? this.revealed.buttons : undefined;
  }

  /** The clock of the question on screen, in a session that times its questions. */
  get timer(): QuestionTimer | undefined {
    return undefined;
  }

  /** Bury: only the daily review has it (a cram or a drill is one sitting). */
  bury?(): void;

  /** How long the session waits before showing a card that comes back (Infinity: never waits). */
  protected abstract get learnAheadMs(): number;

  /** Asked for the card on screen at every frame: a ProgressStore answers without a lookup when no card is marked. */
  isMarked(card: Card): boolean {
    const progress = this.deps.progress;
    if (progress instanceof ProgressStore) return progress.isMarked(card.id);
    const record = (progress.peek ? progress.peek(card.id) : progress.get(card.id)) as CardRecord | undefined;
    return record?.marked === true;
  }

  /** Marks the card on screen, or unmarks it; returns whether it is marked now. */
  toggleMark(): boolean {
    const current = this.session.current;
    if (!current) return false;
    const now = this.deps.clock();
    const before = this.deps.progress.get(current.card.id) as CardRecord | undefined;
    const kind = before?.marked ? 'unmark' : 'mark';
    const event: LogEvent = { id: newEventId(now), type: kind, at: now, card: current.card.id };
    this.deps.append([event]);
    this.session = markCurrent(this.session, { kind, card: current.card, eventId: event.id, before });
    return kind === 'mark';
  }

  suspend(): void {
    this.setAside('suspend');
  }

  protected setAside(kind: 'bury' | 'suspend', until?: number): void {
    const current = this.session.current;
    if (!current) return;
    const now = this.deps.clock();
    const before = this.deps.progress.get(current.card.id);
    const event: LogEvent =
      kind === 'bury' ? { id: newEventId(now), type: 'bury', at: now, card: current.card.id, until } : { id: newEventId(now), type: 'suspend', at: now, card: current.card.id };
    this.deps.append([event]);
    this.revealed = undefined;
    this.session = pickNext(setAsideCurrent(this.session, { kind, card: current.card, eventId: event.id, before }), now, this.learnAheadMs);
  }

  /** Takes back the last answer, bury, suspend or mark; returns false when there is nothing to undo. */
  undo(): boolean {
    const now = this.deps.clock();
    const { state, action } = undoLast(this.session, now);
    if (!action) return false;
    const undo: LogEvent = { id: newEventId(now), type: 'undo', at: now, card: action.card.id, of: action.eventId };
    // A cram answer changed no progress, so its undo restores nothing.
    if (action.kind !== 'cram') undo.restore = action.before ? stripLocation(action.before) : null;
    this.deps.append([undo]);
    // A mark left the answer on screen as it was; after anything else the card is asked afresh.
    if (action.kind !== 'mark' && action.kind !== 'unmark') this.revealed = undefined;
    this.session = state;
    this.undone(action);
    return true;
  }

  /**
   * After the user edited deck files: the same session with the cards as they now read. `fresh`
   * finds a card's new version; a card it cannot find leaves the session.
   */
  replaceCards(fresh: (card: Card) => Card | undefined): void {
    const s = this.session;
    const main = s.main.flatMap((e) => {
      const card = fresh(e.card);
      return card ? [{ ...e, card }] : [];
    });
    const learning = s.learning.flatMap((e) => {
      const card = fresh(e.card);
      return card ? [{ ...e, card }] : [];
    });
    const card = s.current ? fresh(s.current.card) : undefined;
    this.revealed = undefined;
    this.session = pickNext({ ...s, main, learning, current: card && s.current ? { ...s.current, card } : undefined }, this.deps.clock(), this.learnAheadMs);
  }

  /**
   * The review that grading `card` (shown at `shownAt`) records at `now`: the state before, and
   * after it the state its button showed (the interval the user saw is the one applied).
   */
  protected review(card: Card, shownAt: number, grade: Grade, now: number, given: Pick<ReviewEvent, 'mode' | 'session'> = {}): { event: ReviewEvent; before?: CardRecord; after: CardRecord } {
    const before = this.deps.progress.get(card.id);
    const shown = this.outcomes?.find((o) => o.grade === grade) as { after?: CardRecord } | undefined;
    const after = shown?.after ?? this.deps.policy.answer(card, before, now, grade);
    const event: ReviewEvent = {
      id: newEventId(now),
      type: 'review',
      at: now,
      card: card.id,
      grade,
      ms: Math.max(0, now - shownAt),
      before: before ? stripLocation(before) : null,
      after: stripLocation(after),
      file: card.file,
      sk: sketchOf(card),
      ...given,
    };
    return { event, before, after };
  }

  /** What a kind of session forgets of an answer taken back (a drill's time to the reveal). */
  protected undone(_action: Action): void {}
}

/** Log lines carry the card's scheduling state, not where its text lives. */
export function stripLocation(record: CardRecord): CardRecord {
  const { file: _file, sk: _sk, ...rest } = record;
  return rest;
}

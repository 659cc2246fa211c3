// Cramming: every matching card, due or not, weakest first, in one sitting. Like an Anki filtered
// deck with rescheduling off, answers are logged as `cram` events, which the fold ignores: no due
// date moves. With `reschedule` they are real reviews instead. Either way a failed card comes
// back in the sitting (after the first learning step, or at once when nothing else is left) until
// it is passed once; that coming back is the session's own and is never logged as a schedule.
import type { CardRecord, LogEvent } from './events.js';
import { newEventId } from './events.js';
import type { History } from './history.js';
import type { ProgressLookup } from './queue.js';
import type { Scheduler } from './scheduler.js';
import { counts, pickNext, recordAnswer, startSession } from './session.js';
import { StudySession, type SessionDeps, type SessionProgress, type StudyButton } from './study-session.js';
import type { Card, Grade } from './types.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `1m`, `10m`, `1h`, `2d` (the settings' step syntax) in milliseconds. */
export function stepMs(step: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)([mhd])$/.exec(step ?? '');
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : 60_000;
}

export interface CramChoice {
  /** Only marked cards. */
  marked?: boolean;
  /** Only these cards (the ones answered Again lately: see `forgottenSince`). */
  only?: ReadonlySet<string>;
  limit?: number;
}

/**
 * The cards of a cram, lowest predicted recall now first (a card never studied counts as 0, so
 * it comes first too; ties keep deck order). Suspended cards are left out; buried ones are not:
 * a cram is asked for.
 */
export function cramCards(cards: readonly Card[], progress: ProgressLookup, scheduler: Scheduler, now: number, choice: CramChoice = {}): Card[] {
  const look = progress.peek ? progress.peek.bind(progress) : progress.get.bind(progress);
  const chosen: { card: Card; recall: number; i: number }[] = [];
  cards.forEach((card, i) => {
    const p = look(card.id) as Readonly<CardRecord> | undefined;
    if (p?.suspended) return;
    if (choice.marked && !p?.marked) return;
    if (choice.only && !choice.only.has(card.id)) return;
    chosen.push({ card, recall: scheduler.retrievability(p, now), i });
  });
  chosen.sort((a, b) => a.recall - b.recall || a.i - b.i);
  return chosen.slice(0, choice.limit ?? chosen.length).map((c) => c.card);
}

/** Cards answered Again (in a review, a drill or a cram) at or after `since`. */
export function forgottenSince(history: History, since: number): Set<string> {
  const out = new Set<string>();
  for (let i = history.length - 1; i >= 0 && history.at[i]! >= since; i--) if (history.grade[i] === 1) out.add(history.cards[history.card[i]!]!);
  for (const p of history.practice) if (p.at >= since && p.grade === 1) out.add(p.card);
  return out;
}

export interface CramSummary {
  answered: number;
  /** Cards answered at least once. */
  cards: number;
  /** Cards passed the first time they were asked. */
  firstTime: number;
  ms: number;
  /** Cards failed at least once in the sitting, in the order they were first failed. */
  failed: Card[];
  /** Cards not reached before the session ended. */
  left: number;
  reschedule: boolean;
}

export class CramSession extends StudySession {
  /** Names this sitting in the log: its answers carry it. */
  readonly id: string;
  private readonly comeBackMs: number;

  constructor(
    deps: SessionDeps,
    cards: Card[],
    readonly reschedule = false,
  ) {
    super(deps);
    const now = deps.clock();
    this.id = newEventId(now);
    this.comeBackMs = stepMs(deps.policy.settings.learningSteps[0]);
    const queue = { learning: [], main: cards, heldBack: { reviews: 0, news: 0 }, planNotes: [] };
    this.session = pickNext(startSession(queue, deps.progress), now, this.learnAheadMs);
  }

  /** A cram is one sitting: a failed card never makes it wait. */
  protected get learnAheadMs(): number {
    return Infinity;
  }

  counts() {
    return counts(this.session);
  }

  progress(): SessionProgress {
    const s = this.session;
    return { done: s.answers.length, left: s.main.length + s.learning.length + (s.current ? 1 : 0) };
  }

  /** Without rescheduling the buttons only grade; with it they show the interval each gives. */
  reveal(): StudyButton[] {
    const current = this.session.current;
    if (!current) return [];
    if (this.revealed?.cardId !== current.card.id) {
      const buttons = this.reschedule
        ? this.deps.policy.outcomes(current.card, this.deps.progress.get(current.card.id), this.deps.clock())
        : ([1, 2, 3, 4] as const).map((grade) => ({ grade }));
      this.revealed = { cardId: current.card.id, buttons };
    }
    return this.revealed.buttons;
  }

  answer(grade: Grade): void {
    const current = this.session.current;
    if (!current) return;
    const now = this.deps.clock();
    const card = current.card;
    const before = this.deps.progress.get(card.id);
    const ms = Math.max(0, now - current.shownAt);
    let event: LogEvent;
    let becameLeech = false;
    if (this.reschedule) {
      const review = this.review(card, current.shownAt, grade, now, { mode: 'cram', session: this.id });
      becameLeech = review.after.suspended === 'leech' && before?.suspended !== 'leech';
      event = review.event;
    } else event = { id: newEventId(now), type: 'cram', at: now, card: card.id, grade, ms, session: this.id };
    this.deps.append([event]);
    this.revealed = undefined;
    const action = { kind: this.reschedule ? ('answer' as const) : ('cram' as const), card, eventId: event.id, before, grade, ms, wasNew: current.isNew };
    const comesBackAt = grade === 1 && !becameLeech ? now + this.comeBackMs : undefined;
    this.session = pickNext(recordAnswer(this.session, action, { comesBackAt, buryNote: false, becameLeech }), now, this.learnAheadMs);
  }

  summary(): CramSummary {
    const answers = this.session.answers;
    const seen = new Set<string>();
    const failed: Card[] = [];
    const failedIds = new Set<string>();
    let firstTime = 0;
    for (const a of answers) {
      const first = !seen.has(a.card.id);
      seen.add(a.card.id);
      if (first && (a.grade ?? 1) > 1) firstTime++;
      if (a.grade === 1 && !failedIds.has(a.card.id)) {
        failedIds.add(a.card.id);
        failed.push(a.card);
      }
    }
    return {
      answered: answers.length,
      cards: seen.size,
      firstTime,
      ms: answers.reduce((sum, a) => sum + (a.ms ?? 0), 0),
      failed,
      left: this.progress().left,
      reschedule: this.reschedule,
    };
  }
}

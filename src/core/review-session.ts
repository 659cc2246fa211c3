// A review session as the screen sees it: the card on screen, its answer buttons, what is done
// and what is left, undo. It knows nothing of files: it is given the cards, the progress, a clock,
// the scheduling policy and `append`, which records events (in the log before it returns, on disk
// before the next answer is taken) and folds them into the progress. Every method changes nothing
// unless its events were recorded first.
import { dayStart, nextDayStart } from './day.js';
import type { Outcome } from './policy.js';
import type { CardTable } from './card-table.js';
import { asTable, buildQueue, recordsOf } from './queue.js';
import { sketchOf } from './reattach.js';
import { State } from './scheduler.js';
import { answerCurrent, counts, pickNext, startSession } from './session.js';
import { StudySession, type SessionDeps, type SessionProgress } from './study-session.js';
import type { Card, Grade } from './types.js';

/** Characters of card text up to which prepare() computes the card's sketch ahead. */
const WARM_SKETCH_LIMIT = 20_000;

export type ReviewDeps = SessionDeps;
export type { SessionProgress };

export interface SessionSummary {
  answered: number;
  correct: number;
  ms: number;
  leeches: Card[];
  /** The earliest due time of any card not suspended, once the session is over. */
  nextDue?: number;
  dueTomorrow: number;
  learningLater: number;
  /** Due reviews and new cards that today's limits (or --limit) kept out of the session. */
  heldBack: { reviews: number; news: number };
  /** Cards of this session's decks that are suspended, by you or as leeches. */
  suspended: { user: number; leech: number };
  /** New cards not yet introduced, beyond today's limits. */
  newWaiting: number;
}

export class ReviewSession extends StudySession {
  /** What the plans changed in today's queue, one line each. */
  planNotes: string[] = [];
  private heldBack = { reviews: 0, news: 0 };
  declare protected revealed?: { cardId: string; buttons: Outcome[] };

  private cards: CardTable;

  constructor(
    deps: ReviewDeps,
    cards: CardTable | readonly Card[],
    private readonly limit?: number,
  ) {
    super(deps);
    this.cards = asTable(cards);
    this.rebuild();
  }

  protected get learnAheadMs(): number {
    return this.deps.policy.learnAheadMs;
  }

  private rebuild(): void {
    const now = this.deps.clock();
    const queue = buildQueue({ cards: this.cards, progress: this.deps.progress, now, policy: this.deps.policy, limit: this.limit });
    this.planNotes = queue.planNotes;
    this.heldBack = queue.heldBack;
    this.revealed = undefined;
    this.session = pickNext(startSession(queue, this.deps.progress), now, this.learnAheadMs);
  }

  counts() {
    return counts(this.session);
  }

  /**
   * What the first answer would otherwise do on its way to the next card, done ahead (the review
   * screen calls it once the first card is on screen): the session's cards made, which an answer
   * looks through for the card's siblings. Changes nothing.
   */
  prepare(): void {
    for (const entry of this.session.main) void entry.card;
    const progress = this.deps.progress;
    const current = this.session.current;
    if (current) {
      // Finds its row as the answer will (the index of the cards' ids is read then).
      progress.has(current.card.id);
      // Computes once the sketch an answer logs (not kept: the answer computes it again, now as
      // warm code, with the card's text read), on a card of common size: on a card of megabytes
      // it is seconds of work and hundreds of MB the user may never ask for.
      if (current.card.front.length + current.card.back.length <= WARM_SKETCH_LIMIT) sketchOf(current.card);
    }
  }

  progress(): SessionProgress {
    const c = counts(this.session);
    return { done: this.session.answers.length, left: c.new + c.learning + c.review };
  }

  /**
   * The answer buttons of the card on screen, computed once when the answer is revealed: the
   * interval a button shows is exactly the one its grade applies, however long the user takes.
   */
  reveal(): Outcome[] {
    const current = this.session.current;
    if (!current) return [];
    if (this.revealed?.cardId !== current.card.id) {
      const before = this.deps.progress.get(current.card.id);
      this.revealed = { cardId: current.card.id, buttons: this.deps.policy.outcomes(current.card, before, this.deps.clock()) };
    }
    return this.revealed.buttons;
  }

  /** The buttons shown for the card on screen, if its answer has been revealed. */
  override get outcomes(): Outcome[] | undefined {
    return super.outcomes as Outcome[] | undefined;
  }

  answer(grade: Grade): void {
    const current = this.session.current;
    if (!current) return;
    const now = this.deps.clock();
    const { event, before, after } = this.review(current.card, current.shownAt, grade, now);
    this.deps.append([event]);
    this.revealed = undefined;
    const action = { kind: 'answer' as const, card: current.card, eventId: event.id, before, grade, ms: event.ms, wasNew: current.isNew };
    const rollover = this.deps.policy.settings.rolloverHour;
    const day = { today: dayStart(now, rollover), tomorrow: nextDayStart(now, rollover) };
    this.session = pickNext(answerCurrent(this.session, action, after, day), now, this.learnAheadMs);
  }

  override bury(): void {
    this.setAside('bury', nextDayStart(this.deps.clock(), this.deps.policy.settings.rolloverHour));
  }

  /** Rebuilds today's queue from the current progress (the clock may have moved on). */
  refresh(): void {
    this.reload(this.cards);
  }

  /** After the user edited a deck file: new text, same progress. The card on screen stays if it still exists. */
  reload(cards: CardTable | readonly Card[]): void {
    this.cards = asTable(cards);
    const currentId = this.session.current?.card.id;
    this.rebuild();
    const at = currentId ? this.cards.find(currentId) : -1;
    const card = at === -1 ? undefined : this.cards.card(at);
    if (card && this.session.current?.card.id !== card.id) {
      const p = this.deps.progress.get(card.id);
      const isNew = !p || p.st === State.New;
      const main = this.session.current ? [{ card: this.session.current.card, isNew: this.session.current.isNew }, ...this.session.main] : this.session.main;
      this.session = {
        ...this.session,
        main: main.filter((m) => m.card.id !== card.id),
        learning: this.session.learning.filter((l) => l.card.id !== card.id),
        current: { card, isNew, fromLearning: false, shownAt: this.deps.clock() },
      };
    }
  }

  summary(): SessionSummary {
    const answers = this.session.answers;
    const now = this.deps.clock();
    const rollover = this.deps.policy.settings.rolloverHour;
    const tomorrowStart = nextDayStart(now, rollover);
    const dayAfter = nextDayStart(tomorrowStart, rollover);
    const look = recordsOf(this.cards, this.deps.progress);
    let nextDue: number | undefined;
    let dueTomorrow = 0;
    const suspended = { user: 0, leech: 0 };
    let newWaiting = 0;
    for (let i = 0; i < this.cards.length; i++) {
      const p = look(i);
      if (p?.suspended) {
        suspended[p.suspended]++;
        continue;
      }
      if (!p || p.st === State.New) {
        newWaiting++;
        continue;
      }
      const due = Math.max(p.due, p.buriedUntil ?? 0);
      if (nextDue === undefined || due < nextDue) nextDue = due;
      // Left over today or due tomorrow: either way it waits for tomorrow's session.
      if (due < dayAfter) dueTomorrow++;
    }
    return {
      answered: answers.length,
      correct: answers.filter((a) => (a.grade ?? 1) > 1).length,
      ms: answers.reduce((sum, a) => sum + (a.ms ?? 0), 0),
      leeches: this.session.leeches,
      nextDue,
      dueTomorrow,
      learningLater: this.session.learning.length,
      heldBack: this.heldBack,
      suspended,
      newWaiting,
    };
  }
}

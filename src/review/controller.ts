// A review session wired to its state folder. The UI calls these methods and renders `view()`;
// every action is in the log, on disk, before the method returns.
import { answered, applyEvent, type CardRecord, type FoldContext, type LogEvent } from '../core/events.js';
import { dayStart, nextDayStart } from '../core/day.js';
import { buildQueue } from '../core/queue.js';
import { planReattach, sketchOf } from '../core/reattach.js';
import { Scheduler, State, type GradePreview } from '../core/scheduler.js';
import { answerCurrent, counts, pickNext, setAsideCurrent, startSession, undoLast, type SessionState } from '../core/session.js';
import type { Settings } from '../core/settings.js';
import type { Collection } from '../core/collection.js';
import { filterCards } from '../core/collection.js';
import type { Card, Grade } from '../core/types.js';
import { cappedDue, planFor, type Plan } from '../core/plan.js';
import { newEventId, type LogWriter } from '../store/review-log.js';
import type { LoadedState } from '../store/state.js';

export interface Filters {
  deck?: string;
  tag?: string;
  limit?: number;
  /** Interview plans (`recall plan`): they shape the queue and cap intervals. */
  plans?: readonly Plan[];
}

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
}

export interface ReviewView {
  session: SessionState;
  counts: { new: number; learning: number; review: number };
  total: number;
  previews?: GradePreview[];
}

export class ReviewController {
  readonly scheduler: Scheduler;
  private readonly ctx: FoldContext;
  session!: SessionState;
  private total = 0;
  private moved: string[] = [];
  /** What the plans changed in today's queue, one line each. */
  planNotes: string[] = [];
  private heldBack = { reviews: 0, news: 0 };

  constructor(
    private collection: Collection,
    private readonly state: LoadedState,
    private readonly writer: LogWriter,
    readonly settings: Settings,
    private readonly filters: Filters,
    private readonly clock: () => number,
  ) {
    this.scheduler = new Scheduler(settings);
    this.ctx = { scheduler: this.scheduler, leechThreshold: settings.leechThreshold };
    // The queue counts the cards that have a history; only when some history is left over is
    // there anything to re-attach (then the queue is built again with the moved histories).
    const withProgress = this.rebuildSession();
    if (this.reattach(this.filtered() ? undefined : withProgress)) this.rebuildSession();
  }

  private filtered(): boolean {
    return this.filters.deck !== undefined || this.filters.tag !== undefined;
  }

  get progress(): ReadonlyMap<string, CardRecord> {
    return this.state.progress;
  }

  /** Histories that followed an edited card this session, as messages. */
  get reattached(): readonly string[] {
    return this.moved;
  }

  private cards(): Card[] {
    return filterCards(this.collection.cards, this.filters);
  }

  private deckNewLimits(): Map<string, number> {
    const limits = new Map<string, number>();
    for (const d of this.collection.decks) if (d.meta.newPerDay !== undefined) limits.set(d.deck, d.meta.newPerDay);
    return limits;
  }

  private retentionOf(card: Card): number | undefined {
    return this.collection.decks.find((d) => d.file === card.file)?.meta.retention;
  }

  /** Builds today's session; returns how many of the cards have a history. */
  private rebuildSession(): number {
    const now = this.clock();
    const queue = buildQueue({
      cards: this.cards(),
      progress: this.state.progress,
      now,
      settings: this.settings,
      scheduler: this.scheduler,
      deckNewPerDay: this.deckNewLimits(),
      limit: this.filters.limit,
      plans: this.filters.plans,
    });
    this.planNotes = queue.planNotes;
    this.heldBack = queue.heldBack;
    this.session = pickNext(startSession(queue, this.state.progress), now, this.learnAheadMs());
    this.total = queue.learning.length + queue.main.length;
    return queue.withProgress;
  }

  private learnAheadMs() {
    return this.settings.learnAheadMinutes * 60_000;
  }

  private write(events: LogEvent[]) {
    const last = events[events.length - 1];
    if (!last) return;
    this.writer.append(events);
    for (const e of events) applyEvent(this.state.progress, e, this.ctx);
    this.state.log = { bytes: this.writer.bytes, lastId: last.id, maxAt: Math.max(this.state.log.maxAt, last.at) };
    this.state.stale = true;
  }

  /** History of cards whose text changed follows them when the match is unambiguous. */
  private reattach(withProgress?: number): boolean {
    const plan = planReattach(this.collection, this.state.progress, withProgress);
    if (plan.moves.length === 0) return false;
    const now = this.clock();
    this.write(plan.moves.map((m) => ({ id: newEventId(now), type: 'move' as const, at: now, card: m.from, to: m.to.id })));
    for (const m of plan.moves) this.moved.push(`history moved to the edited card at ${m.to.file}:${m.to.line}`);
    return true;
  }

  view(): ReviewView {
    const current = this.session.current;
    const c = counts(this.session);
    return {
      session: this.session,
      counts: c,
      total: Math.max(this.total, this.session.answers.length + c.new + c.learning + c.review),
      previews: current ? this.scheduler.preview(this.state.progress.get(current.card.id), this.clock(), this.retentionOf(current.card)) : undefined,
    };
  }

  answer(grade: Grade): void {
    const current = this.session.current;
    if (!current) return;
    const now = this.clock();
    const before = this.state.progress.get(current.card.id);
    const retention = this.retentionOf(current.card);
    const after = answered(before, now, grade, this.ctx, retention);
    const planned = this.filters.plans?.length ? planFor(current.card, this.filters.plans, now) : undefined;
    if (planned) after.due = cappedDue(after, planned.at, now, retention ?? this.settings.retention, this.scheduler);
    const event: LogEvent = {
      id: newEventId(now),
      type: 'review',
      at: now,
      card: current.card.id,
      grade,
      ms: Math.max(0, now - current.shownAt),
      before: before ? stripLocation(before) : null,
      after: stripLocation(after),
      file: current.card.file,
      sk: sketchOf(current.card),
    };
    this.write([event]);
    const action = { kind: 'answer' as const, card: current.card, eventId: event.id, before, grade, ms: event.ms, wasNew: current.isNew };
    const day = { today: dayStart(now, this.settings.rolloverHour), tomorrow: nextDayStart(now, this.settings.rolloverHour) };
    this.session = pickNext(answerCurrent(this.session, action, after, day), now, this.learnAheadMs());
  }

  bury(): void {
    this.setAside('bury');
  }

  suspend(): void {
    this.setAside('suspend');
  }

  private setAside(kind: 'bury' | 'suspend') {
    const current = this.session.current;
    if (!current) return;
    const now = this.clock();
    const before = this.state.progress.get(current.card.id);
    const event: LogEvent =
      kind === 'bury'
        ? { id: newEventId(now), type: 'bury', at: now, card: current.card.id, until: nextDayStart(now, this.settings.rolloverHour) }
        : { id: newEventId(now), type: 'suspend', at: now, card: current.card.id };
    this.write([event]);
    this.session = pickNext(setAsideCurrent(this.session, { kind, card: current.card, eventId: event.id, before }), now, this.learnAheadMs());
  }

  /** Takes back the last answer, bury or suspend; returns false when there is nothing to undo. */
  undo(): boolean {
    const now = this.clock();
    const { state, action } = undoLast(this.session, now);
    if (!action) return false;
    this.write([{ id: newEventId(now), type: 'undo', at: now, card: action.card.id, of: action.eventId, restore: action.before ? stripLocation(action.before) : null }]);
    this.session = state;
    return true;
  }

  /** Rebuilds today's queue from the current progress (the clock may have moved on). */
  refresh(): void {
    this.reload(this.collection);
  }

  /** After the user edited a deck file: new text, same progress, history follows edited cards. */
  reload(collection: Collection): void {
    this.collection = collection;
    this.reattach();
    const currentId = this.session.current?.card.id;
    this.rebuildSession();
    // Keep the card the user was looking at on screen if it still exists.
    const card = currentId ? collection.byId.get(currentId) : undefined;
    if (card && this.session.current?.card.id !== card.id) {
      const p = this.state.progress.get(card.id);
      const isNew = !p || p.st === State.New;
      const main = this.session.current ? [{ card: this.session.current.card, isNew: this.session.current.isNew }, ...this.session.main] : this.session.main;
      this.session = {
        ...this.session,
        main: main.filter((m) => m.card.id !== card.id),
        learning: this.session.learning.filter((l) => l.card.id !== card.id),
        current: { card, isNew, fromLearning: false, shownAt: this.clock() },
      };
    }
  }

  summary(): SessionSummary {
    const answers = this.session.answers;
    const now = this.clock();
    const tomorrowStart = nextDayStart(now, this.settings.rolloverHour);
    const dayAfter = nextDayStart(tomorrowStart, this.settings.rolloverHour);
    let nextDue: number | undefined;
    let dueTomorrow = 0;
    for (const card of this.cards()) {
      const p = this.state.progress.peek(card.id);
      if (!p || p.st === State.New || p.suspended) continue;
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
    };
  }

  /** How many new cards wait beyond today's limit (for the "nothing due" message). */
  newCardsWaiting(): number {
    return this.cards().filter((c) => {
      const p = this.state.progress.peek(c.id);
      return (!p || p.st === State.New) && !p?.suspended;
    }).length;
  }
}

/** Log lines carry the card's scheduling state, not where its text lives. */
function stripLocation(record: CardRecord): CardRecord {
  const { file: _file, sk: _sk, ...rest } = record;
  return rest;
}

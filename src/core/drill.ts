// A mock interview: open questions drawn across the chosen decks, more often the weak and the
// important ones, each against a clock, answered out loud before the reveal. Every answer is a
// real review (it is a real attempt at recall): logged as `review` with mode `drill`, it moves the
// card's schedule like any review, including cards that were not due yet ("pulled forward").
import { nextDayStart } from './day.js';
import type { CardRecord } from './events.js';
import { newEventId } from './events.js';
import type { Policy } from './policy.js';
import type { ProgressLookup } from './queue.js';
import { State } from './scheduler.js';
import { pickNext, recordAnswer, startSession, type Action } from './session.js';
import { StudySession, type QuestionTimer, type SessionDeps, type SessionProgress, type StudyButton } from './study-session.js';
import type { Card, Grade } from './types.js';

/**
 * An interviewer asks questions, not fill-in-the-blanks: heading cards and one-line cards asked
 * front to back. Clozes and reverse cards are left out.
 */
export function isOpenQuestion(card: Card): boolean {
  return card.kind === 'basic';
}

/** How much a card never studied counts as weak: unknown, so halfway. */
export const NEW_WEAKNESS = 0.5;

/**
 * How likely each card is to be drawn, relative to the others. A card weighs more the lower its
 * predicted recall now and the more lapses it has, the weaker its deck (its topic) is on average,
 * and twice as much when marked, and again when an interview plan ahead covers it. A floor keeps
 * strong cards possible: an interviewer also asks what you know.
 */
export function drillWeights(cards: readonly Card[], progress: ProgressLookup, policy: Policy, now: number): Float64Array {
  const look = progress.peek ? progress.peek.bind(progress) : progress.get.bind(progress);
  const n = cards.length;
  const weakness = new Float64Array(n);
  const lapses = new Float64Array(n);
  const marked = new Uint8Array(n);
  const topic = new Map<string, { sum: number; count: number }>();
  for (let i = 0; i < n; i++) {
    const card = cards[i]!;
    const p = look(card.id) as Readonly<CardRecord> | undefined;
    const studied = p !== undefined && p.st !== State.New && p.lrt !== undefined;
    weakness[i] = studied ? 1 - policy.scheduler.retrievability(p, now) : NEW_WEAKNESS;
    lapses[i] = p?.lapses ?? 0;
    marked[i] = p?.marked ? 1 : 0;
    const t = topic.get(card.deck) ?? { sum: 0, count: 0 };
    t.sum += weakness[i]!;
    t.count++;
    topic.set(card.deck, t);
  }
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const card = cards[i]!;
    const t = topic.get(card.deck)!;
    const planned = policy.planOf(card.file, now) !== undefined;
    weights[i] = (0.05 + weakness[i]!) * (1 + 0.2 * Math.min(lapses[i]!, 10)) * (0.5 + t.sum / t.count) * (marked[i] ? 2 : 1) * (planned ? 2 : 1);
  }
  return weights;
}

/**
 * `count` cards drawn by weight without replacement. After each draw the other cards of its deck
 * weigh less (a mock interview moves between topics) and its siblings (the same note) are out.
 */
export function drawDrill(cards: readonly Card[], weights: Float64Array, count: number, random: () => number): Card[] {
  const w = Float64Array.from(weights);
  const drawn: Card[] = [];
  for (let k = 0; k < count; k++) {
    let total = 0;
    for (let i = 0; i < w.length; i++) total += w[i]!;
    if (total <= 0) break;
    let x = random() * total;
    let pick = -1;
    for (let i = 0; i < w.length; i++) {
      if (w[i]! <= 0) continue;
      pick = i;
      x -= w[i]!;
      if (x < 0) break;
    }
    const card = cards[pick]!;
    drawn.push(card);
    for (let i = 0; i < w.length; i++) {
      const other = cards[i]!;
      if (i === pick || (other.file === card.file && other.noteKey === card.noteKey)) w[i] = 0;
      else if (other.deck === card.deck) w[i] = w[i]! * 0.6;
    }
  }
  return drawn;
}

export interface DrillOptions {
  /** Seconds per question. */
  seconds: number;
  /** Pass or fail only (Again and Good) instead of the four grades. */
  passFail: boolean;
}

/** One question as it went: answering time is from the question to the reveal. */
export interface DrillQuestion {
  card: Card;
  grade: Grade;
  answerMs: number;
  overTime: boolean;
  /** Never studied before: the drill introduced it. */
  introduced: boolean;
  /** Studied, and not due until a later day: the drill reviewed it early. */
  pulledForward: boolean;
  /** When it was due before the drill (studied cards). */
  dueBefore?: number;
  /** When it is due now. */
  dueAfter: number;
}

export interface TopicScore {
  name: string;
  asked: number;
  passed: number;
  /** Answers by grade, Again to Easy. */
  grades: [number, number, number, number];
  /** Mean grade, 1 to 4. */
  mean: number;
}

export interface DrillReport {
  questions: DrillQuestion[];
  /** Questions drawn but not answered (the drill ended early). */
  unanswered: number;
  seconds: number;
  byDeck: TopicScore[];
  byTag: TopicScore[];
  /** Decks and tags with an answer below Good, weakest first (at most three). */
  weakest: TopicScore[];
}

export class DrillSession extends StudySession {
  /** Names this drill in the log: its answers carry it. */
  readonly id: string;
  private readonly revealedAt = new Map<string, number>();
  private readonly asked = new Map<string, DrillQuestion>();

  constructor(
    deps: SessionDeps,
    private readonly cards: Card[],
    readonly options: DrillOptions,
  ) {
    super(deps);
    const now = deps.clock();
    this.id = newEventId(now);
    const queue = { learning: [], main: cards, heldBack: { reviews: 0, news: 0 }, planNotes: [] };
    this.session = pickNext(startSession(queue, deps.progress), now, this.learnAheadMs);
  }

  protected get learnAheadMs(): number {
    return 0;
  }

  counts() {
    return undefined;
  }

  progress(): SessionProgress {
    const s = this.session;
    return { done: s.answers.length, left: s.main.length + (s.current ? 1 : 0) };
  }

  /** The question on screen: when it was asked, and when its answer was revealed (the clock stops). */
  override get timer(): QuestionTimer | undefined {
    const current = this.session.current;
    if (!current) return undefined;
    return { since: current.shownAt, stoppedAt: this.revealedAt.get(current.card.id), seconds: this.options.seconds };
  }

  reveal(): StudyButton[] {
    const current = this.session.current;
    if (!current) return [];
    if (this.revealed?.cardId !== current.card.id) {
      const now = this.deps.clock();
      if (!this.revealedAt.has(current.card.id)) this.revealedAt.set(current.card.id, now);
      const outcomes = this.deps.policy.outcomes(current.card, this.deps.progress.get(current.card.id), now);
      this.revealed = { cardId: current.card.id, buttons: this.options.passFail ? outcomes.filter((o) => o.grade === 1 || o.grade === 3) : outcomes };
    }
    return this.revealed.buttons;
  }

  answer(grade: Grade): void {
    const current = this.session.current;
    if (!current) return;
    if (this.options.passFail && grade !== 1 && grade !== 3) return;
    const now = this.deps.clock();
    const card = current.card;
    const { event, before, after } = this.review(card, current.shownAt, grade, now, { mode: 'drill', session: this.id });
    this.deps.append([event]);
    this.revealed = undefined;
    const answerMs = Math.max(0, (this.revealedAt.get(card.id) ?? now) - current.shownAt);
    const studied = before !== undefined && before.st !== State.New;
    this.asked.set(event.id, {
      card,
      grade,
      answerMs,
      overTime: answerMs > this.options.seconds * 1000,
      introduced: !studied,
      pulledForward: studied && before.due >= nextDayStart(now, this.deps.policy.settings.rolloverHour),
      dueBefore: studied ? before.due : undefined,
      dueAfter: after.due,
    });
    const becameLeech = after.suspended === 'leech' && before?.suspended !== 'leech';
    const action = { kind: 'answer' as const, card, eventId: event.id, before, grade, ms: event.ms, wasNew: current.isNew };
    this.session = pickNext(recordAnswer(this.session, action, { buryNote: false, becameLeech }), now, this.learnAheadMs);
  }

  protected override undone(action: Action): void {
    this.asked.delete(action.eventId);
    this.revealedAt.delete(action.card.id);
  }

  report(): DrillReport {
    const questions = this.session.answers.map((a) => this.asked.get(a.eventId)).filter((q): q is DrillQuestion => q !== undefined);
    const byDeck = scores(questions, (q) => [q.card.deck]);
    const byTag = scores(questions, (q) => q.card.tags);
    const weakest = [...byDeck, ...byTag]
      .filter((t) => t.grades[0] + t.grades[1] > 0)
      .sort((a, b) => a.passed / a.asked - b.passed / b.asked || a.mean - b.mean || b.asked - a.asked)
      .slice(0, 3);
    return { questions, unanswered: this.cards.length - questions.length, seconds: this.options.seconds, byDeck, byTag, weakest };
  }
}

function scores(questions: DrillQuestion[], keys: (q: DrillQuestion) => string[]): TopicScore[] {
  const by = new Map<string, TopicScore>();
  for (const q of questions) {
    for (const name of keys(q)) {
      const t = by.get(name) ?? { name, asked: 0, passed: 0, grades: [0, 0, 0, 0], mean: 0 };
      t.asked++;
      if (q.grade > 1) t.passed++;
      t.grades[q.grade - 1]! += 1;
      t.mean += (q.grade - t.mean) / t.asked;
      by.set(name, t);
    }
  }
  return [...by.values()].sort((a, b) => a.passed / a.asked - b.passed / b.asked || a.name.localeCompare(b.name));
}

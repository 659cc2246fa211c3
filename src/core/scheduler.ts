// FSRS wiring: recall's compact progress record <-> ts-fsrs cards. Pure: time is passed in.
import { computeDecayFactor, fsrs, GenSeedStrategyWithCardId, State, StrategyMode, type Card as FsrsCard, type FSRS, type Steps } from 'ts-fsrs';
import type { Settings } from './settings.js';
import type { Grade } from './types.js';

export { State };

/** The FSRS memory state of one card, with dates as epoch milliseconds (compact in JSON). */
export interface Memory {
  due: number;
  /** Stability (days) and difficulty (1-10). */
  s: number;
  d: number;
  st: State;
  reps: number;
  lapses: number;
  /** Scheduled days, learning step index, elapsed days: ts-fsrs bookkeeping. */
  sd: number;
  ls: number;
  ed: number;
  /** Last review. */
  lrt?: number;
}

/** Everything recall keeps about a card: memory plus the flags that take it out of the queue. */
export interface Progress extends Memory {
  /** First answer: the day the card stopped being new. */
  first?: number;
  /** Last answer given while the card was in review state (counts toward the review limit). */
  lrv?: number;
  suspended?: 'user' | 'leech';
  buriedUntil?: number;
}

/**
 * `seed` names the card for the fuzz: ts-fsrs seeds it from the review time by default, so an
 * interval shown on a button and the one applied a moment later could differ. Seeded by the card
 * and its last review instead, a card's fuzz is the same whenever it is previewed or answered.
 */
export function toFsrsCard(m: Memory | undefined, now: number, seed?: string): FsrsCard {
  const cid = seed === undefined ? `@${now}_` : `${seed}_${m?.lrt ?? 0}_`;
  if (!m) {
    return { due: new Date(now), stability: 0, difficulty: 0, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 0, lapses: 0, state: State.New, cid } as FsrsCard;
  }
  const card: FsrsCard & { cid: string } = {
    cid,
    due: new Date(m.due),
    stability: m.s,
    difficulty: m.d,
    elapsed_days: m.ed,
    scheduled_days: m.sd,
    learning_steps: m.ls,
    reps: m.reps,
    lapses: m.lapses,
    state: m.st,
  };
  if (m.lrt !== undefined) card.last_review = new Date(m.lrt);
  return card;
}

export function fromFsrsCard(card: FsrsCard): Memory {
  const m: Memory = {
    due: card.due.getTime(),
    s: card.stability,
    d: card.difficulty,
    st: card.state,
    reps: card.reps,
    lapses: card.lapses,
    sd: card.scheduled_days,
    ls: card.learning_steps,
    ed: card.elapsed_days,
  };
  if (card.last_review) m.lrt = card.last_review.getTime();
  return m;
}

/** One FSRS instance per desired retention (a deck may ask for its own). */
export class Scheduler {
  private readonly engines = new Map<number, FSRS>();
  /** The forgetting curve's constants, computed once: retrievability runs for every due card. */
  private readonly curve: { decay: number; factor: number };

  constructor(readonly settings: Settings) {
    this.curve = computeDecayFactor(this.engine().parameters.w);
  }

  private engine(retention = this.settings.retention): FSRS {
    let engine = this.engines.get(retention);
    if (!engine) {
      engine = fsrs({
        request_retention: retention,
        maximum_interval: this.settings.maximumInterval,
        enable_fuzz: this.settings.fuzz,
        enable_short_term: true,
        learning_steps: this.settings.learningSteps as Steps,
        relearning_steps: this.settings.relearningSteps as Steps,
        ...(this.settings.weights ? { w: [...this.settings.weights] } : {}),
      }).useStrategy(StrategyMode.SEED, GenSeedStrategyWithCardId('cid'));
      this.engines.set(retention, engine);
    }
    return engine;
  }

  /** The memory after each grade, Again to Easy: what `answer` gives for each, computed at once. */
  previewMemories(m: Memory | undefined, now: number, retention?: number, seed?: string): Memory[] {
    const log = this.engine(retention).repeat(toFsrsCard(m, now, seed), new Date(now));
    return ([1, 2, 3, 4] as const).map((grade) => fromFsrsCard(log[grade].card));
  }

  answer(m: Memory | undefined, now: number, grade: Grade, retention?: number, seed?: string): Memory {
    return fromFsrsCard(this.engine(retention).next(toFsrsCard(m, now, seed), new Date(now), grade).card);
  }

  /** Predicted probability of recall at `now` (1 for a card never reviewed is meaningless: 0). */
  retrievability(m: Memory | undefined, now: number): number {
    if (!m || m.st === State.New || m.lrt === undefined || m.s <= 0) return 0;
    return this.recallAfter(Math.max(0, (now - m.lrt) / 86_400_000), m.s);
  }

  /** The forgetting curve's constants, for loops that compute it inline. */
  get forgettingCurve(): { factor: number; decay: number } {
    return this.curve;
  }

  /** FSRS-6's forgetting curve, R(t, S) = (1 + factor * t / S) ^ -decay, as ts-fsrs computes it. */
  recallAfter(elapsedDays: number, stability: number): number {
    return Math.pow(1 + (this.curve.factor * elapsedDays) / stability, this.curve.decay);
  }
}

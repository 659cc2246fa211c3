// Everything that decides how a card is scheduled, resolved in one place: the desired retention
// (a deck's own, else the config's), the daily limits, the learning steps and fuzz (through the
// Scheduler), leeches, and interview plans. The session, the fold that rebuilds progress from the
// log (merges included), stats and the exporters all ask this object, so they cannot disagree.
// Pure: time is passed in.
import type { CardRecord } from './events.js';
import { cappedDue, planFor, type Plan } from './plan.js';
import { Scheduler, State, type Memory } from './scheduler.js';
import type { Settings } from './settings.js';
import type { DeckMeta, Grade } from './types.js';

/** What the policy needs of a deck file: its name and the front matter that bears on scheduling. */
export interface DeckRules {
  file: string;
  deck: string;
  meta: Pick<DeckMeta, 'retention' | 'newPerDay' | 'tags'>;
}

/** A card as far as scheduling goes: its id (the fuzz seed) and the deck file it lives in. */
export interface CardRef {
  id: string;
  file?: string;
}

/** One answer button: the record the card will have after this grade, and the interval shown. */
export interface Outcome {
  grade: Grade;
  after: CardRecord;
  /** From the answer to the next due time, in milliseconds. */
  interval: number;
}

export class Policy {
  readonly scheduler: Scheduler;
  private readonly decks = new Map<string, DeckRules>();
  private readonly limits = new Map<string, number>();

  constructor(
    readonly settings: Settings,
    decks: readonly DeckRules[] = [],
    readonly plans: readonly Plan[] = [],
  ) {
    this.scheduler = new Scheduler(settings);
    for (const d of decks) {
      this.decks.set(d.file, d);
      if (d.meta.newPerDay !== undefined) this.limits.set(d.deck, Math.min(d.meta.newPerDay, this.limits.get(d.deck) ?? Infinity));
    }
  }

  /** Desired retention of the cards of a deck file: its own `retention`, else the config's. */
  retention(file: string | undefined): number {
    return (file !== undefined ? this.decks.get(file)?.meta.retention : undefined) ?? this.settings.retention;
  }

  /** A deck's own `new_per_day`, which caps it within the global limit. */
  deckNewLimit(deck: string): number | undefined {
    return this.limits.get(deck);
  }

  /** The deck a file holds (for records that know only where their card was last seen). */
  deckOf(file: string | undefined): string | undefined {
    return file === undefined ? undefined : this.decks.get(file)?.deck;
  }

  /** The earliest plan still ahead that covers cards of this deck file. */
  planOf(file: string | undefined, now: number): { plan: Plan; at: number } | undefined {
    if (this.plans.length === 0 || file === undefined) return undefined;
    const rules = this.decks.get(file);
    return rules ? planFor({ deck: rules.deck, tags: rules.meta.tags }, this.plans, now) : undefined;
  }

  get learnAheadMs(): number {
    return this.settings.learnAheadMinutes * 60_000;
  }

  /** The four answer buttons, each with the exact record its grade would give. */
  outcomes(card: CardRef, before: CardRecord | undefined, at: number): Outcome[] {
    const memories = this.scheduler.previewMemories(before, at, this.retention(card.file), card.id);
    return memories.map((memory, i) => {
      const grade = (i + 1) as Grade;
      const after = this.finish(card, before, memory, at);
      return { grade, after, interval: after.due - at };
    });
  }

  /** The record after answering `grade` at `at`: the same computation as `outcomes`. */
  answer(card: CardRef, before: CardRecord | undefined, at: number, grade: Grade): CardRecord {
    const memory = this.scheduler.answer(before, at, grade, this.retention(card.file), card.id);
    return this.finish(card, before, memory, at);
  }

  private finish(card: CardRef, before: CardRecord | undefined, memory: Memory, at: number): CardRecord {
    const after: CardRecord = { ...before, ...memory, first: before?.first ?? at };
    if (before && before.st === State.Review) after.lrv = at;
    delete after.buriedUntil;
    if (memory.lapses > (before?.lapses ?? 0) && isLeechLapse(memory.lapses, this.settings.leechThreshold)) after.suspended = 'leech';
    const planned = this.planOf(card.file, at);
    if (planned) after.due = cappedDue(after, planned.at, at, this.retention(card.file), this.scheduler);
    return after;
  }
}

/** A card is a leech at the threshold's lapse, and again every half of it after that. */
function isLeechLapse(lapses: number, threshold: number): boolean {
  if (lapses < threshold) return false;
  return (lapses - threshold) % Math.max(1, Math.floor(threshold / 2)) === 0;
}

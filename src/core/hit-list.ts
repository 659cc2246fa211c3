// The hits of `recall find` as a list you act on: a cursor, and per card suspend or unsuspend,
// mark or unmark, reset to new, each logged (through `append`) and undone by an `undo` event that
// restores the card's record as it was. Nothing changes unless its event was recorded first.
import { newEventId, type CardRecord, type LogEvent } from './events.js';
import { hitInfo, type HitInfo } from './search.js';
import { State } from './scheduler.js';
import { stripLocation, type SessionDeps } from './study-session.js';
import type { Card } from './types.js';

export type HitAction = 'suspended' | 'unsuspended' | 'marked' | 'unmarked' | 'reset' | 'alreadyNew' | 'undone' | 'nothingToUndo';

export class HitList {
  index = 0;
  private readonly done: { card: Card; eventId: string; before: CardRecord | undefined }[] = [];

  constructor(
    private readonly deps: SessionDeps,
    public cards: Card[],
  ) {}

  get current(): Card | undefined {
    return this.cards[this.index];
  }

  move(by: number): void {
    this.index = Math.max(0, Math.min(this.cards.length - 1, this.index + by));
  }

  info(card: Card): HitInfo {
    return hitInfo(card, this.deps.progress, this.deps.policy, this.deps.clock());
  }

  private record(card: Card, make: (id: string, at: number) => LogEvent): void {
    const now = this.deps.clock();
    const before = this.deps.progress.get(card.id) as CardRecord | undefined;
    const event = make(newEventId(now), now);
    this.deps.append([event]);
    this.done.push({ card, eventId: event.id, before });
  }

  toggleSuspend(): HitAction | undefined {
    const card = this.current;
    if (!card) return undefined;
    const suspended = this.info(card).state === 'suspended' || this.info(card).state === 'leech';
    this.record(card, (id, at) => ({ id, at, card: card.id, type: suspended ? 'unsuspend' : 'suspend' }));
    return suspended ? 'unsuspended' : 'suspended';
  }

  toggleMark(): HitAction | undefined {
    const card = this.current;
    if (!card) return undefined;
    const marked = this.info(card).marked;
    this.record(card, (id, at) => ({ id, at, card: card.id, type: marked ? 'unmark' : 'mark' }));
    return marked ? 'unmarked' : 'marked';
  }

  /** Forgets the card's schedule: it is new again (its mark stays; see the `reset` event). */
  reset(): HitAction | undefined {
    const card = this.current;
    if (!card) return undefined;
    const p = this.deps.progress.get(card.id);
    if (!p || (p.st === State.New && p.reps === 0 && p.suspended !== 'leech')) return 'alreadyNew';
    this.record(card, (id, at) => ({ id, at, card: card.id, type: 'reset' }));
    return 'reset';
  }

  undo(): HitAction {
    const last = this.done.pop();
    if (!last) return 'nothingToUndo';
    const now = this.deps.clock();
    this.deps.append([{ id: newEventId(now), type: 'undo', at: now, card: last.card.id, of: last.eventId, restore: last.before ? stripLocation(last.before) : null }]);
    const at = this.cards.indexOf(last.card);
    if (at !== -1) this.index = at;
    return 'undone';
  }
}

// `recall unsuspend`: the suspended cards (by you with `s`, or as leeches) and the way back.
// Without arguments it lists them; with ids, or --all (narrowed by --deck and --tag), it brings
// them back into review by appending `unsuspend` events to the log.
import { relative } from 'node:path';
import type { GlobalOptions } from '../cli.js';
import { deckMatches } from '../core/collection.js';
import type { LogEvent } from '../core/events.js';
import { Scheduler } from '../core/scheduler.js';
import type { Card } from '../core/types.js';
import { UserError } from '../errors.js';
import { loadCollectionCached } from '../store/deck-cache.js';
import { acquireLock } from '../store/lock.js';
import { newEventId } from '../store/review-log.js';
import { loadSettings } from '../store/settings-file.js';
import { commitEvents, loadState } from '../store/state.js';

interface Suspended {
  id: string;
  card?: Card;
  why: 'user' | 'leech';
  lapses: number;
}

function oneLine(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

function describe(s: Suspended, decks: string): string {
  const why = s.why === 'leech' ? `leech, ${s.lapses} lapse${s.lapses === 1 ? '' : 's'}` : 'suspended by you';
  const parts = s.card ? [`${decks}/${s.card.file}:${s.card.line}`, oneLine(s.card.front, 60)] : ['(card no longer in the decks)'];
  return [...parts, `[${why}]`, `id ${s.id}`].join('  ');
}

export async function unsuspend(global: GlobalOptions, values: Record<string, unknown>, ids: string[]): Promise<number> {
  const all = values.all === true;
  const deck = values.deck as string | undefined;
  const tag = values.tag as string | undefined;
  if (all && ids.length > 0) throw new UserError('give card ids or --all, not both', undefined, 2);
  if (ids.length > 0 && (deck || tag)) throw new UserError('--deck and --tag narrow --all or the list; card ids need neither', undefined, 2);

  const { settings } = loadSettings(global.decks, global.state);
  const { collection } = loadCollectionCached(global.decks, global.state);
  const ctx = { scheduler: new Scheduler(settings), leechThreshold: settings.leechThreshold };
  const decks = relative(process.cwd(), global.decks) || '.';
  const matches = (card: Card | undefined) =>
    (deck === undefined || (card !== undefined && deckMatches(card.deck, deck))) &&
    (tag === undefined || (card !== undefined && card.tags.some((t) => t.toLowerCase() === tag.toLowerCase())));

  const list = (progress: ReturnType<typeof loadState>['progress']): Suspended[] => {
    const out: Suspended[] = [];
    for (const [id, record] of progress) {
      if (!record.suspended) continue;
      const card = collection.byId.get(id);
      if (matches(card)) out.push({ id, card, why: record.suspended, lapses: record.lapses });
    }
    // Deck order, cards that are gone last.
    const order = new Map(collection.cards.map((c, i) => [c.id, i]));
    return out.sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity) || (a.id < b.id ? -1 : 1));
  };

  const state = loadState(global.state, ctx, { repair: false, now: Date.now() });
  for (const notice of state.notices) process.stderr.write(`recall: ${notice}\n`);
  const narrowed = deck || tag ? ' matching your filters' : '';

  if (!all && ids.length === 0) {
    const suspended = list(state.progress);
    if (suspended.length === 0) {
      process.stdout.write(`No suspended cards${narrowed}.\n`);
      return 0;
    }
    const n = suspended.length;
    process.stdout.write(`${n} suspended card${n === 1 ? '' : 's'}${narrowed}:\n`);
    for (const s of suspended) process.stdout.write(`  ${describe(s, decks)}\n`);
    process.stdout.write(`Bring ${n === 1 ? 'it' : 'them'} back with 'recall unsuspend ID ...', or 'recall unsuspend --all' (--deck or --tag to narrow).\n`);
    return 0;
  }

  // Every id is checked before anything is written.
  const chosen: Suspended[] = all
    ? list(state.progress)
    : [...new Set(ids)].map((id) => {
        const record = state.progress.get(id);
        if (!record) throw new UserError(`no card has the id '${id}' in the review history`, "run 'recall unsuspend' to list the suspended cards and their ids");
        if (!record.suspended) throw new UserError(`card ${id} is not suspended`, "run 'recall unsuspend' to list the suspended cards and their ids");
        return { id, card: collection.byId.get(id), why: record.suspended, lapses: record.lapses };
      });
  if (chosen.length === 0) {
    process.stdout.write(`No suspended cards${narrowed}: nothing to do.\n`);
    return 0;
  }
  const release = acquireLock(global.state, 'unsuspend');
  try {
    const now = Date.now();
    const events: LogEvent[] = chosen.map((s) => ({ id: newEventId(now), type: 'unsuspend', at: now, card: s.id }));
    commitEvents(global.state, events, ctx);
  } finally {
    release();
  }
  for (const s of chosen) process.stdout.write(`unsuspended ${describe(s, decks)}\n`);
  const n = chosen.length;
  const leeches = chosen.filter((s) => s.why === 'leech').length;
  process.stdout.write(
    `${n} card${n === 1 ? '' : 's'} back in review.` +
      (leeches > 0 ? " A leech is suspended again if it keeps lapsing: rewording it usually helps more ('e' in review opens it in your editor)." : '') +
      '\n',
  );
  return 0;
}

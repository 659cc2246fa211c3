// `recall unsuspend`: the suspended cards (by you with `s`, or as leeches) and the way back.
// Without arguments it lists them; with ids, or --all (narrowed by --deck and --tag), it brings
// them back into review by appending `unsuspend` events to the log.
import { relative } from 'node:path';
import type { CommandContext } from '../app/commands.js';
import { selectCards } from '../app/filters.js';
import { openWorkspace } from '../app/workspace.js';
import { deckMatches } from '../core/collection.js';
import { newEventId, type LogEvent } from '../core/events.js';
import type { ProgressStore } from '../core/progress-store.js';
import type { Card } from '../core/types.js';
import { UserError } from '../errors.js';

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

export async function run({ paths, lang, values, positionals: ids }: CommandContext<'unsuspend'>): Promise<number> {
  const all = values.all === true;
  const { deck, tag } = values;
  if (all && ids.length > 0) throw new UserError('give card ids or --all, not both', undefined, 2);
  if (ids.length > 0 && (deck || tag)) throw new UserError('--deck and --tag narrow --all or the list; card ids need neither', undefined, 2);

  const ws = openWorkspace(paths, { lang });
  try {
    const { collection } = ws;
    selectCards(collection, { deck, tag });
    const decks = relative(process.cwd(), paths.decks) || '.';
    const matches = (card: Card | undefined) =>
      (deck === undefined || (card !== undefined && deckMatches(card.deck, deck))) &&
      (tag === undefined || (card !== undefined && card.tags.some((t) => t.toLowerCase() === tag.toLowerCase())));

    const list = (progress: ProgressStore): Suspended[] => {
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

    const narrowed = deck || tag ? ' matching your filters' : '';
    if (!all && ids.length === 0) {
      const suspended = list(ws.progress);
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

    // Every id is checked before anything is written (and before the state folder is touched).
    const chosen: Suspended[] = all
      ? list(ws.progress)
      : [...new Set(ids)].map((id) => {
          const record = ws.progress.get(id);
          if (!record) throw new UserError(`no card has the id '${id}' in the review history`, "run 'recall unsuspend' to list the suspended cards and their ids");
          if (!record.suspended) throw new UserError(`card ${id} is not suspended`, "run 'recall unsuspend' to list the suspended cards and their ids");
          return { id, card: collection.byId.get(id), why: record.suspended, lapses: record.lapses };
        });
    if (chosen.length === 0) {
      process.stdout.write(`No suspended cards${narrowed}: nothing to do.\n`);
      return 0;
    }
    ws.takeLock('unsuspend');
    const now = ws.clock();
    ws.append(chosen.map((s): LogEvent => ({ id: newEventId(now), type: 'unsuspend', at: now, card: s.id })));
    ws.save();
    for (const s of chosen) process.stdout.write(`unsuspended ${describe(s, decks)}\n`);
    const n = chosen.length;
    const leeches = chosen.filter((s) => s.why === 'leech').length;
    process.stdout.write(
      `${n} card${n === 1 ? '' : 's'} back in review.` +
        (leeches > 0 ? " A leech is suspended again if it keeps lapsing: rewording it usually helps more ('e' in review opens it in your editor)." : '') +
        '\n',
    );
    return 0;
  } finally {
    ws.close();
  }
}

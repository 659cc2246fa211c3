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
import { m } from '../i18n/index.js';
import { fitWidth } from '../ui/format.js';

interface Suspended {
  id: string;
  card?: Card;
  why: 'user' | 'leech';
  lapses: number;
}

/** The card's front on one line, at most `width` columns wide. */
function oneLine(text: string, width: number): string {
  return fitWidth(text.replace(/\s+/g, ' ').trim(), width);
}

function describe(s: Suspended, decks: string): string {
  const why = s.why === 'leech' ? m.unsuspend.leech(s.lapses) : m.unsuspend.byYou;
  const parts = s.card ? [`${decks}/${s.card.file}:${s.card.line}`, oneLine(s.card.front, 60)] : [m.unsuspend.gone];
  return [...parts, `[${why}]`, m.unsuspend.id(s.id)].join('  ');
}

export async function run({ paths, lang, values, positionals: ids }: CommandContext<'unsuspend'>): Promise<number> {
  const all = values.all === true;
  const { deck, tag } = values;
  if (all && ids.length > 0) throw new UserError(m.unsuspend.idsOrAll, undefined, 2);
  if (ids.length > 0 && (deck || tag)) throw new UserError(m.unsuspend.filtersWithIds, undefined, 2);

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

    const narrowed = Boolean(deck || tag);
    if (!all && ids.length === 0) {
      const suspended = list(ws.progress);
      if (suspended.length === 0) {
        process.stdout.write(m.unsuspend.none(narrowed) + '\n');
        return 0;
      }
      const n = suspended.length;
      process.stdout.write(m.unsuspend.list(n, narrowed) + '\n');
      for (const s of suspended) process.stdout.write(`  ${describe(s, decks)}\n`);
      process.stdout.write(m.unsuspend.howBack(n) + '\n');
      return 0;
    }

    // Every id is checked before anything is written (and before the state folder is touched).
    const chosen: Suspended[] = all
      ? list(ws.progress)
      : [...new Set(ids)].map((id) => {
          const record = ws.progress.get(id);
          if (!record) throw new UserError(m.unsuspend.noHistory(id), m.unsuspend.listHint);
          if (!record.suspended) throw new UserError(m.unsuspend.notSuspended(id), m.unsuspend.listHint);
          return { id, card: collection.byId.get(id), why: record.suspended, lapses: record.lapses };
        });
    if (chosen.length === 0) {
      process.stdout.write(m.unsuspend.nothingToDo(narrowed) + '\n');
      return 0;
    }
    ws.takeLock('unsuspend');
    const now = ws.clock();
    ws.append(chosen.map((s): LogEvent => ({ id: newEventId(now), type: 'unsuspend', at: now, card: s.id })));
    ws.save();
    for (const s of chosen) process.stdout.write(m.unsuspend.unsuspended(describe(s, decks)) + '\n');
    const leeches = chosen.filter((s) => s.why === 'leech').length;
    process.stdout.write(m.unsuspend.back(chosen.length, leeches) + '\n');
    return 0;
  } finally {
    ws.close();
  }
}

// `recall find TEXT`: cards whose front, back or tags hold every word (or the --regex pattern),
// narrowed by deck, tag, state and due date. Printed (or --json) in a pipe; on a terminal, a list
// to act on. Card text is decoded only for cards the byte pre-filter cannot rule out.
import { join, relative } from 'node:path';
import type { CommandContext } from '../app/commands.js';
import { openInEditor } from '../app/editor.js';
import { selectTable } from '../app/filters.js';
import { editedCard } from '../app/study-screen.js';
import { calendarDay } from '../app/values.js';
import { openWorkspace, type Workspace } from '../app/workspace.js';
import { cardKind } from '../core/card-kinds.js';
import type { CardTable } from '../core/card-table.js';
import { dayKey } from '../core/day.js';
import type { CardRecord } from '../core/events.js';
import { HitList } from '../core/hit-list.js';
import { hitInfo, isRawNeedle, isEmptyQuery, matchesCard, parseQuery, STATE_FILTERS, stateMatches, tagMatcher, type Query, type StateFilter } from '../core/search.js';
import type { Card } from '../core/types.js';
import { UserError } from '../errors.js';
import { oneLine } from '../ui/format.js';
import { CardTexts } from '../store/card-texts.js';
import { formatDayKey, m } from '../i18n/index.js';

function stateFilters(value: string | undefined): StateFilter[] | undefined {
  if (value === undefined) return undefined;
  const wanted = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const wrong = wanted.find((s) => !(STATE_FILTERS as readonly string[]).includes(s));
  if (wrong !== undefined || wanted.length === 0) {
    throw new UserError(m.find.badState(value, wrong ?? ''), m.find.badStateHint(STATE_FILTERS.join(', ')), 2);
  }
  return wanted as StateFilter[];
}

/** A card that matched: its index in the cards searched, and the card with its text when it was read. */
interface Hit {
  index: number;
  card?: Card;
}

/**
 * The cards that match. Cards are first ruled out by the bytes of the cached text where a word
 * allows it; a card the bytes show to hold every word is taken without decoding its text, and
 * the others left are decoded and checked.
 */
function search(table: CardTable, texts: CardTexts, q: Query): Hit[] {
  const r = q.regex;
  if (r) return texts.filterTexts((front, back, tags) => r.test(front) || r.test(back) || tags.some((t) => r.test(t)));
  const tags = tagMatcher(q.words);
  // Tags are the deck file's: matched once per file, not once per card.
  const tagHits = table.groups.map((g) => tags(g.tags));
  const raw = q.words.map((w, k) => [w, k] as const).filter(([w]) => isRawNeedle(w));
  const found = texts.candidates(
    raw.map(([w]) => w),
    (r, i) => tagHits[table.group[i]!]![raw[r]![1]]!,
  );
  const sure = raw.length === q.words.length ? found?.sure : undefined;
  const out: Hit[] = [];
  const check = (index: number, known: boolean) => {
    if (known) return void out.push({ index });
    const card = texts.withText(index);
    if (matchesCard(card, q, tags)) out.push({ index, card });
  };
  if (found) found.left.forEach((i, j) => check(i, sure?.[j] === 1));
  else for (let i = 0; i < table.length; i++) check(i, false);
  return out;
}

/** The rows below `n` that `keep` accepts. */
function rowsWhere(n: number, keep: (i: number) => boolean): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) rows.push(i);
  return Int32Array.from(rows);
}

export async function run({ paths, lang, values, positionals }: CommandContext<'find'>): Promise<number> {
  let query: Query;
  try {
    query = parseQuery(positionals, values.regex === true);
  } catch (error) {
    throw new UserError(`--regex: ${(error as Error).message}`, m.find.regexHint, 2);
  }
  const states = stateFilters(values.state);
  const dueBefore = values['due-before'];
  const beforeDay = dueBefore === undefined ? undefined : calendarDay(dueBefore);
  if (dueBefore !== undefined && !beforeDay) throw new UserError(m.find.badDate(dueBefore), m.find.badDateHint, 2);
  if (isEmptyQuery(query) && !states && !beforeDay && values.deck === undefined && values.tag === undefined) {
    throw new UserError(m.find.nothing, m.find.nothingHint, 2);
  }

  const ws = openWorkspace(paths, { lang });
  try {
    // Histories of cards edited since the last session are not followed here (counting the cards
    // with a history costs a pass over all of them); the list does it before its first change.
    const now = ws.clock();
    const rollover = ws.settings.rolloverHour;
    // "Due before 2026-12-01": before that day starts, at the rollover hour.
    const limit = beforeDay ? new Date(beforeDay.getFullYear(), beforeDay.getMonth(), beforeDay.getDate(), rollover).getTime() : undefined;
    // The words narrow first (they rule most cards out by their bytes), then state and due date
    // on what is left. Progress is read only when a filter or a hit needs it.
    const look = (id: string) => ws.progress.peek(id) as Readonly<CardRecord> | undefined;
    const inState = (id: string) => {
      const p = look(id);
      if (states && !stateMatches(p, states)) return false;
      return limit === undefined || (p !== undefined && p.lrt !== undefined && !p.suspended && p.due < limit);
    };
    // The cards as a table: only the hits are made into cards.
    const scoped = selectTable(ws.collection, { deck: values.deck, tag: values.tag });
    const filtered = states !== undefined || limit !== undefined;
    // A query the bytes cannot narrow (a pattern, words with cased letters beyond ASCII) reads
    // every card's text: narrow by state first then.
    const stateFirst = filtered && (query.regex !== undefined || !query.words.some(isRawNeedle));
    const base = stateFirst ? scoped.pick(rowsWhere(scoped.length, (i) => inState(scoped.id(i)))) : scoped;
    let hits: Card[];
    if (isEmptyQuery(query)) hits = base.cards();
    else {
      const texts = new CardTexts(base);
      const found = search(base, texts, query).filter((h) => !filtered || stateFirst || inState(base.id(h.index)));
      hits = found.map((h) => h.card ?? texts.withText(h.index));
    }
    const what = query.regex ? `/${query.regex.source}/` : query.words.length ? `"${query.words.join(' ')}"` : '';

    if (values.json) {
      const out = hits.map((card) => {
        const info = hitInfo(card, ws.progress, ws.policy, now);
        return {
          id: card.id,
          deck: card.deck,
          file: card.file,
          line: card.line,
          kind: card.kind,
          front: card.front,
          back: card.back,
          tags: card.tags,
          state: info.state,
          marked: info.marked,
          due: info.due === undefined ? null : new Date(info.due).toISOString(),
          recall: info.recall ?? null,
        };
      });
      process.stdout.write(JSON.stringify({ query: what, count: out.length, hits: out }, null, 2) + '\n');
      return 0;
    }
    if (hits.length === 0) {
      process.stdout.write(m.find.noMatch(what) + '\n');
      return 1;
    }
    const progress = ws.progress;
    if (process.stdin.isTTY && process.stdout.isTTY) return await browse(ws, hits, what);

    const decks = relative(process.cwd(), paths.decks) || '.';
    const out: string[] = [];
    for (const card of hits) {
      const info = hitInfo(card, progress, ws.policy, now);
      const parts = [card.deck, `${decks}/${card.file}:${card.line}`, m.find.states[info.state] ?? info.state];
      if (info.due !== undefined) parts.push(m.find.due(formatDayKey(dayKey(info.due, rollover))));
      if (info.recall !== undefined) parts.push(m.find.recall(Math.round(info.recall * 100)));
      if (info.marked) parts.push(m.find.marked);
      out.push(parts.join(' · '), `  ${oneLine(cardKind(card).prompt(card))}`);
    }
    process.stdout.write(out.join('\n') + '\n');
    process.stderr.write(m.find.matchesLine(hits.length, what) + '\n');
    return 0;
  } finally {
    ws.close();
  }
}

/** The hits as a list on the terminal; the lock is taken at the first change, not before. */
async function browse(ws: Workspace, hits: Card[], what: string): Promise<number> {
  const { runFindScreen } = await import('../ui/run-find.js');
  const deps = {
    get progress() {
      return ws.progress;
    },
    append: (events: Parameters<Workspace['append']>[0]) => {
      if (!ws.locked) {
        ws.takeLock('find');
        // Under the lock the moves are logged: an event for an edited card must not start a
        // second history beside the one that should follow it.
        ws.followEdits();
      }
      ws.append(events);
    },
    get policy() {
      return ws.policy;
    },
    clock: ws.clock,
  };
  const list = new HitList(deps, hits);
  await runFindScreen(list, what, ws.clock, (card) => {
    const problem = openInEditor(join(ws.paths.decks, card.file), card.line);
    if (problem) process.stderr.write(`recall: ${problem}\n`);
    ws.reloadDecks();
    ws.followEdits();
    const fresh = editedCard(ws);
    list.cards = list.cards.map((c) => fresh(c) ?? c);
  });
  return 0;
}

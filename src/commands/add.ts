// `recall add`: one card (or a deck-format snippet from stdin) appended to a deck file, after a
// duplicate check. Without card options on a terminal, an interactive form.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { CommandContext, ValuesOf } from '../app/commands.js';
import { openWorkspace } from '../app/workspace.js';
import { buildCollection, type Collection } from '../core/collection.js';
import { draftMarkdown, draftProblem, type CardDraft } from '../core/deck-edit.js';
import { checkNewCards, type NewCardCheck } from '../core/duplicates.js';
import type { Card } from '../core/types.js';
import { UserError } from '../errors.js';
import type { AddActions } from '../ui/add-form.js';
import { commitAppend, deckFileFor, findDeck, prepareAppend, type PreparedAppend } from '../store/deck-writer.js';
import { m } from '../i18n/index.js';

export interface AddPlan extends PreparedAppend {
  deck: string;
  check: NewCardCheck;
}

/** Where a deck name leads: the file of an existing deck, or the file a new deck would get. */
export function targetFile(collection: Collection, deckName: string): { file: string; exists: boolean; deck: string } {
  const found = findDeck(collection, deckName);
  if (found) return { file: found.file, exists: true, deck: found.deck };
  const file = deckFileFor(deckName);
  const owner = collection.decks.find((d) => d.file === file);
  if (owner) throw new UserError(m.add.otherDeck(file, owner.deck, deckName), m.add.otherDeckHint(owner.deck));
  return { file, exists: false, deck: deckName.split('::').map((p) => p.trim()).join('::') };
}

/** The cards the snippet adds, as they will read in the deck, checked against the collection. */
export function planAdd(root: string, collection: Collection, deckName: string, snippet: string, header = ''): AddPlan {
  const target = targetFile(collection, deckName);
  if (/^\uFEFF?---\s*$/.test(snippet.trimStart().split(/\r?\n/)[0] ?? '')) {
    throw new UserError(m.add.frontMatter, m.add.frontMatterHint);
  }
  const prepared = prepareAppend(root, target.file, snippet, header);
  return { ...prepared, deck: target.deck, check: checkNewCards(collection, prepared.added) };
}

/** Which card the plan's first duplicate repeats, in words; undefined when there is none. */
export function duplicateText(plan: AddPlan): string | undefined {
  const d = plan.check.duplicates[0];
  if (!d) return undefined;
  const where = plan.added.includes(d.existing) ? m.add.twiceInText : m.add.alreadyAt(`${d.existing.file}:${d.existing.line}`);
  return m.add.duplicateOf(oneLine(d.card.front), where);
}

export function duplicateError(plan: AddPlan): UserError | undefined {
  const text = duplicateText(plan);
  return text === undefined ? undefined : new UserError(m.add.duplicate(text), m.add.duplicateHint);
}

export function oneLine(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

export function similarNotes(plan: AddPlan): string[] {
  const seen = new Set<string>();
  return plan.check.similar.flatMap((s) => {
    if (seen.has(s.existing.id)) return [];
    seen.add(s.existing.id);
    return [m.add.similar(`${s.existing.file}:${s.existing.line}`, oneLine(s.existing.front), Math.round(s.similarity * 100))];
  });
}

export function describeWrite(plan: AddPlan): string {
  const shown = relative(process.cwd(), plan.path) || plan.path;
  return m.add.written(plan.added.length, plan.created, shown, plan.deck, plan.endAdded);
}

function draftFromOptions(values: ValuesOf<'add'>): CardDraft | undefined {
  const { front, back, cloze } = values;
  if (cloze !== undefined) {
    if (back !== undefined) throw new UserError(m.add.clozeAndBack, m.add.clozeAndBackHint);
    if (values.reverse) throw new UserError(m.add.clozeAndReverse);
    return { form: 'cloze', text: cloze, heading: front };
  }
  if (front === undefined && back === undefined) {
    if (values.reverse) throw new UserError(m.add.reverseNeeds);
    return undefined;
  }
  if (front === undefined || back === undefined) throw new UserError(m.add.missing(front === undefined ? '--front' : '--back'), m.add.needsBoth);
  return { form: values.reverse ? 'reverse' : 'basic', front, back };
}

export async function run({ paths, values }: CommandContext<'add'>): Promise<number> {
  const draft = draftFromOptions(values);
  const deckName = values.deck;
  const interactive = !draft && process.stdin.isTTY && process.stdout.isTTY;
  // Every edition: a new card must not repeat a card of any deck.
  const ws = openWorkspace(paths, { decks: 'optional', allEditions: true });
  const collection = ws.collection;
  if (interactive) {
    const { runAddScreen } = await import('../ui/run-add.js');
    return runAddScreen(collection, addActions(paths.decks, collection), deckName);
  }
  if (!deckName) throw new UserError(m.add.missing('--deck'), m.add.deckMissingHint, 2);
  let snippet: string;
  if (draft) {
    const problem = draftProblem(draft);
    if (problem) throw new UserError(problem, m.decks.nothingWritten);
    snippet = draftMarkdown(draft);
  } else {
    snippet = readFileSync(0, 'utf8');
    if (snippet.trim() === '') throw new UserError(m.add.noCard, m.add.noCardHint);
  }
  const plan = planAdd(paths.decks, collection, deckName, snippet);
  const duplicate = duplicateError(plan);
  if (duplicate) throw duplicate;
  commitAppend(plan);
  process.stdout.write(describeWrite(plan) + '\n');
  for (const note of similarNotes(plan)) process.stdout.write(m.add.note(note) + '\n');
  return 0;
}

/**
 * What the add form may do: a dry run of an append and the write itself. The collection grows
 * with each card saved, so the next card of the same form is checked against it too.
 */
export function addActions(root: string, start: Collection): AddActions {
  let collection = start;
  return {
    plan(deck, snippet) {
      const plan = planAdd(root, collection, deck, snippet);
      return { file: plan.file, created: plan.created, cards: plan.added, duplicate: duplicateText(plan), similar: similarNotes(plan) };
    },
    save(deck, snippet) {
      // Planned again right before the write: the file may have changed while the form was open.
      const plan = planAdd(root, collection, deck, snippet);
      const duplicate = duplicateError(plan);
      if (duplicate) throw duplicate;
      commitAppend(plan);
      collection = withCards(collection, plan.file, plan.deck, plan.added);
      return describeWrite(plan);
    },
  };
}

/** The collection with cards just written to a file (a new deck if the file is new). */
function withCards(collection: Collection, file: string, deck: string, cards: Card[]): Collection {
  const decks = collection.decks.some((d) => d.file === file)
    ? collection.decks.map((d) => (d.file === file ? { ...d, cards: [...d.cards, ...cards] } : d))
    : [...collection.decks, { file, deck, meta: { tags: [], reverse: false }, cards, problems: [] }];
  return buildCollection(decks);
}

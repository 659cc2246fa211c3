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
  if (owner) throw new UserError(`${file} is the deck "${owner.deck}" (named in its front matter), not "${deckName}"`, `use --deck "${owner.deck}"`);
  return { file, exists: false, deck: deckName.split('::').map((p) => p.trim()).join('::') };
}

/** The cards the snippet adds, as they will read in the deck, checked against the collection. */
export function planAdd(root: string, collection: Collection, deckName: string, snippet: string, header = ''): AddPlan {
  const target = targetFile(collection, deckName);
  if (/^\uFEFF?---\s*$/.test(snippet.trimStart().split(/\r?\n/)[0] ?? '')) {
    throw new UserError('the card text starts with front matter ("---"), which belongs to a deck file, not a card', 'send only the cards');
  }
  const prepared = prepareAppend(root, target.file, snippet, header);
  return { ...prepared, deck: target.deck, check: checkNewCards(collection, prepared.added) };
}

export function duplicateError(plan: AddPlan): UserError | undefined {
  const d = plan.check.duplicates[0];
  if (!d) return undefined;
  const where = plan.added.includes(d.existing) ? 'twice in the new text' : `already a card at ${d.existing.file}:${d.existing.line}`;
  return new UserError(
    `duplicate: "${oneLine(d.card.front)}" is ${where}`,
    'nothing was written; reword the front, or pin a different id with <!-- id: some-name -->',
  );
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
    return [`similar to ${s.existing.file}:${s.existing.line} "${oneLine(s.existing.front)}" (${Math.round(s.similarity * 100)}% alike)`];
  });
}

export function describeWrite(plan: AddPlan): string {
  const n = plan.added.length;
  const shown = relative(process.cwd(), plan.path) || plan.path;
  const verb = plan.created ? 'added to the new file' : 'added to';
  const section = plan.endAdded ? ' (after an "<!-- end -->" line, so it is not read as part of the card above)' : '';
  return `${n} card${n === 1 ? '' : 's'} ${verb} ${shown} (deck ${plan.deck})${section}`;
}

function draftFromOptions(values: ValuesOf<'add'>): CardDraft | undefined {
  const { front, back, cloze } = values;
  if (cloze !== undefined) {
    if (back !== undefined) throw new UserError('--cloze and --back do not go together', 'a cloze card hides its answers in the text; use --front for a heading shown above it');
    if (values.reverse) throw new UserError('--cloze and --reverse do not go together');
    return { form: 'cloze', text: cloze, heading: front };
  }
  if (front === undefined && back === undefined) {
    if (values.reverse) throw new UserError('--reverse needs --front and --back');
    return undefined;
  }
  if (front === undefined || back === undefined) throw new UserError(`--${front === undefined ? 'front' : 'back'} is missing`, 'a card needs both: --front TEXT --back TEXT');
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
  if (!deckName) throw new UserError('--deck is missing', 'recall add --deck NAME --front TEXT --back TEXT (or a card on stdin)', 2);
  let snippet: string;
  if (draft) {
    const problem = draftProblem(draft);
    if (problem) throw new UserError(problem, 'nothing was written');
    snippet = draftMarkdown(draft);
  } else {
    snippet = readFileSync(0, 'utf8');
    if (snippet.trim() === '') throw new UserError('no card given', 'use --front and --back, --cloze, or send a card in the deck format on stdin');
  }
  const plan = planAdd(paths.decks, collection, deckName, snippet);
  const duplicate = duplicateError(plan);
  if (duplicate) throw duplicate;
  commitAppend(plan);
  process.stdout.write(describeWrite(plan) + '\n');
  for (const note of similarNotes(plan)) process.stdout.write(`note: ${note}\n`);
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
      return { file: plan.file, created: plan.created, cards: plan.added, duplicate: duplicateError(plan)?.message.replace(/^duplicate: /, ''), similar: similarNotes(plan) };
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

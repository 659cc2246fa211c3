// Mounts the `recall add` form on the terminal, wired to the same plan and write as the options.
import { render } from 'ink';
import { yogaReady } from '../../scripts/yoga-shim.js';
import { commitAppend } from '../store/deck-writer.js';
import type { Collection } from '../core/collection.js';
import { AddForm, type AddActions } from './add-form.js';
import { AddApp } from './AddApp.js';
import { describeWrite, duplicateError, planAdd, similarNotes } from '../commands/add.js';

export function addActions(root: string, collection: Collection): AddActions {
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
      return describeWrite(plan);
    },
  };
}

export function deckChoices(collection: Collection) {
  return collection.decks.map((d) => ({ deck: d.deck, file: d.file, cards: d.cards.length }));
}

export async function runAddScreen(root: string, collection: Collection, deck?: string): Promise<number> {
  await yogaReady;
  const form = new AddForm(deckChoices(collection), addActions(root, collection), deck);
  const app = render(<AddApp form={form} onDone={() => undefined} />, { exitOnCtrlC: true, patchConsole: false });
  await app.waitUntilExit();
  return form.step === 'saved' ? 0 : 1;
}

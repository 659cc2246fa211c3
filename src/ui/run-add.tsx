// Mounts the `recall add` form on the terminal. The command gives it what it may do (AddActions).
import type { Collection } from '../core/collection.js';
import { AddForm, type AddActions } from './add-form.js';
import { AddApp } from './AddApp.js';
import { mount } from './mount.js';

export function deckChoices(collection: Collection) {
  return collection.decks.map((d) => ({ deck: d.deck, file: d.file, cards: d.cards.length }));
}

export async function runAddScreen(collection: Collection, actions: AddActions, deck?: string): Promise<number> {
  const form = new AddForm(deckChoices(collection), actions, deck);
  await mount(<AddApp form={form} onDone={() => undefined} />);
  return form.saved > 0 ? 0 : 1;
}

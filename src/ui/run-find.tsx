// Runs the find list on the terminal until the user quits; Enter hands the card to the caller
// (which opens the editor and reads the decks again) and the list comes back.
import type { HitList } from '../core/hit-list.js';
import type { Card } from '../core/types.js';
import { FindApp, type FindExit } from './FindApp.js';
import { mount } from './mount.js';

export async function runFindScreen(list: HitList, query: string, clock: () => number, edit: (card: Card) => void): Promise<void> {
  for (;;) {
    let exit = { kind: 'quit' } as FindExit;
    await mount(<FindApp list={list} query={query} clock={clock} onExit={(e) => (exit = e)} />, { fullScreen: true, exitOnCtrlC: false });
    if (exit.kind === 'quit') return;
    edit(exit.card);
  }
}

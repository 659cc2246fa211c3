// `recall check`: every problem in the decks as path:line: message; exit 1 if there is any.
import { relative } from 'node:path';
import type { GlobalOptions } from '../cli.js';
import { loadCollection } from '../store/deck-files.js';
import { loadSettings } from '../store/settings-file.js';

export async function check(global: GlobalOptions): Promise<number> {
  const { problems: configProblems } = loadSettings(global.decks);
  const collection = loadCollection(global.decks);
  const where = relative(process.cwd(), global.decks) || '.';
  const problems = [...configProblems, ...collection.problems];
  for (const p of problems) process.stdout.write(`${where}/${p.file}:${p.line}: ${p.message}\n`);
  const files = collection.decks.length;
  const cards = collection.cards.length;
  const decks = `${files} deck file${files === 1 ? '' : 's'}`;
  if (problems.length > 0) {
    const n = problems.length;
    process.stdout.write(`\n${n} problem${n === 1 ? '' : 's'} in ${decks} (${cards} valid card${cards === 1 ? '' : 's'})\n`);
    return 1;
  }
  process.stdout.write(`ok: ${cards} cards in ${decks}, no problems\n`);
  return 0;
}

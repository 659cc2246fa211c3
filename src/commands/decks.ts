// `recall decks`: the deck tree with what today's session would show of each deck (new,
// learning, due), its cards and their predicted recall. Read-only.
import type { CommandContext } from '../app/commands.js';
import { openWorkspace } from '../app/workspace.js';
import { deckTree } from '../core/deck-tree.js';
import { UserError } from '../errors.js';
import { deckListLines } from '../ui/deck-list.js';
import { m } from '../i18n/index.js';

export async function run({ paths, lang, values }: CommandContext<'decks'>): Promise<number> {
  const ws = openWorkspace(paths, { lang });
  try {
    const cards = ws.collection.table;
    if (cards.length === 0) throw new UserError(m.review.noCards(paths.decks), m.review.noCardsHint);
    const now = ws.clock();
    let tree = deckTree(cards, ws.progress, ws.policy, now);
    // Histories of edited cards follow them (in memory) before anything is counted.
    if (ws.followEdits(tree.withProgress).length) tree = deckTree(cards, ws.progress, ws.policy, now);
    if (values.json) {
      process.stdout.write(JSON.stringify({ generatedAt: new Date(now).toISOString(), decks: tree.decks, total: tree.total }, null, 2) + '\n');
      return 0;
    }
    const color = Boolean(process.env.FORCE_COLOR !== '0' && (process.env.FORCE_COLOR || (process.stdout.isTTY && !process.env.NO_COLOR)));
    const width = Math.max(40, process.stdout.columns || Number(process.env.COLUMNS) || 80);
    process.stdout.write(deckListLines(tree, { width, color }).join('\n') + '\n');
    return 0;
  } finally {
    ws.close();
  }
}

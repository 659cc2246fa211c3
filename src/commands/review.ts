// `recall review`: the daily session.
import type { CommandContext } from '../app/commands.js';
import { isFiltered, selectTable } from '../app/filters.js';
import { holdingSession, openStudyWorkspace, problemLine, requireTerminal, runStudyScreen } from '../app/study-screen.js';
import { wholeNumber } from '../app/values.js';
import { deckTree } from '../core/deck-tree.js';
import { ReviewSession } from '../core/review-session.js';
import { m } from '../i18n/index.js';
import { deckListLines } from '../ui/deck-list.js';
import { nothingDueText } from '../ui/summary.js';

export async function run({ paths, lang, values }: CommandContext<'review'>): Promise<number> {
  const limit = wholeNumber(values.limit, '--limit', { min: 1 });
  requireTerminal(m.review.needsTerminal, m.review.needsTerminalHint);
  // Ink and React load while the decks and the state are read.
  const screen = import('../ui/run.js');
  const filter = { deck: values.deck, tag: values.tag };

  const { ws, notices } = openStudyWorkspace(paths, lang);
  // The session chooses from the cards' columns: only the cards it shows are made.
  const cards = selectTable(ws.collection, filter);
  return holdingSession(ws, 'review', async () => {
    // Histories follow their edited cards before the queue is built, so it is built once.
    const moved = ws.followEdits();
    // Each answer is written before the next card is drawn, and on disk before the next one is taken.
    const session = new ReviewSession({ progress: ws.progress, append: (e) => ws.record(e), policy: ws.policy, clock: ws.clock }, cards, limit);
    const problems = problemLine(ws);
    for (const n of notices) process.stderr.write(`recall: ${n}\n`);
    if (problems) process.stdout.write(problems + '\n');
    for (const m of [...moved, ...session.planNotes]) process.stdout.write(`recall: ${m}\n`);
    notices.push(...(problems ? [problems] : []), ...moved, ...session.planNotes);
    if (!session.current) {
      // Where to go next: the deck list, then when the next card comes.
      const tree = deckTree(ws.collection.table, ws.progress, ws.policy, ws.clock());
      process.stdout.write(deckListLines(tree, { width: process.stdout.columns || 80, color: process.env.FORCE_COLOR !== '0' }).join('\n') + '\n\n');
      process.stdout.write(nothingDueText(session.summary(), ws.clock(), isFiltered(filter), ws.settings.newPerDay));
      return 0;
    }
    return await runStudyScreen(ws, {
      screen,
      session,
      notices,
      options: {
        typeIn: values.type === true,
        afterFirstFrame: () => {
          ws.prepareToRecord();
          session.prepare();
        },
        watchSaves: (failed) => ws.whenSyncFails(failed),
      },
      reload: () => session.reload(selectTable(ws.collection, filter)),
    });
  });
}

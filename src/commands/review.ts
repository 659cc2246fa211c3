// `recall review`: the daily session.
import { join } from 'node:path';
import type { CommandContext } from '../app/commands.js';
import { openInEditor } from '../app/editor.js';
import { cardImages, showImages } from '../app/images.js';
import { isFiltered, selectCards } from '../app/filters.js';
import { wholeNumber } from '../app/values.js';
import { openWorkspace, type Workspace } from '../app/workspace.js';
import { ReviewSession } from '../core/review-session.js';
import type { Card } from '../core/types.js';
import { UserError } from '../errors.js';
import { m } from '../i18n/index.js';
import { nothingDueText } from '../ui/summary.js';

function problemLine(ws: Workspace): string | undefined {
  const n = ws.collection.problems.length + ws.configProblems.length;
  return n === 0 ? undefined : m.review.problems(n);
}

export async function run({ paths, lang, values }: CommandContext<'review'>): Promise<number> {
  const limit = wholeNumber(values.limit, '--limit', { min: 1 });
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(m.review.needsTerminal, m.review.needsTerminalHint, 2);
  }
  // Ink and React load while the decks and the state are read.
  const screen = import('../ui/run.js');
  const filter = { deck: values.deck, tag: values.tag };

  const notices: string[] = [];
  const ws = openWorkspace(paths, { lang, notify: (line) => notices.push(line) });
  if (ws.collection.cards.length === 0) {
    throw new UserError(m.review.noCards(paths.decks), m.review.noCardsHint);
  }
  const cards = selectCards(ws.collection, filter);
  ws.takeLock('review');
  const onSignal = (signal: NodeJS.Signals) => {
    ws.close();
    process.exit(128 + (signal === 'SIGTERM' ? 15 : 1));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);

  try {
    const session = new ReviewSession({ progress: ws.progress, append: (e) => ws.append(e), policy: ws.policy, clock: ws.clock }, cards, limit);
    const moved = ws.followEdits(isFiltered(filter) ? undefined : session.withProgress);
    if (moved.length) session.refresh();
    const problems = problemLine(ws);
    for (const n of notices) process.stderr.write(`recall: ${n}\n`);
    if (problems) process.stdout.write(problems + '\n');
    for (const m of [...moved, ...session.planNotes]) process.stdout.write(`recall: ${m}\n`);
    notices.push(...(problems ? [problems] : []), ...moved, ...session.planNotes);
    if (!session.current) {
      process.stdout.write(nothingDueText(session.summary(), ws.clock(), isFiltered(filter), ws.settings.newPerDay));
      return 0;
    }

    const { runReviewScreen, showFullScreen } = await screen;
    const hasImages = (card: Card) => cardImages(card, paths.decks).length > 0;
    for (let shown = notices; ; ) {
      const reason = await runReviewScreen(session, ws.clock, shown, hasImages);
      shown = [];
      if (reason.kind === 'failed') return 1;
      if (reason.kind === 'interrupt') return 130;
      if (reason.kind === 'images') {
        const images = cardImages(reason.card, paths.decks);
        let result = { inline: false, lines: [] as string[] };
        await showFullScreen((write) => {
          result = showImages(images, write);
          return result.inline;
        });
        shown = result.lines;
        continue;
      }
      if (reason.kind !== 'edit') return 0;
      const problem = openInEditor(join(paths.decks, reason.card.file), reason.card.line);
      if (problem) process.stderr.write(`recall: ${problem}\n`);
      ws.reloadDecks();
      const edited = ws.followEdits();
      session.reload(selectCards(ws.collection, filter));
      for (const m of edited) process.stdout.write(`recall: ${m}\n`);
      const after = problemLine(ws);
      if (after) process.stdout.write(after + '\n');
      if (!session.current) break;
    }
    return 0;
  } finally {
    ws.close();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
}

// The loop around the review screen, shared by review, cram and drill: the screen runs until the
// user quits, or steps out to edit the card (then the decks are read again and the session goes
// on with the edited text) or to look at its images.
import { join } from 'node:path';
import type { StudySession } from '../core/study-session.js';
import type { Card } from '../core/types.js';
import type { ScreenOptions } from '../ui/run.js';
import { m } from '../i18n/index.js';
import { openInEditor } from './editor.js';
import { cardImages, showImages } from './images.js';
import { openWorkspace, type Workspace } from './workspace.js';
import type { Lang } from '../i18n/index.js';
import type { WorkspacePaths } from './commands.js';
import { UserError } from '../errors.js';

/** The screen needs a terminal on both ends; say so plainly otherwise. */
export function requireTerminal(message: string, instead: string): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UserError(message, instead, 2);
}

/**
 * The workspace a study screen works in, opened once: its notices (a repaired log, say) kept to
 * show above the first card; a decks folder with no card at all is refused.
 */
export function openStudyWorkspace(paths: WorkspacePaths, lang: Lang): { ws: Workspace; notices: string[] } {
  const notices: string[] = [];
  const ws = openWorkspace(paths, { lang, notify: (line) => notices.push(line) });
  if (ws.collection.table.length === 0) throw new UserError(m.review.noCards(paths.decks), m.review.noCardsHint);
  return { ws, notices };
}

/**
 * Runs a session under the state folder's lock (one session per folder), saving progress and
 * letting go of the lock however it ends, a SIGTERM or a closed terminal included.
 */
export async function holdingSession(ws: Workspace, command: string, body: () => Promise<number>): Promise<number> {
  ws.takeLock(command);
  const onSignal = (signal: NodeJS.Signals) => {
    ws.close();
    process.exit(128 + (signal === 'SIGTERM' ? 15 : 1));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    return await body();
  } finally {
    ws.close();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
}

/** A card after an edit: by its id, or, when the edit changed its id, the card now at its place. */
export function editedCard(ws: Workspace): (card: Card) => Card | undefined {
  // Through the card table: only the cards asked about are made, not every card of the decks.
  return (card) => {
    const table = ws.collection.table;
    const i = table.find(card.id);
    if (i !== -1) return table.card(i);
    const { line, group, groups } = table;
    for (let k = 0; k < table.length; k++) {
      if (line[k] !== card.line || groups[group[k]!]!.file !== card.file) continue;
      const c = table.card(k);
      if (c.kind === card.kind && c.cloze === card.cloze) return c;
    }
    return undefined;
  };
}

export function problemLine(ws: Workspace): string | undefined {
  const n = ws.collection.problems.length + ws.configProblems.length;
  return n === 0 ? undefined : m.review.problems(n);
}

export interface StudyLoop {
  /** The screen's bundle, started loading before the decks were read. */
  screen: Promise<typeof import('../ui/run.js')>;
  session: StudySession;
  /** Said above the first card. */
  notices: string[];
  options?: ScreenOptions;
  /** After an edit: give the session the cards as the decks now have them. */
  reload(): void;
}

/** Runs the screen to the end; returns the exit code. */
export async function runStudyScreen(ws: Workspace, loop: StudyLoop): Promise<number> {
  const { runReviewScreen, showFullScreen } = await loop.screen;
  const decks = ws.paths.decks;
  const hasImages = (card: Card) => cardImages(card, decks).length > 0;
  for (let shown = loop.notices; ; ) {
    const reason = await runReviewScreen(loop.session, ws.clock, shown, hasImages, loop.options);
    shown = [];
    if (reason.kind === 'failed') return 1;
    if (reason.kind === 'interrupt') return 130;
    if (reason.kind === 'images') {
      const images = cardImages(reason.card, decks);
      let result = { inline: false, lines: [] as string[] };
      await showFullScreen((write) => {
        result = showImages(images, write);
        return result.inline;
      });
      shown = result.lines;
      continue;
    }
    if (reason.kind !== 'edit') return 0;
    const problem = openInEditor(join(decks, reason.card.file), reason.card.line);
    if (problem) process.stderr.write(`recall: ${problem}\n`);
    ws.reloadDecks();
    const edited = ws.followEdits();
    loop.reload();
    for (const m of edited) process.stdout.write(`recall: ${m}\n`);
    const after = problemLine(ws);
    if (after) process.stdout.write(after + '\n');
    if (!loop.session.current) return 0;
  }
}

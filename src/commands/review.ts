// `recall review`: the daily session.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { GlobalOptions } from '../cli.js';
import type { Collection } from '../core/collection.js';
import { UserError } from '../errors.js';
import { ReviewController } from '../review/controller.js';
import { loadCollectionCached } from '../store/deck-cache.js';
import { acquireLock } from '../store/lock.js';
import { LogWriter } from '../store/review-log.js';
import { loadSettings } from '../store/settings-file.js';
import { loadScheduling } from '../store/scheduling-file.js';
import { loadState, saveProgressCache, saveSnapshot } from '../store/state.js';
import { Scheduler } from '../core/scheduler.js';
import { formatWhen } from '../ui/format.js';

function parseLimit(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--limit must be a whole number from 1 up, not '${String(value)}'`, undefined, 2);
  return n;
}

/** `+LINE FILE` works for vi, vim, nvim, nano, emacs, micro, kak; VS Code-like editors want `-g FILE:LINE`. */
export function editorCommand(editor: string, file: string, line: number): string[] {
  const parts = editor.split(/\s+/).filter(Boolean);
  const name = parts[0]?.split('/').pop() ?? '';
  if (/^(code|code-insiders|codium|cursor)$/.test(name)) return [...parts, '--wait', '-g', `${file}:${line}`];
  if (/^(subl|zed)$/.test(name)) return [...parts, '--wait', `${file}:${line}`];
  return [...parts, `+${line}`, file];
}

function problemLine(collection: Collection, configProblems: number): string | undefined {
  const n = collection.problems.length + configProblems;
  if (n === 0) return undefined;
  return `${n} problem${n === 1 ? '' : 's'} in the decks: run 'recall check' to see ${n === 1 ? 'it' : 'them'}; every valid card is in this session.`;
}

export async function review(global: GlobalOptions, values: Record<string, unknown>): Promise<number> {
  const limit = parseLimit(values.limit);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(
      'review needs an interactive terminal (stdin and stdout must be a TTY)',
      "run 'recall' in a terminal; for scripts, 'recall check' works without one",
      2,
    );
  }
  // Ink and React load while the decks and the state are read.
  const screen = import('../ui/run.js');
  const clock = () => Date.now();

  const { settings, problems: configProblems } = loadSettings(global.decks, global.state);
  let decks = loadCollectionCached(global.decks, global.state);
  let collection = decks.collection;
  const filters = { deck: values.deck as string | undefined, tag: values.tag as string | undefined, limit, plans: loadScheduling(global.state).plans };
  if (collection.cards.length === 0) {
    throw new UserError(`no cards in ${global.decks}`, 'write a deck (see "The deck format" in README.md) or point --decks at your decks folder');
  }

  const release = acquireLock(global.state, 'review');
  const scheduler = new Scheduler(settings);
  const state = loadState(global.state, { scheduler, leechThreshold: settings.leechThreshold }, { repair: true, now: clock() });
  const writer = LogWriter.open(state.logPath);
  const save = () => {
    if (!state.stale) return;
    try {
      saveSnapshot(state);
      state.stale = false;
    } catch (error) {
      // The log holds every answer; the snapshot only saves the next start some work.
      process.stderr.write(`recall: could not save ${state.snapshotPath} (${(error as Error).message}); the next start rebuilds it from the review log\n`);
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    save();
    release();
    process.exit(128 + (signal === 'SIGTERM' ? 15 : 1));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);

  try {
    for (const notice of state.notices) process.stderr.write(`recall: ${notice}\n`);
    const problems = problemLine(collection, configProblems.length);
    if (problems) process.stdout.write(problems + '\n');

    const controller = new ReviewController(collection, state, writer, settings, filters, clock);
    for (const m of controller.reattached) process.stdout.write(`recall: ${m}\n`);
    for (const m of controller.planNotes) process.stdout.write(`recall: ${m}\n`);
    if (!controller.session.current) {
      const s = controller.summary();
      const waiting = controller.newCardsWaiting();
      const matched = filters.deck || filters.tag ? ' matching your filters' : '';
      process.stdout.write(
        `Nothing due now${matched}. ` +
          (s.nextDue !== undefined ? `Next card due ${formatWhen(s.nextDue, clock())}; ${s.dueTomorrow} due by tomorrow` : 'No reviews scheduled yet') +
          (waiting > 0 ? `, plus ${waiting} new card${waiting === 1 ? '' : 's'} waiting (up to ${settings.newPerDay} a day).\n` : '.\n'),
      );
      return 0;
    }

    const { runReviewScreen } = await screen;
    for (;;) {
      const reason = await runReviewScreen(controller, clock);
      if (reason.kind === 'failed') return 1;
      if (reason.kind !== 'edit') break;
      const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
      const [cmd, ...args] = editorCommand(editor, join(global.decks, reason.card.file), reason.card.line);
      // Loaded here, not at start-up: child_process brings net and dgram with it. (A require:
      // the command bundle runs in a vm.Script, which has no dynamic import.)
      const { spawnSync } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
      const result = spawnSync(cmd!, args, { stdio: 'inherit' });
      if (result.error) process.stderr.write(`recall: could not start editor '${editor}': ${result.error.message} (set $EDITOR)\n`);
      decks = loadCollectionCached(global.decks, global.state);
      collection = decks.collection;
      controller.reload(collection);
      const after = problemLine(collection, configProblems.length);
      if (after) process.stdout.write(after + '\n');
      if (!controller.session.current) break;
    }
    return 0;
  } finally {
    writer.close();
    save();
    saveProgressCache(state);
    try {
      decks.save();
    } catch {
      // Only a parse cache: the next start parses the decks again.
    }
    release();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
}

// `recall check`: every problem in the decks as path:line: message, and every review history
// whose card is gone; exit 1 if there is any. `--drop` and `--move` settle orphaned histories.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { GlobalOptions } from '../cli.js';
import type { Collection } from '../core/collection.js';
import { newEventId } from '../store/review-log.js';
import { planReattach, type ReattachPlan } from '../core/reattach.js';
import { Scheduler } from '../core/scheduler.js';
import type { Settings } from '../core/settings.js';
import { UserError } from '../errors.js';
import { loadCollection } from '../store/deck-files.js';
import { acquireLock } from '../store/lock.js';
import { loadSettings } from '../store/settings-file.js';
import { commitEvents, loadState, type LoadedState } from '../store/state.js';
import type { LogEvent } from '../core/events.js';

function day(ms: number | undefined): string {
  return ms === undefined ? 'never' : new Date(ms).toISOString().slice(0, 10);
}

function orphanMessages(plan: ReattachPlan, stateDir: string): string[] {
  return plan.orphans.map((o) => {
    const seen = o.record.file ? `, last seen in ${o.record.file}` : '';
    const nearest = o.candidates[0];
    const hint = nearest
      ? ` The closest new card is ${nearest.card.file}:${nearest.card.line} (id ${nearest.card.id}, ${Math.round(nearest.similarity * 100)}% similar): if it is the same card, run 'recall check --move ${o.id}=${nearest.card.id}'.`
      : '';
    return (
      `${stateDir}: review history of card ${o.id} (${o.record.reps} review${o.record.reps === 1 ? '' : 's'}, last ${day(o.record.lrt)}${seen}) has no card in the decks.` +
      hint +
      ` If you rewrote the card, give it its old id: add <!-- id: ${o.id} --> to it (or use --move); to forget the history: 'recall check --drop ${o.id}'.`
    );
  });
}

/** Applies --drop and --move, each checked first: only orphaned histories, only cards without one. */
function settle(state: LoadedState, collection: Collection, settings: Settings, drops: string[], moves: string[]): string[] {
  const events: LogEvent[] = [];
  const done: string[] = [];
  const now = Date.now();
  const orphan = (id: string) => {
    if (!state.progress.has(id)) throw new UserError(`no review history has the id '${id}'`, "run 'recall check' to list orphaned histories and their ids");
    if (collection.byId.has(id)) throw new UserError(`card ${id} still exists (${collection.byId.get(id)!.file}:${collection.byId.get(id)!.line}); only a history whose card is gone can be dropped or moved`);
  };
  for (const id of drops) {
    orphan(id);
    events.push({ id: newEventId(now), type: 'drop', at: now, card: id });
    done.push(`dropped the review history of ${id}`);
  }
  for (const spec of moves) {
    const [from, to] = spec.split('=');
    if (!from || !to) throw new UserError(`--move takes OLD_ID=NEW_ID, not '${spec}'`, undefined, 2);
    orphan(from);
    const card = collection.byId.get(to);
    if (!card) throw new UserError(`no card has the id '${to}'`, "the closest candidates and their ids are listed by 'recall check'");
    if (state.progress.has(to)) throw new UserError(`card ${to} already has a review history; it cannot take another`);
    events.push({ id: newEventId(now), type: 'move', at: now, card: from, to });
    done.push(`moved the review history of ${from} to ${card.file}:${card.line}`);
  }
  commitEvents(state.dir, events, { scheduler: new Scheduler(settings), leechThreshold: settings.leechThreshold });
  return done;
}

export async function check(global: GlobalOptions, values: Record<string, unknown> = {}): Promise<number> {
  const { settings, problems: configProblems } = loadSettings(global.decks, global.state);
  const collection = loadCollection(global.decks);
  const where = relative(process.cwd(), global.decks) || '.';
  const lines = [...configProblems, ...collection.problems].map((p) => `${where}/${p.file}:${p.line}: ${p.message}`);

  const drops = (values.drop as string[] | undefined) ?? [];
  const moves = (values.move as string[] | undefined) ?? [];
  const hasState = existsSync(join(global.state, 'reviews.jsonl')) || existsSync(join(global.state, 'progress.json'));
  if (hasState || drops.length || moves.length) {
    const settling = drops.length > 0 || moves.length > 0;
    const release = settling ? acquireLock(global.state, 'check') : undefined;
    try {
      const ctx = { scheduler: new Scheduler(settings), leechThreshold: settings.leechThreshold };
      const state = loadState(global.state, ctx, { repair: settling, now: Date.now() });
      for (const notice of state.notices) process.stderr.write(`recall: ${notice}\n`);
      if (settling) for (const line of settle(state, collection, settings, drops, moves)) process.stdout.write(`${line}\n`);
      const fresh = settling ? loadState(global.state, ctx, { repair: false, now: Date.now() }) : state;
      const plan = planReattach(collection, fresh.progress);
      for (const m of plan.moves) {
        process.stdout.write(`note: the review history of ${m.from} will follow the edited card at ${m.to.file}:${m.to.line} at the next review\n`);
      }
      lines.push(...orphanMessages(plan, relative(process.cwd(), global.state) || '.'));
    } finally {
      release?.();
    }
  }

  for (const line of lines) process.stdout.write(line + '\n');
  const files = collection.decks.length;
  const cards = collection.cards.length;
  const decks = `${files} deck file${files === 1 ? '' : 's'}`;
  if (lines.length > 0) {
    const n = lines.length;
    process.stdout.write(`\n${n} problem${n === 1 ? '' : 's'} in ${decks} (${cards} valid card${cards === 1 ? '' : 's'})\n`);
    return 1;
  }
  process.stdout.write(`ok: ${cards} card${cards === 1 ? '' : 's'} in ${decks}, no problems\n`);
  return 0;
}

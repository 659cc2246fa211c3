// `recall check`: every problem in the decks as path:line: message, and every review history
// whose card is gone; exit 1 if there is any. `--drop` and `--move` settle orphaned histories.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CommandContext } from '../app/commands.js';
import { openWorkspace, type Workspace } from '../app/workspace.js';
import { newEventId, type LogEvent } from '../core/events.js';
import { planReattach, type ReattachPlan } from '../core/reattach.js';
import { UserError } from '../errors.js';

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
function settle(ws: Workspace, drops: string[], moves: string[]): string[] {
  const { collection, progress } = ws;
  const events: LogEvent[] = [];
  const done: string[] = [];
  const now = ws.clock();
  const orphan = (id: string) => {
    if (!progress.has(id)) throw new UserError(`no review history has the id '${id}'`, "run 'recall check' to list orphaned histories and their ids");
    const card = collection.byId.get(id);
    if (card) throw new UserError(`card ${id} still exists (${card.file}:${card.line}); only a history whose card is gone can be dropped or moved`);
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
    if (progress.has(to)) throw new UserError(`card ${to} already has a review history; it cannot take another`);
    events.push({ id: newEventId(now), type: 'move', at: now, card: from, to });
    done.push(`moved the review history of ${from} to ${card.file}:${card.line}`);
  }
  ws.append(events);
  ws.save();
  return done;
}

export async function run({ paths, values }: CommandContext<'check'>): Promise<number> {
  const drops = values.drop ?? [];
  const moves = values.move ?? [];
  const settling = drops.length > 0 || moves.length > 0;
  const ws = openWorkspace(paths, { decks: 'fresh', lock: settling ? 'check' : undefined });
  try {
    const { collection } = ws;
    const where = relative(process.cwd(), paths.decks) || '.';
    const lines = [...ws.configProblems, ...collection.problems].map((p) => `${where}/${p.file}:${p.line}: ${p.message}`);
    const hasState = existsSync(join(paths.state, 'reviews.jsonl')) || existsSync(join(paths.state, 'progress.json'));
    if (hasState || settling) {
      if (settling) for (const line of settle(ws, drops, moves)) process.stdout.write(`${line}\n`);
      const plan = planReattach(collection, ws.progress);
      for (const m of plan.moves) {
        process.stdout.write(`note: the review history of ${m.from} will follow the edited card at ${m.to.file}:${m.to.line} at the next review\n`);
      }
      lines.push(...orphanMessages(plan, relative(process.cwd(), paths.state) || '.'));
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
  } finally {
    ws.close();
  }
}

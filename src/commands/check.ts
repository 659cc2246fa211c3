// `recall check`: every problem in the decks as path:line: message, and every review history
// whose card is gone; exit 1 if there is any. `--drop` and `--move` settle orphaned histories.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { CommandContext } from '../app/commands.js';
import { cardImages } from '../app/images.js';
import { openWorkspace, type Workspace } from '../app/workspace.js';
import { MAX_NESTING, nestingDepth } from '../core/markdown.js';
import type { Card, Problem } from '../core/types.js';
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

/** An answer this long is probably several cards: said, not refused. */
export const LONG_ANSWER = 2000;

function longAnswers(cards: Card[]): Problem[] {
  return cards
    .filter((c) => c.kind !== 'reverse' && c.back.length > LONG_ANSWER)
    .map((c) => ({ file: c.file, line: c.line, message: `the answer is ${c.back.length.toLocaleString('en-US')} characters long: it is probably several cards (split it, one question each)` }));
}

/** Lists or quotes nested past what recall draws: one problem per card, found in one pass. */
function tooDeep(cards: Card[]): Problem[] {
  return cards.flatMap((c) => {
    if (c.kind === 'reverse') return [];
    const depth = nestingDepth(`${c.front}\n${c.back}`);
    return depth > MAX_NESTING ? [{ file: c.file, line: c.line, message: `lists or quotes nested ${depth} levels deep: recall draws ${MAX_NESTING} levels and shows deeper lines as plain text; flatten it` }] : [];
  });
}

/** Images a card shows whose file is not beside its deck. Each reported once, at its line in the file. */
function missingImages(decksDir: string, cards: Card[]): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  const fileLines = new Map<string, string[]>();
  const known = new Map<string, boolean>();
  const exists = (path: string) => {
    let there = known.get(path);
    if (there === undefined) known.set(path, (there = existsSync(path)));
    return there;
  };
  for (const card of cards) {
    if (card.kind === 'reverse') continue;
    for (const image of cardImages(card, decksDir, exists)) {
      if (image.external || image.exists) continue;
      let lines = fileLines.get(card.file);
      if (!lines) fileLines.set(card.file, (lines = readFileSync(join(decksDir, card.file), 'utf8').split(/\r?\n/)));
      const src = relative(dirname(join(decksDir, card.file)), image.target);
      const at = lines.findIndex((l, i) => i >= card.line - 1 && l.includes(`](${src}`)) + 1 || card.line;
      const key = `${card.file}:${at}:${src}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ file: card.file, line: at, message: `image ${src} not found (looked for ${relative(process.cwd(), image.target) || image.target})` });
    }
  }
  return out;
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
  const ws = openWorkspace(paths, { lock: settling ? 'check' : undefined, allEditions: true });
  try {
    const { collection } = ws;
    const where = relative(process.cwd(), paths.decks) || '.';
    const lines = [...ws.configProblems, ...collection.problems, ...missingImages(paths.decks, collection.cards)].map((p) => `${where}/${p.file}:${p.line}: ${p.message}`);
    lines.push(...tooDeep(collection.cards).map((p) => `${where}/${p.file}:${p.line}: ${p.message}`));
    const warnings = longAnswers(collection.cards).map((p) => `${where}/${p.file}:${p.line}: warning: ${p.message}`);
    const hasState = existsSync(join(paths.state, 'reviews.jsonl')) || existsSync(join(paths.state, 'progress.json'));
    if (hasState || settling) {
      if (settling) for (const line of settle(ws, drops, moves)) process.stdout.write(`${line}\n`);
      const plan = planReattach(collection, ws.progress);
      for (const m of plan.moves) {
        process.stdout.write(`note: the review history of ${m.from} will follow the edited card at ${m.to.file}:${m.to.line} at the next review\n`);
      }
      lines.push(...orphanMessages(plan, relative(process.cwd(), paths.state) || '.'));
    }

    for (const line of [...lines, ...warnings]) process.stdout.write(line + '\n');
    const files = collection.decks.length;
    const cards = collection.cards.length;
    const decks = `${files} deck file${files === 1 ? '' : 's'}`;
    if (lines.length > 0) {
      const n = lines.length;
      process.stdout.write(`\n${n} problem${n === 1 ? '' : 's'} in ${decks} (${cards} valid card${cards === 1 ? '' : 's'})\n`);
      return 1;
    }
    const w = warnings.length ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'} above)` : '';
    process.stdout.write(`${warnings.length ? '\n' : ''}ok: ${cards} card${cards === 1 ? '' : 's'} in ${decks}, no problems${w}\n`);
    return 0;
  } finally {
    ws.close();
  }
}

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
import { formatDayKey, m } from '../i18n/index.js';

function day(ms: number | undefined): string {
  return ms === undefined ? m.check.never : formatDayKey(new Date(ms).toISOString().slice(0, 10));
}

function orphanMessages(plan: ReattachPlan, stateDir: string): string[] {
  return plan.orphans.map((o) => {
    const nearest = o.candidates[0];
    const hint = nearest ? m.check.closest(`${nearest.card.file}:${nearest.card.line}`, nearest.card.id, Math.round(nearest.similarity * 100), o.id) : '';
    return m.check.orphan(stateDir, o.id, o.record.reps, day(o.record.lrt), o.record.file) + hint + m.check.orphanHint(o.id);
  });
}

/** An answer this long is probably several cards: said, not refused. */
export const LONG_ANSWER = 2000;

function longAnswers(cards: Card[]): Problem[] {
  return cards
    .filter((c) => c.kind !== 'reverse' && c.back.length > LONG_ANSWER)
    .map((c) => ({ file: c.file, line: c.line, message: m.check.longAnswer(c.back.length) }));
}

/** Lists or quotes nested past what recall draws: one problem per card, found in one pass. */
function tooDeep(cards: Card[]): Problem[] {
  return cards.flatMap((c) => {
    if (c.kind === 'reverse') return [];
    const depth = nestingDepth(`${c.front}\n${c.back}`);
    return depth > MAX_NESTING ? [{ file: c.file, line: c.line, message: m.check.tooDeep(depth, MAX_NESTING) }] : [];
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
      out.push({ file: card.file, line: at, message: m.check.missingImage(src, relative(process.cwd(), image.target) || image.target) });
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
    if (!progress.has(id)) throw new UserError(m.check.noHistory(id), m.check.noHistoryHint);
    const card = collection.byId.get(id);
    if (card) throw new UserError(m.check.stillExists(id, `${card.file}:${card.line}`));
  };
  for (const id of drops) {
    orphan(id);
    events.push({ id: newEventId(now), type: 'drop', at: now, card: id });
    done.push(m.check.dropped(id));
  }
  for (const spec of moves) {
    const [from, to] = spec.split('=');
    if (!from || !to) throw new UserError(m.check.badMove(spec), undefined, 2);
    orphan(from);
    const card = collection.byId.get(to);
    if (!card) throw new UserError(m.check.noCard(to), m.check.noCardHint);
    if (progress.has(to)) throw new UserError(m.check.hasHistory(to));
    events.push({ id: newEventId(now), type: 'move', at: now, card: from, to });
    done.push(m.check.moved(from, `${card.file}:${card.line}`));
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
    const warnings = longAnswers(collection.cards).map((p) => `${where}/${p.file}:${p.line}: ${m.check.warning(p.message)}`);
    const hasState = existsSync(join(paths.state, 'reviews.jsonl')) || existsSync(join(paths.state, 'progress.json'));
    if (hasState || settling) {
      if (settling) for (const line of settle(ws, drops, moves)) process.stdout.write(`${line}\n`);
      const plan = planReattach(collection, ws.progress);
      for (const move of plan.moves) process.stdout.write(m.check.willFollow(move.from, `${move.to.file}:${move.to.line}`) + '\n');
      lines.push(...orphanMessages(plan, relative(process.cwd(), paths.state) || '.'));
    }

    for (const line of [...lines, ...warnings]) process.stdout.write(line + '\n');
    const files = collection.decks.length;
    const cards = collection.cards.length;
    if (lines.length > 0) {
      process.stdout.write(`\n${m.check.problems(lines.length, files, cards)}\n`);
      return 1;
    }
    process.stdout.write(`${warnings.length ? '\n' : ''}${m.check.ok(cards, files, warnings.length)}\n`);
    return 0;
  } finally {
    ws.close();
  }
}

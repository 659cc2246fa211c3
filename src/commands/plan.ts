// `recall plan DATE [--deck NAME | --tag TAG]`: aim the schedule of a deck or tag at an
// interview date. `recall plan` lists the plans; `recall plan --clear` removes them.
import { relative, join } from 'node:path';
import type { GlobalOptions } from '../cli.js';
import { filterCards } from '../core/collection.js';
import { daysLeft, planTime, type Plan } from '../core/plan.js';
import { UserError } from '../errors.js';
import { loadCollection } from '../store/deck-files.js';
import { loadScheduling, saveScheduling } from '../store/scheduling-file.js';

function describe(plan: Plan, now: number): string {
  const what = plan.deck !== undefined ? `deck ${plan.deck}` : plan.tag !== undefined ? `tag ${plan.tag}` : 'all cards';
  const left = daysLeft(planTime(plan), now);
  return `${plan.date} for ${what}: ${planTime(plan) <= now ? 'passed, normal scheduling again' : `${left} day${left === 1 ? '' : 's'} left`}`;
}

export function parsePlanDate(text: string, now: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined;
  if (!m || !date || date.getMonth() !== Number(m[2]) - 1 || date.getDate() !== Number(m[3])) {
    throw new UserError(`'${text}' is not a date`, 'write it as YYYY-MM-DD, e.g. recall plan 2026-12-15 --deck llm-papers', 2);
  }
  if (date.getTime() <= now) throw new UserError(`${text} is not in the future`, 'a plan aims at a day still ahead', 2);
  return text;
}

export async function plan(global: GlobalOptions, values: Record<string, unknown>, positionals: string[]): Promise<number> {
  const now = Date.now();
  const scheduling = loadScheduling(global.state);
  const where = relative(process.cwd(), join(global.state, 'scheduling.json'));
  if (values.clear) {
    if (positionals.length) throw new UserError('--clear takes no date', 'recall plan --clear removes every plan', 2);
    saveScheduling(global.state, { ...scheduling, plans: [] });
    process.stdout.write(`Removed ${scheduling.plans.length} plan${scheduling.plans.length === 1 ? '' : 's'}; normal scheduling for every card.\n`);
    return 0;
  }
  if (positionals.length === 0) {
    if (scheduling.plans.length === 0) process.stdout.write('No plans. Set one with: recall plan YYYY-MM-DD [--deck NAME | --tag TAG]\n');
    for (const p of scheduling.plans) process.stdout.write(describe(p, now) + '\n');
    return 0;
  }
  if (positionals.length > 1) throw new UserError('one date at a time', undefined, 2);
  if (values.deck !== undefined && values.tag !== undefined) throw new UserError('a plan is for a deck or for a tag, not both', undefined, 2);
  const date = parsePlanDate(positionals[0]!, now);
  const deck = values.deck as string | undefined;
  const tag = values.tag as string | undefined;
  const cards = filterCards(loadCollection(global.decks).cards, { deck, tag });
  if (cards.length === 0) throw new UserError(`no cards match ${deck ? `--deck ${deck}` : tag ? `--tag ${tag}` : 'the decks'}`, "check the name with 'recall stats'");
  const next: Plan = { date, ...(deck !== undefined ? { deck } : {}), ...(tag !== undefined ? { tag } : {}), created: new Date(now).toISOString() };
  // One plan per deck or tag: a new date replaces the old one.
  const plans = [...scheduling.plans.filter((p) => p.deck !== deck || p.tag !== tag), next];
  saveScheduling(global.state, { ...scheduling, plans });
  process.stdout.write(`Plan set (${where}): ${describe(next, now)}, ${cards.length} cards. Until then their reviews aim at the date; 'recall stats' shows the predicted recall on the day.\n`);
  return 0;
}

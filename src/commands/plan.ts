// `recall plan DATE [--deck NAME | --tag TAG]`: aim the schedule of a deck or tag at an
// interview date. `recall plan` lists the plans; `--clear` removes them (all, or the one for a
// deck, a tag or a date).
import { join, relative } from 'node:path';
import type { CommandContext } from '../app/commands.js';
import { selectCards } from '../app/filters.js';
import { calendarDay } from '../app/values.js';
import { openWorkspace } from '../app/workspace.js';
import { daysLeft, planTime, type Plan } from '../core/plan.js';
import { UserError } from '../errors.js';

function describe(plan: Plan, now: number): string {
  const what = plan.deck !== undefined ? `deck ${plan.deck}` : plan.tag !== undefined ? `tag ${plan.tag}` : 'all cards';
  const left = daysLeft(planTime(plan), now);
  return `${plan.date} for ${what}: ${planTime(plan) <= now ? 'passed, normal scheduling again' : `${left} day${left === 1 ? '' : 's'} left`}`;
}

export function parsePlanDate(text: string, now: number): string {
  const date = calendarDay(text);
  if (!date) throw new UserError(`'${text}' is not a date`, 'write it as YYYY-MM-DD, e.g. recall plan 2026-12-15 --deck llm-papers', 2);
  if (date.getTime() <= now) throw new UserError(`${text} is not in the future`, 'a plan aims at a day still ahead', 2);
  return text;
}

const sameTarget = (p: Plan, deck?: string, tag?: string) => (p.deck ?? '').toLowerCase() === (deck ?? '').toLowerCase() && (p.tag ?? '').toLowerCase() === (tag ?? '').toLowerCase();

export async function run({ paths, lang, values, positionals }: CommandContext<'plan'>): Promise<number> {
  const ws = openWorkspace(paths, { lang });
  try {
    const now = ws.clock();
    const scheduling = ws.scheduling;
    const where = relative(process.cwd(), join(paths.state, 'scheduling.json'));
    const { deck, tag } = values;
    if (positionals.length > 1) throw new UserError('one date at a time', undefined, 2);
    if (deck !== undefined && tag !== undefined) throw new UserError('a plan is for a deck or for a tag, not both', undefined, 2);
    if (values.clear) {
      const date = positionals[0];
      if (date !== undefined && !calendarDay(date)) throw new UserError(`'${date}' is not a date`, 'write it as YYYY-MM-DD', 2);
      const narrowed = date !== undefined || deck !== undefined || tag !== undefined;
      const removed = scheduling.plans.filter((p) => !narrowed || ((date === undefined || p.date === date) && (deck === undefined && tag === undefined ? true : sameTarget(p, deck, tag))));
      if (narrowed && removed.length === 0) {
        throw new UserError('no plan matches', scheduling.plans.length ? `the plans are: ${scheduling.plans.map((p) => describe(p, now)).join('; ')}` : 'there are no plans');
      }
      ws.saveScheduling({ ...scheduling, plans: scheduling.plans.filter((p) => !removed.includes(p)) });
      const n = removed.length;
      if (!narrowed) process.stdout.write(`Removed ${n} plan${n === 1 ? '' : 's'}; normal scheduling for every card.\n`);
      else for (const p of removed) process.stdout.write(`Removed the plan ${describe(p, now)}; its cards are scheduled as usual again.\n`);
      return 0;
    }
    if (positionals.length === 0) {
      if (scheduling.plans.length === 0) process.stdout.write('No plans. Set one with: recall plan YYYY-MM-DD [--deck NAME | --tag TAG]\n');
      for (const p of scheduling.plans) process.stdout.write(describe(p, now) + '\n');
      return 0;
    }
    const date = parsePlanDate(positionals[0]!, now);
    const cards = selectCards(ws.collection, { deck, tag });
    if (cards.length === 0) throw new UserError(`no cards in ${paths.decks}`, 'a plan needs cards to aim at');
    const next: Plan = { date, ...(deck !== undefined ? { deck } : {}), ...(tag !== undefined ? { tag } : {}), created: new Date(now).toISOString() };
    // One plan per deck or tag: a new date replaces the old one.
    const plans = [...scheduling.plans.filter((p) => !sameTarget(p, deck, tag)), next];
    ws.saveScheduling({ ...scheduling, plans });
    process.stdout.write(`Plan set (${where}): ${describe(next, now)}, ${cards.length} cards. Until then their reviews aim at the date; 'recall stats' shows the predicted recall on the day.\n`);
    return 0;
  } finally {
    ws.close();
  }
}

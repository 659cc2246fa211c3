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
import { formatDayKey, m } from '../i18n/index.js';

function describe(plan: Plan, now: number): string {
  const what = plan.deck !== undefined ? m.plan.deck(plan.deck) : plan.tag !== undefined ? m.plan.tag(plan.tag) : m.plan.allCards;
  return m.plan.describe(formatDayKey(plan.date), what, planTime(plan) <= now, daysLeft(planTime(plan), now));
}

export function parsePlanDate(text: string, now: number): string {
  const date = calendarDay(text);
  if (!date) throw new UserError(m.plan.notADate(text), m.plan.notADateHint, 2);
  if (date.getTime() <= now) throw new UserError(m.plan.notFuture(text), m.plan.notFutureHint, 2);
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
    if (positionals.length > 1) throw new UserError(m.plan.oneDate, undefined, 2);
    if (deck !== undefined && tag !== undefined) throw new UserError(m.plan.deckOrTag, undefined, 2);
    if (values.clear) {
      const date = positionals[0];
      if (date !== undefined && !calendarDay(date)) throw new UserError(m.plan.notADate(date), m.plan.notADateShortHint, 2);
      const narrowed = date !== undefined || deck !== undefined || tag !== undefined;
      const removed = scheduling.plans.filter((p) => !narrowed || ((date === undefined || p.date === date) && (deck === undefined && tag === undefined ? true : sameTarget(p, deck, tag))));
      if (narrowed && removed.length === 0) {
        throw new UserError(m.plan.noMatch, scheduling.plans.length ? m.plan.plansAre(scheduling.plans.map((p) => describe(p, now))) : m.plan.noPlansHint);
      }
      ws.saveScheduling({ ...scheduling, plans: scheduling.plans.filter((p) => !removed.includes(p)) });
      if (!narrowed) process.stdout.write(m.plan.removedAll(removed.length) + '\n');
      else for (const p of removed) process.stdout.write(m.plan.removed(describe(p, now)) + '\n');
      return 0;
    }
    if (positionals.length === 0) {
      if (scheduling.plans.length === 0) process.stdout.write(m.plan.none + '\n');
      for (const p of scheduling.plans) process.stdout.write(describe(p, now) + '\n');
      return 0;
    }
    const date = parsePlanDate(positionals[0]!, now);
    const cards = selectCards(ws.collection, { deck, tag });
    if (cards.length === 0) throw new UserError(m.plan.noCards(paths.decks), m.plan.noCardsHint);
    const next: Plan = { date, ...(deck !== undefined ? { deck } : {}), ...(tag !== undefined ? { tag } : {}), created: new Date(now).toISOString() };
    // One plan per deck or tag: a new date replaces the old one.
    const plans = [...scheduling.plans.filter((p) => !sameTarget(p, deck, tag)), next];
    ws.saveScheduling({ ...scheduling, plans });
    process.stdout.write(m.plan.set(where, describe(next, now), cards.length) + '\n');
    return 0;
  } finally {
    ws.close();
  }
}

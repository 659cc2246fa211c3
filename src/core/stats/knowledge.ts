// Knowledge: the cards you would recall now (the sum of predicted recall), and its 30-day trend
// rebuilt from the history (each card's last answer before the end of each day).
import { DAY, keyOfNumber, type StatsContext } from './context.js';

export interface KnowledgeReport {
  now: number;
  trend: { date: string; value: number }[];
}

export function knowledge(ctx: StatsContext): KnowledgeReport {
  let now = 0;
  for (const r of ctx.recall) now += r;
  const h = ctx.input.history;
  const scheduler = ctx.input.policy.scheduler;
  const inScope = new Uint8Array(h.cards.length);
  for (let i = 0; i < h.length; i++) if (ctx.day[i]! >= 0) inScope[h.card[i]!] = 1;
  const lastAt = new Float64Array(h.cards.length);
  const lastS = new Float64Array(h.cards.length);
  const trend: KnowledgeReport['trend'] = [];
  let next = 0;
  for (let back = 29; back >= 0; back--) {
    const end = Math.min(ctx.now, ctx.todayStart - (back - 1) * DAY);
    for (; next < h.length && h.at[next]! <= end; next++) {
      const c = h.card[next]!;
      lastAt[c] = h.at[next]!;
      lastS[c] = h.stability[next]!;
    }
    let sum = 0;
    for (let c = 0; c < lastAt.length; c++) {
      if (inScope[c] && lastAt[c]! > 0 && lastS[c]! > 0) sum += scheduler.recallAfter((end - lastAt[c]!) / DAY, lastS[c]!);
    }
    trend.push({ date: keyOfNumber(ctx.todayNumber - back), value: Math.round(sum * 10) / 10 });
  }
  return { now: Math.round(now * 10) / 10, trend };
}

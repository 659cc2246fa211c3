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
  const { factor, decay } = ctx.input.policy.scheduler.forgettingCurve;
  const inScope = new Uint8Array(h.cards.length);
  for (let i = 0; i < h.length; i++) if (ctx.day[i]! >= 0) inScope[h.card[i]!] = 1;
  // Per card in scope: its last answer's time and factor / stability per ms, as of each day's end.
  const lastAt = new Float64Array(h.cards.length);
  const rate = new Float64Array(h.cards.length);
  const trend: KnowledgeReport['trend'] = [];
  let next = 0;
  for (let back = 29; back >= 0; back--) {
    const end = Math.min(ctx.now, ctx.todayStart - (back - 1) * DAY);
    for (; next < h.length && h.at[next]! <= end; next++) {
      const c = h.card[next]!;
      const s = h.stability[next]!;
      if (!inScope[c] || s <= 0) continue;
      lastAt[c] = h.at[next]!;
      rate[c] = factor / (s * DAY);
    }
    // FSRS-6's forgetting curve, R = (1 + factor * t / S) ^ decay, for every card: the hot loop
    // of stats (30 days × 100k cards), so one exp and one log1p each, no call, no object.
    let sum = 0;
    for (let c = 0; c < lastAt.length; c++) {
      const r = rate[c]!;
      if (r > 0) sum += Math.exp(decay * Math.log1p(r * (end - lastAt[c]!)));
    }
    trend.push({ date: keyOfNumber(ctx.todayNumber - back), value: Math.round(sum * 10) / 10 });
  }
  return { now: Math.round(now * 10) / 10, trend };
}

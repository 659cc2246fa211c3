// Practice: the last drills (each a mock interview: its questions, how many passed, the time
// answering, its weakest deck) and the cram answers of the last week. Drill answers are reviews
// and count in every other panel too; cram answers count only here.
import { dayKey } from '../day.js';
import type { PracticeRecord } from '../history.js';
import { DAY, type StatsContext } from './context.js';

export interface DrillSummary {
  date: string;
  questions: number;
  passed: number;
  /** Time on the questions, question to grade. */
  ms: number;
  /** The deck with the lowest share passed, when one was below the others. */
  weakestDeck: string | null;
}

export interface PracticeReport {
  /** The most recent drills first, at most five. */
  drills: DrillSummary[];
  /** Cram answers (not rescheduled) of the last seven days. */
  cram: { days: number; sessions: number; answers: number; correct: number | null };
}

export const RECENT_DRILLS = 5;
export const CRAM_DAYS = 7;

export function practice(ctx: StatsContext): PracticeReport {
  const records = ctx.input.history.practice.filter((p) => ctx.cards.find(p.card) !== -1);
  const sessions = new Map<string, PracticeRecord[]>();
  for (const p of records) {
    const list = sessions.get(p.session);
    if (list) list.push(p);
    else sessions.set(p.session, [p]);
  }
  const deckOf = new Map<string, string>();
  const wanted = new Set(records.filter((p) => p.kind === 'drill').map((p) => p.card));
  for (const id of wanted) deckOf.set(id, ctx.cards.groups[ctx.cards.group[ctx.cards.find(id)]!]!.deck);

  const drills: (DrillSummary & { at: number })[] = [];
  const since = ctx.now - CRAM_DAYS * DAY;
  const cram = { days: CRAM_DAYS, sessions: 0, answers: 0, correct: null as number | null };
  let cramCorrect = 0;
  for (const list of sessions.values()) {
    if (list[0]!.kind === 'drill') {
      const byDeck = new Map<string, { asked: number; passed: number }>();
      for (const p of list) {
        const deck = deckOf.get(p.card) ?? '?';
        const d = byDeck.get(deck) ?? { asked: 0, passed: 0 };
        d.asked++;
        if (p.grade > 1) d.passed++;
        byDeck.set(deck, d);
      }
      const ranked = [...byDeck].sort((a, b) => a[1].passed / a[1].asked - b[1].passed / b[1].asked || a[0].localeCompare(b[0]));
      const worst = ranked[0];
      const best = ranked[ranked.length - 1];
      drills.push({
        at: list[0]!.at,
        date: dayKey(list[0]!.at, ctx.rollover),
        questions: list.length,
        passed: list.filter((p) => p.grade > 1).length,
        ms: list.reduce((sum, p) => sum + p.ms, 0),
        weakestDeck: worst && best && worst[1].passed / worst[1].asked < best[1].passed / best[1].asked ? worst[0] : null,
      });
      continue;
    }
    const recent = list.filter((p) => p.kind === 'cram' && p.at >= since);
    if (recent.length === 0) continue;
    cram.sessions++;
    cram.answers += recent.length;
    cramCorrect += recent.filter((p) => p.grade > 1).length;
  }
  cram.correct = cram.answers ? cramCorrect / cram.answers : null;
  drills.sort((a, b) => b.at - a.at);
  return { drills: drills.slice(0, RECENT_DRILLS).map(({ at: _at, ...d }) => d), cram };
}

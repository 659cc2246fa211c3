// Which desired retention costs least per card remembered? Simulates a year of daily reviews
// of a deck with the user's FSRS parameters (their own memory model) at several retentions:
// higher retention means more reviews; lower means more forgetting and relearning.
import { rng } from './random.js';
import { Scheduler, State, type Memory } from './scheduler.js';
import type { Settings } from './settings.js';

const DAY = 86_400_000;

export interface RetentionRow {
  retention: number;
  /** Reviews a day, averaged over the simulated year. */
  reviewsPerDay: number;
  /** Minutes of review a day, averaged over the simulated year. */
  minutesPerDay: number;
  /** Expected cards recalled at the end of the year. */
  remembered: number;
  /** Seconds of review per card remembered: the cost to minimize. */
  costPerCard: number;
}

/** Seconds per answer, as Anki's simulator assumes: a forgotten card costs far more than a recalled one. */
const SECONDS = { learn: 20, recalled: 8, forgotten: 23, relearnStep: 8 };

export function simulateRetention(settings: Settings, cards: number, retention: number, days = 365, seed = 1): RetentionRow {
  const scheduler = new Scheduler({ ...settings, fuzz: false, retention });
  const random = rng(seed);
  const start = Date.UTC(2026, 0, 1, 12);
  const memory: (Memory | undefined)[] = new Array(cards).fill(undefined);
  const perDay = Math.max(1, Math.min(settings.newPerDay, Math.ceil(cards / (days / 2))));
  let introduced = 0;
  let reviews = 0;
  let seconds = 0;
  for (let day = 0; day < days; day++) {
    const now = start + day * DAY;
    for (let k = 0; k < perDay && introduced < cards; k++) memory[introduced++] = undefined;
    for (let i = 0; i < introduced; i++) {
      let m = memory[i];
      if (m && m.due > now + DAY) continue;
      let t = now;
      if (m && m.st === State.Review) {
        const p = scheduler.recallAfter(Math.max(0, (t - m.lrt!) / DAY), m.s);
        const recalled = random() < p;
        m = scheduler.answer(m, t, recalled ? 3 : 1, retention);
        reviews++;
        seconds += recalled ? SECONDS.recalled : SECONDS.forgotten;
      }
      const relearning = Boolean(m);
      // New and (re)learning cards are practised until they graduate, the same day.
      for (let steps = 0; (!m || m.st !== State.Review) && steps < 10; steps++) {
        t = m ? Math.max(t, m.due) : t;
        m = scheduler.answer(m, t, 3, retention);
        reviews++;
        seconds += relearning ? SECONDS.relearnStep : SECONDS.learn;
      }
      memory[i] = m;
    }
  }
  const end = start + days * DAY;
  let remembered = 0;
  for (const m of memory) if (m) remembered += scheduler.retrievability(m, end);
  return { retention, reviewsPerDay: reviews / days, minutesPerDay: seconds / 60 / days, remembered, costPerCard: seconds / Math.max(1, remembered) };
}

export const RETENTIONS = [0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97];

// Which desired retention costs least per card remembered? Simulates a year of daily reviews of a
// deck with the user's FSRS parameters (their own memory model) at several retentions: higher
// retention means more reviews; lower means more forgetting and relearning.
//
// One simulated learner is noise: whether a card is recalled is a coin toss, and one toss changes
// every later interval of that card. So many learners are simulated, and with common random
// numbers: learner k's card i draws the same stream of tosses at every retention, so the rows
// differ by the retention, not by luck. Each figure is a mean over the learners, with its
// standard error.
import { rng } from './random.js';
import { Scheduler, State, type Memory } from './scheduler.js';
import type { Settings } from './settings.js';

const DAY = 86_400_000;

export interface Estimate {
  mean: number;
  /** Standard error of the mean over the simulated learners. */
  se: number;
}

export interface RetentionRow {
  retention: number;
  /** Reviews a day, averaged over the simulated year. */
  reviewsPerDay: Estimate;
  /** Minutes of review a day, averaged over the simulated year. */
  minutesPerDay: Estimate;
  /** Expected cards recalled on a day of the second half of the year (averaged over those days). */
  remembered: Estimate;
  /** Seconds of review per card remembered: the cost to minimize. */
  costPerCard: Estimate;
}

/** Seconds per answer, as Anki's simulator assumes: a forgotten card costs far more than a recalled one. */
const SECONDS = { learn: 20, recalled: 8, forgotten: 23, relearnStep: 8 };

interface Learner {
  reviews: number;
  seconds: number;
  remembered: number;
}

/**
 * "Remembered" is averaged over the second half of the year (every card introduced by then),
 * not read on its last day: cards learned together come due together, and on any one day the
 * deck may happen to be freshly reviewed or about to be, which ranked the retentions by luck of
 * timing (0.80 remembered more than 0.85). Fuzz is on, seeded per card, for the same reason.
 */
const WINDOW = 182;

function simulateLearner(scheduler: Scheduler, settings: Settings, cards: number, retention: number, days: number, seed: number): Learner {
  const start = Date.UTC(2026, 0, 1, 12);
  const memory: (Memory | undefined)[] = new Array(cards).fill(undefined);
  const tosses = Array.from({ length: cards }, (_, i) => rng(seed * 1_000_003 + i));
  // Cards by the day they are next due: a day visits only its own cards.
  const dueOn: number[][] = Array.from({ length: days + 1 }, () => []);
  const perDay = Math.max(1, Math.min(settings.newPerDay, Math.ceil(cards / (days / 2))));
  let introduced = 0;
  let reviews = 0;
  let seconds = 0;
  let remembered = 0;
  for (let day = 0; day < days; day++) {
    const now = start + day * DAY;
    const today = dueOn[day]!;
    for (let k = 0; k < perDay && introduced < cards; k++) today.push(introduced++);
    for (const i of today) {
      let m = memory[i];
      let t = now;
      if (m && m.st === State.Review) {
        const p = scheduler.recallAfter(Math.max(0, (t - m.lrt!) / DAY), m.s);
        const recalled = tosses[i]!() < p;
        m = scheduler.answer(m, t, recalled ? 3 : 1, retention, `${seed}:${i}`);
        reviews++;
        seconds += recalled ? SECONDS.recalled : SECONDS.forgotten;
      }
      const relearning = Boolean(m);
      // New and (re)learning cards are practised until they graduate, the same day.
      for (let steps = 0; (!m || m.st !== State.Review) && steps < 10; steps++) {
        t = m ? Math.max(t, m.due) : t;
        m = scheduler.answer(m, t, 3, retention, `${seed}:${i}`);
        reviews++;
        seconds += relearning ? SECONDS.relearnStep : SECONDS.learn;
      }
      memory[i] = m;
      const next = Math.max(day + 1, Math.ceil((m!.due - start) / DAY - 1e-9));
      if (next < days) dueOn[next]!.push(i);
    }
    if (day >= days - WINDOW) for (const m of memory) if (m) remembered += scheduler.retrievability(m, now + DAY);
  }
  return { reviews, seconds, remembered: remembered / Math.min(WINDOW, days) };
}

function estimate(values: number[]): Estimate {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, se: Math.sqrt(variance / n) };
}

export function simulateRetention(settings: Settings, cards: number, retention: number, options: { days?: number; learners?: number; seed?: number } = {}): RetentionRow {
  const days = options.days ?? 365;
  const learners = options.learners ?? 24;
  const scheduler = new Scheduler({ ...settings, fuzz: true, retention });
  const runs = Array.from({ length: learners }, (_, k) => simulateLearner(scheduler, settings, cards, retention, days, (options.seed ?? 1) + k));
  return {
    retention,
    reviewsPerDay: estimate(runs.map((r) => r.reviews / days)),
    minutesPerDay: estimate(runs.map((r) => r.seconds / 60 / days)),
    remembered: estimate(runs.map((r) => r.remembered)),
    costPerCard: estimate(runs.map((r) => r.seconds / Math.max(1, r.remembered))),
  };
}

/**
 * The retention to suggest: the highest whose cost per card remembered is within the noise (one
 * standard error, combined) of the least: more certainty on the day, at no cost the simulation
 * can tell apart.
 */
export function suggestRetention(rows: RetentionRow[]): RetentionRow {
  const least = rows.reduce((a, b) => (b.costPerCard.mean < a.costPerCard.mean ? b : a));
  const close = rows.filter((r) => r.costPerCard.mean - least.costPerCard.mean <= Math.hypot(r.costPerCard.se, least.costPerCard.se));
  return close.reduce((a, b) => (b.retention > a.retention ? b : a));
}

export const RETENTIONS = [0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97];

// Temporary decks and state folders, and a review session wired exactly as `recall review` wires it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { vi } from 'vitest';
import { openWorkspace, type Workspace } from '../src/app/workspace.js';
import type { Plan } from '../src/core/plan.js';
import { ReviewSession } from '../src/core/review-session.js';
import { CONFIG_FILE, type Settings } from '../src/core/settings.js';
import { selectTable } from '../src/app/filters.js';
import { saveScheduling } from '../src/store/scheduling-file.js';

export function tempDir(prefix = 'recall-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `{ 'llm/t5.md': '...' }` under a new decks folder and returns its path. */
export function writeDecks(files: Record<string, string>, root = join(tempDir(), 'decks')): string {
  for (const [name, text] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

export class FakeClock {
  constructor(public now: number) {}
  tick = () => this.now;
  advance(ms: number) {
    this.now += ms;
  }
}

export interface TestSession {
  review: ReviewSession;
  ws: Workspace;
  /** Histories that followed an edited card when the session opened. */
  moved: string[];
  close: () => void;
}

const CONFIG_KEYS: Partial<Record<keyof Settings, string>> = {
  retention: 'retention',
  newPerDay: 'new_per_day',
  reviewsPerDay: 'reviews_per_day',
  rolloverHour: 'rollover_hour',
  learningSteps: 'learning_steps',
  relearningSteps: 'relearning_steps',
  maximumInterval: 'maximum_interval',
  fuzz: 'fuzz',
  learnAheadMinutes: 'learn_ahead_minutes',
  leechThreshold: 'leech_threshold',
};

/** Settings as the user gives them: recall.config.json at the root of the decks folder. */
export function writeConfig(decks: string, settings: Partial<Settings>): void {
  const config = Object.fromEntries(Object.entries(settings).map(([k, v]) => [CONFIG_KEYS[k as keyof Settings] ?? k, v]));
  writeFileSync(join(decks, CONFIG_FILE), JSON.stringify(config, null, 2) + '\n');
}

export interface SessionOptions {
  settings?: Partial<Settings>;
  filters?: { deck?: string; tag?: string; limit?: number };
  /** Interview plans, written to state/scheduling.json as `recall plan` writes them. */
  plans?: Plan[];
}

/**
 * Opens a session on real files, as the review command does (minus the screen): the decks
 * through their cache, the cards chosen from its table, histories following edited cards
 * before the queue is built.
 */
export function openSession(decks: string, stateDir: string, clock: FakeClock, options: SessionOptions = {}): TestSession {
  if (options.settings) writeConfig(decks, options.settings);
  if (options.plans) saveScheduling(stateDir, { plans: options.plans });
  const ws = openWorkspace({ decks, state: stateDir }, { lock: 'test', clock: clock.tick, notify: () => undefined });
  const { limit, ...filter } = options.filters ?? {};
  const moved = ws.followEdits();
  const review = new ReviewSession({ progress: ws.progress, append: (e) => ws.record(e), policy: ws.policy, clock: clock.tick }, selectTable(ws.collection, filter), limit);
  return { review, ws, moved, close: () => ws.close() };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * A time zone (Etc/GMT±h, which Node's ICU knows) in which `now` falls between 11:00 and 13:00,
 * for a command run in a child process whose "today" must not depend on when the suite runs
 * (the day rolls over at 4 am).
 */
export function middayTz(now = Date.now()): string {
  let east = 12 - new Date(now).getUTCHours();
  if (east > 14) east -= 24;
  if (east < -12) east += 24;
  // Etc/GMT names count hours west of Greenwich: Etc/GMT-8 is UTC+8.
  return east === 0 ? 'Etc/GMT' : `Etc/GMT${east > 0 ? '-' : '+'}${Math.abs(east)}`;
}

/**
 * Retries the expectations until they hold, for screens driven by keys: on a loaded machine a
 * key can take longer than a fixed pause to reach the screen.
 */
export const eventually = (check: () => void) => vi.waitFor(check, { timeout: 5000, interval: 10 });

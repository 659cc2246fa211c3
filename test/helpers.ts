// Temporary decks and state folders, and a review session wired exactly as `recall review` wires it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { vi } from 'vitest';
import { Scheduler } from '../src/core/scheduler.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/core/settings.js';
import { ReviewController, type Filters } from '../src/review/controller.js';
import { loadCollection } from '../src/store/deck-files.js';
import { LogWriter } from '../src/store/review-log.js';
import { loadState, saveSnapshot, type LoadedState } from '../src/store/state.js';

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
  controller: ReviewController;
  state: LoadedState;
  close: () => void;
}

/** Opens a session on real files, as the review command does (minus the lock and the screen). */
export function openSession(decks: string, stateDir: string, clock: FakeClock, options: { settings?: Partial<Settings>; filters?: Filters } = {}): TestSession {
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const scheduler = new Scheduler(settings);
  const state = loadState(stateDir, { scheduler, leechThreshold: settings.leechThreshold }, { repair: true, now: clock.now });
  const writer = LogWriter.open(state.logPath);
  const controller = new ReviewController(loadCollection(decks), state, writer, settings, options.filters ?? {}, clock.tick);
  return {
    controller,
    state,
    close: () => {
      writer.close();
      saveSnapshot(state);
    },
  };
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

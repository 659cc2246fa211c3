// Workspaces for the week-before-the-interview sessions (cram, drill, find), wired as their
// commands wire them, and the progress of every card as plain data to compare before and after.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkspace, type Workspace } from '../src/app/workspace.js';
import type { CardRecord, LogEvent } from '../src/core/events.js';
import type { SessionDeps } from '../src/core/study-session.js';
import { writeConfig, type FakeClock } from './helpers.js';
import type { Settings } from '../src/core/settings.js';

export function openWs(decks: string, stateDir: string, clock: FakeClock, settings?: Partial<Settings>): Workspace {
  if (settings) writeConfig(decks, settings);
  return openWorkspace({ decks, state: stateDir }, { lock: 'test', decks: 'fresh', clock: clock.tick, notify: () => undefined });
}

export function depsOf(ws: Workspace): SessionDeps {
  return { progress: ws.progress, append: (e) => ws.append(e), policy: ws.policy, clock: ws.clock };
}

/** Every record, sorted by id, as plain objects (what a snapshot would hold). */
export function progressOf(ws: Workspace): [string, CardRecord][] {
  return [...ws.progress.keys()].sort().map((id) => [id, { ...ws.progress.get(id)! }]);
}

export function logOf(stateDir: string): LogEvent[] {
  try {
    return readFileSync(join(stateDir, 'reviews.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogEvent);
  } catch {
    return [];
  }
}

// state/scheduling.json: the FSRS parameters fitted by `recall optimize` and the interview
// plans set with `recall plan`. Written atomically; a file that is not ours is never replaced.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../core/plan.js';
import { UserError } from '../errors.js';
import { writeFileDurable } from './durable-file.js';
import { makeDir } from './make-dir.js';
import { m } from '../i18n/index.js';


export const SCHEDULING_FORMAT = 'recall-scheduling';
const VERSION = 1;
/** ts-fsrs 5 runs FSRS-6, which has 21 parameters. */
export const WEIGHT_COUNT = 21;

export interface FittedParams {
  w: number[];
  fittedAt: string;
  reviews: number;
  logLoss: number;
  rmse: number;
  defaultLogLoss: number;
  defaultRmse: number;
}

export interface Scheduling {
  params?: FittedParams;
  plans: Plan[];
}

export function validWeights(w: unknown): w is number[] {
  return Array.isArray(w) && w.length === WEIGHT_COUNT && w.every((x) => typeof x === 'number' && Number.isFinite(x));
}

export function loadScheduling(stateDir: string): Scheduling {
  const path = join(stateDir, 'scheduling.json');
  if (!existsSync(path)) return { plans: [] };
  let data: { format?: unknown; version?: unknown; params?: FittedParams; plans?: unknown };
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(m.state.notJson(path, (error as Error).message), m.state.schedulingNotJsonHint);
  }
  if (data?.format !== SCHEDULING_FORMAT) throw new UserError(m.state.notScheduling(path), m.state.moveItOutHint);
  if (typeof data.version !== 'number' || data.version > VERSION) throw new UserError(m.state.newerScheduling(path, String(data.version)), m.state.updateHint);
  if (data.params !== undefined && !validWeights(data.params.w)) {
    throw new UserError(m.state.badWeights(path, WEIGHT_COUNT), m.state.badWeightsHint);
  }
  const plans = Array.isArray(data.plans) ? (data.plans as Plan[]).filter((p) => typeof p?.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(p.date)) : [];
  return { params: data.params, plans };
}

export function saveScheduling(stateDir: string, scheduling: Scheduling): void {
  makeDir(stateDir);
  const body = { format: SCHEDULING_FORMAT, version: VERSION, ...(scheduling.params ? { params: scheduling.params } : {}), plans: scheduling.plans };
  writeFileDurable(join(stateDir, 'scheduling.json'), JSON.stringify(body, null, 2) + '\n');
}

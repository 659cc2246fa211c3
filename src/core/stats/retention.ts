// True retention: answers given to cards in review state that were not failed, for young cards
// (interval under 21 days), mature ones and all, over the last 1, 7, 30 and 365 days.
import { State } from '../scheduler.js';
import { DAY, type StatsContext } from './context.js';

/** Anki's line between young and mature cards: an interval of 21 days. */
export const MATURE_DAYS = 21;
export const WINDOWS = [1, 7, 30, 365];

export interface RetentionCell {
  answers: number;
  passed: number;
  /** passed / answers, or null with no answers. */
  retention: number | null;
}

export interface RetentionRow {
  window: number;
  young: RetentionCell;
  mature: RetentionCell;
  all: RetentionCell;
}

function cell(answers: number, passed: number): RetentionCell {
  return { answers, passed, retention: answers ? passed / answers : null };
}

export function retention(ctx: StatsContext): RetentionRow[] {
  const h = ctx.input.history;
  const starts = WINDOWS.map((w) => ctx.todayStart - (w - 1) * DAY);
  const counts = WINDOWS.map(() => ({ young: [0, 0], mature: [0, 0] }));
  for (let i = 0; i < h.length; i++) {
    if (ctx.day[i]! < 0 || h.beforeState[i] !== State.Review) continue;
    const at = h.at[i]!;
    const bucket = h.beforeInterval[i]! < MATURE_DAYS ? 'young' : 'mature';
    const passed = h.grade[i]! > 1;
    for (let w = 0; w < WINDOWS.length; w++) {
      if (at >= starts[w]! && at < ctx.tomorrow) {
        counts[w]![bucket][0]!++;
        if (passed) counts[w]![bucket][1]!++;
      }
    }
  }
  return WINDOWS.map((window, w) => {
    const { young, mature } = counts[w]!;
    return { window, young: cell(young[0]!, young[1]!), mature: cell(mature[0]!, mature[1]!), all: cell(young[0]! + mature[0]!, young[1]! + mature[1]!) };
  });
}

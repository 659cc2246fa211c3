// Streaks from day keys (for tests and callers that have dates rather than day numbers).
import { dayNumber } from './context.js';
import { streakOfDays } from './today.js';

export function streaks(dayKeys: Iterable<string>, today: string): { current: number; longest: number } {
  return streakOfDays(new Set([...dayKeys].map(dayNumber)), dayNumber(today));
}

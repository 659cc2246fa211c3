// The user's day: it starts at the rollover hour in local time, not at midnight UTC.
// ts-fsrs has no notion of it, so "due today" and daily limits are defined here.

const HOUR = 3_600_000;

/** Start of the day (local time, at the rollover hour) that contains `now`. */
export function dayStart(now: number, rolloverHour: number): number {
  const shifted = new Date(now - rolloverHour * HOUR);
  return new Date(shifted.getFullYear(), shifted.getMonth(), shifted.getDate(), rolloverHour).getTime();
}

/** When the next day starts: "due today" means due before this instant. */
export function nextDayStart(now: number, rolloverHour: number): number {
  const shifted = new Date(now - rolloverHour * HOUR);
  return new Date(shifted.getFullYear(), shifted.getMonth(), shifted.getDate() + 1, rolloverHour).getTime();
}

/** The user's calendar date of `now`, as YYYY-MM-DD, with the rollover applied. */
export function dayKey(now: number, rolloverHour: number): string {
  const d = new Date(now - rolloverHour * HOUR);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

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

/**
 * Whether a (re)learning card, last answered at `answeredAt` and due at `due`, comes back in the
 * session of the day that runs from `today` to `tomorrow`: when it is due before tomorrow, or when
 * it was answered today with a step shorter than a day. A 10-minute step taken at 3:55 am comes
 * back at 4:05 in the same sitting, not in a session the user has yet to start.
 */
export function learningComesBackToday(due: number, answeredAt: number | undefined, today: number, tomorrow: number): boolean {
  if (due < tomorrow) return true;
  return answeredAt !== undefined && answeredAt >= today && due - answeredAt < 24 * HOUR;
}

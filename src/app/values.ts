// Option values that must be numbers: checked with recall's own message, exit 2 (a usage error).
import { UserError } from '../errors.js';
import { m } from '../i18n/index.js';

export function wholeNumber(value: string | undefined, option: string, range: { min: number; max?: number; days?: boolean; seconds?: boolean }): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < range.min || (range.max !== undefined && n > range.max)) {
    throw new UserError(m.values.wholeNumber(option, range.days ? m.values.ofDays : range.seconds ? m.values.ofSeconds : '', range.min, range.max, value), undefined, 2);
  }
  return n;
}

/** A `YYYY-MM-DD` calendar day (a real one: no February 30), as local midnight; undefined otherwise. */
export function calendarDay(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined;
  return m && date && date.getMonth() === Number(m[2]) - 1 && date.getDate() === Number(m[3]) ? date : undefined;
}

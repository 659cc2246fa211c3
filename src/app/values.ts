// Option values that must be numbers: checked with recall's own message, exit 2 (a usage error).
import { UserError } from '../errors.js';
import { m } from '../i18n/index.js';

export function wholeNumber(value: string | undefined, option: string, range: { min: number; max?: number; days?: boolean }): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < range.min || (range.max !== undefined && n > range.max)) {
    throw new UserError(m.values.wholeNumber(option, range.days ? m.values.ofDays : '', range.min, range.max, value), undefined, 2);
  }
  return n;
}

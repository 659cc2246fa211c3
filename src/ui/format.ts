// Human-readable times for the screen and the summary, and words wrapped to a width.
import stringWidth from 'string-width';
import { m } from '../i18n/index.js';

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return m.format.duration(Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60);
}

/** Markdown on one line for a list: runs of spaces as one, bold markers dropped (`**[...]**` reads `[...]`). */
export function oneLine(markdown: string): string {
  return markdown.replace(/\*\*(?=\S)([^]*?\S)\*\*/g, '$1').replace(/\s+/g, ' ').trim();
}

/** A stopwatch's `1:05`; a negative time is overtime, shown as `+0:12`. */
export function clockText(ms: number): string {
  const over = ms < 0;
  const seconds = Math.ceil(Math.abs(ms) / 1000 - 1e-9);
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return over ? `+${text}` : text;
}

function clockTime(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** A local calendar date in the interface language: 2026-11-29, 2026年11月29日. */
export function formatDate(at: number): string {
  const d = new Date(at);
  return m.format.date(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

export { formatDayKey } from '../i18n/index.js';

/** Text cut to `width` columns of display width (a CJK character takes two), with … when cut. */
export function fitWidth(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = stringWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return out + '…';
}

/** "now", "in 10m (14:32)", "in 3 days (2026-11-27)". */
export function formatWhen(at: number, now: number): string {
  const w = m.format.when;
  const ms = at - now;
  if (ms <= 0) return w.now;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return w.inMinutes(Math.max(1, minutes), clockTime(at));
  const hours = Math.round(minutes / 60);
  if (hours < 24) return w.inHours(hours, clockTime(at));
  return w.inDays(Math.round(hours / 24), formatDate(at));
}

/** `1m`, `10m`, `3h`, `9d`, `4.2mo`, `1.3y`: Anki's style for the answer buttons. */
export function formatInterval(ms: number): string {
  const i = m.format.interval;
  const minutes = ms / 60_000;
  if (minutes < 1) return i.underMinute;
  if (minutes < 60) return i.minutes(Math.round(minutes));
  const hours = minutes / 60;
  if (hours < 24) return i.hours(Math.round(hours));
  const days = hours / 24;
  if (days < 30) return i.days(Math.round(days));
  if (days < 365) return i.months((days / 30).toFixed(1).replace(/\.0$/, ''));
  return i.years((days / 365).toFixed(1).replace(/\.0$/, ''));
}

/**
 * Words laid out in lines of at most `width` columns (CJK counts two), breaking between words,
 * or inside a word longer than a line. No line starts with the space it broke at.
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const word of text.split(/(\s+)/)) {
    if (word === '') continue;
    const space = /^\s+$/.test(word);
    const w = stringWidth(word);
    if (space) {
      if (used > 0 && used + w < width) {
        line += word;
        used += w;
      } else if (used > 0) {
        lines.push(line.trimEnd());
        line = '';
        used = 0;
      }
      continue;
    }
    if (used + w > width && used > 0) {
      lines.push(line.trimEnd());
      line = '';
      used = 0;
    }
    for (const ch of w > width ? [...word] : [word]) {
      const cw = stringWidth(ch);
      if (used + cw > width && used > 0) {
        lines.push(line);
        line = '';
        used = 0;
      }
      line += ch;
      used += cw;
    }
  }
  if (line.trim() !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

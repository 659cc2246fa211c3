// Human-readable times for the screen and the summary, and words wrapped to a width.
import stringWidth from 'string-width';

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
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

/** "now", "in 10m (14:32)", "in 3 days (2026-11-27)". */
export function formatWhen(at: number, now: number): string {
  const ms = at - now;
  if (ms <= 0) return 'now';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `in ${Math.max(1, minutes)}m (${clockTime(at)})`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `in ${hours}h (${clockTime(at)})`;
  const days = Math.round(hours / 24);
  const d = new Date(at);
  const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return `in ${days} day${days === 1 ? '' : 's'} (${date})`;
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

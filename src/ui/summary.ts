// What a session says when it ends, and when there was nothing to review: plain lines, drawn by
// the review screen and printed again once it has closed, so the terminal keeps them.
import type { SessionSummary } from '../core/review-session.js';
import { formatDuration, formatWhen } from './format.js';

export interface SummaryLine {
  text: string;
  dim?: boolean;
  warn?: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Suspended cards are out of review until brought back: say so, and how. */
function suspendedLine(s: SessionSummary): SummaryLine | undefined {
  const { user, leech } = s.suspended;
  if (user + leech === 0) return undefined;
  const parts = [user ? `${user} by you` : '', leech ? `${plural(leech, 'leech', 'leeches')} (forgotten too often)` : ''].filter(Boolean).join(', ');
  return { text: `Suspended: ${plural(user + leech, 'card')} (${parts}); 'recall unsuspend' lists them and brings them back.`, dim: true };
}

function heldBackLine(s: SessionSummary): SummaryLine | undefined {
  const { reviews, news } = s.heldBack;
  const held = [reviews ? plural(reviews, 'review') : '', news ? plural(news, 'new card') : ''].filter(Boolean).join(', ');
  return held ? { text: `Waiting beyond today's limits: ${held}`, dim: true } : undefined;
}

export function summaryLines(s: SessionSummary, now: number): SummaryLine[] {
  const pct = s.answered ? Math.round((100 * s.correct) / s.answered) : 0;
  const lines: (SummaryLine | undefined)[] = [
    s.answered > 0 ? { text: `Reviewed ${plural(s.answered, 'card')} in ${formatDuration(s.ms)} · ${pct}% correct` } : { text: 'No cards reviewed.' },
    s.nextDue !== undefined ? { text: `Next card due ${formatWhen(s.nextDue, now)} · ${s.dueTomorrow} due by tomorrow` } : undefined,
    heldBackLine(s),
    ...s.leeches.map((card) => ({
      text: `Suspended as a leech (forgotten too often): ${card.file}:${card.line}. Rewrite it or split it into smaller cards; 'recall unsuspend' brings it back.`,
      warn: true,
    })),
    s.leeches.length === 0 ? suspendedLine(s) : undefined,
  ];
  return lines.filter((l): l is SummaryLine => l !== undefined);
}

/** When a session would have nothing to show: when the next card comes, what waits, what is suspended. */
export function nothingDueText(s: SessionSummary, now: number, filtered: boolean, newPerDay: number): string {
  const matched = filtered ? ' matching your filters' : '';
  const next =
    s.nextDue !== undefined
      ? `Next card due ${formatWhen(s.nextDue, now)}; ${s.dueTomorrow} due by tomorrow`
      : s.newWaiting > 0 || s.suspended.user + s.suspended.leech > 0
        ? 'No reviews scheduled'
        : 'No reviews scheduled yet';
  const waiting = s.newWaiting > 0 ? `, plus ${plural(s.newWaiting, 'new card')} waiting (up to ${newPerDay} a day)` : '';
  const lines = [`Nothing due now${matched}. ${next}${waiting}.`];
  const suspended = suspendedLine(s);
  if (suspended) lines.push(suspended.text);
  return lines.join('\n') + '\n';
}

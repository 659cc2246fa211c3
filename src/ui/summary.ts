// What a session says when it ends, and when there was nothing to review: plain lines, drawn by
// the review screen and printed again once it has closed, so the terminal keeps them.
import type { SessionSummary } from '../core/review-session.js';
import { m } from '../i18n/index.js';
import { formatDuration, formatWhen } from './format.js';

export interface SummaryLine {
  text: string;
  dim?: boolean;
  warn?: boolean;
}

/** Suspended cards are out of review until brought back: say so, and how. */
function suspendedLine(s: SessionSummary): SummaryLine | undefined {
  const { user, leech } = s.suspended;
  return user + leech === 0 ? undefined : { text: m.summary.suspended(user + leech, user, leech), dim: true };
}

export function summaryLines(s: SessionSummary, now: number): SummaryLine[] {
  const percent = m.format.percent(s.answered ? s.correct / s.answered : 0);
  const { reviews, news } = s.heldBack;
  const lines: (SummaryLine | undefined)[] = [
    s.answered > 0 ? { text: m.summary.reviewed(s.answered, formatDuration(s.ms), percent) } : { text: m.summary.noneReviewed },
    s.nextDue !== undefined ? { text: m.summary.nextDue(formatWhen(s.nextDue, now), s.dueTomorrow) } : undefined,
    reviews || news ? { text: m.summary.heldBack(reviews, news), dim: true } : undefined,
    ...s.leeches.map((card) => ({ text: m.summary.leech(`${card.file}:${card.line}`), warn: true })),
    s.leeches.length === 0 ? suspendedLine(s) : undefined,
  ];
  return lines.filter((l): l is SummaryLine => l !== undefined);
}

/** When a session would have nothing to show: when the next card comes, what waits, what is suspended. */
export function nothingDueText(s: SessionSummary, now: number, filtered: boolean, newPerDay: number): string {
  const next =
    s.nextDue !== undefined
      ? m.summary.nextCard(formatWhen(s.nextDue, now), s.dueTomorrow)
      : s.newWaiting > 0 || s.suspended.user + s.suspended.leech > 0
        ? m.summary.noReviews
        : m.summary.noReviewsYet;
  const waiting = s.newWaiting > 0 ? m.summary.newWaiting(s.newWaiting, newPerDay) : '';
  const lines = [m.summary.nothingDueLine(m.summary.nothingDue(filtered), next, waiting)];
  const suspended = suspendedLine(s);
  if (suspended) lines.push(suspended.text);
  return lines.join('\n') + '\n';
}

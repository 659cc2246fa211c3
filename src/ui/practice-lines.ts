// What a cram session and a drill say when they end: plain lines, drawn on the screen's last
// frame and printed again once it has closed.
import stringWidth from 'string-width';
import { dayKey } from '../core/day.js';
import type { CramSummary } from '../core/cram.js';
import type { DrillReport, TopicScore } from '../core/drill.js';
import type { Grade } from '../core/types.js';
import { formatDayKey, m } from '../i18n/index.js';
import { clockText, fitWidth, formatDuration } from './format.js';
import { padEnd } from './stats/paint.js';
import type { SummaryLine } from './summary.js';

/** A card's front on one line, at most `width` columns (a CJK character takes two). */
function oneLine(text: string, width: number): string {
  return fitWidth(text.replace(/\s+/g, ' ').trim(), width);
}

const gradeName = (grade: Grade) => m.review.grades[grade];

export function cramSummaryLines(s: CramSummary): SummaryLine[] {
  const said = m.cram;
  if (s.answered === 0) return [{ text: said.noneCrammed }, ...(s.left ? [{ text: said.notReached(s.left), dim: true }] : [])];
  const pct = Math.round((100 * s.firstTime) / s.cards);
  const lines: SummaryLine[] = [
    { text: said.crammed(s.cards, s.answered, formatDuration(s.ms), pct) },
    { text: s.reschedule ? said.rescheduled : said.unchanged, dim: true },
  ];
  if (s.left) lines.push({ text: said.notReached(s.left), dim: true });
  if (s.failed.length) {
    lines.push({ text: said.failed(s.failed.length), warn: true });
    for (const card of s.failed.slice(0, 8)) lines.push({ text: `  ${card.file}:${card.line}  ${oneLine(card.front, 60)}`, dim: true });
    if (s.failed.length > 8) lines.push({ text: said.andMore(s.failed.length - 8), dim: true });
  }
  return lines;
}

function score(t: TopicScore): string {
  return m.drill.score(t.name, t.passed, t.asked);
}

export function drillReportLines(r: DrillReport, rolloverHour: number): SummaryLine[] {
  const q = r.questions;
  const said = m.drill;
  if (q.length === 0) return [{ text: said.noneAnswered }];
  const passed = q.filter((x) => x.grade > 1).length;
  const over = q.filter((x) => x.overTime).length;
  const total = q.reduce((sum, x) => sum + x.answerMs, 0);
  const lines: SummaryLine[] = [
    {
      text:
        said.report(q.length, formatDuration(total), passed, Math.round((100 * passed) / q.length)) +
        (over ? said.overLimit(over, clockText(r.seconds * 1000)) : '') +
        (r.unanswered ? said.notAsked(r.unanswered) : ''),
    },
  ];
  const gradeWidth = Math.max(...([1, 2, 3, 4] as const).map((g) => stringWidth(gradeName(g))));
  q.forEach((x, i) => {
    const time = `${clockText(x.answerMs)}${x.overTime ? '!' : ' '}`;
    lines.push({ text: `  ${String(i + 1).padStart(2)}. ${time.padStart(6)}  ${padEnd(gradeName(x.grade), gradeWidth)}  ${oneLine(x.card.front, 56)}`, warn: x.grade === 1, dim: x.grade > 2 });
  });
  lines.push({ text: said.byDeck(r.byDeck.map(score).join(' · ')) });
  if (r.byTag.length) lines.push({ text: said.byTag(r.byTag.map(score).join(' · ')) });
  if (r.weakest.length) lines.push({ text: said.weakest(r.weakest.map((t) => said.weakTopic(t.name, t.passed, t.asked)).join(m.notes.list)), warn: true });
  const forward = q.filter((x) => x.pulledForward);
  if (forward.length) {
    lines.push({ text: said.pulledForward(forward.length), dim: true });
    const day = (at: number) => formatDayKey(dayKey(at, rolloverHour));
    for (const x of forward) lines.push({ text: said.wasDue(`${x.card.file}:${x.card.line}`, day(x.dueBefore!), day(x.dueAfter)), dim: true });
  }
  const introduced = q.filter((x) => x.introduced).length;
  if (introduced) lines.push({ text: said.introduced(introduced), dim: true });
  return lines;
}

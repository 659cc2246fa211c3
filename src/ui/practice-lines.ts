// What a cram session and a drill say when they end: plain lines, drawn on the screen's last
// frame and printed again once it has closed.
import { dayKey } from '../core/day.js';
import type { CramSummary } from '../core/cram.js';
import type { DrillReport, TopicScore } from '../core/drill.js';
import type { Grade } from '../core/types.js';
import { clockText, formatDuration } from './format.js';
import type { SummaryLine } from './summary.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const GRADE_NAMES: Record<Grade, string> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' };

function oneLine(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return [...line].length > width ? `${[...line].slice(0, width - 1).join('')}…` : line;
}

export function cramSummaryLines(s: CramSummary): SummaryLine[] {
  if (s.answered === 0) return [{ text: 'No cards crammed.' }, ...(s.left ? [{ text: `${plural(s.left, 'card')} not reached.`, dim: true }] : [])];
  const pct = Math.round((100 * s.firstTime) / s.cards);
  const lines: SummaryLine[] = [
    { text: `Crammed ${plural(s.cards, 'card')} (${plural(s.answered, 'answer')}) in ${formatDuration(s.ms)} · ${pct}% right the first time` },
    {
      text: s.reschedule ? 'With --reschedule: every answer counted as a review and moved its card\'s schedule.' : 'Your schedule is unchanged: cram answers count in stats as practice, never as reviews.',
      dim: true,
    },
  ];
  if (s.left) lines.push({ text: `${plural(s.left, 'card')} not reached.`, dim: true });
  if (s.failed.length) {
    lines.push({ text: `Failed at least once (${s.failed.length}):`, warn: true });
    for (const card of s.failed.slice(0, 8)) lines.push({ text: `  ${card.file}:${card.line}  ${oneLine(card.front, 60)}`, dim: true });
    if (s.failed.length > 8) lines.push({ text: `  and ${s.failed.length - 8} more`, dim: true });
  }
  return lines;
}

function score(t: TopicScore): string {
  return `${t.name} ${t.passed}/${t.asked}`;
}

export function drillReportLines(r: DrillReport, rolloverHour: number): SummaryLine[] {
  const q = r.questions;
  if (q.length === 0) return [{ text: 'No questions answered.' }];
  const passed = q.filter((x) => x.grade > 1).length;
  const over = q.filter((x) => x.overTime).length;
  const total = q.reduce((sum, x) => sum + x.answerMs, 0);
  const lines: SummaryLine[] = [
    {
      text:
        `Drill: ${plural(q.length, 'question')} in ${formatDuration(total)} of answering · ${passed} passed (${Math.round((100 * passed) / q.length)}%)` +
        (over ? ` · ${over} over the ${clockText(r.seconds * 1000)} limit` : '') +
        (r.unanswered ? ` · ${r.unanswered} not asked` : ''),
    },
  ];
  q.forEach((x, i) => {
    const time = `${clockText(x.answerMs)}${x.overTime ? '!' : ' '}`;
    lines.push({ text: `  ${String(i + 1).padStart(2)}. ${time.padStart(6)}  ${GRADE_NAMES[x.grade].padEnd(5)}  ${oneLine(x.card.front, 56)}`, warn: x.grade === 1, dim: x.grade > 2 });
  });
  lines.push({ text: `By deck: ${r.byDeck.map(score).join(' · ')}` });
  if (r.byTag.length) lines.push({ text: `By tag: ${r.byTag.map(score).join(' · ')}` });
  if (r.weakest.length) lines.push({ text: `Weakest: ${r.weakest.map((t) => `${t.name} (${t.passed} of ${t.asked} passed)`).join(', ')}`, warn: true });
  const forward = q.filter((x) => x.pulledForward);
  if (forward.length) {
    lines.push({ text: `Pulled forward (${forward.length}): reviewed before they were due; as real reviews they are scheduled from today:`, dim: true });
    for (const x of forward) {
      lines.push({ text: `  ${x.card.file}:${x.card.line}  was due ${dayKey(x.dueBefore!, rolloverHour)}, now ${dayKey(x.dueAfter, rolloverHour)}`, dim: true });
    }
  }
  const introduced = q.filter((x) => x.introduced).length;
  if (introduced) lines.push({ text: `${plural(introduced, 'new card')} learned in this drill: now scheduled like any card you studied.`, dim: true });
  return lines;
}

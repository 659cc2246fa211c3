// `recall cram`: every matching card, due or not, weakest first, on the review screen. By default
// answers are practice (cram events) and no due date moves; --reschedule makes them reviews.
import type { CommandContext } from '../app/commands.js';
import { selectCards } from '../app/filters.js';
import { editedCard, holdingSession, openStudyWorkspace, problemLine, requireTerminal, runStudyScreen } from '../app/study-screen.js';
import { wholeNumber } from '../app/values.js';
import { cramCards, CramSession, forgottenSince } from '../core/cram.js';
import { loadHistory } from '../store/history-cache.js';
import { cramSummaryLines } from '../ui/practice-lines.js';
import { m } from '../i18n/index.js';

const DAY = 86_400_000;

export async function run({ paths, lang, values }: CommandContext<'cram'>): Promise<number> {
  const limit = wholeNumber(values.limit, '--limit', { min: 1 });
  const days = wholeNumber(values.forgotten, '--forgotten', { min: 1, max: 3650, days: true });
  requireTerminal(m.cram.needsTerminal, m.cram.needsTerminalHint);
  const screen = import('../ui/run.js');
  const filter = { deck: values.deck, tag: values.tag };
  const { ws, notices } = openStudyWorkspace(paths, lang);
  const cards = selectCards(ws.collection, filter);
  return holdingSession(ws, 'cram', async () => {
    const moved = ws.followEdits();
    const now = ws.clock();
    const forgotten = days === undefined ? undefined : loadHistory(paths.state);
    for (const n of forgotten?.notices ?? []) notices.push(n);
    const only = forgotten ? forgottenSince(forgotten.history, now - days! * DAY) : undefined;
    const chosen = cramCards(cards, ws.progress, ws.policy.scheduler, now, { marked: values.marked === true, only, limit });
    if (chosen.length === 0) {
      const why = values.marked ? m.cram.noneMarked : only ? m.cram.noneForgotten(days!) : m.cram.allSuspended;
      process.stdout.write(m.cram.nothing(why) + '\n');
      return 0;
    }
    const session = new CramSession({ progress: ws.progress, append: (e) => ws.append(e), policy: ws.policy, clock: ws.clock }, chosen, values.reschedule === true);
    const problems = problemLine(ws);
    for (const n of notices) process.stderr.write(`recall: ${n}\n`);
    const banner = values.reschedule ? m.cram.bannerReschedule(chosen.length) : m.cram.banner(chosen.length);
    return runStudyScreen(ws, {
      screen,
      session,
      notices: [...(problems ? [problems] : []), ...moved],
      options: { banner, typeIn: values.type === true, summary: () => cramSummaryLines(session.summary()) },
      reload: () => session.replaceCards(editedCard(ws)),
    });
  });
}

// `recall drill`: a mock interview. Open questions drawn across the chosen decks, weak and
// important ones more often, each against a countdown; answers are real reviews.
import type { CommandContext } from '../app/commands.js';
import { selectCards } from '../app/filters.js';
import { editedCard, holdingSession, openStudyWorkspace, problemLine, requireTerminal, runStudyScreen } from '../app/study-screen.js';
import { wholeNumber } from '../app/values.js';
import type { CardRecord } from '../core/events.js';
import { drawDrill, drillWeights, DrillSession, isOpenQuestion } from '../core/drill.js';
import { UserError } from '../errors.js';
import { clockText } from '../ui/format.js';
import { drillReportLines } from '../ui/practice-lines.js';
import { m } from '../i18n/index.js';

export async function run({ paths, lang, values }: CommandContext<'drill'>): Promise<number> {
  const count = wholeNumber(values.count, '--count', { min: 1, max: 500 }) ?? 10;
  const seconds = wholeNumber(values.time, '--time', { min: 5, max: 3600, seconds: true }) ?? 120;
  requireTerminal(m.drill.needsTerminal, m.drill.needsTerminalHint);
  const screen = import('../ui/run.js');
  const filter = { deck: values.deck, tag: values.tag };
  const { ws, notices } = openStudyWorkspace(paths, lang);
  const cards = selectCards(ws.collection, filter);
  return holdingSession(ws, 'drill', async () => {
    const moved = ws.followEdits();
    const now = ws.clock();
    const open = cards.filter((c) => isOpenQuestion(c) && !(ws.progress.peek(c.id) as CardRecord | undefined)?.suspended);
    if (open.length === 0) {
      throw new UserError(m.drill.noOpenQuestions, m.drill.noOpenQuestionsHint, 1);
    }
    const drawn = drawDrill(open, drillWeights(open, ws.progress, ws.policy, now), count, Math.random);
    const session = new DrillSession({ progress: ws.progress, append: (e) => ws.append(e), policy: ws.policy, clock: ws.clock }, drawn, { seconds, passFail: values['pass-fail'] === true });
    const problems = problemLine(ws);
    for (const n of notices) process.stderr.write(`recall: ${n}\n`);
    const banner = m.drill.banner(drawn.length, clockText(seconds * 1000));
    return runStudyScreen(ws, {
      screen,
      session,
      notices: [...(problems ? [problems] : []), ...moved],
      options: {
        banner,
        prompt: m.drill.prompt,
        summary: () => drillReportLines(session.report(), ws.settings.rolloverHour),
      },
      reload: () => session.replaceCards(editedCard(ws)),
    });
  });
}

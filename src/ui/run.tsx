// Runs the review screen (a daily review, a cram or a drill); resolves when the user quits or
// asks to edit a card. What the screen said last (the summary, a drill's report) is printed again
// on the normal screen once it has closed.
import { ReviewSession } from '../core/review-session.js';
import type { StudySession } from '../core/study-session.js';
import type { Card } from '../core/types.js';
import { m } from '../i18n/index.js';
import { mount, showFullScreen } from './mount.js';
import { ReviewApp, type ExitReason, type ReviewAppProps } from './ReviewApp.js';
import { summaryLines } from './summary.js';

export { showFullScreen };

/** How a kind of session is shown: see ReviewAppProps. */
export type ScreenOptions = Pick<ReviewAppProps, 'summary' | 'typeIn' | 'banner' | 'prompt' | 'afterFirstFrame' | 'watchSaves'>;

export async function runReviewScreen(
  session: StudySession,
  clock: () => number,
  notices: string[] = [],
  hasImages?: (card: Card) => boolean,
  options: ScreenOptions = {},
): Promise<ExitReason> {
  let reason = { kind: 'quit' } as ExitReason;
  await mount(<ReviewApp session={session} clock={clock} notices={notices} hasImages={hasImages} onExit={(r) => (reason = r)} {...options} />, {
    fullScreen: true,
    exitOnCtrlC: false,
  });
  if (reason.kind !== 'edit' && reason.kind !== 'images') {
    const failed = reason.kind === 'failed' ? [m.review.couldNotSave(reason.message)] : [];
    const lines = options.summary ? options.summary() : session instanceof ReviewSession ? summaryLines(session.summary(), clock()) : [];
    process.stdout.write([...failed, ...lines.map((l) => l.text)].join('\n') + '\n');
  }
  return reason;
}

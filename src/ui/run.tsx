// Runs the review screen; resolves when the user quits or asks to edit a card. What the screen
// said last (the summary) is printed again on the normal screen once it has closed.
import type { ReviewSession } from '../core/review-session.js';
import type { Card } from '../core/types.js';
import { m } from '../i18n/index.js';
import { mount, showFullScreen } from './mount.js';

export { showFullScreen };
import { ReviewApp, type ExitReason } from './ReviewApp.js';
import { summaryLines } from './summary.js';

export async function runReviewScreen(session: ReviewSession, clock: () => number, notices: string[] = [], hasImages?: (card: Card) => boolean): Promise<ExitReason> {
  let reason = { kind: 'quit' } as ExitReason;
  await mount(<ReviewApp session={session} clock={clock} notices={notices} hasImages={hasImages} onExit={(r) => (reason = r)} />, { fullScreen: true, exitOnCtrlC: false });
  if (reason.kind !== 'edit' && reason.kind !== 'images') {
    const failed = reason.kind === 'failed' ? [m.review.couldNotSave(reason.message)] : [];
    process.stdout.write([...failed, ...summaryLines(session.summary(), clock()).map((l) => l.text)].join('\n') + '\n');
  }
  return reason;
}

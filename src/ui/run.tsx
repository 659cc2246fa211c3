// Mounts the review screen; resolves when the user quits or asks to edit a card.
import { render } from 'ink';
import { yogaReady } from '../../scripts/yoga-shim.js';
import type { ReviewController } from '../review/controller.js';
import { ReviewApp, type ExitReason } from './ReviewApp.js';

export async function runReviewScreen(controller: ReviewController, clock: () => number): Promise<ExitReason> {
  await yogaReady;
  let reason: ExitReason = { kind: 'quit' };
  const app = render(<ReviewApp controller={controller} clock={clock} onExit={(r) => (reason = r)} />, {
    exitOnCtrlC: true,
    patchConsole: false,
  });
  await app.waitUntilExit();
  return reason;
}

// Puts an Ink screen on the terminal and resolves when it exits. The review screen takes the
// whole terminal (the alternate screen, as less and vim do): the terminal is as it was after it
// closes, and a resize redraws the frame from a clean screen instead of leaving stale copies of
// it above the new one.
import { render, Text, useApp, useInput } from 'ink';
import type React from 'react';
import { yogaReady } from '../../scripts/yoga-shim.js';
import { m } from '../i18n/index.js';

const ENTER_ALTERNATE_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALTERNATE_SCREEN = '\x1b[?1049l';
const CLEAR_SCREEN = '\x1b[2J\x1b[H';

export async function mount(node: React.ReactElement, options: { fullScreen?: boolean; exitOnCtrlC?: boolean } = {}): Promise<void> {
  await yogaReady;
  const stdout = process.stdout;
  const full = options.fullScreen === true && stdout.isTTY === true;
  let columns = stdout.columns;
  // Runs before Ink's own handler: a narrower terminal rewraps the old frame's lines, and Ink
  // would erase only as many lines as it drew. (A wider one rewraps nothing Ink drew.)
  const onResize = () => {
    if (stdout.columns < columns) stdout.write(CLEAR_SCREEN);
    columns = stdout.columns;
  };
  if (full) {
    stdout.write(ENTER_ALTERNATE_SCREEN);
    stdout.prependListener('resize', onResize);
  }
  try {
    const app = render(node, { exitOnCtrlC: options.exitOnCtrlC ?? true, patchConsole: false });
    await app.waitUntilExit();
  } finally {
    if (full) {
      stdout.off('resize', onResize);
      stdout.write(LEAVE_ALTERNATE_SCREEN);
    }
  }
}

/** "Press any key": Ink owns the keyboard, so the wait is an Ink screen too. */
function AnyKey({ text }: { text: string }) {
  const { exit } = useApp();
  useInput(() => exit());
  return <Text dimColor>{text}</Text>;
}

/**
 * Draws outside Ink on the whole terminal (images, say) and, when `draw` says it drew something,
 * waits for a key before giving the terminal back.
 */
export async function showFullScreen(draw: (write: (s: string) => void) => boolean): Promise<void> {
  const stdout = process.stdout;
  stdout.write(ENTER_ALTERNATE_SCREEN + CLEAR_SCREEN);
  try {
    if (!draw((s) => stdout.write(s))) return;
    stdout.write('\n');
    await mount(<AnyKey text={m.review.anyKey} />);
  } finally {
    stdout.write(LEAVE_ALTERNATE_SCREEN);
  }
}

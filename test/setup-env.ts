import { afterEach } from 'vitest';
// Ink reads CI when it loads and, when set, draws only the final frame. The screen tests
// render Ink in-process, so they must not depend on whether the runner sets CI.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
// The locale chooses the interface language: the suite runs in English whatever the machine's
// locale, and a test that wants Chinese says so (test/interface-language.test.tsx).
process.env.LANG = 'C.UTF-8';
delete process.env.LC_ALL;
delete process.env.LC_MESSAGES;

// A pseudo-terminal test that fails before its session ends would leave recall running.
afterEach(async () => {
  const { Pty } = await import('./pty.js');
  for (const pty of Pty.open) {
    pty.killApp();
    pty.kill();
  }
});

// One process in a pseudo-terminal, spawned directly (forkpty + execvp in node-pty: no shell,
// no `script`, no `stty`), with the terminal size set through the pty API. The clock starts
// just before the fork; `until(text)` resolves with the moment that text reached us.
import { readFileSync } from 'node:fs';

// node-pty is an optional dependency: it compiles at install (python3, make, a C++ compiler), and
// an install without them still runs recall and its tests, only not the bench.
const pty = await import('node-pty').then(
  (m) => m.default,
  (error) => {
    process.stderr.write(`bench: node-pty is not installed (${error.message.split('\n')[0]}).\nIt is an optional dependency built at install time: install python3, make and g++, then run npm install again.\n`);
    process.exit(1);
  },
);

export const COLS = 100;
export const ROWS = 40;

// Cursor moves, colours, OSC titles, charset and keypad switches: stripped to find the text.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>()#][0-9A-Za-z]?|\x1b[78cDEHM]/g;
// eslint-disable-next-line no-control-regex
const PARTIAL = /\x1b(?:\[[0-9;?<=>]*[ -/]*|\][^\x07\x1b]*|[=>()#])?$/;

/** The environment every measured process gets: this one, as a terminal emulator would set it. */
export function terminalEnv(extra = {}) {
  const env = { ...process.env, TERM: 'xterm-256color', COLUMNS: String(COLS), LINES: String(ROWS), ...extra };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

/**
 * Starts `file args` in a fresh pty of COLS x ROWS. The returned handle:
 * - startedAt: performance.now() just before the fork;
 * - until(text | text[], from?, timeoutMs?): resolves with the time the (any) text appeared after
 *   screen offset `from`;
 * - exited: resolves with { at, code, signal } when the process has exited and its pty is drained;
 * - peak(): the process's VmHWM and VmRSS in kB from /proc, while it is alive.
 */
export function startInPty(file, args, { cwd, env = terminalEnv() } = {}) {
  let screen = '';
  let pending = '';
  const waiters = [];
  const found = (text, from) => [text].flat().some((t) => screen.indexOf(t, from) !== -1);
  const startedAt = performance.now();
  const child = pty.spawn(file, args, { name: 'xterm-256color', cols: COLS, rows: ROWS, cwd, env });
  child.onData((data) => {
    const at = performance.now();
    let text = pending + data;
    const partial = PARTIAL.exec(text);
    pending = partial ? partial[0] : '';
    if (partial) text = text.slice(0, partial.index);
    screen += text.replace(ANSI, '');
    for (const w of [...waiters]) {
      if (found(w.text, w.from)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(at);
      }
    }
  });
  let gone = false;
  const exited = new Promise((resolve) =>
    child.onExit(({ exitCode, signal }) => {
      const at = performance.now();
      gone = true;
      // node-pty reports the exit once the pty is drained: text that never came will not come.
      for (const w of waiters.splice(0)) w.reject(new Error(`${file} ${args.join(' ')} exited (code ${exitCode}) before ${JSON.stringify(w.text)} appeared; the screen ends with:\n${screen.slice(-1500)}`));
      resolve({ at, code: exitCode, signal });
    }),
  );
  return {
    pid: child.pid,
    startedAt,
    exited,
    write: (keys) => child.write(keys),
    kill: (signal = 'SIGKILL') => child.kill(signal),
    mark: () => screen.length,
    screen: () => screen,
    peak: () => readPeak(child.pid),
    until: (text, from = 0, timeoutMs = 120_000) =>
      new Promise((resolve, reject) => {
        if (found(text, from)) return resolve(performance.now());
        if (gone) return reject(new Error(`${file} ${args.join(' ')} has exited; ${JSON.stringify(text)} never appeared; the screen ends with:\n${screen.slice(-1500)}`));
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${JSON.stringify(text)} from ${file} ${args.join(' ')}; the screen ends with:\n${screen.slice(-1500)}`));
        }, timeoutMs);
        const waiter = { text, from, resolve: (at) => (clearTimeout(timer), resolve(at)), reject: (e) => (clearTimeout(timer), reject(e)) };
        waiters.push(waiter);
      }),
  };
}

/** VmHWM (peak resident set) and VmRSS of a live process, in kB; undefined once it is gone. */
export function readPeak(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { hwmKb: kb('VmHWM'), rssKb: kb('VmRSS') };
  } catch {
    return undefined;
  }
}

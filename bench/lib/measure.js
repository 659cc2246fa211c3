// The measurements: each spawns the real process in a pty (bench/lib/pty.js) and times it from
// the fork. A start-up is timed together with its two baselines, started the same way just
// before it, so that every ratio compares runs made under the same machine conditions.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { startInPty, terminalEnv } from './pty.js';

export const NODE = process.execPath;
/** The review screen's footer before a reveal: the first card (or the next one) is on screen. */
export const CARD_ON_SCREEN = 'Space reveal';
/** The grade buttons: the answer is on screen. */
const ANSWER_ON_SCREEN = '1 Again';
/**
 * Answers in one session at most: about a day's work at the default limits (200 reviews, 20 new
 * cards and their learning steps), so that 500 answers span several sessions and their first
 * answers.
 */
export const SESSION_ANSWERS = 250;
/** The session summary: the session has run out of cards. */
const SESSION_OVER = ['Reviewed ', 'No cards reviewed'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** A pause before each spawn, so that the previous process's exit never overlaps a start. */
export const settle = () => sleep(50);

function failed(what, exit, screen) {
  return new Error(`${what} exited with code ${exit.code}${exit.signal ? ` (signal ${exit.signal})` : ''}; the screen ends with:\n${screen.slice(-2000)}`);
}

/** `node -e 0`: fork to exit, the cost of a Node process that does nothing. */
export async function nodeZero(cwd) {
  await settle();
  const p = startInPty(NODE, ['-e', '0'], { cwd });
  const exit = await p.exited;
  if (exit.code !== 0) throw failed('node -e 0', exit, p.screen());
  return exit.at - p.startedAt;
}

/** The bare Ink floor: fork to its one line on screen; then `q`. */
export async function inkFloor(floorBin, floorText, cwd) {
  await settle();
  const p = startInPty(NODE, [floorBin], { cwd });
  const at = await p.until(floorText);
  p.write('q');
  const exit = await p.exited;
  if (exit.code !== 0) throw failed('the Ink floor', exit, p.screen());
  return at - p.startedAt;
}

/** `recall` (review): fork to the first card on screen, with the peak memory by then; then `q`. */
export async function firstCard(bin, fixture, cwd) {
  await settle();
  const p = startInPty(NODE, [bin, '--decks', fixture.decks, '--state', fixture.state], { cwd });
  const at = await p.until(CARD_ON_SCREEN);
  const memory = p.peak();
  p.write('q');
  const exit = await p.exited;
  if (exit.code !== 0) throw failed('recall', exit, p.screen());
  return { ms: at - p.startedAt, hwmKb: memory?.hwmKb };
}

/**
 * A card whose back is huge: fork to its front on screen, Space to its back on screen (`backText`),
 * and the peak memory by then; then `q` twice (the session ends on its summary).
 */
export async function hugeCard(bin, fixture, backText, cwd) {
  await settle();
  const p = startInPty(NODE, [bin, '--decks', fixture.decks, '--state', fixture.state], { cwd });
  const front = (await p.until(CARD_ON_SCREEN)) - p.startedAt;
  await sleep(50);
  const from = p.mark();
  const pressed = performance.now();
  p.write(' ');
  const back = (await p.until(backText, from)) - pressed;
  const memory = p.peak();
  p.write('q');
  await sleep(100);
  p.write('q');
  const exit = await p.exited;
  if (exit.code !== 0) throw failed('recall (10 MB card)', exit, p.screen());
  return { front, back, hwmKb: memory?.hwmKb };
}

/**
 * One command to its exit, with its peak resident memory: `node --require peak-memory.cjs`
 * (about 1 ms of the wall time; the harness check measures it).
 */
export async function command(bin, args, { cwd, preload, peakFile }) {
  await settle();
  rmSync(peakFile, { force: true });
  const p = startInPty(NODE, ['--require', preload, bin, ...args], { cwd, env: terminalEnv({ RECALL_BENCH_PEAK_FILE: peakFile }) });
  const exit = await p.exited;
  if (exit.code !== 0) throw failed(`recall ${args.join(' ')}`, exit, p.screen());
  let peakKb;
  try {
    peakKb = Number(readFileSync(peakFile, 'utf8')) || undefined;
  } catch {
    // No number: the table says so.
  }
  return { ms: exit.at - p.startedAt, peakKb };
}

/**
 * Answers in one review session: Space reveals, then `3` (Good) is timed until the next card is
 * on screen (the durable append included), for at most `max` answers or until the session runs
 * out of cards. A pause after each change lets Ink's frame throttle (30 fps) lapse, as a
 * person's seconds between keys would. Returns the latencies in order: [0] is the session's
 * first answer.
 */
export async function reviewSession(bin, fixture, max, cwd) {
  await settle();
  const p = startInPty(NODE, [bin, '--decks', fixture.decks, '--state', fixture.state], { cwd });
  await p.until(CARD_ON_SCREEN);
  const times = [];
  let over = false;
  while (times.length < max) {
    await sleep(50);
    let from = p.mark();
    p.write(' ');
    await p.until(ANSWER_ON_SCREEN, from);
    await sleep(50);
    from = p.mark();
    const start = performance.now();
    p.write('3');
    const at = await p.until([CARD_ON_SCREEN, ...SESSION_OVER], from);
    if (SESSION_OVER.some((t) => p.screen().indexOf(t, from) !== -1)) {
      over = true; // the last answer ends in the summary, not a card: not an answer -> next card
      break;
    }
    times.push(at - start);
  }
  // q ends a session, and closes the summary it ends on (which stays for its undo).
  await sleep(over ? 50 : 0);
  p.write('q');
  const exit = await p.exited;
  if (exit.code !== 0) throw failed('recall (answers)', exit, p.screen());
  return times;
}

/** node -e 0 started by child_process (no pty, stdio ignored): fork to exit. */
export async function nodeZeroWithoutPty(cwd) {
  await settle();
  const start = performance.now();
  const child = spawn(NODE, ['-e', '0'], { cwd, stdio: 'ignore' });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`node -e 0 exited with ${code}`);
  return performance.now() - start;
}

/** A Node script that prints at once: fork to its first output, and to its exit. */
export async function nodeFirstOutput(cwd) {
  await settle();
  const p = startInPty(NODE, ['-e', 'process.stdout.write("ready")'], { cwd });
  const at = await p.until('ready');
  const exit = await p.exited;
  return { firstOutput: at - p.startedAt, exit: exit.at - p.startedAt };
}

/**
 * How late output reaches the harness: the child writes its CLOCK_MONOTONIC time (the clock
 * behind process.hrtime, shared by all processes) and the harness compares it with its own
 * clock when the text arrives.
 */
export async function outputDelay(cwd) {
  await settle();
  const p = startInPty(NODE, ['-e', 'setTimeout(() => process.stdout.write(`T${process.hrtime.bigint()};`), 20)'], { cwd });
  const at = await p.until(';');
  const offsetNs = process.hrtime.bigint() - BigInt(Math.round(performance.now() * 1e6));
  const sent = BigInt(/T(\d+);/.exec(p.screen())[1]);
  await p.exited;
  return at - Number(sent - offsetNs) / 1e6;
}

/** `node --require peak-memory.cjs -e 0`: what the memory probe adds to a command's wall time. */
export async function nodeZeroWithProbe(preload, peakFile, cwd) {
  await settle();
  const p = startInPty(NODE, ['--require', preload, '-e', '0'], { cwd, env: terminalEnv({ RECALL_BENCH_PEAK_FILE: peakFile }) });
  const exit = await p.exited;
  return exit.at - p.startedAt;
}

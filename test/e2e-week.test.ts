// The week before the interview through the real binary in a terminal: one session per command
// (cram, drill, find, decks), the deck list when nothing is due, and marks and typed answers in
// the daily review. What the screen shows, and what reached the state folder.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pty, runCli } from './pty.js';
import { tempDir, writeDecks } from './helpers.js';
import { logOf } from './week-helpers.js';

const DECK = Array.from({ length: 4 }, (_, i) => `## Question number ${i + 1}?\nAnswer${i + 1}\n`).join('\n');

function setup() {
  const decks = writeDecks({ 'papers/t5.md': `---\ntags: [t5]\n---\n${DECK}` });
  const stateDir = join(tempDir(), 'state');
  return { decks, stateDir, cwd: dirname(decks), args: ['--decks', decks, '--state', stateDir] };
}

/** Reviews every card once (Good) in a real session, so that they have a schedule. */
async function reviewAll(args: string[], cwd: string): Promise<void> {
  const pty = new Pty(args, { cwd });
  for (let i = 1; i <= 4; i++) {
    await pty.waitFor(`Question number ${i}?`);
    await pty.type(' ');
    await pty.type('4');
  }
  await pty.waitFor(/Reviewed 4 cards/);
  await pty.type('q');
  expect(await pty.wait()).toBe(0);
}

const snapshot = (stateDir: string) => {
  const s = JSON.parse(readFileSync(join(stateDir, 'progress.json'), 'utf8'));
  return { ids: s.ids, due: s.columns.due, reps: s.columns.reps };
};

describe('recall cram in a terminal', () => {
  it('crams every card weakest first, brings a failed one back, and leaves every due date as it was', async () => {
    const { stateDir, cwd, args } = setup();
    await reviewAll(args, cwd);
    const before = snapshot(stateDir);
    const pty = new Pty(['cram', ...args], { cwd });
    await pty.waitFor('Cram · 4 cards, weakest first · your schedule does not change');
    await pty.type(' ');
    await pty.waitFor('4 Easy');
    await pty.type('1');
    for (let i = 0; i < 4; i++) {
      const mark = pty.text().length;
      await pty.type(' ');
      await pty.waitFor('4 Easy', 15_000, mark);
      await pty.type('3');
    }
    await pty.waitFor(/Crammed 4 cards \(5 answers\) in .* · 75% right the first time/);
    await pty.type('q');
    expect(await pty.wait()).toBe(0);
    expect(pty.text()).toContain('Your schedule is unchanged');
    expect(snapshot(stateDir)).toEqual(before);
    expect(logOf(stateDir).filter((e) => e.type === 'cram')).toHaveLength(5);
    const stats = runCli(['stats', ...args], { cwd });
    // Wrapped to the width like every stats line (80 columns in a pipe).
    expect(stats.stdout).toMatch(/Crammed 5 answers in 1 session in the last 7 days · 80% correct \(no schedule\s+moved\)/);
  });

  it('says there is nothing to cram when no card is marked', async () => {
    const { cwd, args } = setup();
    const pty = new Pty(['cram', '--marked', ...args], { cwd });
    expect(await pty.wait()).toBe(0);
    expect(pty.text()).toContain('Nothing to cram: no card matching your filters is marked');
  });
});

describe('recall drill in a terminal', () => {
  it('asks questions against a countdown, grades pass or fail, and ends with the report; answers are reviews', async () => {
    const { stateDir, cwd, args } = setup();
    const pty = new Pty(['drill', '--count', '2', '--time', '30', '--pass-fail', ...args], { cwd });
    await pty.waitFor('Drill · 2 questions · 0:30 each · answers count as reviews');
    await pty.waitFor(/0:(30|29) left/);
    await pty.waitFor('Answer out loud, then Space to reveal');
    await pty.waitFor(/0:2[0-8] left/, 15_000);
    await pty.type(' ');
    await pty.waitFor(/answered in 0:0\d/);
    await pty.waitFor('3 Pass');
    // Each mark is taken before the key: what the key brings may arrive before type() returns.
    let mark = pty.text().length;
    await pty.type('3');
    await pty.waitFor('Answer out loud', 15_000, mark);
    mark = pty.text().length;
    await pty.type(' ');
    await pty.waitFor('1 Fail', 15_000, mark);
    await pty.type('1');
    await pty.waitFor(/Drill: 2 questions in .* of answering · 1 passed \(50%\)/);
    await pty.type('q');
    expect(await pty.wait()).toBe(0);
    expect(pty.text()).toMatch(/By deck: papers::t5 1\/2/);
    expect(pty.text()).toMatch(/2 new cards learned in this drill/);
    const reviews = logOf(stateDir).filter((e) => e.type === 'review');
    expect(reviews.map((e) => [e.type === 'review' && e.grade, e.type === 'review' && e.mode])).toEqual([
      [3, 'drill'],
      [1, 'drill'],
    ]);
    expect(runCli(['stats', ...args], { cwd }).stdout).toMatch(/drill of 2 questions · 1 passed \(50%\)/);
  });
});

describe('recall find in a terminal', () => {
  it('lists the hits, marks one with m, and quits with q; the mark is in the log', async () => {
    const { stateDir, cwd, args } = setup();
    // find's own --state is a card state: the folder comes from RECALL_STATE.
    const pty = new Pty(['find', 'question', '--decks', args[1]!], { cwd, env: { RECALL_STATE: stateDir } });
    await pty.waitFor('4 cards match "question"');
    await pty.waitFor('Enter edit');
    // Ink reads keys once an effect after its first frame has run; on a loaded machine that can
    // be a while after the frame is on screen.
    await new Promise((r) => setTimeout(r, 500));
    await pty.type('j');
    await pty.type('m');
    await pty.waitFor('Marked (u to undo).');
    await pty.type('q');
    expect(await pty.wait()).toBe(0);
    expect(logOf(stateDir).map((e) => e.type)).toEqual(['mark']);
    expect(existsSync(join(stateDir, 'lock'))).toBe(false);
    const marked = runCli(['find', '--state', 'marked', '--decks', args[1]!], { cwd, env: { RECALL_STATE: stateDir } });
    expect(marked.stdout).toMatch(/^ {2}Question number 2\?$/m);
    expect(marked.stdout).not.toContain('Question number 1?');
  });
});

describe('recall decks in a terminal', () => {
  it('prints the deck list, and recall shows it above "nothing due"', async () => {
    const { cwd, args } = setup();
    const pty = new Pty(['decks', ...args], { cwd });
    expect(await pty.wait()).toBe(0);
    expect(pty.text()).toMatch(/Deck\s+New\s+Learn\s+Due\s+Cards\s+Recall/);
    expect(pty.text()).toMatch(/papers\s+4\s+0\s+0\s+4\s+—/);

    await reviewAll(args, cwd);
    const review = new Pty(args, { cwd });
    expect(await review.wait()).toBe(0);
    const text = review.text();
    expect(text).toMatch(/papers\s+0\s+0\s+0\s+4\s+\d+%/);
    expect(text).toMatch(/Nothing due now\. Next card due in \d+ days/);
    expect(text.indexOf('Deck')).toBeLessThan(text.indexOf('Nothing due now'));
  });
});

describe('recall --type, and m, in the daily review', () => {
  it('types an answer, shows the comparison, grades the suggestion, and marks a card', async () => {
    const { stateDir, cwd, args } = setup();
    const pty = new Pty([...args, '--type'], { cwd });
    await pty.waitFor('Type the answer:');
    await pty.type('answr1');
    await pty.type('\r');
    await pty.waitFor('You typed: answ{+e+}r1');
    await pty.waitFor('suggested 2 Hard');
    await pty.type('m');
    await pty.waitFor('★ marked');
    let mark = pty.text().length;
    await pty.type(' ');
    await pty.waitFor('Question number 2?', 15_000, mark);
    await pty.type('q'); // typed: the answer field takes every key
    await pty.waitFor('Type the answer: q');
    mark = pty.text().length;
    await pty.type('\x1b');
    await pty.waitFor('Space reveal', 15_000, mark);
    await pty.type('q');
    expect(await pty.wait()).toBe(0);
    const events = logOf(stateDir);
    expect(events.map((e) => e.type)).toEqual(['mark', 'review']);
    expect(events[1]).toMatchObject({ type: 'review', grade: 2 });
  });
});

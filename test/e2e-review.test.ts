// The real `recall` binary in a pseudo-terminal, on a temporary state folder.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pty } from './pty.js';
import { eventually, tempDir, writeDecks } from './helpers.js';
import { Screen } from './terminal.js';

const DECK = Array.from({ length: 6 }, (_, i) => `## Question number ${i + 1}?\nAnswer number ${i + 1}\n`).join('\n');

function logLines(stateDir: string): { type: string; card: string; grade?: number }[] {
  const path = join(stateDir, 'reviews.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

describe('recall review in a terminal', () => {
  it('reviews, undoes and quits with a summary; the answers are on disk', async () => {
    const decks = writeDecks({ 'papers/t5.md': DECK });
    const stateDir = join(tempDir(), 'state');
    // CI=true, as CI runners and some devcontainers set it: the screen must still draw live.
    const pty = new Pty(['--decks', decks, '--state', stateDir], { cwd: dirname(decks), env: { CI: 'true' } });
    await pty.waitFor('Question number 1?');
    await pty.waitFor('Space reveal');
    let mark = pty.text().length;
    await pty.type(' ');
    await pty.waitFor('Answer number 1', 5000, mark);
    await pty.waitFor(/3 Good 10m/, 5000, mark);
    mark = pty.text().length;
    await pty.type('3');
    await pty.waitFor('Question number 2?', 5000, mark);
    mark = pty.text().length;
    await pty.type(' ');
    await pty.type('4');
    await pty.waitFor('Question number 3?', 5000, mark);
    mark = pty.text().length;
    await pty.type('u');
    await pty.waitFor('Question number 2?', 5000, mark);
    mark = pty.text().length;
    await pty.type('q');
    await pty.waitFor(/Reviewed 1 card in/, 5000, mark);
    expect(await pty.wait()).toBe(0);

    expect(logLines(stateDir).map((e) => e.type)).toEqual(['review', 'review', 'undo']);
    const progress = JSON.parse(readFileSync(join(stateDir, 'progress.json'), 'utf8'));
    expect(progress.format).toBe('recall-progress');
    expect(progress.ids.split(' ')).toHaveLength(1);
    expect(existsSync(join(stateDir, 'lock'))).toBe(false);
  });

  it('loses no acknowledged answer when killed with SIGKILL mid-session', async () => {
    const decks = writeDecks({ 'a.md': DECK });
    const stateDir = join(tempDir(), 'state');
    const pty = new Pty(['--decks', decks, '--state', stateDir], { cwd: dirname(decks) });
    await pty.waitFor('Question number 1?');
    for (let i = 1; i <= 3; i++) {
      const mark = pty.text().length;
      await pty.type(' ');
      await pty.type('3');
      // The next card on screen acknowledges the answer.
      await pty.waitFor(`Question number ${i + 1}?`, 5000, mark);
    }
    const { pid } = JSON.parse(readFileSync(join(stateDir, 'lock'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    await pty.wait();
    expect(existsSync(join(stateDir, 'progress.json'))).toBe(false); // never saved: the log is the truth

    const again = new Pty(['--decks', decks, '--state', stateDir], { cwd: dirname(decks) });
    await again.waitFor('Question number 4?');
    expect(again.text()).toContain('rebuilt from the review log (3 events)');
    expect(again.text()).toMatch(/3 3 0/); // 3 new left of 6; the 3 answered are learning cards due in 10m
    await again.type('q');
    expect(await again.wait()).toBe(0);
    expect(logLines(stateDir).filter((e) => e.type === 'review')).toHaveLength(3);
  });

  it('says when the next card is due when nothing is due, and exits 0', async () => {
    const decks = writeDecks({ 'a.md': '## Only card?\nyes\n' });
    const stateDir = join(tempDir(), 'state');
    const first = new Pty(['--decks', decks, '--state', stateDir], { cwd: dirname(decks) });
    await first.waitFor('Only card?');
    await first.type(' ');
    await first.type('4');
    await first.waitFor(/Reviewed 1 card/);
    // The summary waits: the last answer can still be undone there.
    await first.waitFor('u undo the last answer · q close');
    await first.type('q');
    expect(await first.wait()).toBe(0);
    const second = new Pty(['--decks', decks, '--state', stateDir], { cwd: dirname(decks) });
    expect(await second.wait()).toBe(0);
    expect(second.text()).toMatch(/Nothing due now\. Next card due in \d+ days \(\d{4}-\d\d-\d\d\); 0 due by tomorrow\./);
  });

  it('refuses a second session on the same state folder', async () => {
    const decks = writeDecks({ 'a.md': DECK });
    const stateDir = join(tempDir(), 'state');
    const first = new Pty(['--decks', decks, '--state', stateDir], { cwd: dirname(decks) });
    await first.waitFor('Question number 1?');
    const second = new Pty(['--decks', decks, '--state', stateDir], { cwd: dirname(decks) });
    expect(await second.wait()).toBe(1);
    expect(second.text()).toMatch(/another recall session is using .*: process \d+ \(recall review/);
    await first.type('q');
    expect(await first.wait()).toBe(0);
  });
});

describe('recall review, the rest of the keys and the environment', () => {
  it('e opens the card in $EDITOR at its line and shows the edited card', async () => {
    const decks = writeDecks({ 'a.md': DECK });
    const stateDir = join(tempDir(), 'state');
    const editor = join(tempDir(), 'editor.sh');
    // A scripted editor: records how it was called, then edits the file it was given.
    writeFileSync(editor, `#!/bin/sh\necho "$@" > "${editor}.args"\nsed -i 's/Answer number 1$/Edited answer one/' "$2"\n`);
    chmodSync(editor, 0o755);
    const pty = new Pty(['--decks', decks, '--state', stateDir], { cwd: dirname(decks), env: { EDITOR: editor, VISUAL: '' } });
    await pty.waitFor('Question number 1?');
    let mark = pty.text().length;
    await pty.type('e');
    await pty.waitFor('Question number 1?', 5000, mark);
    expect(readFileSync(`${editor}.args`, 'utf8').trim()).toBe(`+1 ${join(decks, 'a.md')}`);
    mark = pty.text().length;
    await pty.type(' ');
    await pty.waitFor('Edited answer one', 5000, mark);
    await pty.type('q');
    expect(await pty.wait()).toBe(0);
  });

  it('prints no colour when NO_COLOR is set', async () => {
    const decks = writeDecks({ 'a.md': '## Plain?\n**bold** and `code`\n' });
    const pty = new Pty(['--decks', decks, '--state', join(tempDir(), 'state')], { cwd: dirname(decks), env: { NO_COLOR: '1' } });
    await pty.waitFor('Plain?');
    await pty.type(' ');
    await pty.waitFor('1 Again');
    await pty.type('q');
    await pty.wait();
    expect(pty.raw()).not.toMatch(/\x1b\[[0-9;]*m/);

    const colored = new Pty(['--decks', decks, '--state', join(tempDir(), 'state')], { cwd: dirname(decks) });
    await colored.waitFor('Plain?');
    await colored.type('q');
    await colored.wait();
    expect(colored.raw()).toMatch(/\x1b\[[0-9;]*m/);
  });
});

describe('the review screen in a terminal (issue 11)', () => {
  const settle = () => new Promise((r) => setTimeout(r, 300));

  it('redraws one clean frame when the terminal is resized, narrower and back (4)', async () => {
    const long = 'A fairly long answer that wraps at forty columns, so the old frame would leave its lines behind.';
    const decks = writeDecks({ 'papers/t5.md': `# Framework\n\n## What does T5 cast every task as?\n${long}\n\n## Second question?\nsecond\n` });
    const pty = new Pty(['--decks', decks, '--state', join(tempDir(), 'state')], { cwd: dirname(decks), columns: 100, rows: 30 });
    const screen = new Screen(100, 30);
    await pty.waitFor('Space reveal');
    await pty.type(' ');
    await pty.waitFor('1 Again');
    await settle();
    await screen.feed(pty.raw());
    for (const [columns, rows] of [[40, 30], [100, 30], [50, 20]] as const) {
      screen.resize(columns, rows);
      pty.resize(columns, rows);
      await settle();
      await screen.feed(pty.raw());
      const lines = screen.lines();
      expect(lines.filter((l) => l.includes('papers::t5 › Framework')), `at ${columns} columns:\n${screen.text()}`).toHaveLength(1);
      expect(lines.filter((l) => /\d+ done · \d+ left/.test(l))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('What does T5 cast every task as?'))).toHaveLength(1);
    }
    await pty.type('q');
    expect(await pty.wait()).toBe(0);
    // The session's screen is gone; its summary stays on the normal screen.
    await screen.feed(pty.raw());
    expect(screen.text()).toMatch(/No cards reviewed\./);
    expect(screen.text()).not.toContain('Space reveal');
  });

  it('ends on Ctrl-C with the summary, exit 130 (6)', async () => {
    const decks = writeDecks({ 'a.md': DECK });
    const stateDir = join(tempDir(), 'state');
    const pty = new Pty(['--decks', decks, '--state', stateDir], { cwd: dirname(decks) });
    await pty.waitFor('Question number 1?');
    const mark = pty.text().length;
    await pty.type(' ');
    await pty.type('3');
    await pty.waitFor('Question number 2?', 5000, mark);
    await pty.type('\x03');
    expect(await pty.wait()).toBe(130);
    expect(pty.text()).toMatch(/Reviewed 1 card in/);
    expect(logLines(stateDir).filter((e) => e.type === 'review')).toHaveLength(1);
  });

  it('says which cards are suspended, and how to bring them back, when only they are left (8)', async () => {
    const decks = writeDecks({ 'a.md': '## Only card?\nyes\n', 'recall.config.json': '{ "leech_threshold": 1, "learning_steps": [], "relearning_steps": [] }\n' });
    const stateDir = join(tempDir(), 'state');
    const first = new Pty(['--decks', decks, '--state', stateDir], { cwd: dirname(decks) });
    await first.waitFor('Only card?');
    await first.type('s');
    await first.waitFor('u undo the last answer · q close');
    await first.type('q');
    expect(await first.wait()).toBe(0);
    const second = new Pty(['--decks', decks, '--state', stateDir], { cwd: dirname(decks) });
    expect(await second.wait()).toBe(0);
    expect(second.text()).toMatch(/Nothing due now\. No reviews scheduled\.\r?\nSuspended: 1 card \(1 by you\); 'recall unsuspend' lists them and brings them back\./);
  });

  it('refuses a --deck that matches no card, naming the closest deck, exit 1 (3)', async () => {
    const decks = writeDecks({ 'papers/t5.md': DECK });
    const pty = new Pty(['--deck', 'papers::t6', '--decks', decks, '--state', join(tempDir(), 'state')], { cwd: dirname(decks) });
    expect(await pty.wait()).toBe(1);
    expect(pty.text()).toMatch(/no card is in a deck named 'papers::t6'\r?\n\s+did you mean --deck papers::t5\?/);
    const tag = new Pty(['--tag', 'rlfh', '--decks', decks, '--state', join(tempDir(), 'state')], { cwd: dirname(decks) });
    expect(await tag.wait()).toBe(1);
    expect(tag.text()).toMatch(/no card has the tag 'rlfh'/);
  });
});

describe('images and huge answers in a real terminal (issue 15)', () => {
  const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

  it('draws a card’s image inline in kitty, and opens it in $BROWSER elsewhere', async () => {
    const decks = writeDecks({ 'a.md': '## Which figure?\n![attention heads](fig/heads.png)\n' });
    mkdirSync(join(decks, 'fig'), { recursive: true });
    writeFileSync(join(decks, 'fig/heads.png'), PNG);
    const kitty = new Pty(['--decks', decks, '--state', join(tempDir(), 'state')], { cwd: dirname(decks), env: { KITTY_WINDOW_ID: '1' } });
    await kitty.waitFor('Which figure?');
    await kitty.type(' ');
    await kitty.waitFor('[image: attention heads]');
    let mark = kitty.text().length;
    await kitty.type('o');
    await kitty.waitFor('Press any key to go back to the card.', 5000, mark);
    expect(kitty.raw()).toContain(`\x1b_Gf=100,a=T,m=0;${PNG.toString('base64')}\x1b\\`);
    mark = kitty.text().length;
    await kitty.type('x');
    await kitty.waitFor('Which figure?', 5000, mark);
    await kitty.type('q');
    expect(await kitty.wait()).toBe(0);

    const viewer = join(tempDir(), 'viewer.sh');
    writeFileSync(viewer, `#!/bin/sh\necho "$@" > "${viewer}.args"\n`);
    chmodSync(viewer, 0o755);
    const other = new Pty(['--decks', decks, '--state', join(tempDir(), 'state')], { cwd: dirname(decks), env: { BROWSER: viewer, KITTY_WINDOW_ID: '', TERM_PROGRAM: '' } });
    await other.waitFor('Which figure?');
    mark = other.text().length;
    await other.type('o');
    await other.waitFor(`opened heads.png with ${viewer}`, 5000, mark);
    await eventually(() => expect(readFileSync(`${viewer}.args`, 'utf8').trim()).toBe(join(decks, 'fig/heads.png')));
    await other.type('q');
    expect(await other.wait()).toBe(0);
  });

  it('shows the first screen of a 10 MB answer, and scrolls it', async () => {
    const sentence = 'Every token attends to every other token, so attention is quadratic in the length. ';
    const decks = writeDecks({ 'a.md': `## Why is attention quadratic?\n${sentence.repeat(Math.ceil(10_000_000 / sentence.length))}\n` });
    const pty = new Pty(['--decks', decks, '--state', join(tempDir(), 'state')], { cwd: dirname(decks), columns: 80, rows: 24 });
    await pty.waitFor('Why is attention quadratic?', 20_000);
    const mark = pty.text().length;
    await pty.type(' ');
    await pty.waitFor('↓ more', 10_000, mark);
    await pty.waitFor('1 Again', 10_000, mark);
    await pty.type('q');
    expect(await pty.wait()).toBe(0);
  });
});

// The real `recall` binary in a pseudo-terminal, on a temporary state folder.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pty } from './pty.js';
import { tempDir, writeDecks } from './helpers.js';

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
    const pty = new Pty(['--decks', decks, '--state', stateDir], { cwd: dirname(decks) });
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

// Marks: m on the review screen marks or unmarks the card on screen (logged, undoable); a mark
// is kept in progress.json and its binary cache, and rebuilt from the log; marked cards can be
// exported alone.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { ReviewApp } from '../src/ui/ReviewApp.js';
import { eventually, FakeClock, MINUTE, openSession, tempDir, writeDecks, type TestSession } from './helpers.js';
import { runCli } from './pty.js';
import { logOf } from './week-helpers.js';

const DECK = '## What does T5 stand for?\nText-to-Text Transfer Transformer\n\n## How many parameters does GPT-3 have?\n175 billion\n\n## What is LIMA?\nLess is more for alignment\n';

let sessions: TestSession[] = [];
afterEach(() => {
  for (const s of sessions) s.close();
  sessions = [];
});

const pause = () => new Promise((r) => setTimeout(r, 30));

describe('m on the review screen', () => {
  it('marks the card on screen with a marker, unmarks it on a second m, and u takes a mark back', async () => {
    const decks = writeDecks({ 'llm.md': DECK });
    const stateDir = tempDir();
    const clock = new FakeClock(Date.UTC(2026, 4, 1, 12));
    const s = openSession(decks, stateDir, clock);
    sessions.push(s);
    const app = render(<ReviewApp session={s.review} clock={clock.tick} onExit={() => undefined} />);
    await eventually(() => expect(app.lastFrame()).toContain('What does T5 stand for?'));
    expect(app.lastFrame()).not.toContain('★');
    app.stdin.write('m');
    await eventually(() => expect(app.lastFrame()).toContain('★ marked'));
    expect(app.lastFrame()).toContain('Marked (u to undo).');
    const id = s.review.current!.card.id;
    expect(s.ws.progress.get(id)?.marked).toBe(true);
    app.stdin.write('m');
    await eventually(() => expect(app.lastFrame()).toContain('Unmarked (u to undo).'));
    expect(app.lastFrame()).not.toContain('★');
    app.stdin.write('u');
    await eventually(() => expect(app.lastFrame()).toContain('★ marked'));
    // The answer is still on screen after a mark is undone; grading goes on as before.
    app.stdin.write(' ');
    await eventually(() => expect(app.lastFrame()).toContain('Text-to-Text'));
    app.stdin.write('m');
    await pause();
    app.stdin.write('u');
    await eventually(() => expect(app.lastFrame()).toContain('★ marked'));
    expect(app.lastFrame()).toContain('Text-to-Text');
    app.stdin.write('3');
    await eventually(() => expect(app.lastFrame()).toContain('How many parameters'));
    expect(s.ws.progress.get(id)).toMatchObject({ marked: true, reps: 1 });
    expect(logOf(stateDir).map((e) => e.type)).toEqual(['mark', 'unmark', 'undo', 'unmark', 'undo', 'review']);
    app.unmount();
  });
});

describe('a mark in the state folder', () => {
  it('is kept in progress.json and its cache, and rebuilt from the log', () => {
    const decks = writeDecks({ 'llm.md': DECK });
    const stateDir = tempDir();
    const clock = new FakeClock(Date.UTC(2026, 4, 1, 12));
    const first = openSession(decks, stateDir, clock);
    const [a, b] = first.ws.collection.cards;
    first.review.toggleMark(); // a, never answered
    first.review.answer(3);
    first.review.toggleMark(); // b
    first.review.answer(1);
    first.close();
    const snapshot = JSON.parse(readFileSync(join(stateDir, 'progress.json'), 'utf8'));
    expect(snapshot.marked.sort()).toEqual([a!.id, b!.id].sort());
    expect(existsSync(join(stateDir, 'cache', 'progress.bin'))).toBe(true);

    const marked = (s: TestSession) => [...s.ws.progress.keys()].filter((id) => s.ws.progress.peek(id)?.marked).sort();
    clock.advance(2 * MINUTE);
    const fromCache = openSession(decks, stateDir, clock);
    expect(marked(fromCache)).toEqual([a!.id, b!.id].sort());
    expect(fromCache.review.current!.card.id).toBe(b!.id); // failed, so back first
    expect(fromCache.review.toggleMark()).toBe(false);
    fromCache.close();

    rmSync(join(stateDir, 'cache'), { recursive: true });
    const fromJson = openSession(decks, stateDir, clock);
    expect(marked(fromJson)).toEqual([a!.id]);
    fromJson.close();

    rmSync(join(stateDir, 'progress.json'));
    rmSync(join(stateDir, 'cache'), { recursive: true, force: true });
    const fromLog = openSession(decks, stateDir, clock);
    sessions.push(fromLog);
    expect(marked(fromLog)).toEqual([a!.id]);
  });
});

describe('recall export --marked', () => {
  it('exports only the marked cards, and says so when none is', () => {
    const decks = writeDecks({ 'llm.md': DECK });
    const cwd = dirname(decks);
    const none = runCli(['export', '--format', 'md', '--marked', '--out', '-'], { cwd });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no marked cards to export');
    const clock = new FakeClock(Date.now());
    const s = openSession(decks, join(cwd, 'state'), clock);
    s.review.answer(3);
    s.review.toggleMark();
    s.close();
    const r = runCli(['export', '--format', 'csv', '--marked', '--out', '-'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('How many parameters does GPT-3 have?');
    expect(r.stdout).not.toContain('What does T5 stand for?');
    expect(r.stdout).not.toContain('What is LIMA?');
    expect(runCli(['export', '--format', 'json', '--marked'], { cwd }).stderr).toContain('--deck, --tag and --marked do not apply');
  });
});

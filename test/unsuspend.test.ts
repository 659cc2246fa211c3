// `recall unsuspend`: the way back for a card suspended in review (`s`) or as a leech.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock, DAY, openSession, writeDecks } from './helpers.js';
import { runCli } from './pty.js';

const DECK = '## What is RLHF?\nReinforcement learning from human feedback\n\n## What is SFT?\nSupervised fine-tuning\n\n- PPO :: proximal policy optimization\n';

/** A project where the first card was suspended with `s` and the second became a leech. */
function withSuspended() {
  const decks = writeDecks({ 'a.md': DECK, 'recall.config.json': '{ "leech_threshold": 1, "learning_steps": [], "relearning_steps": [] }\n' });
  const cwd = dirname(decks);
  const state = join(cwd, 'state');
  const clock = new FakeClock(Date.now() - 30 * DAY);
  const settings = { leechThreshold: 1, learningSteps: [], relearningSteps: [] };
  const s = openSession(decks, state, clock, { settings });
  const suspended = s.review.session.current!.card;
  s.review.suspend();
  const leech = s.review.session.current!.card;
  s.review.answer(3); // graduates: a review card
  s.close();
  clock.advance(20 * DAY);
  const later = openSession(decks, state, clock, { settings });
  while (later.review.session.current && later.review.session.current.card.id !== leech.id) later.review.answer(3);
  later.review.answer(1); // a lapse: with a threshold of 1, a leech
  later.close();
  return { cwd, suspended, leech };
}

const log = (cwd: string) => readFileSync(join(cwd, 'state', 'reviews.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; card: string });

describe('recall unsuspend', () => {
  it('says there is nothing suspended in a fresh project, and creates no state folder', () => {
    const decks = writeDecks({ 'a.md': DECK });
    const cwd = dirname(decks);
    expect(runCli(['unsuspend'], { cwd })).toMatchObject({ code: 0, stdout: 'No suspended cards.\n' });
    expect(runCli(['unsuspend', '--all'], { cwd })).toMatchObject({ code: 0, stdout: 'No suspended cards: nothing to do.\n' });
    expect(runCli(['unsuspend', 'abc'], { cwd })).toMatchObject({ code: 1, stderr: expect.stringContaining("no card has the id 'abc'") });
    expect(existsSync(join(cwd, 'state'))).toBe(false);
  });

  it('lists the suspended cards with where they are, why and their ids', () => {
    const { cwd, suspended, leech } = withSuspended();
    const { code, stdout } = runCli(['unsuspend'], { cwd });
    expect(code).toBe(0);
    expect(stdout).toContain('2 suspended cards:');
    expect(stdout).toContain(`decks/a.md:1  What is RLHF?  [suspended by you]  id ${suspended.id}`);
    expect(stdout).toContain(`decks/a.md:4  What is SFT?  [leech, 1 lapse]  id ${leech.id}`);
    expect(runCli(['unsuspend', '--tag', 'nothing'], { cwd })).toMatchObject({ code: 1, stderr: expect.stringContaining("no card has the tag 'nothing'") });
  });

  it('brings cards back by id, or all of them, and the next session shows them', () => {
    const { cwd, suspended, leech } = withSuspended();
    const one = runCli(['unsuspend', suspended.id], { cwd });
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('1 card back in review.');
    expect(log(cwd).filter((e) => e.type === 'unsuspend').map((e) => e.card)).toEqual([suspended.id]);
    expect(runCli(['unsuspend'], { cwd }).stdout).toContain('1 suspended card:');

    const rest = runCli(['unsuspend', '--all'], { cwd });
    expect(rest.stdout).toContain(`unsuspended decks/a.md:4  What is SFT?  [leech, 1 lapse]  id ${leech.id}`);
    expect(rest.stdout).toContain('A leech is suspended again if it keeps lapsing');
    expect(runCli(['unsuspend'], { cwd }).stdout).toBe('No suspended cards.\n');
    const progress = JSON.parse(readFileSync(join(cwd, 'state', 'progress.json'), 'utf8'));
    expect(progress.suspended).toEqual({});
    const next = openSession(join(cwd, 'decks'), join(cwd, 'state'), new FakeClock(Date.now()));
    const shown = [next.review.session.current!, ...next.review.session.main].map((e) => e.card.id);
    expect(shown).toContain(suspended.id);
    next.close();
  });

  it('refuses ids it cannot take, and writes nothing then', () => {
    const { cwd, suspended } = withSuspended();
    const before = readFileSync(join(cwd, 'state', 'reviews.jsonl'), 'utf8');
    const unknown = runCli(['unsuspend', suspended.id, 'nope'], { cwd });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no card has the id 'nope' in the review history");
    expect(runCli(['unsuspend', '--all', suspended.id], { cwd })).toMatchObject({ code: 2, stderr: expect.stringContaining('give card ids or --all, not both') });
    expect(runCli(['unsuspend', '--deck', 'a', suspended.id], { cwd })).toMatchObject({ code: 2, stderr: expect.stringContaining('card ids need neither') });
    expect(readFileSync(join(cwd, 'state', 'reviews.jsonl'), 'utf8')).toBe(before);
    runCli(['unsuspend', suspended.id], { cwd });
    expect(runCli(['unsuspend', suspended.id], { cwd })).toMatchObject({ code: 1, stderr: expect.stringContaining(`card ${suspended.id} is not suspended`) });
  });
});

// Two devices sharing decks and state through git: each reviews, commits, pulls; the review log
// merges by union, progress is rebuilt from it, and both end with the same state. Real git.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAY, FakeClock, HOUR, openSession, tempDir, writeDecks } from './helpers.js';
import { loadState } from '../src/store/state.js';
import { Policy } from '../src/core/policy.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';

const ROOT = join(__dirname, '..');
const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' };

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, env: ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

function progressOf(dir: string) {
  const state = loadState(join(dir, 'state'), new Policy(DEFAULT_SETTINGS), { repair: true, now: Date.now() });
  return { notices: state.notices, cards: Object.fromEntries([...state.progress.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) };
}

function review(dir: string, clock: FakeClock, grades: number[]) {
  const s = openSession(join(dir, 'decks'), join(dir, 'state'), clock);
  const answered: string[] = [];
  for (const g of grades) {
    answered.push(s.review.session.current!.card.front);
    s.review.answer(g as 1 | 2 | 3 | 4);
    clock.advance(30_000);
  }
  s.close();
  return answered;
}

describe('two devices through git', () => {
  it('merge their review logs without conflicts and agree on every card afterwards', () => {
    const base = tempDir();
    const origin = join(base, 'origin.git');
    git(base, 'init', '-q', '--bare', origin);
    const laptop = join(base, 'laptop');
    git(base, 'clone', '-q', origin, laptop);
    writeDecks({ 'papers.md': Array.from({ length: 30 }, (_, i) => `- Fact ${i} :: Answer ${i}`).join('\n') + '\n' }, join(laptop, 'decks'));
    copyFileSync(join(ROOT, '.gitattributes'), join(laptop, '.gitattributes'));
    copyFileSync(join(ROOT, '.gitignore'), join(laptop, '.gitignore'));
    mkdirSync(join(laptop, 'state'), { recursive: true });

    const t0 = Date.UTC(2026, 10, 20, 9);
    review(laptop, new FakeClock(t0), [3, 3]);
    // As the README says: the log is committed (once, past the ignore rule); progress.json never.
    git(laptop, 'add', '-A');
    git(laptop, 'add', '-f', 'state/reviews.jsonl');
    git(laptop, 'commit', '-qm', 'laptop day 1');
    git(laptop, 'push', '-q', 'origin', 'HEAD');
    expect(git(laptop, 'ls-files')).not.toMatch(/progress\.json/);

    const desktop = join(base, 'desktop');
    git(base, 'clone', '-q', origin, desktop);
    // Day 2: both devices review before syncing; some of the same cards, some different ones.
    const onLaptop = review(laptop, new FakeClock(t0 + DAY), [3, 1, 4, 3]);
    const onDesktop = review(desktop, new FakeClock(t0 + DAY + 2 * HOUR), [2, 3, 3]);
    expect(onLaptop.some((f) => onDesktop.includes(f))).toBe(true);
    git(laptop, 'commit', '-qam', 'laptop day 2');
    git(laptop, 'push', '-q', 'origin', 'HEAD');
    git(desktop, 'commit', '-qam', 'desktop day 2');
    git(desktop, 'pull', '-q', '--no-rebase', '--no-edit', 'origin', 'HEAD');
    git(desktop, 'push', '-q', 'origin', 'HEAD');
    git(laptop, 'pull', '-q', '--no-rebase', '--no-edit', 'origin', 'HEAD');

    const log = readFileSync(join(desktop, 'state/reviews.jsonl'), 'utf8');
    expect(log).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
    expect(readFileSync(join(laptop, 'state/reviews.jsonl'), 'utf8')).toBe(log);
    expect(log.trim().split('\n')).toHaveLength(2 + 4 + 3);

    const a = progressOf(laptop);
    const b = progressOf(desktop);
    expect(a.cards).toEqual(b.cards);
    expect(a.notices.join(' ')).toMatch(/did not match the review log \(merged or edited\)/);
    // Every answer counts: the reps add up to the answers both devices gave.
    expect(Object.values(a.cards).reduce((n, c) => n + c.reps, 0)).toBe(9);

    // A line that ends up in the log twice (a merge of merges, a copy) is counted once.
    const lines = log.trim().split('\n');
    writeFileSync(join(laptop, 'state/reviews.jsonl'), [...lines, lines[3], lines[0]].join('\n') + '\n');
    expect(progressOf(laptop).cards).toEqual(b.cards);
  });
});

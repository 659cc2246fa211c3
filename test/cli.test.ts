// The command line as a user meets it: the built binary, real files, exit codes.
import { appendFileSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './pty.js';
import { cardImages } from '../src/app/images.js';
import { loadCollection } from '../src/store/deck-files.js';
import { middayTz, tempDir, writeDecks } from './helpers.js';

function project(files: Record<string, string>) {
  const decks = writeDecks(files);
  return { cwd: dirname(decks), decks };
}

describe('recall --help and --version', () => {
  it('lists only the commands that exist', () => {
    const { code, stdout } = runCli(['--help'], { cwd: tempDir() });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\s+review\s/m);
    expect(stdout).toMatch(/^\s+check\s/m);
    expect(stdout).toMatch(/^\s+stats\s/m);
    expect(stdout).toMatch(/^\s+add\s/m);
    expect(stdout).toMatch(/^\s+import\s/m);
    expect(stdout).toMatch(/^\s+export\s/m);
    for (const now of ['optimize', 'plan', 'unsuspend']) expect(stdout).toMatch(new RegExp(`^\\s+${now}\\s`, 'm'));
  });

  it('prints the version', () => {
    expect(runCli(['--version'], { cwd: tempDir() }).stdout).toMatch(/^recall \d+\.\d+\.\d+\n$/);
  });
});

describe('bad command lines', () => {
  it.each([
    [['--bogus'], "unknown option '--bogus'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['check', 'extra'], "unexpected argument 'extra'"],
    [['review', '--limit'], "option '--limit <value>' argument missing"],
  ])('%j: one line, the usage hint, exit 2', (args, message) => {
    const { code, stderr, stdout } = runCli(args, { cwd: tempDir() });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`recall: ${message}\nRun 'recall --help' for usage.\n`);
  });

  it.each([
    [['stast'], "unknown command 'stast'", 'stats'],
    [['--lnag', 'zh'], "unknown option '--lnag'", '--lang'],
    [['export', '--fromat', 'csv'], "unknown option '--fromat'", '--format'],
    [['find', 'x', '--regx'], "unknown option '--regx'", '--regex'],
  ])('%j: a typo gets the name it is closest to', (args, message, meant) => {
    const { code, stderr } = runCli(args, { cwd: tempDir() });
    expect(code).toBe(2);
    expect(stderr).toBe(`recall: ${message}\n  did you mean ${meant}?\nRun 'recall --help' for usage.\n`);
  });

  it('rejects a --limit that is not a positive number', () => {
    const { cwd } = project({ 'a.md': '## Q\nA\n' });
    const { code, stderr } = runCli(['review', '--limit', 'ten'], { cwd });
    expect(code).toBe(2);
    expect(stderr).toContain("--limit must be a whole number from 1 up, not 'ten'");
  });
});

describe('recall check', () => {
  it('passes clean decks with a summary line', () => {
    const { cwd } = project({ 'llm/t5.md': '## Q?\nA\n\n# Section\n\nx {{c1::y}} {{c2::z}}\n', 'b.md': 'A :: B\n' });
    const { code, stdout } = runCli(['check'], { cwd });
    expect(stdout).toBe('ok: 4 cards in 2 deck files, no problems\n');
    expect(code).toBe(0);
  });

  it('prints every problem as path:line: message and exits 1', () => {
    const { cwd } = project({
      'a.md': '---\ntags: [a, b\n---\n## Q\nA\n',
      'b.md': '## Fine?\nyes\n\nThe {{c1::gap is open\n\n## Q\nA again\n',
    });
    const { code, stdout } = runCli(['check'], { cwd });
    expect(code).toBe(1);
    expect(stdout).toContain('decks/a.md:3: front matter is not valid YAML');
    expect(stdout).toContain('decks/b.md:4: cloze "{{c1::" is never closed');
    expect(stdout).toContain('decks/b.md:6: duplicate: a card with the same front is at a.md:4');
    expect(stdout).toMatch(/3 problems in 2 deck files \(1 valid card\)\n$/);
  });

  it('reports a bad recall.config.json setting with its line', () => {
    const { cwd, decks } = project({ 'a.md': '## Q\nA\n' });
    writeFileSync(join(decks, 'recall.config.json'), '{\n  "new_per_day": 20,\n  "rollover_hour": 25\n}\n');
    const { code, stdout } = runCli(['check'], { cwd });
    expect(code).toBe(1);
    expect(stdout).toContain('decks/recall.config.json:3: "rollover_hour" must be an hour from 0 to 23');
  });

  it('uses --decks and RECALL_DECKS, and explains a missing folder', () => {
    const { decks } = project({ 'a.md': '## Q\nA\n' });
    expect(runCli(['check', '--decks', decks], { cwd: tempDir() }).code).toBe(0);
    expect(runCli(['check'], { cwd: tempDir(), env: { RECALL_DECKS: decks } }).code).toBe(0);
    const missing = runCli(['check'], { cwd: tempDir() });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^recall: decks folder not found: .*decks\n  point --decks/);
  });
});

describe('recall review without a terminal', () => {
  it('says review needs one, exit 2, no stack trace', () => {
    const { cwd } = project({ 'a.md': '## Q\nA\n' });
    const { code, stderr } = runCli([], { cwd });
    expect(code).toBe(2);
    expect(stderr).toContain('review needs an interactive terminal');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('recall check and review histories whose card is gone', () => {
  async function reviewedThenRewritten() {
    const { FakeClock, openSession } = await import('./helpers.js');
    const { cwd, decks } = project({ 'a.md': '## What does RLHF optimize?\nA reward model learned from human rankings\n' });
    const stateDir = join(cwd, 'state');
    const s = openSession(decks, stateDir, new FakeClock(Date.now() - 86_400_000), { settings: { learningSteps: [] } });
    s.review.answer(3);
    const oldId = s.review.session.answers[0]!.card.id;
    s.close();
    // Rewritten beyond recognition: history cannot follow it by itself.
    writeFileSync(join(decks, 'a.md'), '## Which signal trains the PPO policy in InstructGPT?\nThe reward model score, minus a KL penalty\n');
    return { cwd, oldId };
  }

  it('reports the orphaned history with the closest card and how to settle it', async () => {
    const { cwd, oldId } = await reviewedThenRewritten();
    const { code, stdout } = runCli(['check'], { cwd });
    expect(code).toBe(1);
    expect(stdout).toContain(`review history of card ${oldId} (1 review, last`);
    expect(stdout).toMatch(new RegExp(`closest new card is a\\.md:1 \\(id [0-9a-f]{12}, \\d+% similar\\)`));
    expect(stdout).toContain(`recall check --drop ${oldId}`);
  });

  it('--move gives the history to the new card; --drop forgets it', async () => {
    const { cwd, oldId } = await reviewedThenRewritten();
    const newId = /id ([0-9a-f]{12})/.exec(runCli(['check'], { cwd }).stdout)![1]!;
    const moved = runCli(['check', '--move', `${oldId}=${newId}`], { cwd });
    expect(moved.stdout).toContain(`moved the review history of ${oldId} to a.md:1`);
    expect(moved.code).toBe(0);
    const progress = JSON.parse(readFileSync(join(cwd, 'state', 'progress.json'), 'utf8'));
    expect(progress.ids).toBe(newId);

    const again = await reviewedThenRewritten();
    const dropped = runCli(['check', '--drop', again.oldId], { cwd: again.cwd });
    expect(dropped.stdout).toContain(`dropped the review history of ${again.oldId}`);
    expect(dropped.code).toBe(0);
    expect(JSON.parse(readFileSync(join(again.cwd, 'state', 'progress.json'), 'utf8')).ids).toBe('');
  });

  it('refuses to drop the history of a card that still exists', async () => {
    const { cwd } = await reviewedThenRewritten();
    const newId = /id ([0-9a-f]{12})/.exec(runCli(['check'], { cwd }).stdout)![1]!;
    const { code, stderr } = runCli(['check', '--drop', newId], { cwd });
    expect(code).toBe(1);
    expect(stderr).toContain(`no review history has the id '${newId}'`);
  });
});

describe('recall stats', () => {
  // Reviewed an hour ago, and "today" in the command's zone is noon, so the review is today's.
  const stats = (args: string[], cwd: string) => runCli(['stats', ...args], { cwd, env: { TZ: middayTz() } });

  async function reviewed() {
    const { FakeClock, openSession } = await import('./helpers.js');
    const { cwd, decks } = project({ 'llm/t5.md': '---\ntags: [t5]\n---\n## Q1?\nA1\n\n## Q2?\nA2\n', 'gpt.md': '## G1?\nA\n' });
    const s = openSession(decks, join(cwd, 'state'), new FakeClock(Date.now() - 3_600_000), { settings: { learningSteps: [] } });
    s.review.answer(3);
    s.review.answer(1);
    s.close();
    return cwd;
  }

  it('prints the figures as JSON with stable keys, without a terminal', async () => {
    const cwd = await reviewed();
    const { code, stdout } = stats(['--json'], cwd);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['generatedAt', 'rolloverHour', 'desiredRetention', 'totals', 'today', 'heatmap', 'forecast', 'retention', 'readiness', 'weakest', 'knowledge', 'plans', 'practice']);
    expect(report.totals).toEqual({ cards: 3, studied: 2, reviews: 2 });
    expect(report.today.reviewed.count).toBe(2);
    expect(report.heatmap.days).toHaveLength(182);
  });

  it('prints the charts as text, and filters by deck', async () => {
    const cwd = await reviewed();
    const all = stats([], cwd);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('Reviewed 2 cards');
    const t5 = JSON.parse(stats(['--deck', 'llm', '--json', '--days', '7'], cwd).stdout);
    expect(t5.totals.cards).toBe(2);
    expect(t5.heatmap.days).toHaveLength(7);
  });

  it('rebuilds the history from the log (in a worker thread) to the same report the cache gives, bad lines reported', async () => {
    const cwd = await reviewed();
    appendFileSync(join(cwd, 'state', 'reviews.jsonl'), 'not an event\n');
    rmSync(join(cwd, 'state', 'cache'), { recursive: true, force: true });
    const rebuilt = stats(['--json'], cwd);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(/reviews\.jsonl: 1 damaged line skipped/);
    expect(existsSync(join(cwd, 'state', 'cache', 'history.bin'))).toBe(true);
    const cached = stats(['--json'], cwd);
    // What the history decides (recall now moves with the clock between the two runs).
    const fromHistory = (stdout: string) => {
      const { totals, heatmap, retention, today, practice } = JSON.parse(stdout);
      return { totals, heatmap, retention, reviewed: today.reviewed, streak: today.streak, practice };
    };
    expect(fromHistory(rebuilt.stdout)).toEqual(fromHistory(cached.stdout));
    expect(fromHistory(rebuilt.stdout).totals.reviews).toBe(2);
    // The worker's notice is worded in the language the command line chose.
    rmSync(join(cwd, 'state', 'cache'), { recursive: true, force: true });
    expect(stats(['--json', '--lang', 'zh'], cwd).stderr).toMatch(/reviews\.jsonl：跳过了 1 行损坏的内容/);
  });

  it('explains bad options and filters that match nothing', async () => {
    const cwd = await reviewed();
    expect(stats(['--days', '3'], cwd)).toMatchObject({ code: 2, stderr: expect.stringContaining('--days must be a whole number of days from 7 to 3660') });
    expect(stats(['--tag', 'nope'], cwd)).toMatchObject({ code: 1, stderr: expect.stringContaining("no card has the tag 'nope'") });
  });

  it('greets an empty state with what is waiting', () => {
    const { cwd } = project({ 'a.md': '## Q?\nA\n' });
    expect(stats([], cwd).stdout).toContain('Nothing reviewed yet. 1 card waits in 1 deck');
  });
});

describe('symbolic links in the decks folder', () => {
  it('follows a link that stays inside, and reports one that leaves the folder without reading it', () => {
    const decks = writeDecks({ 'a.md': '## Inside?\nyes\n', 'sub/b.md': '## Linked?\nyes\n' });
    const outside = join(tempDir(), 'secret.md');
    writeFileSync(outside, '## Outside?\nno\n');
    symlinkSync(join(decks, 'sub/b.md'), join(decks, 'link.md'));
    symlinkSync(outside, join(decks, 'escape.md'));
    const r = runCli(['check', '--decks', decks, '--state', tempDir()], { cwd: dirname(decks) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/escape.md:1: a symbolic link to .*secret.md, outside the decks folder: recall does not follow it/);
    expect(r.stdout).not.toMatch(/Outside\?/);
    // The inside link is read like any deck (its card then duplicates the one it points at).
    expect(r.stdout).toMatch(/sub\/b.md:1: duplicate: a card with the same front is at link.md:1/);
  });
});

describe('bytes that are not UTF-8 text (issue 11: 12)', () => {
  it('are reported by check with file:line, and add refuses to touch such a file', () => {
    const { cwd, decks } = project({ 'ok.md': '## Fine?\nyes\n' });
    const latin = Buffer.concat([Buffer.from('## Caf'), Buffer.from([0xe9]), Buffer.from('?\nyes\n\n## Second?\n'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    writeFileSync(join(decks, 'latin.md'), latin);
    writeFileSync(join(decks, 'image.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    const check = runCli(['check'], { cwd });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('decks/latin.md:1: byte 0xe9 is not UTF-8');
    expect(check.stdout).toMatch(/decks\/image.md:\d+: this is not a text file \(it has NUL bytes\)/);
    const add = runCli(['add', '--deck', 'latin', '--front', 'New?', '--back', 'yes'], { cwd });
    expect(add.code).toBe(1);
    expect(add.stderr).toMatch(/latin.md:1: byte 0xe9 is not UTF-8.*\n {2}nothing was written/);
    expect(readFileSync(join(decks, 'latin.md'))).toEqual(latin);
  });
});

describe('errors a user can fix, said as such (issue 11: 13, 14)', () => {
  it('never prints a stack trace for a place it cannot write', () => {
    const { cwd } = project({ 'a.md': '## Q?\nA\n' });
    const soon = new Date(Date.now() + 5 * 86_400_000);
    const date = `${soon.getFullYear()}-${String(soon.getMonth() + 1).padStart(2, '0')}-${String(soon.getDate()).padStart(2, '0')}`;
    const notes = join(tempDir(), 'n.md');
    writeFileSync(notes, '## What is RLHF?\nReinforcement learning from human feedback.\n');
    for (const args of [
      ['plan', date, '--state', '/proc/recall-state'],
      ['plan', '--clear', '--state', '/proc/recall-state'],
      ['add', '--deck', 'x', '--front', 'Q2?', '--back', 'A', '--decks', '/proc/recall-decks'],
      ['import', notes, '--yes', '--decks', '/proc/recall-decks'],
    ]) {
      const r = runCli(args, { cwd });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/(^|\n)recall: could not create the folder \/proc\/recall-(state|decks): no such file or folder/);
      expect(r.stderr).not.toMatch(/\n\s+at |unexpected error/);
    }
  });

  it('says --state must be a folder, whatever the command', () => {
    const { cwd } = project({ 'a.md': '## Q?\nA\n' });
    writeFileSync(join(cwd, 'afile'), 'x');
    for (const command of [['stats'], ['check'], ['export', '--format', 'md', '--out', '-'], ['unsuspend'], ['plan'], ['optimize'], ['add', '--deck', 'a', '--front', 'F?', '--back', 'B']]) {
      const r = runCli([...command, '--state', 'afile'], { cwd });
      expect(r.stderr, command[0]).toMatch(/--state must be a folder, but .*afile is a file/);
      expect(r.code).toBe(1);
    }
  });

  it('answers a negative number with its own message, not the parser’s', () => {
    const { cwd } = project({ 'a.md': '## Q?\nA\n' });
    expect(runCli(['stats', '--days', '-5'], { cwd })).toMatchObject({ code: 2, stderr: "recall: --days must be a whole number of days from 7 to 3660, not '-5'\n" });
    expect(runCli(['review', '--limit', '-1'], { cwd }).stderr).toContain("--limit must be a whole number from 1 up, not '-1'");
  });

  it('reports thousands of nested cloze openings as one problem, at once', () => {
    const { cwd } = project({ 'a.md': `# S\n\n${'{{c1::'.repeat(5000)}x${'}}'.repeat(5000)}\n` });
    const r = runCli(['check'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'decks/a.md:3: cloze "{{c1::" is followed by 4999 more openings before any "}}": clozes cannot be nested; close each one with "}}"',
      '',
      '1 problem in 1 deck file (0 valid cards)',
    ]);
  });
});

describe('recall check on images and long answers (issue 15)', () => {
  it('reports a missing image with file:line, and warns (without failing) about an answer over 2,000 characters', () => {
    const long = 'word '.repeat(500);
    const { cwd, decks } = project({ 'llm/a.md': `## Which figure?\nSee:\n\n![heads](fig/heads.png)\n\n## Long?\n${long}\n`, 'llm/fig/ok.png': 'x' });
    const r = runCli(['check'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('decks/llm/a.md:4: image fig/heads.png not found');
    expect(r.stdout).toMatch(/decks\/llm\/a.md:6: warning: the answer is 2,500 characters long: it is probably several cards/);
    writeFileSync(join(decks, 'llm/a.md'), `## Which figure?\n![ok](fig/ok.png)\n\n## Long?\n${long}\n`);
    const ok = runCli(['check'], { cwd });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/warning: the answer is 2,500 characters long[\s\S]*ok: 2 cards in 1 deck file, no problems \(1 warning above\)\n$/);
  });
});

describe('an image link, where check, review and export all look', () => {
  it('names a file URL-decoded, or as written when that is the file: the three find the same one', () => {
    // `a%20b.png` on disk: the link's decoded form (`a b.png`) is not there, the link as written is.
    const { cwd, decks } = project({ 'llm/a.md': '## Which heads?\n![heads](fig/a%20b.png)\n\n## Which map?\n![map](fig/map%20one.png)\n', 'llm/fig/a%20b.png': 'x', 'llm/fig/map one.png': 'y' });
    const check = runCli(['check'], { cwd });
    expect(check.stdout, check.stdout).toMatch(/^ok: 2 cards/m);
    const cards = loadCollection(decks).cards;
    expect(cards.flatMap((c) => cardImages(c, decks)).map((i) => [basename(i.target), i.exists])).toEqual([
      ['a%20b.png', true],
      ['map one.png', true],
    ]);
    const out = runCli(['export', '--format', 'html', '--out', 'sheet.html'], { cwd });
    expect(out.stderr).toContain('2 images embedded');
  });
});

describe('lists and quotes nested without end (issue 11: 14)', () => {
  const deepList = (n: number) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');
  const deepQuote = (n: number) => Array.from({ length: n }, (_, i) => `${'>'.repeat(i + 1)} quote ${i}`).join('\n');

  it('are one problem each in check, and every export still writes', () => {
    const { cwd } = project({ 'a.md': `## Deep list?\n${deepList(200)}\n`, 'b.md': `## Deep quote?\n${deepQuote(2000)}\n`, 'c.md': `## Shallow?\n${deepList(3)}\n` });
    const check = runCli(['check'], { cwd });
    expect(check.code).toBe(1);
    const problems = check.stdout.split('\n').filter((l) => /nested \d+ levels deep/.test(l));
    expect(problems).toEqual([
      'decks/a.md:1: lists or quotes nested 200 levels deep: recall draws 16 levels and shows deeper lines as plain text; flatten it',
      'decks/b.md:1: lists or quotes nested 2000 levels deep: recall draws 16 levels and shows deeper lines as plain text; flatten it',
    ]);
    for (const format of ['apkg', 'csv', 'md', 'json']) {
      const r = runCli(['export', '--format', format, '--out', `x.${format}`], { cwd });
      expect(r.code, `${format}: ${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/Maximum call stack|unexpected error/);
    }
  });
});

// `recall import` on a whole folder of notes, through the real binary: valid decks named after the
// folders, byte-stable re-imports from anywhere, updates written where their card lives, fronts
// that would collide made specific or skipped with a reason, formulas, tables and images kept,
// and a summary (also as JSON) that accounts for every proposal.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { runCli } from './pty.js';

const COLLECTION = fileURLToPath(new URL('./fixtures/notes/collection/', import.meta.url));

/** A working folder with notes/collection (a copy of the fixture) and no decks yet. */
function workspace(): string {
  const dir = tempDir();
  cpSync(COLLECTION, join(dir, 'notes', 'collection'), { recursive: true });
  return dir;
}

/** Every file under a folder with its bytes. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(root, p), readFileSync(p).toString('base64'));
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

const importFolder = (dir: string, ...extra: string[]) => runCli(['import', 'notes/collection', '--yes', ...extra], { cwd: dir });
const check = (dir: string) => runCli(['check', '--state', join(dir, 'state')], { cwd: dir });
const deck = (dir: string, file: string) => readFileSync(join(dir, 'decks', file), 'utf8');
const fronts = (text: string) => text.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));

describe('importing a whole folder of notes', () => {
  it('writes valid decks named after the folders: README.md stands for its folder, a note that only links is skipped', () => {
    const dir = workspace();
    const r = importFolder(dir);
    expect(r.code).toBe(0);
    const files = [...snapshot(join(dir, 'decks')).keys()].filter((f) => f.endsWith('.md')).sort();
    expect(files).toEqual([
      'collection/english/transformers.md',
      'collection/基础.md',
      'collection/基础/attention.md',
      'collection/基础/总结.md',
      'collection/训练/总结.md',
      'collection/训练/数据并行.md',
      'collection/训练/流水线并行.md',
    ]);
    expect(r.stderr).toMatch(/collection\/README.md: nothing to import: it only links to other notes/);
    // The note's identity is its place in the folder imported, not the working folder.
    expect(deck(dir, 'collection/训练/数据并行.md')).toMatch(/^---\ntitle: "数据并行"\nsource: "collection\/02.训练\/2.数据并行\/2.数据并行.md"\n---\n/);
    expect(check(dir)).toMatchObject({ code: 0, stdout: 'ok: 20 cards in 7 deck files, no problems\n' });
  });

  it('changes no byte on a second import, from the same folder or from another one', () => {
    const dir = workspace();
    importFolder(dir);
    const before = snapshot(join(dir, 'decks'));
    const again = importFolder(dir);
    expect(again.stderr).toMatch(/Nothing to write\.\nSummary: 8 notes read \(1 only linking to other notes\); 20 proposals .*\n {2}wrote 0 new, updated 0, 20 already in the decks, skipped 0/);
    const elsewhere = tempDir();
    const abs = runCli(['import', join(dir, 'notes/collection'), '--yes', '--decks', join(dir, 'decks'), '--state', join(dir, 'state')], { cwd: elsewhere });
    expect(abs.stderr).toMatch(/20 already in the decks/);
    expect(snapshot(join(dir, 'decks'))).toEqual(before);
  });

  it('makes generic fronts specific from their note, and a front that is still taken is retried with context or skipped, naming the card', () => {
    const dir = workspace();
    // A deck of the user's own already asks one of the questions.
    mkdirSync(join(dir, 'decks'), { recursive: true });
    writeFileSync(join(dir, 'decks', 'mine.md'), '## 什么是语言模型？\nMy own answer.\n');
    const r = importFolder(dir);
    expect(fronts(deck(dir, 'collection/训练/数据并行.md'))).toContain('数据并行 · 简述');
    expect(fronts(deck(dir, 'collection/训练/流水线并行.md'))).toEqual(['流水线并行 · 简述', '为什么会有气泡？', '流水线并行 · 什么是 All-Reduce？']);
    // Two notes named 总结.md in two folders: two decks, and the second question gets its context.
    expect(fronts(deck(dir, 'collection/基础/总结.md'))).toEqual(['本章要点是什么？']);
    expect(fronts(deck(dir, 'collection/训练/总结.md'))).toEqual(['总结 · 本章要点是什么？']);
    // 什么是语言模型？ with its context is free, so it is written that way; mine.md is untouched.
    expect(fronts(deck(dir, 'collection/基础.md'))).toEqual(['基础 · 什么是语言模型？']);
    expect(deck(dir, 'mine.md')).toBe('## 什么是语言模型？\nMy own answer.\n');
    expect(check(dir).code).toBe(0);

    // When the context front is taken too, the proposal is skipped and the summary says by what.
    writeFileSync(join(dir, 'decks', 'mine.md'), '## 什么是语言模型？\nMy own answer.\n\n## 基础 · 什么是语言模型？\nAgain.\n');
    const fresh = join(dir, 'decks2');
    cpSync(join(dir, 'decks', 'mine.md'), join(fresh, 'mine.md'));
    const skipped = runCli(['import', 'notes/collection', '--yes', '--decks', fresh], { cwd: dir });
    expect(skipped.stderr).toMatch(/collection\/01.基础\/README.md:3: skipped "什么是语言模型？": front already taken by another card \(mine.md:1\)/);
    expect(skipped.stderr).toMatch(/wrote 19 new, updated 0, 0 already in the decks, skipped 1 \(1 front already taken by another card\)/);
    expect(runCli(['check', '--decks', fresh, '--state', join(dir, 'state2')], { cwd: dir }).code).toBe(0);
    expect(r.code).toBe(0);
  });

  it('writes an update into the deck its card came from, matched by its note, and leaves other decks alone', () => {
    const dir = workspace();
    importFolder(dir);
    const other = deck(dir, 'collection/训练/数据并行.md');
    const note = join(dir, 'notes/collection/02.训练/3.流水线并行.md');
    writeFileSync(note, readFileSync(note, 'utf8').replace('微批越多，气泡占比越小。', '微批越多，气泡在总时间里的占比越小。'));
    const r = importFolder(dir);
    expect(r.stderr).toMatch(/3.流水线并行.md: 0 new proposals \(0 cards\), 1 update, 2 already in collection\/训练\/流水线并行.md/);
    expect(r.stderr).toMatch(/changed decks\/collection\/训练\/流水线并行.md: 0 cards added, 1 card updated/);
    expect(deck(dir, 'collection/训练/流水线并行.md')).toContain('气泡在总时间里的占比越小');
    expect(deck(dir, 'collection/训练/数据并行.md')).toBe(other);
    // Stable from then on.
    const after = snapshot(join(dir, 'decks'));
    importFolder(dir);
    expect(snapshot(join(dir, 'decks'))).toEqual(after);
    expect(check(dir).code).toBe(0);
  });

  it('replaces a card whose question was reworded in the note, in place, instead of adding a second one', () => {
    const dir = workspace();
    importFolder(dir);
    const note = join(dir, 'notes/collection/01.基础/总结.md');
    writeFileSync(note, readFileSync(note, 'utf8').replace('## 本章要点是什么？', '## 本章的要点是什么？'));
    const r = importFolder(dir);
    expect(r.stderr).toMatch(/changed decks\/collection\/基础\/总结.md: 0 cards added, 1 card updated/);
    expect(fronts(deck(dir, 'collection/基础/总结.md'))).toEqual(['本章的要点是什么？']);
    expect(check(dir).code).toBe(0);
  });

  it('keeps formulas byte for byte and tables as written, and copies images next to the deck with links that resolve', () => {
    const dir = workspace();
    importFolder(dir);
    const note = readFileSync(join(dir, 'notes/collection/01.基础/1.attention/1.attention.md'), 'utf8');
    const text = deck(dir, 'collection/基础/attention.md');
    const formula = /\$\$\n[\s\S]*?\n\$\$/.exec(note)![0];
    expect(formula).toContain('\\right)V \\\\\n');
    expect(text).toContain(formula);
    expect(text).toContain('$\\alpha_{ij} \\propto \\exp(q_i \\cdot k_j)$');
    expect(text).toContain('| Attention | 一步，可并行 |');
    const link = /!\[计算流程\]\(([^)]+)\)/.exec(text)![1]!;
    const image = resolve(dirname(join(dir, 'decks/collection/基础/attention.md')), decodeURI(link));
    expect(relative(join(dir, 'decks'), image)).toBe('media/collection/01.基础/1.attention/image/attn.png');
    expect(readFileSync(image)).toEqual(readFileSync(join(dir, 'notes/collection/01.基础/1.attention/image/attn.png')));
  });

  it('never writes into a deck file that did not come from the note: that note is refused, the others imported', () => {
    const dir = workspace();
    mkdirSync(join(dir, 'decks/collection/训练'), { recursive: true });
    const own = '# Mine\n\n## A card of my own?\nYes.\n';
    writeFileSync(join(dir, 'decks/collection/训练/数据并行.md'), own);
    const mtime = statSync(join(dir, 'decks/collection/训练/数据并行.md')).mtimeMs;
    const r = importFolder(dir);
    expect(r.stderr).toMatch(/2.数据并行.md: not imported: collection\/训练\/数据并行.md already exists and was not imported from collection\/02.训练\/2.数据并行\/2.数据并行.md: import this note with --deck NAME/);
    expect(r.stderr).toMatch(/8 notes read \(1 only linking to other notes, 1 refused\)/);
    expect(deck(dir, 'collection/训练/数据并行.md')).toBe(own);
    expect(statSync(join(dir, 'decks/collection/训练/数据并行.md')).mtimeMs).toBe(mtime);
    expect(existsSync(join(dir, 'decks/collection/训练/流水线并行.md'))).toBe(true);
    expect(check(dir).code).toBe(0);
  });

  it('proposes clozes of bold phrases only with --clozes', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 't5.md'), '# T5\n\nT5 把所有任务都转成 **text-to-text** 形式，预训练数据是 **C4**，约 750GB。\n');
    const count = (...extra: string[]) => JSON.parse(runCli(['import', 't5.md', '--dry-run', '--json', ...extra], { cwd: dir }).stdout).proposals.byKind.cloze;
    expect(count()).toBe(0);
    expect(count('--clozes')).toBe(1);
  });

  it('--json prints the account of the run: notes, proposals by kind, what was written, and why anything was left out', () => {
    const dir = workspace();
    const dry = runCli(['import', 'notes/collection', '--dry-run', '--json'], { cwd: dir });
    expect(dry.code).toBe(0);
    const s = JSON.parse(dry.stdout);
    expect(s).toMatchObject({
      dryRun: true,
      notes: { read: 8, withProposals: 7, navigation: 1, refused: [] },
      proposals: { total: 20, byKind: { question: 18, term: 2, cloze: 0, explicit: 0 } },
      outcome: { written: 20, updated: 0, present: 0, skipped: 0 },
      cardsAdded: 20,
      media: { copied: 1, present: 0 },
    });
    expect(s.files).toContainEqual({ file: 'collection/训练/数据并行.md', created: true, added: 6, updated: 0 });
    expect(s.perNote.find((n: { note: string }) => n.note === 'collection/02.训练/3.流水线并行.md')).toMatchObject({ deck: 'collection::训练::流水线并行', written: 3 });
    expect(existsSync(join(dir, 'decks'))).toBe(false);
    expect(runCli(['import', 'notes/collection', '--json'], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringMatching(/--json reports a run that needs no terminal/) });
  });
});

// `recall import`: notes people actually write become proposed cards; accepted ones are written
// to a deck file; importing again adds nothing twice and offers changed cards as updates.
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { prepareImport } from '../src/commands/import.js';
import { proposeCards, questionOf } from '../src/core/propose.js';
import { ankiTextDeckFiles, parseAnkiText } from '../src/import/anki-text.js';
import { editorCommand } from '../src/app/editor.js';
import { planImport } from '../src/import/notes-folder.js';
import { loadCollection } from '../src/store/deck-files.js';
import { ImportApp } from '../src/ui/ImportApp.js';
import { ImportList } from '../src/ui/import-list.js';
import { eventually, tempDir } from './helpers.js';
import { Pty, runCli } from './pty.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/notes/', import.meta.url));
const note = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** A working folder with notes/ (copies of the fixtures) and an empty decks/. */
function workspace(): string {
  const dir = tempDir();
  cpSync(FIXTURES, join(dir, 'notes'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), '');
  cpSync(join(dir, 'README.md'), join(dir, 'decks', 'README.md'));
  return dir;
}

describe('proposing cards from notes', () => {
  it('turns question headings into cards, numbered Chinese ones included, with the section as the back', () => {
    const r = proposeCards('rlhf-interview.md', note('rlhf-interview.md'));
    expect(r.title).toBe('RLHF 面试题');
    expect(r.proposals.map((p) => [p.kind, p.cards[0]!.front])).toEqual([
      ['question', '什么是 RLHF？'],
      ['question', '简单介绍一下 RLHF 的三个阶段'],
      ['question', 'Why does PPO add a KL penalty?'],
      // Not a question: a card only with its context in the front.
      ['question', 'RLHF 面试题 · 对齐税'],
    ]);
    const [rlhf, stages, kl] = r.proposals;
    // The back stops at the nested question and keeps the image as written (the importer copies it).
    expect(rlhf!.cards[0]!.back).toBe('Reinforcement Learning from Human Feedback：先 SFT，再训练奖励模型（RM），最后用 PPO 优化策略。\n\n![pipeline](images/rlhf.png)');
    expect(stages!.cards[0]!.back.split('\n')).toHaveLength(3);
    expect(kl!.cards[0]!.back).toContain('```python\nreward = rm_score - beta * kl\n```');
    expect(rlhf!.section).toBe('RLHF 面试题');
    // A question with nothing under it gives no card, and says so.
    expect(r.skipped).toEqual([{ line: 32, text: '什么是 reward hacking？', reason: 'no answer' }]);
  });

  it('recognizes questions by their shape', () => {
    expect(questionOf('3. 简单介绍一下 RLHF？')).toBe('简单介绍一下 RLHF？');
    expect(questionOf('3、为什么要做对齐')).toBe('为什么要做对齐');
    expect(questionOf('2. 对齐税')).toBeUndefined();
    expect(questionOf('《T5：Exploring the Limits》')).toBeUndefined();
  });

  it('makes a heading that does not ask a card with its context in the front', () => {
    const r = proposeCards('blog-post.md', note('blog-post.md'));
    expect(r.title).toBe('LLM 论文笔记');
    expect(r.proposals.map((p) => p.cards[0]!.front)).toEqual([
      'LLM 论文笔记 · 《T5：Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer》',
      'LLM 论文笔记 · 《LIMA: Less Is More for Alignment》',
    ]);
    // The table and the bold stay in the back as written.
    expect(r.proposals[0]!.cards[0]!.back).toContain('| **T5-11B** | 110 亿 |');
  });

  it('makes cards of **Term**: definition lines with their context, and clozes of bold phrases only when asked', () => {
    const text = [
      'T5 把所有任务都转成 **text-to-text** 形式，预训练数据是 **C4**（约 750GB）。',
      '',
      '**模型结构**：标准的 encoder-decoder Transformer。',
      '',
      '- **Span corruption**：把连续的 token 片段替换成哨兵 token，让模型还原。',
    ].join('\n');
    const r = proposeCards('t5.md', text);
    expect(r.proposals.map((p) => p.snippet)).toEqual(['## t5 · 模型结构\n标准的 encoder-decoder Transformer。', '## t5 · Span corruption\n把连续的 token 片段替换成哨兵 token，让模型还原。']);
    const clozes = proposeCards('t5.md', text, { clozes: true }).proposals.filter((p) => p.kind === 'cloze');
    expect(clozes.map((p) => p.snippet)).toEqual(['T5 把所有任务都转成 {{c1::text-to-text}} 形式，预训练数据是 {{c2::C4}}（约 750GB）。']);
    expect(clozes[0]!.cards.map((c) => c.cloze)).toEqual([1, 2]);
  });

  it('does not hide an acronym right after its own expansion', () => {
    const r = proposeCards('n.md', 'Stage one is supervised fine-tuning (**SFT**) on demonstrations written by labelers.\n\nStage three optimizes the policy with **PPO** against the reward model.\n', { clozes: true });
    expect(r.proposals.map((p) => p.snippet)).toEqual(['Stage three optimizes the policy with {{c1::PPO}} against the reward model.']);
  });

  it('takes explicit cards as they are, and says why a note without structure gives nothing', () => {
    expect(proposeCards('explicit.md', note('explicit.md')).proposals.map((p) => [p.kind, p.cards.length])).toEqual([
      ['explicit', 2],
      ['explicit', 1],
      ['explicit', 2],
    ]);
    const plain = proposeCards('plain.md', note('plain.md'));
    expect(plain.proposals).toEqual([]);
    expect(plain.nothingFound).toMatch(/no heading that asks .* has an answer under it.*no "\*\*Term\*\*: definition" lines.*no bold key phrases/);
  });
});

describe("Anki's text format", () => {
  it('follows the header lines: separator, html, notetype and deck columns, quoted fields', () => {
    const file = parseAnkiText(note('anki-export.txt'));
    expect(file).toMatchObject({ separator: '\t', html: true, special: { notetype: 1, deck: 2, tags: 5 } });
    expect(file.rows[2]!.fields[3]).toBe('reinforcement learning from human feedback, "RLHF"');
    const r = ankiTextDeckFiles(note('anki-export.txt'));
    expect(r.files.map((f) => [f.file, f.tags])).toEqual([
      ['LLM/GPT.md', ['gpt', 'llm']],
      ['LLM/T5.md', ['t5']],
      ['LLM/RLHF.md', ['rlhf']],
    ]);
    expect(r.files.flatMap((f) => f.proposals.map((p) => p.snippet))).toEqual([
      '## What does **GPT** stand for?\nGenerative Pre-trained Transformer\n(decoder-only)',
      'T5 was trained on {{c1::C4}} & has {{c2::11B}} params\n*Colossal Clean Crawled Corpus*',
      'RLHF ::: reinforcement learning from human feedback, "RLHF"',
    ]);
    expect(r.skippedRows).toEqual([{ line: 9, reason: 'a field is empty' }]);
  });

  it('guesses the separator and reads comma files with quotes and line breaks', () => {
    const r = ankiTextDeckFiles('#html:false\nfront,back\n"a, b","line 1\nline 2"\n', { defaultDeck: 'x' });
    expect(r.files.flatMap((f) => f.proposals.map((p) => p.snippet))).toEqual(['## front\nback', '## a, b\nline 1\nline 2']);
  });
});

describe('recall import from the command line', () => {
  it('--dry-run prints the deck file it would write and writes nothing', () => {
    const dir = workspace();
    const r = runCli(['import', 'notes/blog-post.md', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    // A single note's identity is its own name, wherever it is imported from.
    expect(r.stdout).toMatch(/^---\ntitle: "LLM 论文笔记"\nsource: "blog-post.md"\n---\n\n# LLM 论文笔记\n\n## LLM 论文笔记 · 《T5：/);
    expect(r.stderr).toMatch(/would create decks\/blog-post.md: 2 cards added, 0 cards updated \(dry run: nothing written\)/);
    expect(existsSync(join(dir, 'decks/blog-post.md'))).toBe(false);
  });

  it('--yes writes a clean deck; importing again adds nothing; a changed note offers updates in place', () => {
    const dir = workspace();
    expect(runCli(['import', 'notes/rlhf-interview.md', '--yes'], { cwd: dir }).stderr).toMatch(/created decks\/rlhf-interview.md: 4 cards added/);
    const deck = join(dir, 'decks/rlhf-interview.md');
    const first = readFileSync(deck, 'utf8');
    expect(runCli(['check', '--state', join(dir, 'state')], { cwd: dir }).stdout).toBe('ok: 4 cards in 1 deck file, no problems\n');

    const again = runCli(['import', 'notes/rlhf-interview.md', '--yes'], { cwd: dir });
    expect(again.stderr).toMatch(/0 new proposals.*4 already in rlhf-interview.md\nNothing to write/);
    expect(readFileSync(deck, 'utf8')).toBe(first);

    // The user edits their deck by hand, and the note's answer changes.
    writeFileSync(deck, first.replace('# RLHF 面试题', '# RLHF 面试题\n\nMy own note, kept as it is.'));
    const edited = readFileSync(deck, 'utf8');
    const notePath = join(dir, 'notes/rlhf-interview.md');
    writeFileSync(notePath, readFileSync(notePath, 'utf8').replace('so it does not exploit', 'so that it cannot exploit'));
    const update = runCli(['import', 'notes/rlhf-interview.md', '--yes'], { cwd: dir });
    expect(update.stderr).toMatch(/1 update, 3 already.*\nchanged decks\/rlhf-interview.md: 0 cards added, 1 card updated/);
    expect(readFileSync(deck, 'utf8')).toBe(edited.replace('so it does not exploit', 'so that it cannot exploit'));
  });

  it('appends to --deck, imports Anki text, and explains what it cannot do', () => {
    const dir = workspace();
    const r = runCli(['import', 'notes/anki-export.txt', '--deck', 'llm::anki', '--yes'], { cwd: dir });
    expect(r.stderr).toMatch(/notes\/anki-export.txt:9: skipped: a field is empty/);
    expect(r.stderr).toMatch(/Anki tags \(gpt, llm, t5, rlhf\) are not kept per card in one deck/);
    expect(readFileSync(join(dir, 'decks/llm/anki.md'), 'utf8')).toMatch(/^---\ntitle: "anki-export"/);
    expect(runCli(['check', '--state', join(dir, 'state')], { cwd: dir }).stdout).toBe('ok: 5 cards in 1 deck file, no problems\n');

    const plain = runCli(['import', 'notes/plain.md', '--yes'], { cwd: dir });
    expect(plain).toMatchObject({ code: 1, stderr: expect.stringMatching(/nothing to import: .*\nNothing to write/) });
    expect(runCli(['import', 'notes/rlhf-interview.md'], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringMatching(/shows its proposals on a terminal\n {2}without one, use --dry-run/) });
    expect(runCli(['import', 'notes/missing.md', '--yes'], { cwd: dir }).stderr).toMatch(/no such file or folder: .*missing.md/);
    expect(runCli(['import', '--yes'], { cwd: dir }).code).toBe(2);
  });

  it('imports a folder of notes, one deck file per note under a deck named after the folder', () => {
    const dir = workspace();
    const r = runCli(['import', 'notes', '--yes'], { cwd: dir });
    expect(r.stderr).toMatch(/created decks\/notes\/blog-post.md/);
    expect(r.stderr).toMatch(/created decks\/notes\/explicit.md/);
    expect(r.stderr).toMatch(/created decks\/notes\/rlhf-interview.md/);
    expect(existsSync(join(dir, 'decks/notes/plain.md'))).toBe(false);
    expect(runCli(['check', '--state', join(dir, 'state')], { cwd: dir }).code).toBe(0);
  });
});

describe('the import list', () => {
  const pause = () => new Promise((r) => setTimeout(r, 30));

  it('accepts and skips proposals one by one, and writes only the accepted ones', async () => {
    const dir = workspace();
    const decks = join(dir, 'decks');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const collection = loadCollection(decks);
      const { notes } = planImport(collection, decks, 'notes/rlhf-interview.md');
      const list = new ImportList(notes);
      const app = render(<ImportApp list={list} />);
      await eventually(() => expect(app.lastFrame()).toMatch(/4 proposals · 0 accepted · 0 skipped/));
      await eventually(() => expect(app.lastFrame()).toMatch(/notes\/rlhf-interview.md:\d+ · question · 1 card → rlhf-interview.md/));
      for (const k of ['a', 's', 'a']) {
        app.stdin.write(k);
        await pause();
      }
      await eventually(() => expect(app.lastFrame()).toMatch(/2 accepted · 1 skipped/));
      app.stdin.write('\r');
      await pause();
      await eventually(() => expect(list.exit).toEqual({ kind: 'write' }));
      const accepted = new Set(list.rows.filter((r) => r.decision === 'accept').map((r) => r.item));
      const [write] = prepareImport(decks, collection, notes, (i) => accepted.has(i)).writes;
      expect(write!.added.map((c) => c.front)).toEqual(['什么是 RLHF？', 'Why does PPO add a KL penalty?']);
    } finally {
      process.chdir(cwd);
    }
  });

  it('q leaves without writing; A accepts everything; an edit that is not a card is refused', () => {
    const dir = workspace();
    const decks = join(dir, 'decks');
    const { notes } = planImport(loadCollection(decks), decks, join(dir, 'notes/explicit.md'));
    const list = new ImportList(notes);
    list.key('A', {});
    expect(list.count('accept')).toBe(3);
    list.applyEdit(list.rows[0]!, 'no card here');
    expect(list.message).toMatch(/not a valid card/);
    list.applyEdit(list.rows[0]!, '## Edited?\nyes');
    expect(list.rows[0]!.item.proposal.cards[0]!.front).toBe('Edited?');
    list.key('q', {});
    expect(list.exit).toEqual({ kind: 'cancel' });
  });
});

describe('recall import in a terminal', () => {
  it('shows the proposals, edits one in $EDITOR, and writes the accepted ones', async () => {
    const dir = workspace();
    const editor = join(dir, 'editor.sh');
    // A scripted editor: rewrites the proposal it is given.
    writeFileSync(editor, `#!/bin/sh\nsed -i 's/^## 什么是 RLHF？$/## RLHF 是什么？/' "$1"\n`);
    chmodSync(editor, 0o755);
    const pty = new Pty(['import', 'notes/rlhf-interview.md'], { cwd: dir, env: { EDITOR: editor, VISUAL: '' } });
    await pty.waitFor('4 proposals');
    await pty.type('e');
    await pty.waitFor('Edited and accepted');
    await pty.type('s');
    await pty.type('a');
    await pty.waitFor('2 accepted · 1 skipped');
    await pty.type('\r');
    await pty.waitFor('created decks/rlhf-interview.md: 2 cards added');
    expect(await pty.wait()).toBe(0);
    const deck = readFileSync(join(dir, 'decks/rlhf-interview.md'), 'utf8');
    expect(deck).toContain('## RLHF 是什么？\n');
    expect(deck).toContain('## Why does PPO add a KL penalty?\n');
    expect(deck).not.toContain('简单介绍一下');
  });
});

describe('one editor launcher for review and import (issue 11: 17)', () => {
  it('tells window editors to wait, at the card’s line when there is one', () => {
    expect(editorCommand('code', '/d/a.md', 3)).toEqual(['code', '--wait', '-g', '/d/a.md:3']);
    expect(editorCommand('code', '/tmp/card.md')).toEqual(['code', '--wait', '/tmp/card.md']);
    expect(editorCommand('/usr/bin/subl -n', '/tmp/card.md')).toEqual(['/usr/bin/subl', '-n', '--wait', '/tmp/card.md']);
    expect(editorCommand('code --wait', '/d/a.md', 3)).toEqual(['code', '--wait', '-g', '/d/a.md:3']);
    expect(editorCommand('nvim', '/d/a.md', 7)).toEqual(['nvim', '+7', '/d/a.md']);
  });

  it('waits for a VS Code-like editor in the import list, so the edit is there when it returns', async () => {
    const dir = workspace();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    // "code" that returns at once unless told to wait, as the real one does.
    writeFileSync(join(bin, 'code'), `#!/bin/sh\necho "$@" > "${dir}/code.args"\ncase "$*" in *--wait*) sed -i 's/^## 什么是 RLHF？$/## RLHF 是什么？/' "$2";; esac\n`);
    chmodSync(join(bin, 'code'), 0o755);
    const pty = new Pty(['import', 'notes/rlhf-interview.md'], { cwd: dir, env: { EDITOR: 'code', VISUAL: '', PATH: `${bin}:${process.env.PATH}` } });
    await pty.waitFor('4 proposals');
    await pty.type('e');
    await pty.waitFor('Edited and accepted');
    expect(readFileSync(join(dir, 'code.args'), 'utf8')).toMatch(/^--wait .*card\.md\n$/);
    await pty.type('q');
    await pty.wait();
  });
});

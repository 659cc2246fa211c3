// `recall add`: a card appended to a deck file, every other byte left as it was; duplicates and
// bad cards refused with nothing written. Through the CLI, the form, and a real terminal.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { appendToDeck, AppendError, draftMarkdown, draftProblem } from '../src/core/deck-edit.js';
import { parseDeck } from '../src/core/parse-deck.js';
import { loadCollection } from '../src/store/deck-files.js';
import { AddApp } from '../src/ui/AddApp.js';
import { AddForm } from '../src/ui/add-form.js';
import { addActions } from '../src/commands/add.js';
import { deckChoices } from '../src/ui/run-add.js';
import { eventually, tempDir, writeDecks } from './helpers.js';
import { Pty, runCli } from './pty.js';

const T5 = ['---', 'tags: [llm]', '---', '', '# Framework', '', '## What is T5?', 'A text-to-text Transformer.', ''].join('\n');

describe('appending to a deck text', () => {
  it('keeps the original as an exact prefix: CRLF, no final newline, a BOM', () => {
    for (const original of [T5, T5.replace(/\n/g, '\r\n'), T5.trimEnd(), '\uFEFF' + T5, '']) {
      const { text, added } = appendToDeck('t5.md', original, '## How big is T5?\n11B parameters');
      expect(text.startsWith(original)).toBe(true);
      expect(added.map((c) => c.front)).toEqual(['How big is T5?']);
      if (original.includes('\r\n')) expect(text.slice(original.length)).not.toMatch(/[^\r]\n/);
    }
  });

  it('ends the heading card above with <!-- end --> before a loose card, inventing no section', () => {
    const { text, added, endAdded } = appendToDeck('t5.md', T5, 'T5 was pre-trained on {{c1::C4}}.');
    expect(endAdded).toBe(true);
    expect(text.slice(T5.length)).toBe('\n<!-- end -->\n\nT5 was pre-trained on {{c1::C4}}.\n');
    expect(added).toHaveLength(1);
    expect(added[0]!.section).toBe('Framework');
    const headless = appendToDeck('q.md', '## Q?\nA\n', '- one :: two');
    expect(headless.text).toBe('## Q?\nA\n\n<!-- end -->\n\n- one :: two\n');
    expect(headless.added[0]!.section).toBeUndefined();
    expect(parseDeck('t5.md', text).cards.find((c) => c.front === 'What is T5?')!.back).toBe('A text-to-text Transformer.');
  });

  it('refuses when the file ends in an open code fence, and reports problems by the new card line', () => {
    expect(() => appendToDeck('a.md', '## Q\n```\ncode\n', '## New?\nyes')).toThrow(AppendError);
    expect(() => appendToDeck('a.md', T5, '## Q?\n{{c1::broken')).toThrow(/line 2 of the new card: cloze "\{\{c1::" is never closed/);
    expect(() => appendToDeck('a.md', T5, 'just a note')).toThrow(/no card/);
  });

  it('writes drafts in the deck format and explains drafts it cannot write', () => {
    expect(draftMarkdown({ form: 'basic', front: ' Q? ', back: 'A\n\n- b' })).toBe('## Q?\nA\n\n- b');
    expect(draftMarkdown({ form: 'reverse', front: '对齐税', back: 'alignment tax' })).toBe('## 对齐税\n<!-- reverse -->\nalignment tax');
    const reversed = parseDeck('a.md', draftMarkdown({ form: 'reverse', front: '对齐税', back: 'the drop\n\n- on benchmarks' })).cards;
    expect(reversed.map((c) => [c.kind, c.front, c.back])).toEqual([
      ['basic', '对齐税', 'the drop\n\n- on benchmarks'],
      ['reverse', 'the drop\n\n- on benchmarks', '对齐税'],
    ]);
    expect(draftMarkdown({ form: 'cloze', text: 'T5 has {{c1::11B}}', heading: 'Size' })).toBe('## Size\nT5 has {{c1::11B}}');
    expect(draftProblem({ form: 'reverse', front: 'a', back: 'b\nc' })).toBeUndefined();
    expect(draftProblem({ form: 'reverse', front: 'a\nb', back: 'c' })).toMatch(/one line/);
    expect(draftProblem({ form: 'basic', front: 'Q', back: '# Not a card' })).toMatch(/level-1 or level-2 heading/);
    expect(draftProblem({ form: 'basic', front: 'Q', back: '```\n# comment\n```' })).toBeUndefined();
    expect(draftProblem({ form: 'cloze', text: 'plain' })).toMatch(/no deletion/);
  });
});

describe('recall add from the command line', () => {
  it('appends a card; the file differs from before only by the appended card', () => {
    const decks = writeDecks({ 'llm/t5.md': T5 });
    const r = runCli(['add', '--decks', decks, '--deck', 'llm::t5', '--front', 'How big is T5?', '--back', '11B parameters'], { cwd: dirname(decks) });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1 card added to decks/llm/t5.md (deck llm::t5)\n');
    expect(r.code).toBe(0);
    expect(readFileSync(join(decks, 'llm/t5.md'), 'utf8')).toBe(T5 + '\n## How big is T5?\n11B parameters\n');
    expect(runCli(['check', '--decks', decks, '--state', tempDir()], { cwd: dirname(decks) }).code).toBe(0);
  });

  it('refuses a duplicate, says where the card is, and writes nothing', () => {
    const decks = writeDecks({ 'llm/t5.md': T5 });
    const r = runCli(['add', '--decks', decks, '--deck', 'llm::t5', '--front', 'what is t5', '--back', 'again'], { cwd: dirname(decks) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/duplicate: "what is t5" is already a card at llm\/t5.md:7\n  nothing was written/);
    expect(readFileSync(join(decks, 'llm/t5.md'), 'utf8')).toBe(T5);
  });

  it('takes cards in the deck format on stdin, and creates a new deck file', () => {
    const decks = writeDecks({ 'llm/t5.md': T5 });
    const card = '- RLHF ::: reinforcement learning from human feedback\n\n## 什么是对齐税？\n对齐后模型在公开基准上的性能下降。\n';
    const r = runCli(['add', '--decks', decks, '--deck', 'llm::rlhf'], { cwd: dirname(decks), input: card });
    expect(r.stdout).toBe('3 cards added to the new file decks/llm/rlhf.md (deck llm::rlhf)\n');
    expect(readFileSync(join(decks, 'llm/rlhf.md'), 'utf8')).toBe(card);
  });

  it('refuses bad input with a reason: escaping names, missing parts, invalid cards', () => {
    const decks = writeDecks({ 'llm/t5.md': T5 });
    const run = (...args: string[]) => runCli(['add', '--decks', decks, ...args], { cwd: dirname(decks) });
    expect(run('--deck', '../outside', '--front', 'a', '--back', 'b').stderr).toMatch(/cannot be a deck name/);
    expect(run('--front', 'a', '--back', 'b')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--deck is missing/) });
    expect(run('--deck', 'llm::t5', '--front', 'a').stderr).toMatch(/--back is missing/);
    expect(run('--deck', 'llm::t5', '--cloze', 'x {{c1::y')).toMatchObject({ code: 1, stderr: expect.stringMatching(/never closed/) });
    expect(run('--deck', 'llm::t5', '--bogus').code).toBe(2);
    expect(readFileSync(join(decks, 'llm/t5.md'), 'utf8')).toBe(T5);
    expect(existsSync(join(dirname(decks), 'outside.md'))).toBe(false);
  });
});

const pause = () => new Promise((r) => setTimeout(r, 30));

describe('the recall add form', () => {
  function mount(files: Record<string, string>) {
    const decks = writeDecks(files);
    const collection = loadCollection(decks);
    const form = new AddForm(deckChoices(collection), addActions(decks, collection));
    const app = render(<AddApp form={form} onDone={() => undefined} />);
    const type = async (...keys: string[]) => {
      for (const k of keys) {
        app.stdin.write(k);
        await pause();
      }
    };
    return { decks, form, app, type };
  }
  const DOWN = '\u001b[B';
  const TAB = '\t';
  const ENTER = '\r';

  it('picks a deck, takes a multi-line back, previews the card and saves it', async () => {
    const { decks, app, type, form } = mount({ 'a.md': '## Old?\nyes\n', 'llm/t5.md': T5 });
    await eventually(() => expect(app.lastFrame()).toMatch(/llm::t5 {2}\(1 cards, llm\/t5.md\)/));
    await type(DOWN, ENTER, 'b', 'How big is T5?', TAB, '11B parameters', ENTER, '- in 24 layers', TAB);
    await eventually(() => expect(app.lastFrame()).toMatch(/1 card for llm::t5 in llm\/t5.md/));
    await eventually(() => expect(app.lastFrame()).toMatch(/Not a duplicate/));
    await type(ENTER);
    await eventually(() => expect(form.step).toBe('saved'));
    await eventually(() => expect(app.lastFrame()).toMatch(/1 card added to .*llm\/t5.md/));
    await eventually(() => expect(readFileSync(join(decks, 'llm/t5.md'), 'utf8')).toBe(T5 + '\n## How big is T5?\n11B parameters\n- in 24 layers\n'));
  });

  it('shows a duplicate in the preview and will not save it; Esc cancels without writing', async () => {
    const { decks, app, type, form } = mount({ 'llm/t5.md': T5 });
    await type(ENTER, 'b', 'What is T5', TAB, 'again', TAB);
    await eventually(() => expect(app.lastFrame()).toMatch(/Duplicate: "What is T5" is already a card at llm\/t5.md:7/));
    await type(ENTER);
    await eventually(() => expect(app.lastFrame()).toMatch(/a duplicate cannot be saved/));
    await type('\u001b');
    await pause();
    await eventually(() => expect(form.step).toBe('cancelled'));
    await eventually(() => expect(readFileSync(join(decks, 'llm/t5.md'), 'utf8')).toBe(T5));
  });

  it('makes a cloze card with a heading, and edits with Backspace and the arrow keys', async () => {
    const { decks, type } = mount({ 'llm/t5.md': T5 });
    await type(ENTER, 'c', 'T5 has {{c1::11B}} params', '\u007f', '\u007f', '\u007f', '\u007f', 'rameters', '\u001b[D', '\u001b[D', '\u001b[C', TAB, 'Size', ENTER, ENTER);
    await eventually(() => expect(readFileSync(join(decks, 'llm/t5.md'), 'utf8')).toBe(T5 + '\n## Size\nT5 has {{c1::11B}} parameters\n'));
  });
});

describe('recall add in a terminal', () => {
  it('opens the form without card options and saves the card', async () => {
    const decks = writeDecks({ 'llm/t5.md': T5 });
    const pty = new Pty(['add', '--decks', decks, '--deck', 'llm::t5'], { cwd: dirname(decks) });
    await pty.waitFor('Basic: a question');
    await pty.type('r');
    await pty.waitFor('Front');
    await pty.type('对齐税');
    await pty.type('\t');
    await pty.type('alignment tax');
    await pty.type('\t');
    await pty.waitFor('Not a duplicate');
    await pty.type('\r');
    await pty.waitFor('2 cards added');
    // Enter on the saved screen: another card, same deck and form, until Esc.
    await pty.waitFor('Enter add another card');
    let mark = pty.text().length;
    await pty.type('\r');
    await pty.waitFor('Front', 5000, mark);
    await pty.type('奖励投机');
    await pty.type('\t');
    await pty.type('reward hacking');
    mark = pty.text().length;
    await pty.type('\t');
    await pty.waitFor('Not a duplicate', 5000, mark);
    await pty.type('\r');
    await pty.waitFor('Enter add another card', 5000, mark);
    await pty.type('\x1b');
    await pty.waitFor('4 cards added to llm::t5.');
    expect(await pty.wait()).toBe(0);
    expect(readFileSync(join(decks, 'llm/t5.md'), 'utf8')).toBe(T5 + '\n## 对齐税\n<!-- reverse -->\nalignment tax\n\n## 奖励投机\n<!-- reverse -->\nreward hacking\n');
  });
});

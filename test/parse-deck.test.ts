import { describe, expect, it } from 'vitest';
import { buildCollection } from '../src/core/collection.js';
import { faces } from '../src/core/card-kinds.js';
import { deckNameFromPath, parseDeck } from '../src/core/parse-deck.js';

const md = (lines: string[]) => lines.join('\n');

describe('heading cards', () => {
  it('takes a level-2 heading as the front and everything up to the next heading as the back', () => {
    const deck = parseDeck('t5.md', md([
      '# Framework',
      '',
      '## Why text-to-text?',
      'One model for every task.',
      '',
      '- a list',
      '',
      '### A level-3 heading stays in the back',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
      '## Next question',
      'Next answer',
    ]));
    expect(deck.problems).toEqual([]);
    expect(deck.cards.map((c) => [c.kind, c.front, c.line, c.section])).toEqual([
      ['basic', 'Why text-to-text?', 3, 'Framework'],
      ['basic', 'Next question', 12, 'Framework'],
    ]);
    expect(deck.cards[0]!.back).toBe(md(['One model for every task.', '', '- a list', '', '### A level-3 heading stays in the back', '| a | b |', '|---|---|', '| 1 | 2 |']));
  });

  it('never makes a card of a level-1 heading', () => {
    const deck = parseDeck('a.md', '# Only a section\n\nSome notes.\n');
    expect(deck.cards).toEqual([]);
    expect(deck.problems).toEqual([]);
  });

  it('reports an empty front and an empty back with their lines', () => {
    const deck = parseDeck('a.md', md(['## ', 'answer', '## Question with no answer', '', '## Fine', 'yes']));
    expect(deck.problems.map((p) => [p.line, p.message])).toEqual([
      [1, expect.stringContaining('empty front')],
      [3, expect.stringContaining('has no back')],
    ]);
    expect(deck.cards.map((c) => c.front)).toEqual(['Fine']);
  });

  it('makes reverse cards for every heading card when the front matter says reverse: true', () => {
    const deck = parseDeck('a.md', md(['---', 'reverse: true', '---', '## Term', 'Definition']));
    expect(deck.cards.map((c) => [c.kind, c.front, c.back])).toEqual([
      ['basic', 'Term', 'Definition'],
      ['reverse', 'Definition', 'Term'],
    ]);
    expect(deck.cards[0]!.noteKey).toBe(deck.cards[1]!.noteKey);
  });
});

describe('cloze cards', () => {
  it('makes one card per distinct number, in a paragraph of its own', () => {
    const deck = parseDeck('a.md', 'T5-11B has {{c1::11 billion}} parameters and {{c2::24::how many}} layers; {{c1::really}}.\n');
    expect(deck.cards.map((c) => [c.kind, c.cloze, c.line])).toEqual([
      ['cloze', 1, 1],
      ['cloze', 2, 1],
    ]);
    const [c1, c2] = deck.cards.map(faces);
    expect(c1!.prompt).toBe('T5-11B has **[...]** parameters and 24 layers; **[...]**.');
    expect(c2!.prompt).toBe('T5-11B has 11 billion parameters and **[how many]** layers; really.');
    expect(c2!.answer).toBe('T5-11B has 11 billion parameters and **24** layers; really.');
  });

  it("turns a heading card whose back has deletions into a cloze note with the heading as context", () => {
    const deck = parseDeck('a.md', md(['# Sizes', '## GPT-3', 'GPT-3 has {{c1::175B}} parameters.']));
    expect(deck.cards).toHaveLength(1);
    expect(faces(deck.cards[0]!).context).toEqual(['Sizes', 'GPT-3']);
  });

  it('reports an unclosed deletion at its own line and makes no card of it', () => {
    const deck = parseDeck('a.md', md(['## Q', 'line one', 'The {{c1::answer is never closed', '', 'Fine {{c1::one}}.']));
    expect(deck.problems).toEqual([{ file: 'a.md', line: 3, message: expect.stringContaining('never closed') }]);
  });

  it('rejects a deletion without a number', () => {
    const deck = parseDeck('a.md', 'A {{c::b}} c\n');
    expect(deck.problems[0]!.message).toContain('needs a number');
  });
});

describe('one-line cards', () => {
  it('splits front :: back, and makes the reverse for :::', () => {
    const deck = parseDeck('a.md', md(['# Terms', '- RLHF :: reinforcement learning from human feedback', 'Alignment tax (对齐税) ::: the benchmark drop after alignment']));
    expect(deck.cards.map((c) => [c.kind, c.front, c.back])).toEqual([
      ['basic', 'RLHF', 'reinforcement learning from human feedback'],
      ['basic', 'Alignment tax (对齐税)', 'the benchmark drop after alignment'],
      ['reverse', 'the benchmark drop after alignment', 'Alignment tax (对齐税)'],
    ]);
  });

  it('needs spaces around the separator, so std::vector is text', () => {
    const deck = parseDeck('a.md', 'Use std::vector for arrays.\n');
    expect(deck.cards).toEqual([]);
  });

  it('ignores :: and {{c1:: inside inline code and fenced code', () => {
    const deck = parseDeck('a.md', md([
      'Write `a :: b` and `{{c1::x}}` in code.',
      '',
      '```',
      'front :: back',
      '{{c1::not a cloze}}',
      '## not a heading',
      '```',
      '~~~~',
      '```',
      'still code :: yes',
      '~~~~',
      '`code :: here` :: the real back',
      '',
      '``a {{c1::b}} ` c`` is not a cloze',
    ]));
    expect(deck.problems).toEqual([]);
    expect(deck.cards.map((c) => [c.front, c.back])).toEqual([['`code :: here`', 'the real back']]);
  });

  it('keeps one-line cards apart from a cloze line next to them', () => {
    const deck = parseDeck('a.md', md(['- A :: a', '- B :: b', 'C is {{c1::c}}.']));
    expect(deck.cards.map((c) => c.kind)).toEqual(['basic', 'basic', 'cloze']);
    expect(deck.cards[2]!.front).toBe('C is {{c1::c}}.');
  });

  it('reports an empty back', () => {
    const deck = parseDeck('a.md', 'front ::\n');
    expect(deck.problems[0]).toMatchObject({ line: 1, message: expect.stringContaining('empty back') });
  });
});

describe('text encodings and line endings', () => {
  it('handles a BOM, CRLF and lone CR with correct line numbers', () => {
    const deck = parseDeck('a.md', '\ufeff---\r\ntags: [x]\r\n---\r\n## Q1\r\nA1\r\n\r\n## Q2\rA2\r');
    expect(deck.problems).toEqual([]);
    expect(deck.meta.tags).toEqual(['x']);
    expect(deck.cards.map((c) => [c.front, c.back, c.line])).toEqual([
      ['Q1', 'A1', 4],
      ['Q2', 'A2', 7],
    ]);
  });

  it('parses CJK text and full-width punctuation', () => {
    const deck = parseDeck('a.md', md(['## 什么是对齐税？', '对齐之后模型在公开基准上的性能下降。', '', '# 术语', '指令微调 :: instruction tuning']));
    expect(deck.cards.map((c) => c.front)).toEqual(['什么是对齐税？', '指令微调']);
  });
});

describe('front matter', () => {
  it('reads the known keys', () => {
    const deck = parseDeck('llm/t5.md', md(['---', 'deck: "LLM::T5"', 'tags: [llm, t5]', 'retention: 0.92', 'new_per_day: 5', 'year: 2019', '---', '## Q', 'A']));
    expect(deck.deck).toBe('LLM::T5');
    expect(deck.meta).toMatchObject({ tags: ['llm', 't5'], retention: 0.92, newPerDay: 5, year: 2019 });
    expect(deck.cards[0]!.deck).toBe('LLM::T5');
  });

  it('reports bad YAML at the line where it is', () => {
    const deck = parseDeck('a.md', md(['---', 'title: ok', 'tags: [a, b', 'x: 1', '---', '## Q', 'A']));
    expect(deck.problems[0]).toMatchObject({ file: 'a.md', line: 4, message: expect.stringContaining('not valid YAML') });
    // The same bad text parsed twice still reports (gray-matter's cache would hide it).
    expect(parseDeck('a.md', md(['---', 'title: ok', 'tags: [a, b', 'x: 1', '---'])).problems).toHaveLength(1);
  });

  it('suggests the key a typo meant, and checks value types', () => {
    const deck = parseDeck('a.md', md(['---', 'tagz: [a]', 'retention: 2', 'reverse: yes please', '---']));
    expect(deck.problems.map((p) => [p.line, p.message])).toEqual([
      [2, expect.stringContaining('did you mean "tags"')],
      [3, expect.stringContaining('"retention" must be')],
      [4, expect.stringContaining('"reverse" must be true or false')],
    ]);
  });

  it('reports front matter that is never closed', () => {
    expect(parseDeck('a.md', '---\ntitle: x\n## Q\nA\n').problems[0]!.message).toContain('never closed');
  });

  it('reports a code fence that is never closed', () => {
    const deck = parseDeck('a.md', md(['## Q', 'A', '```', 'code', '## Hidden', 'x']));
    expect(deck.problems).toEqual([{ file: 'a.md', line: 3, message: expect.stringContaining('never closed') }]);
  });
});

describe('deck names and duplicates', () => {
  it('derives the deck from the path', () => {
    expect(deckNameFromPath('llm/t5.md')).toBe('llm::t5');
    expect(deckNameFromPath('top.md')).toBe('top');
  });

  it('reports the same front twice, across files, normalized', () => {
    const a = parseDeck('a.md', '## What is RLHF?\nx\n');
    const b = parseDeck('b.md', '## what  is **RLHF**\ny\n');
    const col = buildCollection([a, b]);
    expect(col.cards).toHaveLength(1);
    expect(col.problems).toEqual([{ file: 'b.md', line: 1, message: expect.stringContaining('a.md:1') }]);
  });

  it('lets a pinned id keep two cards with the same front apart', () => {
    const a = parseDeck('a.md', '## Size?\n<!-- id: t5-size -->\n11B\n');
    const b = parseDeck('b.md', '## Size?\n175B\n');
    const col = buildCollection([a, b]);
    expect(col.problems).toEqual([]);
    expect(col.cards.map((c) => c.id)).toEqual(['t5-size', b.cards[0]!.id]);
    expect(col.cards[0]!.back).toBe('11B');
  });

  it('pins one-line and cloze cards too', () => {
    const deck = parseDeck('a.md', 'A :: B <!-- id: ab -->\n\nX {{c1::y}} {{c2::z}}\n<!-- id: xyz -->\n');
    expect(deck.cards.map((c) => c.id)).toEqual(['ab', 'xyz:c1', 'xyz:c2']);
    expect(deck.cards[0]!.back).toBe('B');
  });
});

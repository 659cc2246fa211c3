// recall find: every word must match (case-insensitive, Chinese without spaces), in fronts,
// backs and tags; filters by deck, tag, state and due date; the byte pre-filter over the cached
// text never loses a hit; the list on a terminal acts on cards through the log.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../src/app/workspace.js';
import { HitList } from '../src/core/hit-list.js';
import { isRawNeedle, matchesCard, parseQuery } from '../src/core/search.js';
import { ReviewSession } from '../src/core/review-session.js';
import { CardTexts, lowerAscii } from '../src/store/card-texts.js';
import { loadCollectionCached } from '../src/store/deck-cache.js';
import { FindApp, type FindExit } from '../src/ui/FindApp.js';
import { DAY, eventually, FakeClock, middayTz, MINUTE, tempDir, writeDecks } from './helpers.js';
import { runCli } from './pty.js';
import { depsOf, logOf, openWs } from './week-helpers.js';

const DECKS = {
  'llm/inference.md': '---\ntags: [inference]\n---\n## What is the KV cache?\nKeys and values of past tokens, kept so each new token attends without recomputing them.\n\n## Why is decoding memory-bound?\nEvery step reads all weights and the KV Cache for one token.\n',
  'llm/rlhf.md': '---\ntags: [rlhf, alignment]\n---\n## 什么是对齐税？\n对齐之后模型在公开 NLP 基准上的性能下降（alignment tax）。\n\n## What does the KL penalty do?\nKeeps the policy close to the SFT model.\n\n# Numbers\n\nInstructGPT used {{c1::1.3B}} parameters in its smallest policy.\n',
  'papers/t5.md': '## What does T5 stand for?\nText-to-Text Transfer Transformer\n\n# Terms\n\n- Café ::: a coffee shop, accent and all\n',
};

let open: Workspace[] = [];
afterEach(() => {
  for (const ws of open) ws.close();
  open = [];
});

function project() {
  const decks = writeDecks(DECKS);
  const cwd = dirname(decks);
  return { cwd, decks, state: join(cwd, 'state') };
}

const find = (cwd: string, ...args: string[]) => runCli(['find', ...args], { cwd, env: { TZ: middayTz() } });
const fronts = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim());

describe('recall find in a pipe', () => {
  it('matches every word, in any order and case, in fronts, backs and tags; Chinese needs no spaces', () => {
    const { cwd } = project();
    let r = find(cwd, 'kv', 'CACHE');
    expect(r.code).toBe(0);
    expect(fronts(r.stdout)).toEqual(['What is the KV cache?', 'Why is decoding memory-bound?']);
    expect(r.stderr).toBe('2 cards match "kv cache".\n');
    expect(r.stdout).toMatch(/^llm::inference · decks\/llm\/inference\.md:4 · new$/m);
    expect(fronts(find(cwd, 'cache', 'memory').stdout)).toEqual(['Why is decoding memory-bound?']);
    expect(fronts(find(cwd, '对齐').stdout)).toEqual(['什么是对齐税？']);
    expect(fronts(find(cwd, '性能', 'tax').stdout)).toEqual(['什么是对齐税？']);
    expect(fronts(find(cwd, 'alignment', 'policy').stdout)).toEqual(['What does the KL penalty do?', 'InstructGPT used [...] parameters in its smallest policy.']);
    expect(fronts(find(cwd, 'CAFÉ').stdout)).toEqual(['Café', 'a coffee shop, accent and all']);
    r = find(cwd, 'kv', 'tokenizer');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('No card matches "kv tokenizer".\n');
  });

  it('takes a regular expression, and filters by deck, tag, state and due date', () => {
    const { cwd, decks, state } = project();
    const clock = new FakeClock(Date.now() - 3 * DAY);
    const ws = openWs(decks, state, clock);
    const kv = ws.collection.cards.find((c) => c.front === 'What is the KV cache?')!;
    const t5 = ws.collection.cards.find((c) => c.front === 'What does T5 stand for?')!;
    const review = new ReviewSession(depsOf(ws), [kv, t5]);
    review.answer(4);
    clock.advance(MINUTE);
    review.answer(1);
    ws.append([{ id: 'm-1', type: 'mark', at: clock.now, card: t5.id }]);
    ws.close();

    expect(fronts(find(cwd, '--regex', 'T\\d\\b').stdout)).toEqual(['What does T5 stand for?']);
    expect(fronts(find(cwd, '--regex', 'kv\\s+cache', '--deck', 'llm').stdout)).toEqual(['What is the KV cache?', 'Why is decoding memory-bound?']);
    expect(fronts(find(cwd, 'what', '--tag', 'RLHF').stdout)).toEqual(['What does the KL penalty do?']);
    expect(fronts(find(cwd, '--state', 'review').stdout)).toEqual(['What is the KV cache?']);
    expect(fronts(find(cwd, '--state', 'learning,marked').stdout)).toEqual(['What does T5 stand for?']);
    const soon = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
    expect(fronts(find(cwd, '--due-before', soon).stdout)).toEqual(['What does T5 stand for?']);
    const line = find(cwd, 'kv', 'cache', '--state', 'review').stdout.split('\n')[0]!;
    expect(line).toMatch(/^llm::inference · decks\/llm\/inference\.md:4 · review · due \d{4}-\d\d-\d\d · recall \d+%$/);

    const json = JSON.parse(find(cwd, 't5', '--json').stdout);
    expect(json.count).toBe(1);
    expect(json.hits[0]).toMatchObject({ deck: 'papers::t5', file: 'papers/t5.md', line: 1, kind: 'basic', front: 'What does T5 stand for?', back: 'Text-to-Text Transfer Transformer', tags: [], state: 'learning', marked: true });
    expect(json.hits[0].due).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(json.hits[0].recall).toBeGreaterThan(0);
    expect(JSON.parse(find(cwd, 'nothing-like-this', '--json').stdout)).toEqual({ query: '"nothing-like-this"', count: 0, hits: [] });
  });

  it('explains what is wrong with a query, exit 2', () => {
    const { cwd } = project();
    for (const [args, message] of [
      [[], 'nothing to find'],
      [['--regex', '(unclosed'], '--regex: Invalid regular expression'],
      [['x', '--state', 'due'], "--state due: 'due' is not a card state"],
      [['x', '--due-before', '2026-02-30'], "--due-before: '2026-02-30' is not a date"],
    ] as const) {
      const r = find(cwd, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(find(cwd, 'x', '--state', '/some/folder').stderr).toContain('name the progress folder with RECALL_STATE=DIR');
    expect(find(cwd, 'x', '--deck', 'lm').stderr).toContain('did you mean --deck llm');
  });
});

describe('the byte pre-filter', () => {
  it('lower-cases exactly the ASCII letters, four bytes at a time or one', () => {
    for (const size of [0, 1, 3, 4, 7, 1000, 4099]) {
      const from = Buffer.concat([randomBytes(size), Buffer.from('ABCXYZ[@`{ÀÉ対齐', 'utf8')]);
      const to = Buffer.alloc(from.length);
      lowerAscii(from, to);
      expect([...to]).toEqual([...from].map((b) => (b >= 65 && b <= 90 ? b + 32 : b)));
    }
  });

  it('finds exactly what matching every card on its decoded text finds, from the cache and without it', () => {
    // Enough cards that the search reads the cache's text file whole.
    // 'ran\u212a' ends in the Kelvin sign, which lower-cases to an ASCII k: 'rank' must find it.
    const words = ['Attention', 'KV', 'cache', '缓存', '对齐税', 'Café', 'ΔW', 'LoRA', 'ran\u212a', 'token🧠'];
    const text = Array.from({ length: 2400 }, (_, i) => `## Card ${i} ${words[i % 10]} ${words[(i * 7) % 10]}?\n${words[(i * 3) % 10]} and ${words[(i + 4) % 10]}.\n`).join('\n');
    const decks = writeDecks({ 'big.md': text });
    // The cache trusts no file changed within a second of its writing: make the deck older.
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(decks, 'big.md'), past, past);
    const stateDir = tempDir();
    loadCollectionCached(decks, stateDir).save();
    const { table } = loadCollectionCached(decks, stateDir).collection;
    // The texts are found through the table's columns: no card is made to tell where they lie.
    expect(table.textPlaces()!.file.every((f) => f === 0)).toBe(true);
    const texts = new CardTexts(table);
    const cached = table.cards();
    for (const query of [['kv', 'lora'], ['缓存'], ['对齐税', 'rank'], ['rank'], ['café'], ['δw'], ['lora', 'token'], ['card', '1234'], ['zzz'], ['n', 'k']]) {
      const q = parseQuery(query, false);
      const raw = q.words.filter(isRawNeedle);
      const found = texts.candidates(raw, () => false);
      if (raw.length) expect(found).toBeDefined();
      const left = [...(found?.left ?? cached.keys())];
      const fast = left.map((i) => texts.withText(i)).filter((c) => matchesCard(c, q));
      const slow = cached.filter((c) => matchesCard(c, q));
      if (found && query[0] === 'zzz') expect(found.left.length).toBe(0);
      // A card the bytes show to hold every word does hold it.
      if (found?.sure && raw.length === q.words.length) found.left.forEach((i, j) => found.sure![j] && expect(matchesCard(cached[i]!, q)).toBe(true));
      expect(fast.map((c) => c.id)).toEqual(slow.map((c) => c.id));
      expect(fast.length, query.join(' ')).toBeGreaterThan(query[0] === 'zzz' ? -1 : 0);
    }
    // A pattern reads every text: one decode of the file, sliced per card.
    expect(texts.filterTexts(() => true).map(({ card: c }) => [c.id, c.front, c.back])).toEqual(cached.map((c) => [c.id, c.front, c.back]));
    expect(texts.filterTexts((front) => front.includes('🧠')).map(({ card }) => card.id)).toEqual(cached.filter((c) => c.front.includes('🧠')).map((c) => c.id));
    expect(isRawNeedle('对齐税')).toBe(true);
    expect(isRawNeedle('café')).toBe(false);
    expect(texts.withText(5)).toMatchObject({ front: cached[5]!.front, back: cached[5]!.back, id: cached[5]!.id, noteKey: cached[5]!.noteKey });
  });
});

describe('a search over a cache and a deck edited since', () => {
  it('finds the cards of both: the cached ones by their bytes, the edited file\'s from memory', () => {
    const big = Array.from({ length: 2400 }, (_, i) => `## Card ${i} about ${i % 100 === 0 ? 'grouped query attention' : 'nothing'}?\nAn answer.\n`).join('\n');
    const decks = writeDecks({ 'big.md': big, 'small.md': '## What is grouped query attention?\nShared keys.\n' });
    const past = new Date(Date.now() - 60_000);
    for (const f of ['big.md', 'small.md']) utimesSync(join(decks, f), past, past);
    const cwd = dirname(decks);
    mkdirSync(join(cwd, 'state'));
    expect(find(cwd, 'grouped', 'query').code).toBe(0);
    expect(existsSync(join(cwd, 'state/cache/decks.bin'))).toBe(true);
    // small.md changes after the cache was written: its cards are parsed again, big.md's come from the cache.
    writeDecks({ 'small.md': '## What is grouped query attention?\nShared keys, fewer heads.\n\n## Why grouped query attention?\nA smaller KV cache.\n' }, decks);
    const r = find(cwd, 'grouped', 'query');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('26 cards match');
    expect(r.stdout).toContain('Why grouped query attention?');
    expect(r.stdout).toContain('Card 2300 about grouped query attention?');
    // A pattern decodes every text, cached or not.
    expect(find(cwd, '--regex', 'grouped .*attention').stderr).toContain('26 cards match');
  });
});

describe('the find list', () => {
  const pause = () => new Promise((r) => setTimeout(r, 30));

  it('moves with j and k, suspends, marks, resets and undoes through the log, and hands a card to the editor on Enter', async () => {
    const { decks, state } = project();
    const clock = new FakeClock(Date.UTC(2026, 4, 1, 12));
    const ws = openWs(decks, state, clock);
    open.push(ws);
    const cards = ws.collection.cards.filter((c) => c.deck === 'llm::inference');
    new ReviewSession(depsOf(ws), cards).answer(3);
    const list = new HitList(depsOf(ws), cards);
    const exits: FindExit[] = [];
    const app = render(<FindApp list={list} query={'"kv cache"'} clock={clock.tick} onExit={(e) => exits.push(e)} />);
    await eventually(() => expect(app.lastFrame()).toContain('2 cards match "kv cache"'));
    expect(app.lastFrame()).toMatch(/❯ learning\s+—? ?.*llm::inference · What is the KV cache\?/);
    expect(app.lastFrame()).toContain('llm/inference.md:4 · learning · due in 10m');
    app.stdin.write('j');
    await eventually(() => expect(app.lastFrame()).toMatch(/❯ new/));
    app.stdin.write('m');
    await eventually(() => expect(app.lastFrame()).toContain('Marked (u to undo).'));
    expect(app.lastFrame()).toMatch(/❯ new\s+★/);
    app.stdin.write('s');
    await eventually(() => expect(app.lastFrame()).toMatch(/❯ suspended ★/));
    app.stdin.write('k');
    await pause();
    app.stdin.write('r');
    await eventually(() => expect(app.lastFrame()).toContain('Reset: the card is new again'));
    expect(ws.progress.get(cards[0]!.id)).toMatchObject({ st: 0, reps: 0 });
    app.stdin.write('u');
    await eventually(() => expect(app.lastFrame()).toContain('Undone.'));
    expect(ws.progress.get(cards[0]!.id)).toMatchObject({ reps: 1 });
    app.stdin.write('r');
    await pause();
    app.stdin.write('r');
    await eventually(() => expect(app.lastFrame()).toContain('This card is new already'));
    expect(logOf(state).map((e) => e.type)).toEqual(['review', 'mark', 'suspend', 'reset', 'undo', 'reset']);
    // The mark stays through the reset of the other card and a suspension; undo takes back the suspension.
    expect(ws.progress.get(cards[1]!.id)).toMatchObject({ marked: true, suspended: 'user' });
    app.stdin.write('\r');
    await eventually(() => expect(exits).toEqual([{ kind: 'edit', card: cards[0] }]));
  });

  it('resetting a leech makes it new and unsuspended; a card you suspended stays suspended; the mark stays', () => {
    const { decks, state } = project();
    const clock = new FakeClock(Date.UTC(2026, 4, 1, 12));
    const ws = openWs(decks, state, clock, { leechThreshold: 1, learningSteps: [], relearningSteps: [] });
    open.push(ws);
    const [a, b] = ws.collection.cards;
    const review = new ReviewSession(depsOf(ws), [a!, b!]);
    review.answer(3);
    review.answer(3);
    clock.advance(30 * DAY);
    review.refresh();
    while (review.current) review.answer(1);
    expect(ws.progress.get(a!.id)?.suspended).toBe('leech');
    ws.append([
      { id: 'm', type: 'mark', at: clock.now, card: a!.id },
      { id: 'u', type: 'unsuspend', at: clock.now, card: b!.id },
      { id: 's', type: 'suspend', at: clock.now, card: b!.id },
    ]);
    const list = new HitList(depsOf(ws), [a!, b!]);
    expect(list.reset()).toBe('reset');
    expect(ws.progress.get(a!.id)).toMatchObject({ st: 0, reps: 0, lapses: 0, marked: true });
    expect(ws.progress.get(a!.id)?.suspended).toBeUndefined();
    list.move(1);
    list.reset();
    expect(ws.progress.get(b!.id)).toMatchObject({ st: 0, suspended: 'user' });
  });
});

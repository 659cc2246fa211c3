// recall decks: the deck tree with what today's session would show of each deck, as Anki's deck
// list does, its cards and their predicted recall; parents count the decks under them.
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../src/app/workspace.js';
import { deckTree, type DeckNode } from '../src/core/deck-tree.js';
import { ReviewSession } from '../src/core/review-session.js';
import { deckListLines } from '../src/ui/deck-list.js';
import { DAY, FakeClock, middayTz, MINUTE, writeDecks } from './helpers.js';
import { runCli } from './pty.js';
import { depsOf, openWs } from './week-helpers.js';

const cards = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `## ${prefix} question ${i + 1}?\nAnswer ${i + 1}\n`).join('\n');

const DECKS = {
  'llm/rlhf.md': cards('RLHF', 6),
  'llm/t5.md': `---\nnew_per_day: 2\n---\n${cards('T5', 5)}`,
  'papers/gpt.md': cards('GPT', 3),
};

let open: Workspace[] = [];
afterEach(() => {
  for (const ws of open) ws.close();
  open = [];
});

const flat = (nodes: DeckNode[]): Record<string, Omit<DeckNode, 'children' | 'name' | 'path'>> =>
  Object.fromEntries(nodes.flatMap((n) => [[n.path, { new: n.new, learning: n.learning, due: n.due, cards: n.cards, suspended: n.suspended, recall: n.recall }], ...Object.entries(flat(n.children))]));

describe('the deck tree', () => {
  it('counts new (within the day limits), learning, due, cards and recall per deck, and sums them into parents', () => {
    const decks = writeDecks(DECKS);
    const clock = new FakeClock(Date.UTC(2026, 4, 1, 8));
    const state = join(dirname(decks), 'state');
    const ws = openWs(decks, state, clock, { newPerDay: 5, learningSteps: ['10m'], relearningSteps: [] });
    open.push(ws);
    const rlhf = ws.collection.cards.filter((c) => c.deck === 'llm::rlhf');
    // Day 0: three RLHF cards learned (Easy: reviews in a few days), one failed into learning.
    const day0 = new ReviewSession(depsOf(ws), rlhf.slice(0, 4));
    for (const grade of [4, 4, 4]) day0.answer(grade as 4);
    day0.answer(1);
    ws.append([{ id: 's', type: 'suspend', at: clock.now, card: rlhf[5]!.id }]);
    // Ten days later the three are due; the failed one is a learning card left over.
    clock.advance(10 * DAY);
    const later = new ReviewSession(depsOf(ws), rlhf.slice(3, 4));
    later.answer(1);
    clock.advance(MINUTE);
    const tree = deckTree(ws.collection.cards, ws.progress, ws.policy, clock.now);
    const nodes = flat(tree.decks);
    expect(Object.keys(nodes)).toEqual(['llm', 'llm::rlhf', 'llm::t5', 'papers', 'papers::gpt']);
    expect(nodes['llm::rlhf']).toMatchObject({ new: 1, learning: 1, due: 3, cards: 6, suspended: 1 });
    expect(nodes['llm::rlhf']!.recall).toBeGreaterThan(0.3);
    expect(nodes['llm::rlhf']!.recall).toBeLessThan(1);
    // T5's own new_per_day (2) caps it; the parent adds its children, within the day's limit (5).
    expect(nodes['llm::t5']).toMatchObject({ new: 2, learning: 0, due: 0, cards: 5, recall: null });
    expect(nodes.llm).toMatchObject({ new: 3, learning: 1, due: 3, cards: 11, suspended: 1 });
    expect(nodes['papers::gpt']).toMatchObject({ new: 3, cards: 3 });
    expect(tree.total).toMatchObject({ new: 5, learning: 1, due: 3, cards: 14, suspended: 1 });
    expect(tree.withProgress).toBe(5);

    const text = deckListLines(tree, { width: 80, color: false });
    expect(text[0]).toMatch(/^Deck\s+New\s+Learn\s+Due\s+Cards\s+Recall$/);
    expect(text).toContainEqual(expect.stringMatching(/^ {2}rlhf\s+1\s+1\s+3\s+6\s+\d+%$/));
    expect(text).toContainEqual(expect.stringMatching(/^ {2}t5\s+2\s+0\s+0\s+5\s+—$/));
    expect(text[text.length - 1]).toMatch(/^All decks\s+5\s+1\s+3\s+14\s+\d+%$/);

    // Counted over the card table with progress read back from disk (its columns joined to the
    // cards' ids, no card made): the same tree.
    ws.save();
    ws.close();
    const reopened = openWs(decks, state, clock);
    open.push(reopened);
    expect(deckTree(reopened.collection.table, reopened.progress, reopened.policy, clock.now)).toEqual(tree);
  });
});

describe('recall decks', () => {
  it('prints the tree, or the same as JSON, without a terminal', () => {
    const decks = writeDecks(DECKS);
    const cwd = dirname(decks);
    const env = { TZ: middayTz() };
    const text = runCli(['decks'], { cwd, env });
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').slice(0, 4)).toEqual([
      expect.stringMatching(/^Deck\s+New\s+Learn\s+Due\s+Cards\s+Recall$/),
      expect.stringMatching(/^llm\s+8\s+0\s+0\s+11\s+—$/),
      expect.stringMatching(/^ {2}rlhf\s+6\s+0\s+0\s+6\s+—$/),
      expect.stringMatching(/^ {2}t5\s+2\s+0\s+0\s+5\s+—$/),
    ]);
    const json = JSON.parse(runCli(['decks', '--json'], { cwd, env }).stdout);
    expect(Object.keys(json)).toEqual(['generatedAt', 'decks', 'total']);
    expect(json.decks.map((d: DeckNode) => d.path)).toEqual(['llm', 'papers']);
    expect(json.decks[0].children[1]).toEqual({ name: 't5', path: 'llm::t5', new: 2, learning: 0, due: 0, cards: 5, suspended: 0, recall: null, children: [] });
    expect(json.total).toMatchObject({ new: 11, cards: 14 });
    const empty = runCli(['decks', '--decks', join(cwd, 'nowhere')], { cwd, env });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('decks folder not found');
  });
});

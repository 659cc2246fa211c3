// The decks the product ships: every paper of the source post has its own deck, they are
// clean by `recall check`, and they load into a review session.
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCollection } from '../src/store/deck-files.js';
import { FakeClock, openSession, tempDir } from './helpers.js';
import { runCli } from './pty.js';

const DECKS = fileURLToPath(new URL('../decks', import.meta.url));

const PAPERS: [deck: string, titleWords: RegExp][] = [
  ['llm-papers::unilm', /Unified Language Model Pre-training/i],
  ['llm-papers::t5', /Exploring the Limits of Transfer Learning/i],
  ['llm-papers::gpt-1', /Improving Language Understanding by Generative Pre-Training/i],
  ['llm-papers::gpt-2', /Language Models are Unsupervised Multitask Learners/i],
  ['llm-papers::gpt-3', /Language Models are Few-Shot Learners/i],
  ['llm-papers::instructgpt', /Training language models to follow instructions with human feedback/i],
  ['llm-papers::flan', /Finetuned Language Models Are Zero-Shot Learners/i],
  ['llm-papers::chain-of-thought', /Chain-of-Thought Prompting Elicits Reasoning/i],
  ['llm-papers::llm4rec-survey', /Survey on Large Language Models for Recommendation/i],
  ['llm-papers::lima', /Less Is More for Alignment/i],
  ['llm-papers::self-instruct', /Aligning Language Models with Self-Generated Instructions/i],
  ['llm-papers::llm4rec-2023', /recommendation/i],
  ['llm-papers::compare', /./],
];

describe('the shipped decks', () => {
  const collection = loadCollection(DECKS);

  it('pass recall check', () => {
    const { code, stdout } = runCli(['check', '--decks', DECKS, '--state', tempDir()], { cwd: dirname(DECKS) });
    expect(stdout).toMatch(/^ok: \d+ cards in \d+ deck files, no problems\n$/);
    expect(code).toBe(0);
  });

  it.each(PAPERS)('%s has its own deck, with the correct title and a real number of cards', (deck, title) => {
    const parsed = collection.decks.find((d) => d.deck === deck);
    expect(parsed, `no deck named ${deck}`).toBeDefined();
    expect(parsed!.meta.title ?? '').toMatch(title);
    expect(parsed!.meta.tags.length).toBeGreaterThan(0);
    expect(parsed!.cards.length).toBeGreaterThanOrEqual(12);
  });

  it('use every card form: heading, cloze, one-line and reverse cards', () => {
    const kinds = new Set(collection.cards.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['basic', 'cloze', 'reverse']);
    expect(collection.cards.some((c) => c.kind === 'basic' && c.back.includes('\n'))).toBe(true);
  });

  it('load into a review session', () => {
    const s = openSession(DECKS, tempDir(), new FakeClock(Date.UTC(2026, 10, 24, 12)));
    expect(s.review.session.current).toBeDefined();
    expect(s.review.session.main.length).toBe(19); // 20 new cards a day, one on screen
    s.close();
  });
});

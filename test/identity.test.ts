import { describe, expect, it } from 'vitest';
import { cardId, normalizeText, REATTACH_THRESHOLD, sketchSimilarity, textSketch } from '../src/core/identity.js';

describe('card identity', () => {
  it('ignores case, spacing, emphasis, full-width forms and a trailing question mark', () => {
    expect(normalizeText('  What is **RLHF**？ ')).toBe('what is rlhf');
    expect(cardId('basic', 'What is RLHF?')).toBe(cardId('basic', 'what   is *RLHF*'));
  });

  it('tells kinds and cloze numbers apart', () => {
    const ids = new Set([cardId('basic', 'x'), cardId('reverse', 'x'), cardId('cloze', 'x', 1), cardId('cloze', 'x', 2)]);
    expect(ids.size).toBe(4);
  });

  it('is a short hex string', () => {
    expect(cardId('basic', 'What is T5?')).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('similarity for re-attaching history', () => {
  const similarity = (a: string, b: string) => sketchSimilarity(textSketch(a), textSketch(b));

  it.each([
    ['a fixed typo', 'In T5, why is every task cast as text-to-text?\nSo that one model serves every task.', 'In T5, why is every task cast as text to text?\nSo that one model serves every task.'],
    ['an added translation', 'What does RLHF stand for?\nreinforcement learning from human feedback', 'What does RLHF stand for?\nReinforcement learning from human feedback (基于人类反馈的强化学习)'],
    ['a reworded question', 'In T5, which pre-training objective won?\nspan corruption', 'In T5, which pre-training objective performed best?\nspan corruption (i.i.d. spans, mean length 3)'],
    ['full-width punctuation and a changed word in Chinese', '什么是对齐税？\n对齐后在公开基准上的性能下降', '什么是对齐税?\n对齐之后在公开基准上的性能下降'],
  ])('follows %s', (_, before, after) => {
    expect(similarity(before, after)).toBeGreaterThanOrEqual(REATTACH_THRESHOLD);
  });

  it.each([
    ['a different question on the same topic', 'How many parameters does GPT-3 have?\n175 billion', 'How many layers does GPT-3 have?\n96'],
    ['an unrelated card', 'What is the alignment tax?\nThe drop in benchmark performance after RLHF', 'What is LIMA?\nA 65B LLaMA fine-tuned on 1000 curated examples'],
  ])('does not follow %s', (_, before, after) => {
    expect(similarity(before, after)).toBeLessThan(REATTACH_THRESHOLD);
  });

  it('scores identical text 1 and never matches sketches of different kinds', () => {
    expect(similarity('abc def', 'abc def')).toBe(1);
    const sk = textSketch('same text');
    expect(sketchSimilarity(`c1:${sk}`, `c2:${sk}`)).toBe(0);
    expect(sketchSimilarity(`c1:${sk}`, `c1:${sk}`)).toBe(1);
  });
});

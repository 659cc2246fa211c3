import { describe, expect, it } from 'vitest';
import { cardId, normalizeText, REATTACH_THRESHOLD, SIMILAR_THRESHOLD, sketchSimilarity, textSimilarity, textSketch } from '../src/core/identity.js';

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

describe('a text\'s sketch', () => {
  it('is what the logs already hold for it: the same hex for the same text, whatever reads its characters', () => {
    // Computed when the sketch was first written: a change here orphans every history in a log.
    expect(textSketch('What is RoPE?\nRotary position embedding rotates q and k.')).toBe('df2e072ed3dfa8f1ec80f3ef4f5879cfb88ea351a77821d2');
    expect(textSketch('ab')).toBe('d9e63b99a701e6574dfa9f883aeee43a57430cfab081ecff');
    expect(textSketch('注意力机制')).toBe('b97502c196639855e96d027ba782f054e09128475c334528');
    expect(textSketch('x'.repeat(5000) + '🧠🧠🧠')).toBe('d93c21c927dbea964843704be359b200a777d5466166a244');
  });
});

describe('how alike two questions read (issue 11: 20)', () => {
  it.each([
    ['a hyphen alone', 'What is in-context learning?', 'What is in context learning?', 0.95, 1],
    ['a fixed typo', 'How big is GPT-3s context window?', "How big is GPT-3's context window?", 0.95, 1],
    ['the same words, another order', 'What does RLHF add after SFT?', 'After SFT, what does RLHF add?', 0.2, 0.7],
    ['another acronym', 'What is PPO?', 'What is DPO?', 0.85, 0.95],
    ['an unrelated question', 'What is the alignment tax?', 'How many layers does GPT-3 have?', 0, 0.4],
    ['Chinese, one character changed', '什么是对齐税？', '什么是对齐费？', 0.75, 0.9],
  ])('%s', (_, a, b, low, high) => {
    const s = textSimilarity(a, b);
    expect(s).toBeGreaterThanOrEqual(low);
    expect(s).toBeLessThanOrEqual(high);
  });

  it('is symmetric, 1 for text that normalizes the same, and points out only close questions', () => {
    expect(textSimilarity('What is RLHF?', 'what is **RLHF**')).toBe(1);
    expect(textSimilarity('abc', 'abd')).toBe(textSimilarity('abd', 'abc'));
    expect(textSimilarity('What is in-context learning?', 'What is in context learning?')).toBeGreaterThanOrEqual(SIMILAR_THRESHOLD);
    expect(textSimilarity('What is the alignment tax?', 'What is the KL penalty?')).toBeLessThan(SIMILAR_THRESHOLD);
  });
});

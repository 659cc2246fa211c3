// The decks the product ships: every paper of the source post has its own deck, the concept
// decks cover the follow-up questions, every card says where its facts come from, answers stay
// short, no question is asked twice, they are clean by `recall check`, and they load into a
// review session.
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faces } from '../src/core/card-kinds.js';
import { normalizeText, REATTACH_THRESHOLD, sketchSimilarity, textSketch } from '../src/core/identity.js';
import type { Card } from '../src/core/types.js';
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

/** The follow-up topics an interviewer moves to after "describe paper X", one deck each. */
const CONCEPTS: [deck: string, mustAsk: RegExp[]][] = [
  ['llm-concepts::rlhf', [/KL/, /reward model/i, /clip/i, /GAE/, /value/i, /over-optimi[sz]ation/i, /PPO-ptx/]],
  ['llm-concepts::preference-optimization', [/DPO/, /PPO/, /Constitutional AI|RLAIF/, /best-of-n|rejection sampling/i]],
  ['llm-concepts::reasoning-prompts', [/self-consistency/i, /step by step/i, /least-to-most/i, /emergen/i]],
  ['llm-concepts::scaling', [/Kaplan/, /Chinchilla/, /tokens per parameter/i]],
  ['llm-concepts::architecture', [/pre-norm|Pre-LN/i, /RoPE/, /ALiBi/, /KV cache/i, /WordPiece/, /Unigram/, /SentencePiece/]],
  ['llm-concepts::critiques', [/Self-Instruct/, /Superficial Alignment Hypothesis/i, /order/i]],
  ['llm-concepts::llm4rec', [/ID/, /collaborative/i, /latency/i, /leak/i]],
];

// Where a card's facts come from. A deck written from one paper names that paper in its front
// matter: `source:` starts with the paper's URL and names no other. A deck written from several
// papers says so (`source: several papers, ...`), and then every card names its own:
// `Source: <paper>, §<section>` (or a Table, Fig., App., or a named section such as the Abstract)
// somewhere in its text.
const ONE_PAPER = /^https?:\/\/\S+/;
const ANY_URL = /https?:\/\//g;
const SEVERAL_PAPERS = /^several papers\b/i;
const SOURCE_LINE = /\bSource: [^\n]*?(?:§ ?\S|\bApp(?:endix|\.) ?[A-Z0-9]|\bTable \d|\bFig(?:ure|\.) ?\d|\b(?:Abstract|Limitations|Conclusion|README)\b)/;

const MAX_ANSWER = 600;

function where(card: Card): string {
  return `${card.file}:${card.line}`;
}

/** What the card asks: the front, or for a cloze the whole text. A reverse card asks its note's back. */
function question(card: Card): string {
  return card.kind === 'reverse' ? card.back : card.front;
}

/** One card per note: cloze siblings share their text, a reverse card repeats its basic card. */
function notes(cards: Card[]): Card[] {
  const seen = new Set<string>();
  return cards.filter((c) => c.kind !== 'reverse' && !seen.has(c.noteKey) && seen.add(c.noteKey));
}

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

  it.each(CONCEPTS)('%s covers its follow-up questions', (deck, mustAsk) => {
    const parsed = collection.decks.find((d) => d.deck === deck);
    expect(parsed, `no deck named ${deck}`).toBeDefined();
    expect(parsed!.meta.description ?? '').not.toBe('');
    expect(parsed!.cards.length).toBeGreaterThanOrEqual(12);
    const text = parsed!.cards.map((c) => `${c.front}\n${c.back}`).join('\n');
    for (const topic of mustAsk) expect(text, `${deck} never mentions ${topic}`).toMatch(topic);
  });

  it('give every card a source: the deck names its one paper, or each card names its own', () => {
    const unsourced: string[] = [];
    for (const deck of collection.decks) {
      const source = deck.meta.source ?? '';
      if (ONE_PAPER.test(source) && source.match(ANY_URL)!.length === 1) continue;
      if (!SEVERAL_PAPERS.test(source)) {
        unsourced.push(`${deck.file}: front matter source: "${source}" names neither one paper's URL alone nor "several papers"`);
        continue;
      }
      for (const card of deck.cards) if (!SOURCE_LINE.test(`${card.front}\n${card.back}`)) unsourced.push(`${where(card)}: no "Source: paper, §section" line`);
    }
    expect(unsourced).toEqual([]);
  });

  it(`keep every answer, as the review screen shows it, within ${MAX_ANSWER} characters`, () => {
    const long = new Set<string>();
    for (const card of collection.cards) {
      const shown = faces(card).answer.length;
      if (shown > MAX_ANSWER) long.add(`${where(card)}: ${shown} characters`);
    }
    expect([...long]).toEqual([]);
  });

  it('never ask the same question twice, in one deck or across decks', () => {
    const byQuestion = new Map<string, Card>();
    const same: string[] = [];
    for (const card of notes(collection.cards)) {
      const key = normalizeText(question(card));
      const other = byQuestion.get(key);
      if (other) same.push(`${where(card)} repeats ${where(other)}`);
      else byQuestion.set(key, card);
    }
    expect(same).toEqual([]);
  });

  it('ask no question that a card in another deck asks in nearly the same words', () => {
    const all = notes(collection.cards).map((card) => ({ card, sketch: textSketch(question(card)) }));
    const similar: string[] = [];
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const [a, b] = [all[i]!, all[j]!];
        if (a.card.deck === b.card.deck) continue;
        const s = sketchSimilarity(a.sketch, b.sketch);
        if (s >= REATTACH_THRESHOLD) similar.push(`${where(a.card)} ~ ${where(b.card)} (${s.toFixed(2)})`);
      }
    }
    expect(similar).toEqual([]);
  });

  it('keep loose cloze paragraphs out of the heading card above them', () => {
    // A paragraph after a "##" card belongs to that card: a cloze meant to stand alone there turns
    // the card's plain answer into cloze context. A cloze heading card is deletions throughout.
    const swallowed = new Set<string>();
    for (const card of collection.cards.filter((c) => c.kind === 'cloze' && c.heading)) {
      const paragraphs = card.front.split(/\n\s*\n/).filter((p) => !p.trim().startsWith('Source:'));
      if (paragraphs.some((p) => !/\{\{c\d+::/.test(p))) swallowed.add(`${where(card)}: "${card.heading}" has a paragraph without a deletion`);
    }
    expect([...swallowed]).toEqual([]);
  });

  it("keep the source post's slips out of the cards (each deck's errata are notes, not cards)", () => {
    const slips = collection.cards.filter((c) => /Note: the post/i.test(`${c.front}\n${c.back}`)).map(where);
    expect(slips).toEqual([]);
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

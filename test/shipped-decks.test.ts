// The decks the product ships, in two editions: English (`lang: en`) and Simplified Chinese
// (`lang: zh`, under decks/zh/). In each edition every paper of the source post has its own deck,
// the concept decks cover the follow-up questions, every card says where its facts come from,
// answers stay short, no question is asked twice, and the Chinese edition mirrors the English one
// deck for deck. Together they are clean by `recall check` and load into a review session.
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { faces } from '../src/core/card-kinds.js';
import { normalizeText, REATTACH_THRESHOLD, sketchSimilarity, textSketch } from '../src/core/identity.js';
import type { Card, ParsedDeck } from '../src/core/types.js';
import { loadCollection } from '../src/store/deck-files.js';
import { FakeClock, openSession, tempDir } from './helpers.js';
import { runCli } from './pty.js';

const DECKS = fileURLToPath(new URL('../decks', import.meta.url));

type Lang = 'en' | 'zh';
const EDITIONS: Lang[] = ['en', 'zh'];

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

/**
 * The follow-up topics an interviewer moves to after "describe paper X", one deck each, and what
 * each edition must ask about (the Chinese edition names most of these in Chinese).
 */
const CONCEPTS: [deck: string, mustAsk: Record<Lang, RegExp[]>][] = [
  ['llm-concepts::rlhf', {
    en: [/KL/, /reward model/i, /clip/i, /GAE/, /value/i, /over-optimi[sz]ation/i, /PPO-ptx/],
    zh: [/KL/, /奖励模型/, /裁剪/, /GAE/, /价值模型/, /过度优化/, /PPO-ptx/],
  }],
  ['llm-concepts::preference-optimization', {
    en: [/DPO/, /PPO/, /Constitutional AI|RLAIF/, /best-of-n|rejection sampling/i],
    zh: [/DPO/, /PPO/, /宪法 AI|RLAIF/, /best-of-n|拒绝采样/i],
  }],
  ['llm-concepts::reasoning-prompts', {
    en: [/self-consistency/i, /step by step/i, /least-to-most/i, /emergen/i],
    zh: [/自一致性/, /step by step/i, /由少到多/, /涌现/],
  }],
  ['llm-concepts::scaling', {
    en: [/Kaplan/, /Chinchilla/, /tokens per parameter/i],
    zh: [/Kaplan/, /Chinchilla/, /每个参数约需 \{\{c1::20\}\} 个训练 token/],
  }],
  ['llm-concepts::architecture', {
    en: [/pre-norm|Pre-LN/i, /RoPE/, /ALiBi/, /KV cache/i, /WordPiece/, /Unigram/, /SentencePiece/],
    zh: [/前置归一化/, /RoPE/, /ALiBi/, /KV 缓存/, /WordPiece/, /Unigram/, /SentencePiece/],
  }],
  ['llm-concepts::critiques', {
    en: [/Self-Instruct/, /Superficial Alignment Hypothesis/i, /order/i],
    zh: [/Self-Instruct/, /表面对齐假说/, /顺序/],
  }],
  ['llm-concepts::llm4rec', {
    en: [/ID/, /collaborative/i, /latency/i, /leak/i],
    zh: [/ID/, /协同/, /时延/, /泄露/],
  }],
];

// Where a card's facts come from. A deck written from one paper names that paper in its front
// matter: `source:` starts with the paper's URL and names no other. A deck written from several
// papers says so (`source: several papers, ...`), and then every card names its own, in its
// edition's words: `Source: <paper>, §<section>` (or a Table, Fig., App., or a named section such
// as the Abstract) in English, `来源：<paper>，§<section>` (or 表、图、附录、摘要、局限性、结论)
// in Chinese. Paper names stay as the papers spell them in both editions.
const ONE_PAPER = /^https?:\/\/\S+/;
const ANY_URL = /https?:\/\//g;
const SEVERAL_PAPERS = /^several papers\b/i;
const SOURCE_LINE: Record<Lang, RegExp> = {
  en: /\bSource: [^\n]*?(?:§ ?\S|\bApp(?:endix|\.) ?[A-Z0-9]|\bTable \d|\bFig(?:ure|\.) ?\d|\b(?:Abstract|Limitations|Conclusion|README)\b)/,
  zh: /来源：[^\n]*?(?:§ ?\S|附录 ?[A-Z0-9]|表 ?\d|图 ?\d|摘要|局限性|结论|README)/,
};
const SOURCE_FORMAT: Record<Lang, string> = { en: 'Source: paper, §section', zh: '来源：论文，§章节' };
/** The other edition's source label: a card written in one edition must not use it. */
const FOREIGN_SOURCE: Record<Lang, RegExp> = { en: /来源[：:]/, zh: /\bSource:/ };

/**
 * How long an answer may be, in terminal columns as the review screen lays it out (string-width:
 * a CJK character takes two columns, as in the terminal), so both editions get the same screen
 * space: about 600 English characters, or about 300 Chinese ones.
 */
const MAX_ANSWER_COLUMNS = 600;

/** A Chinese deck may differ from its English counterpart by this many cards, no more. */
const CARD_COUNT_SLACK = 2;

/** The metadata a Chinese deck copies from its English counterpart (the paper, not the prose). */
const COPIED_META = ['title', 'authors', 'year', 'venue', 'source'] as const;

const HAN = /\p{Script=Han}/u;

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
  const edition = (lang: Lang) => collection.decks.filter((d) => d.meta.lang === lang);
  const deckOf = (lang: Lang, name: string) => edition(lang).find((d) => d.deck === name);
  const langOfFile = new Map(collection.decks.map((d) => [d.file, d.meta.lang]));
  const cardsOf = (lang: Lang) => collection.cards.filter((c) => langOfFile.get(c.file) === lang);

  it('pass recall check', () => {
    const { code, stdout } = runCli(['check', '--decks', DECKS, '--state', tempDir()], { cwd: dirname(DECKS) });
    expect(stdout).toMatch(/^ok: \d+ cards in \d+ deck files, no problems\n$/);
    expect(code).toBe(0);
  });

  describe.each(EDITIONS)('the %s edition', (lang) => {
    it.each(PAPERS)('%s has its own deck, with the correct title and a real number of cards', (deck, title) => {
      const parsed = deckOf(lang, deck);
      expect(parsed, `no ${lang} deck named ${deck}`).toBeDefined();
      expect(parsed!.meta.title ?? '').toMatch(title);
      expect(parsed!.meta.tags.length).toBeGreaterThan(0);
      expect(parsed!.cards.length).toBeGreaterThanOrEqual(12);
    });

    it.each(CONCEPTS)('%s covers its follow-up questions', (deck, mustAsk) => {
      const parsed = deckOf(lang, deck);
      expect(parsed, `no ${lang} deck named ${deck}`).toBeDefined();
      expect(parsed!.meta.description ?? '').not.toBe('');
      expect(parsed!.cards.length).toBeGreaterThanOrEqual(12);
      const text = parsed!.cards.map((c) => `${c.front}\n${c.back}`).join('\n');
      for (const topic of mustAsk[lang]) expect(text, `${deck} (${lang}) never mentions ${topic}`).toMatch(topic);
    });

    it('gives every card a source: the deck names its one paper, or each card names its own in this edition\'s words', () => {
      const unsourced: string[] = [];
      for (const deck of edition(lang)) {
        for (const card of deck.cards) {
          if (FOREIGN_SOURCE[lang].test(`${card.front}\n${card.back}`)) unsourced.push(`${where(card)}: a ${lang} card names its source with the other edition's label`);
        }
        const source = deck.meta.source ?? '';
        if (ONE_PAPER.test(source) && source.match(ANY_URL)!.length === 1) continue;
        if (!SEVERAL_PAPERS.test(source)) {
          unsourced.push(`${deck.file}: front matter source: "${source}" names neither one paper's URL alone nor "several papers"`);
          continue;
        }
        for (const card of deck.cards) {
          if (!SOURCE_LINE[lang].test(`${card.front}\n${card.back}`)) unsourced.push(`${where(card)}: no "${SOURCE_FORMAT[lang]}" line`);
        }
      }
      expect(unsourced).toEqual([]);
    });

    it(`keeps every answer, as the review screen shows it, within ${MAX_ANSWER_COLUMNS} columns`, () => {
      const long = new Set<string>();
      for (const card of cardsOf(lang)) {
        const columns = stringWidth(faces(card).answer);
        if (columns > MAX_ANSWER_COLUMNS) long.add(`${where(card)}: ${columns} columns`);
      }
      expect([...long]).toEqual([]);
    });

    it('uses every card form: heading, cloze, one-line and reverse cards', () => {
      const cards = cardsOf(lang);
      const kinds = new Set(cards.map((c) => c.kind));
      expect([...kinds].sort()).toEqual(['basic', 'cloze', 'reverse']);
      expect(cards.some((c) => c.kind === 'basic' && c.back.includes('\n'))).toBe(true);
    });
  });

  describe('the two editions', () => {
    it('say which edition they are: every shipped deck has lang en or zh, and the Chinese ones live under zh/', () => {
      const wrong = collection.decks
        .filter((d) => !(d.meta.lang === 'zh' ? d.file.startsWith('zh/') : d.meta.lang === 'en' && !d.file.startsWith('zh/')))
        .map((d) => `${d.file}: lang ${d.meta.lang ?? '(none)'}`);
      expect(wrong).toEqual([]);
    });

    it('mirror each other: every English deck has a Chinese deck of the same name at zh/<same path>, about as many cards, the same paper and tags', () => {
      const english = edition('en');
      const chinese = edition('zh');
      expect(english.length).toBeGreaterThanOrEqual(PAPERS.length + CONCEPTS.length);
      const mismatches: string[] = [];
      for (const en of english) {
        const zh = chinese.find((d) => d.deck === en.deck);
        if (!zh) {
          mismatches.push(`${en.file}: no Chinese deck named ${en.deck}`);
          continue;
        }
        if (zh.file !== `zh/${en.file}`) mismatches.push(`${zh.file}: should be zh/${en.file}`);
        if (Math.abs(zh.cards.length - en.cards.length) > CARD_COUNT_SLACK) mismatches.push(`${zh.file}: ${zh.cards.length} cards, ${en.file} has ${en.cards.length}`);
        for (const key of COPIED_META) if (zh.meta[key] !== en.meta[key]) mismatches.push(`${zh.file}: ${key} differs from ${en.file}`);
        if (zh.meta.tags.join() !== en.meta.tags.join()) mismatches.push(`${zh.file}: tags differ from ${en.file}`);
      }
      for (const zh of chinese) if (!english.some((en) => en.deck === zh.deck)) mismatches.push(`${zh.file}: no English deck named ${zh.deck}`);
      expect(mismatches).toEqual([]);
    });

    it('are each written in their language: every Chinese card asks in Chinese, every Chinese deck describes itself in Chinese', () => {
      const untranslated = cardsOf('zh').filter((c) => !HAN.test(question(c))).map(where);
      const chineseDescriptions = edition('zh').filter((d: ParsedDeck) => !HAN.test(d.meta.description ?? '')).map((d) => d.file);
      expect(untranslated).toEqual([]);
      expect(chineseDescriptions).toEqual([]);
    });
  });

  it('never ask the same question twice, in one deck, across decks or across editions', () => {
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
    // A deck and its other edition share a name: they ask the same questions on purpose.
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
      const paragraphs = card.front.split(/\n\s*\n/).filter((p) => !/^(?:Source:|来源：)/.test(p.trim()));
      if (paragraphs.some((p) => !/\{\{c\d+::/.test(p))) swallowed.add(`${where(card)}: "${card.heading}" has a paragraph without a deletion`);
    }
    expect([...swallowed]).toEqual([]);
  });

  it("keep the source post's slips out of the cards (each deck's errata are notes, not cards)", () => {
    const slips = collection.cards.filter((c) => /Note: the post|注[:：]\s*原文/i.test(`${c.front}\n${c.back}`)).map(where);
    expect(slips).toEqual([]);
  });

  it('load into a review session', () => {
    const s = openSession(DECKS, tempDir(), new FakeClock(Date.UTC(2026, 10, 24, 12)));
    expect(s.review.session.current).toBeDefined();
    expect(s.review.session.main.length).toBe(19); // 20 new cards a day, one on screen
    s.close();
  });
});

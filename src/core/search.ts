// `recall find`: what a query means and which cards it matches. Words are matched as substrings,
// case-insensitively, every word somewhere in the card's front, back or tags: Chinese and
// Japanese have no spaces between words, so a substring is the only match that works for them.
// A search reads card text lazily: `isRawNeedle` says which words a byte-level pre-filter over the
// cached text may look for (the store does that: see store/card-texts.ts).
import type { CardRecord } from './events.js';
import type { Policy } from './policy.js';
import type { ProgressLookup } from './queue.js';
import { State } from './scheduler.js';
import type { Card } from './types.js';

export interface Query {
  /** Lower-cased words; every one must match. */
  words: string[];
  /** With --regex: tested against the front, the back and each tag. */
  regex?: RegExp;
}

/** The query of `recall find a b c`, or of `--regex PATTERN`; throws a SyntaxError for a bad pattern. */
export function parseQuery(args: readonly string[], regex: boolean): Query {
  const text = args.join(' ').trim();
  if (regex) return { words: [], regex: new RegExp(text, 'iu') };
  return { words: text.split(/\s+/u).filter(Boolean).map((w) => w.toLowerCase()) };
}

export function isEmptyQuery(q: Query): boolean {
  return q.words.length === 0 && q.regex === undefined;
}

/**
 * A word the pre-filter can look for in raw UTF-8 bytes lower-cased only in their ASCII letters:
 * one whose characters beyond ASCII have no case (CJK, digits, symbols). `é` or `Δ` would need
 * the text decoded to fold their case, so such words are checked on the decoded text only.
 */
export function isRawNeedle(word: string): boolean {
  for (const ch of word) if (ch.charCodeAt(0) > 0x7f && ch.toUpperCase() !== ch.toLowerCase()) return false;
  return true;
}

/**
 * Which words each list of tags holds, worked out once per list: a deck's cards share one, so a
 * search over 100k cards looks at a few hundred lists.
 */
export function tagMatcher(words: readonly string[]): (tags: string[]) => boolean[] {
  const seen = new Map<string[], boolean[]>();
  return (tags) => {
    let hits = seen.get(tags);
    if (!hits) seen.set(tags, (hits = words.map((w) => tags.some((t) => t.toLowerCase().includes(w)))));
    return hits;
  };
}

/** Whether a card matches: every word in its front, back or a tag, or the pattern in one of them. */
export function matchesCard(card: Card, q: Query, tags: (tags: string[]) => boolean[] = tagMatcher(q.words)): boolean {
  if (q.regex) {
    const r = q.regex;
    return r.test(card.front) || r.test(card.back) || card.tags.some((t) => r.test(t));
  }
  const inTags = tags(card.tags);
  let text: string | undefined;
  return q.words.every((word, k) => {
    if (inTags[k]) return true;
    text ??= `${card.front}\n${card.back}`.toLowerCase();
    return text.includes(word);
  });
}

export type CardState = 'new' | 'learning' | 'review' | 'suspended' | 'leech';
export const STATE_FILTERS = ['new', 'learning', 'review', 'suspended', 'leech', 'marked'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

export function cardState(p: Readonly<CardRecord> | undefined): CardState {
  if (p?.suspended) return p.suspended === 'leech' ? 'leech' : 'suspended';
  if (!p || p.st === State.New) return 'new';
  return p.st === State.Review ? 'review' : 'learning';
}

/** `--state suspended` covers leeches too: a leech is a card suspended for lapsing. */
export function stateMatches(p: Readonly<CardRecord> | undefined, wanted: readonly StateFilter[]): boolean {
  const state = cardState(p);
  return wanted.some((w) => (w === 'marked' ? p?.marked === true : w === 'suspended' ? state === 'suspended' || state === 'leech' : w === state));
}

/** A hit as listed: where the card is, its state, when it is due and how likely you recall it now. */
export interface HitInfo {
  state: CardState;
  marked: boolean;
  /** Studied cards: the next due time. */
  due?: number;
  /** Studied cards: predicted recall now. */
  recall?: number;
}

export function hitInfo(card: Card, progress: ProgressLookup, policy: Policy, now: number): HitInfo {
  const p = (progress.peek ? progress.peek(card.id) : progress.get(card.id)) as Readonly<CardRecord> | undefined;
  const state = cardState(p);
  const studied = p !== undefined && p.st !== State.New && p.lrt !== undefined;
  return {
    state,
    marked: p?.marked === true,
    due: studied ? p.due : undefined,
    recall: studied ? policy.scheduler.retrievability(p, now) : undefined,
  };
}

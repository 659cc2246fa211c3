// Card text for a search over every card. The deck cache keeps the cards' text in one file of
// UTF-8 (about 20 MB at 100k cards), and a card reads its own slice on first use: fine for a
// session, a file read per card for a search. Here the file is read once, and a copy with its
// ASCII letters lower-cased is searched for a word's bytes with Buffer.indexOf: a word found in
// no card's bytes is in no card, so only the cards it cannot rule out are decoded. Cards parsed
// afresh (no cache yet) hold their text in memory and are taken as they are.
import { readFileSync } from 'node:fs';
import type { Card } from '../core/types.js';
import { cachedTextSpan } from './deck-cache.js';

/** A text file, read when first needed; its lower-cased copy made when first searched. */
class Source {
  private bytes_?: Buffer | null;
  private lower_?: Buffer;

  constructor(private readonly path: string) {}

  /** The file's bytes, or undefined when it cannot be read (the cache changed under us). */
  get bytes(): Buffer | undefined {
    if (this.bytes_ === undefined) {
      try {
        this.bytes_ = readFileSync(this.path);
      } catch {
        this.bytes_ = null;
      }
    }
    return this.bytes_ ?? undefined;
  }

  get lower(): Buffer | undefined {
    const bytes = this.bytes;
    if (bytes && !this.lower_) {
      this.lower_ = Buffer.allocUnsafe(bytes.length);
      lowerAscii(bytes, this.lower_);
    }
    return this.lower_;
  }
}

/** Fewer cards than this read their own text: reading the whole file would cost more. */
const WHOLE_FILE_FROM = 2000;

export class CardTexts {
  /** Per card: its text file (undefined: the text is in memory), and where its front and back lie. */
  private readonly source: (Source | undefined)[];
  private readonly start: Float64Array;
  private readonly mid: Float64Array;
  private readonly end: Float64Array;
  /** Per file, its cards in the order their text starts, for finding the card at an offset. */
  private readonly ordered = new Map<Source, Int32Array>();

  constructor(readonly cards: readonly Card[]) {
    const n = cards.length;
    this.source = new Array(n);
    this.start = new Float64Array(n);
    this.mid = new Float64Array(n);
    this.end = new Float64Array(n);
    const files = new Map<string, Source>();
    const members = new Map<Source, number[]>();
    for (let i = 0; i < n && n >= WHOLE_FILE_FROM; i++) {
      const span = cachedTextSpan(cards[i]!);
      if (!span) continue;
      let source = files.get(span.path);
      if (source === undefined) files.set(span.path, (source = new Source(span.path)));
      this.source[i] = source;
      this.start[i] = span.start;
      this.mid[i] = span.mid;
      this.end[i] = span.end;
      let list = members.get(source);
      if (!list) members.set(source, (list = []));
      list.push(i);
    }
    for (const [source, list] of members) {
      const order = Int32Array.from(list);
      for (let k = 1; k < order.length; k++) {
        if (this.start[order[k]!]! < this.start[order[k - 1]!]!) {
          order.sort((a, b) => this.start[a]! - this.start[b]!);
          break;
        }
      }
      this.ordered.set(source, order);
    }
  }

  /**
   * Which cards may hold `word` (lower-cased, and with no cased letter beyond ASCII: see
   * isRawNeedle): 0 where the bytes of its front and back certainly do not, 1 elsewhere.
   */
  mayContain(word: string): Uint8Array {
    const marks = new Uint8Array(this.cards.length);
    for (let i = 0; i < marks.length; i++) if (!this.source[i]) marks[i] = 1;
    const needle = Buffer.from(word, 'utf8');
    for (const [source, order] of this.ordered) {
      const lower = source.lower;
      if (!lower) {
        for (const i of order) marks[i] = 1; // unreadable: each card is checked on its own text
        continue;
      }
      let at = lower.indexOf(needle, 0);
      while (at !== -1) {
        const i = this.cardAt(order, at);
        if (i === -1 || at + needle.length > this.end[i]!) {
          at = lower.indexOf(needle, at + 1);
          continue;
        }
        marks[i] = 1;
        // One hit is enough: go on after this card's text.
        at = lower.indexOf(needle, this.end[i]!);
      }
    }
    return marks;
  }

  /** The card's front and back as a search sees them: lower-cased, joined by a line break. */
  lowerText(i: number): string {
    const b = this.source[i]?.lower;
    if (!b) return `${this.cards[i]!.front}\n${this.cards[i]!.back}`.toLowerCase();
    return `${b.toString('utf8', this.start[i], this.mid[i])}\n${b.toString('utf8', this.mid[i], this.end[i])}`.toLowerCase();
  }

  /** The card with its text filled in from the file already read (a plain object, no file read later). */
  withText(i: number): Card {
    const card = this.cards[i]!;
    const bytes = this.source[i]?.bytes;
    if (!bytes) return card;
    const front = bytes.toString('utf8', this.start[i], this.mid[i]);
    const back = bytes.toString('utf8', this.mid[i], this.end[i]);
    return { ...card, noteKey: card.noteKey, front, back };
  }

  /** The card (index) whose text holds offset `at`, by binary search over the starts; -1 if none. */
  private cardAt(order: Int32Array, at: number): number {
    let lo = 0;
    let hi = order.length - 1;
    let found = -1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      if (this.start[order[m]!]! <= at) {
        found = m;
        lo = m + 1;
      } else hi = m - 1;
    }
    return found === -1 ? -1 : order[found]!;
  }
}

/**
 * A..Z to a..z, every other byte (UTF-8 sequences included) as it is, four bytes at a time: for
 * the bytes below 0x80, adding 0x3f sets the top bit from 'A' up and adding 0x25 from '[' up, so
 * their difference marks exactly A..Z, and 0x20 is that mark shifted down.
 */
export function lowerAscii(from: Uint8Array, to: Uint8Array): void {
  const n = from.length;
  const words = from.byteOffset % 4 === 0 && to.byteOffset % 4 === 0 ? n >>> 2 : 0;
  if (words > 0) {
    const a = new Uint32Array(from.buffer, from.byteOffset, words);
    const b = new Uint32Array(to.buffer, to.byteOffset, words);
    for (let k = 0; k < words; k++) {
      const w = a[k]!;
      const low = w & 0x7f7f7f7f;
      const upper = ((low + 0x3f3f3f3f) ^ (low + 0x25252525)) & ~w & 0x80808080;
      b[k] = w | (upper >>> 2);
    }
  }
  for (let i = words * 4; i < n; i++) {
    const c = from[i]!;
    to[i] = c >= 65 && c <= 90 ? c + 32 : c;
  }
}

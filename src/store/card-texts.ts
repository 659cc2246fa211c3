// Card text for a search over every card. The deck cache keeps the cards' text in one file of
// UTF-8 (about 20 MB at 100k cards), and a card reads its own slice on first use: right for a
// session, a file read per card for a search. Here the file is read once and searched for a
// word's bytes with Buffer.indexOf (memmem): a word found in no card's bytes is in no card, so
// only the cards a word cannot be ruled out of are decoded and checked. The rarest word (judged
// on a sample) goes first, and once few cards are left the rest is checked on their text.
// Cards parsed afresh (no cache yet) hold their text in memory and are taken as they are.
import { readFileSync } from 'node:fs';
import type { CardTable, TextPlaces } from '../core/card-table.js';
import type { Card } from '../core/types.js';

/** A text file, read when first needed; its lower-cased copy made when a word with letters is searched. */
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

/** Characters beyond ASCII that toLowerCase() turns into an ASCII letter, as UTF-8. */
const FOLDS_TO_ASCII: [string, Buffer][] = [
  ['k', Buffer.from('\u212a', 'utf8')],
  ['i', Buffer.from('\u0130', 'utf8')],
];

/** Fewer cards than this read their own text: reading the whole file would cost more. */
const WHOLE_FILE_FROM = 2000;
/** Once this few cards are left, the other words are checked on each card's text. */
const FEW_LEFT = 2000;
/** How much of a file is sampled to guess which word is rarest. */
const SAMPLE_BYTES = 1 << 20;

/** The texts of a table's cards, searched by their bytes; a card is made only when asked for. */
export class CardTexts {
  private readonly spans: TextPlaces | undefined;
  private readonly sources: Source[] = [];

  constructor(readonly table: CardTable) {
    if (table.length < WHOLE_FILE_FROM) return;
    this.spans = table.textPlaces();
    this.sources = this.spans?.files.map((path) => new Source(path)) ?? [];
  }

  /**
   * The cards (indexes) that may hold every word, a word being lower-cased and without cased
   * letters beyond ASCII (isRawNeedle); `exempt(k, i)` says card i needs no text for word k (its
   * tags hold it). `sure` marks the cards known to hold every word in their front or back (no
   * decoding needed to tell); it is given only when every word was searched. Undefined: every
   * card may (the texts are in memory, or too few to scan).
   */
  candidates(words: readonly string[], exempt: (k: number, i: number) => boolean): { left: Int32Array; sure?: Uint8Array } | undefined {
    const spans = this.spans;
    if (!spans || words.length === 0) return undefined;
    let left: Int32Array | undefined;
    let sure: Uint8Array | undefined;
    let searched = 0;
    for (const k of this.rarestFirst(words)) {
      if (left && left.length <= FEW_LEFT) break;
      const marks = this.scan(words[k]!);
      searched++;
      const keep = (i: number) => marks[i] !== 0 || spans.file[i] === -1 || exempt(k, i);
      const certain = (i: number) => marks[i] === 2 || exempt(k, i);
      if (left) {
        const kept: number[] = [];
        const keptSure: number[] = [];
        left.forEach((i, j) => {
          if (!keep(i)) return;
          kept.push(i);
          keptSure.push(sure![j]! && certain(i) ? 1 : 0);
        });
        left = Int32Array.from(kept);
        sure = Uint8Array.from(keptSure);
      } else {
        const all: number[] = [];
        for (let i = 0; i < this.table.length; i++) if (keep(i)) all.push(i);
        left = Int32Array.from(all);
        sure = Uint8Array.from(left, (i) => (certain(i) ? 1 : 0));
      }
    }
    return { left: left!, sure: searched === words.length ? sure : undefined };
  }

  /** Word indexes, the one found least often in a sample of the text first (longer first on a tie). */
  private rarestFirst(words: readonly string[]): number[] {
    const source = this.sources[0];
    const sample = source?.bytes?.subarray(0, SAMPLE_BYTES);
    if (!sample || words.length === 1) return words.map((_, k) => k);
    const lowered = Buffer.allocUnsafe(sample.length);
    lowerAscii(sample, lowered);
    const count = (word: string) => {
      const needle = Buffer.from(word, 'utf8');
      let n = 0;
      for (let at = lowered.indexOf(needle); at !== -1 && n < 10_000; at = lowered.indexOf(needle, at + needle.length)) n++;
      return n;
    };
    const counts = words.map(count);
    return words.map((_, k) => k).sort((a, b) => counts[a]! - counts[b]! || words[b]!.length - words[a]!.length);
  }

  /**
   * For each cached card, whether its text bytes hold the word (ASCII letters folded): 2 inside
   * its front or its back, 1 somewhere in its text (across the two, say: only its decoded text
   * can tell), 0 nowhere.
   */
  private scan(word: string): Uint8Array {
    const spans = this.spans!;
    const marks = new Uint8Array(this.table.length);
    const needle = Buffer.from(word, 'utf8');
    // A word without ASCII letters matches the raw bytes: the file need not be lower-cased.
    const letters = /[a-z]/.test(word);
    for (let f = 0; f < this.sources.length; f++) {
      const text = letters ? this.sources[f]!.lower : this.sources[f]!.bytes;
      const order = this.order(f);
      if (!text) {
        for (const i of order) marks[i] = 1; // unreadable: each card is checked on its own text
        continue;
      }
      // Hits come in file order: walk the cards along with them.
      let p = 0;
      for (let at = text.indexOf(needle, 0); at !== -1; ) {
        while (p < order.length && spans.end[order[p]!]! <= at) p++;
        if (p === order.length) break;
        const i = order[p]!;
        if (spans.start[i]! <= at && at + needle.length <= spans.end[i]!) {
          const mid = spans.mid[i]!;
          marks[i] = at + needle.length <= mid || at >= mid ? 2 : 1;
          at = text.indexOf(needle, spans.end[i]!); // one hit is enough: go on after this card
        } else at = text.indexOf(needle, at + 1);
      }
      // Two letters lower-case to ASCII from outside it (the Kelvin sign to k, the dotted İ to i):
      // a card holding one may match a word with that letter, so its text decides.
      for (const [letter, bytes] of FOLDS_TO_ASCII) {
        if (!word.includes(letter)) continue;
        for (let at = text.indexOf(bytes); at !== -1; at = text.indexOf(bytes, at + 1)) {
          const i = this.cardAt(order, at);
          if (i !== -1 && marks[i] === 0) marks[i] = 1;
        }
      }
    }
    return marks;
  }

  /** The card of file order `order` whose text holds offset `at` (binary search), or -1. */
  private cardAt(order: Int32Array, at: number): number {
    const spans = this.spans!;
    let lo = 0;
    let hi = order.length - 1;
    let found = -1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      if (spans.start[order[m]!]! <= at) {
        found = m;
        lo = m + 1;
      } else hi = m - 1;
    }
    return found === -1 || at >= spans.end[order[found]!]! ? -1 : order[found]!;
  }

  private readonly orders = new Map<number, Int32Array>();

  /** The cards of file f in the order their text starts (file order already, usually). */
  private order(f: number): Int32Array {
    let order = this.orders.get(f);
    if (order) return order;
    const spans = this.spans!;
    let count = 0;
    for (let i = 0; i < this.table.length; i++) if (spans.file[i] === f) count++;
    order = new Int32Array(count);
    for (let i = 0, k = 0; i < this.table.length; i++) if (spans.file[i] === f) order[k++] = i;
    for (let k = 1; k < order.length; k++) {
      if (spans.start[order[k]!]! < spans.start[order[k - 1]!]!) {
        order.sort((a, b) => spans.start[a]! - spans.start[b]!);
        break;
      }
    }
    this.orders.set(f, order);
    return order;
  }

  /**
   * The cards whose text `keep` accepts (indexes, and the cards with their text), for a search that must read every card
   * (a pattern). Each file is decoded once, and a card's front and back are slices of it, found by
   * counting the UTF-16 units of the bytes before them, instead of a decode per card.
   */
  filterTexts(keep: (front: string, back: string, tags: readonly string[]) => boolean): { index: number; card: Card }[] {
    const spans = this.spans;
    const table = this.table;
    const tagsOf = (i: number) => table.groups[table.group[i]!]!.tags;
    const found: { index: number; card: Card }[] = [];
    const fromMemory = (i: number) => {
      const card = table.card(i);
      if (keep(card.front, card.back, card.tags)) found.push({ index: i, card });
    };
    for (let i = 0; i < this.table.length; i++) if (!spans || spans.file[i] === -1 || !this.sources[spans.file[i]!]!.bytes) fromMemory(i);
    for (let f = 0; spans && f < this.sources.length; f++) {
      const bytes = this.sources[f]!.bytes;
      if (!bytes) continue;
      const text = bytes.toString('utf8');
      // One walk over the bytes, in file order, noting the string offset of each card's start,
      // middle and end.
      let unit = 0;
      let at = 0;
      const cuts = [0, 0, 0];
      for (const i of this.order(f)) {
        const bounds = [spans.start[i]!, spans.mid[i]!, spans.end[i]!];
        for (let c = 0; c < 3; c++) {
          const to = bounds[c]!;
          while (at < to) {
            const b = bytes[at++]!;
            if ((b & 0xc0) !== 0x80) unit += b >= 0xf0 ? 2 : 1;
          }
          cuts[c] = unit;
        }
        const front = text.slice(cuts[0], cuts[1]);
        const back = text.slice(cuts[1], cuts[2]);
        if (!keep(front, back, tagsOf(i))) continue;
        const card = table.card(i);
        found.push({ index: i, card: { ...card, noteKey: card.noteKey, front, back } });
      }
    }
    // In the order of the cards, as every other search gives them.
    return found.sort((a, b) => a.index - b.index);
  }

  /** The card with its text filled in from the file already read (a plain object, no file read later). */
  withText(i: number): Card {
    const card = this.table.card(i);
    const f = this.spans?.file[i] ?? -1;
    const bytes = f === -1 ? undefined : this.sources[f]!.bytes;
    if (!bytes) return card;
    const s = this.spans!;
    return { ...card, noteKey: card.noteKey, front: bytes.toString('utf8', s.start[i], s.mid[i]), back: bytes.toString('utf8', s.mid[i], s.end[i]) };
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

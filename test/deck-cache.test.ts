// The parse cache gives exactly what a fresh parse gives, and never hides an edit.
import { existsSync, readdirSync, readFileSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnParts, decodeColumns } from '../src/store/column-file.js';
import { loadCollectionCached } from '../src/store/deck-cache.js';
import { loadCollection } from '../src/store/deck-files.js';
import type { Card } from '../src/core/types.js';
import { tempDir, writeDecks } from './helpers.js';

const DECK = '---\ntags: [t]\n---\n# S\n\n## 什么是对齐税？😀\n对齐之后的性能下降（alignment tax）👨‍👩‍👧\n\n# T\n\nA {{c1::b}} {{c2::c}}\n\n- x ::: y\n\n## Q?\n<!-- id: q -->\nA\n\n## R?\nbroken {{c1::\n';

/** Files written "long ago", so the racily-clean rule does not apply to them. */
function oldDecks(files: Record<string, string>) {
  const decks = writeDecks(files);
  const past = new Date(Date.now() - 3_600_000);
  for (const name of Object.keys(files)) utimesSync(join(decks, name), past, past);
  return decks;
}

// Cached cards read their text on demand: compare what a reader of each card sees.
const plain = ({ id, kind, noteKey, deck, file, line, section, heading, front, back, cloze, tags, pinned }: Card) => ({ id, kind, noteKey, deck, file, line, section, heading, front, back, cloze, tags, pinned });

// The index's columns (store/deck-cache.ts): its places of text are columns 10 and 11.
const INDEX_KINDS = [Uint8Array, Int32Array, Int32Array, Int32Array, Uint8Array, Int32Array, Int32Array, Int32Array, Int32Array, Uint8Array, Float64Array, Int32Array, Uint8Array, Int32Array] as const;
const TEXT_AT = 10;
const TEXT_LENGTH = 11;

/** The index file with one value of column `i` changed, the file otherwise as written. */
function withColumn(file: Buffer, i: number, change: (column: Float64Array | Int32Array | Uint8Array) => void): Buffer {
  const header = JSON.parse(file.toString('utf8', 0, file.indexOf(10))) as { format: string; layout: number };
  const decoded = decodeColumns(file, header.format, header.layout, INDEX_KINDS);
  if (!decoded) throw new Error('the test does not know this layout of the index: update INDEX_KINDS');
  const columns = decoded.columns.map((c) => c.slice());
  change(columns[i]!);
  return Buffer.concat(columnParts(header.format, header.layout, header, columns));
}

describe('deck cache', () => {
  it('loads from the cache exactly what a fresh parse gives', () => {
    const decks = oldDecks({ 'a/b.md': DECK, 'c.md': '## Other?\nyes\n' });
    const state = tempDir();
    const first = loadCollectionCached(decks, state);
    first.save();
    const second = loadCollectionCached(decks, state);
    const fresh = loadCollection(decks);
    expect(second.collection.cards.map(plain)).toEqual(fresh.cards.map(plain));
    expect(second.collection.problems).toEqual(fresh.problems);
    expect(second.collection.decks.map((d) => [d.file, d.deck, d.meta])).toEqual(fresh.decks.map((d) => [d.file, d.deck, d.meta]));
    expect(second.collection.problems).toHaveLength(1);
  });

  it('skips the duplicate check only for decks it saw free of duplicates', () => {
    const unique = oldDecks({ 'a.md': '## Q?\nA\n', 'b.md': '## R?\nB\n' });
    const state = tempDir();
    loadCollectionCached(unique, state).save();
    const cached = loadCollectionCached(unique, state).collection;
    expect(cached.byId.get(cached.cards[1]!.id)).toBe(cached.cards[1]);
    expect(cached.byId.size).toBe(2);

    const twice = oldDecks({ 'a.md': '## Q?\nA\n', 'b.md': '## Q?\nA\n' });
    const twiceState = tempDir();
    loadCollectionCached(twice, twiceState).save();
    const again = loadCollectionCached(twice, twiceState).collection;
    expect(again.cards).toHaveLength(1);
    expect(again.problems.map((p) => `${p.file}:${p.line}`)).toEqual(['b.md:1']);
  });

  it('finds an id an edit repeats, in another file or twice in the edited one, and none where an edit repeats nothing', () => {
    const decks = oldDecks({ 'a.md': '## Q?\nA\n\n## S?\nC\n', 'b.md': '## R?\nB\n', 'c.md': '## T?\nD\n' });
    const state = tempDir();
    loadCollectionCached(decks, state).save();
    let indexed = false;
    const edit = (text: string) => {
      writeFileSync(join(decks, 'b.md'), text);
      const loaded = loadCollectionCached(decks, state);
      indexed = loaded.collection.table.ids.indexed;
      loaded.save();
      return loaded.collection;
    };
    // A card edited, one added: nothing repeats, found through the index of the cards kept (a cost at 100k cards).
    const edited = edit('## R?\nB edited\n\n## U?\nE\n');
    expect(edited.problems).toEqual([]);
    expect(indexed).toBe(false);
    expect(edited.cards.map((c) => c.front)).toEqual(['Q?', 'S?', 'R?', 'U?', 'T?']);
    expect(edited.table.find(edited.cards[3]!.id)).toBe(3);
    // The edited file repeats a card of a file kept from the cache.
    const repeated = edit('## R?\nB\n\n## S?\nC\n');
    expect(repeated.cards.map((c) => c.front)).toEqual(['Q?', 'S?', 'R?', 'T?']);
    expect(repeated.problems.map((p) => `${p.file}:${p.line}`)).toEqual(['b.md:4']);
    // And a card twice within the edited file (after an edit that repeats nothing again).
    expect(edit('## R?\nB\n').problems).toEqual([]);
    const twice = edit('## R?\nB\n\n## R?\nB\n');
    expect(twice.cards.map((c) => c.front)).toEqual(['Q?', 'S?', 'R?', 'T?']);
    expect(twice.problems.map((p) => `${p.file}:${p.line}`)).toEqual(['b.md:4']);
    // A card moved from a deleted file into the edited one is no repeat.
    expect(edit('## R?\nB\n').problems).toEqual([]);
    unlinkSync(join(decks, 'c.md'));
    const moved = edit('## R?\nB\n\n## T?\nD\n');
    expect(moved.problems).toEqual([]);
    expect(moved.cards.map((c) => c.front)).toEqual(['Q?', 'S?', 'R?', 'T?']);
  });

  it('is one cache for the decks folder however its path is written', () => {
    const decks = oldDecks({ 'a.md': '## Q?\nA\n' });
    const state = tempDir();
    loadCollectionCached(relative(process.cwd(), decks), state).save();
    for (const spelling of [decks, decks + '/', join(decks, '..', basename(decks))]) {
      // A card from the cache, not a fresh parse (which gives plain objects).
      expect(loadCollectionCached(spelling, state).collection.cards[0]!.constructor.name, spelling).not.toBe('Object');
    }
  });

  it('re-parses a file whose size or time changed', () => {
    const decks = oldDecks({ 'a.md': '## Q?\nA\n' });
    const state = tempDir();
    loadCollectionCached(decks, state).save();
    writeFileSync(join(decks, 'a.md'), '## Q?\nA changed\n');
    expect(loadCollectionCached(decks, state).collection.cards[0]!.back).toBe('A changed');
  });

  it('keeps cached parses of files whose times changed but not their bytes (a copy, a checkout), and sees a same-size edit', () => {
    const decks = oldDecks({ 'a.md': '## Q?\nteh answer\n', 'b.md': '## R?\nB\n' });
    const state = tempDir();
    loadCollectionCached(decks, state).save();
    const later = new Date(Date.now() - 1_800_000);
    for (const name of ['a.md', 'b.md']) utimesSync(join(decks, name), later, later);
    const touched = loadCollectionCached(decks, state).collection;
    // A card from the cache reads its text from the cache's text file, not from a fresh parse.
    expect(touched.cards[0]!.constructor.name).not.toBe('Object');
    expect(touched.cards.map((c) => c.back)).toEqual(['teh answer', 'B']);
    // The same size, another text: a typo fixed in place.
    writeFileSync(join(decks, 'a.md'), '## Q?\nthe answer\n');
    utimesSync(join(decks, 'a.md'), later, later);
    expect(loadCollectionCached(decks, state).collection.cards[0]!.back).toBe('the answer');
  });

  it('hashes a touched file larger than its read buffer whole: a same-size edit at its end is seen', () => {
    // 300 kB of cards: more than the 256 kB read at a time when file times changed.
    const body = Array.from({ length: 3000 }, (_, i) => `## Q${i}?\nA${i} ${'x'.repeat(80)}\n`).join('\n');
    const decks = oldDecks({ 'big.md': `${body}\n## Last?\nold\n` });
    const state = tempDir();
    loadCollectionCached(decks, state).save();
    const later = new Date(Date.now() - 1_800_000);
    utimesSync(join(decks, 'big.md'), later, later);
    const touched = loadCollectionCached(decks, state);
    expect(touched.collection.cards.at(-1)!.back).toBe('old');
    touched.save();
    writeFileSync(join(decks, 'big.md'), `${body}\n## Last?\nnew\n`);
    utimesSync(join(decks, 'big.md'), later, later);
    expect(loadCollectionCached(decks, state).collection.cards.at(-1)!.back).toBe('new');
  });

  it('does not trust a file modified within a second of the cache being written', () => {
    const decks = oldDecks({ 'a.md': '## Q?\nA\n' });
    const state = tempDir();
    // Same size, and the same mtime as the cached entry: only the racy rule can catch this edit.
    const now = new Date();
    utimesSync(join(decks, 'a.md'), now, now);
    loadCollectionCached(decks, state).save();
    writeFileSync(join(decks, 'a.md'), '## Q?\nB\n');
    utimesSync(join(decks, 'a.md'), now, now);
    expect(loadCollectionCached(decks, state).collection.cards[0]!.back).toBe('B');
  });

  it('notices added and removed files, and ignores a damaged cache', () => {
    const decks = oldDecks({ 'a.md': '## Q?\nA\n', 'b.md': '## R?\nB\n' });
    const state = tempDir();
    loadCollectionCached(decks, state).save();
    unlinkSync(join(decks, 'b.md'));
    expect(loadCollectionCached(decks, state).collection.cards.map((c) => c.front)).toEqual(['Q?']);
    writeFileSync(join(state, 'cache', 'decks.bin'), '{"format": "recall-deck-cache", "decks": [');
    expect(loadCollectionCached(decks, state).collection.cards.map((c) => c.front)).toEqual(['Q?']);
  });

  it('gives the sections and headings of an edited file and of the files kept from the cache, before and after saving', () => {
    const part = (n: number) => `# Part ${n}\n\n## Shared?\nA\n\n## Own ${n}?\nB\n`;
    const decks = oldDecks({ 'a.md': part(1) + part(2), 'b.md': part(2) + part(3), 'c.md': part(1) });
    const state = tempDir();
    loadCollectionCached(decks, state).save();
    // The edit brings a heading the other files have, and new ones.
    writeFileSync(join(decks, 'b.md'), part(3) + part(1) + '# New part\n\n## Brand new?\nC\n');
    const edited = loadCollectionCached(decks, state);
    expect(edited.collection.cards.map(plain)).toEqual(loadCollection(decks).cards.map(plain));
    edited.save();
    expect(loadCollectionCached(decks, state).collection.cards.map(plain)).toEqual(loadCollection(decks).cards.map(plain));
  });

  it('makes a session\'s first cards from values read one by one (their ids too), the same cards the columns give', () => {
    const many = Array.from({ length: 40 }, (_, i) => `# Part ${i % 3}\n\n## Q${i}?\nA${i} ${'x'.repeat(i)}\n\nC{{c1::${i}}} and {{c2::${i}}}\n`).join('\n');
    const decks = oldDecks({ 'a.md': DECK, 'b/many.md': many });
    const state = tempDir();
    loadCollectionCached(decks, state).save();
    const fresh = loadCollection(decks).cards.map(plain);
    // From the last card back: the first few made from single values, then from the columns.
    const table = loadCollectionCached(decks, state).collection.table;
    const made = Array.from({ length: table.length }, (_, k) => table.length - 1 - k).map((i) => [i, plain(table.card(i))] as const);
    expect(made.sort((x, y) => x[0] - y[0]).map(([, card]) => card)).toEqual(fresh);
  });

  it('parses the decks afresh, losing nothing, when its index or text file is damaged or gone', () => {
    const decks = oldDecks({ 'a/b.md': DECK, 'c.md': '## Other?\nyes\n' });
    const state = tempDir();
    const fresh = loadCollection(decks).cards.map(plain);
    loadCollectionCached(decks, state).save();
    const index = join(state, 'cache', 'decks.bin');
    const good = readFileSync(index);
    const text = () => join(state, 'cache', readdirSync(join(state, 'cache')).find((f) => f.endsWith('.text'))!);
    const damages: [string, () => void][] = [
      ['cut short', () => writeFileSync(index, good.subarray(0, good.length - 10))],
      ['its header not JSON', () => writeFileSync(index, Buffer.concat([Buffer.from('{"format'), good.subarray(8)]))],
      ['another layout', () => writeFileSync(index, Buffer.from(good.toString('latin1').replace('"layout":', '"layout":9'), 'latin1'))],
      ['a card count that does not add up', () => writeFileSync(index, Buffer.from(good.toString('latin1').replace('"count":', '"count":1'), 'latin1'))],
      ['its text file gone', () => unlinkSync(text())],
      ['its text file cut short', () => writeFileSync(text(), readFileSync(text()).subarray(0, 5))],
      // Values in the columns: the index's file is whole, its places of text are not.
      ['a place of text before the start', () => writeFileSync(index, withColumn(readFileSync(index), TEXT_AT, (c) => (c[0] = -5)))],
      ['a length of text below zero', () => writeFileSync(index, withColumn(readFileSync(index), TEXT_LENGTH, (c) => (c[1] = -1)))],
      ['a place of text past the end', () => writeFileSync(index, withColumn(readFileSync(index), TEXT_AT, (c) => (c[c.length - 1] = 1e12)))],
    ];
    for (const [what, damage] of damages) {
      loadCollectionCached(decks, state).save();
      damage();
      const damaged = readFileSync(index);
      const loaded = loadCollectionCached(decks, state);
      expect(loaded.collection.cards.map(plain), what).toEqual(fresh);
      // The next save replaces the damaged cache with a good one.
      loaded.save();
      expect(existsSync(index) && readFileSync(index).equals(damaged), what).toBe(false);
      expect(loadCollectionCached(decks, state).collection.cards.map(plain), what).toEqual(fresh);
    }
  });

  it('keeps one text file, written before the index that names it', () => {
    const decks = oldDecks({ 'a.md': '## Q?\nA\n' });
    const state = tempDir();
    loadCollectionCached(decks, state).save();
    writeFileSync(join(decks, 'a.md'), '## Q?\nA, longer now\n');
    const second = loadCollectionCached(decks, state);
    second.save();
    expect(readdirSync(join(state, 'cache')).filter((f) => f.endsWith('.text'))).toHaveLength(1);
    expect(loadCollectionCached(decks, state).collection.cards[0]!.back).toBe('A, longer now');
  });
});

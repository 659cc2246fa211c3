// The pieces of an .apkg file as the exporter writes them: one deflate stream compressed in
// chunks on the thread pool, a zip with the sizes in its headers, and the sort field stored as
// SQLite's INTEGER column stores it.
import { constants, inflateRawSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeck } from '../src/core/parse-deck.js';
import { buildApkg } from '../src/export/apkg.js';
import { loadSqlJs } from '../src/import/sql-js.js';
import { crc32, crc32Combine, ParallelDeflate } from '../src/export/parallel-deflate.js';
import { deflated, stored, zipArchive } from '../src/export/zip-writer.js';

const MB = 1 << 20;

/** Bytes that compress some (text-like) and some not (noise). */
function sample(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = (i >> 12) % 3 === 0 ? x >>> 24 : 97 + ((i * 7 + (i >> 9)) % 26);
  }
  return out;
}

describe('a deflate stream made of chunks compressed in parallel', () => {
  it('inflates to the data, the head first, with the CRC and sizes of the whole', async () => {
    for (const length of [0, 1, MB - 1, MB, MB + 1, 3 * MB + 12_345]) {
      const data = sample(length, length);
      const head = sample(4096, 7);
      const deflate = new ParallelDeflate();
      // Written in uneven pieces, as pages and records come.
      for (let at = 0, step = 1; at < data.length; at += step, step = (step * 7 + 3) % 300_000) deflate.write(data.subarray(at, at + step));
      const out = await deflate.finish(head);
      const joined = Buffer.concat(out.chunks);
      const whole = Buffer.concat([head, data]);
      expect(inflateRawSync(joined, { finishFlush: constants.Z_FINISH }).equals(whole)).toBe(true);
      expect(out).toMatchObject({ crc: crc32(whole), size: whole.length, compressedSize: joined.length });
    }
  });

  it('combines CRCs as computing one over the joined bytes does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.uint8Array({ maxLength: 3000 }), (a, b) => {
        expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])));
      }),
    );
  });
});

describe('the zip of a package', () => {
  it('is read back entry for entry, sizes and CRCs in the local headers (no data descriptors)', async () => {
    const deflate = new ParallelDeflate();
    const collection = sample(2 * MB + 5, 3);
    deflate.write(collection);
    const entries = [{ name: 'collection.anki21', method: 8 as const, data: await deflate.finish() }, stored('0', sample(100, 9)), deflated('media', Buffer.from('{"0":"a.png"}'))];
    const zip = Buffer.concat(zipArchive(entries, Date.UTC(2026, 2, 1, 12, 30, 0)));
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['0', 'collection.anki21', 'media']);
    expect(Buffer.from(files['collection.anki21']!).equals(collection)).toBe(true);
    expect(Buffer.from(files['0']!).equals(sample(100, 9))).toBe(true);
    expect(Buffer.from(files.media!).toString()).toBe('{"0":"a.png"}');
    // General purpose flags: no bit 3 (sizes after the data).
    expect(zip.readUInt16LE(6) & 8).toBe(0);
    expect(zip.readUInt32LE(14)).toBe(crc32(collection));
  });
});

describe('the sort field', () => {
  it('is stored as SQLite stores a text in an INTEGER column: numbers as numbers, the rest as text', async () => {
    const fronts = ['42', ' 7 ', '3.50', '1e3', '-0', '0x1A', '12345678901234567890', '9007199254740993', '1_000', 'abc', '2 apples', '4.0'];
    const cards = parseDeck('deck.md', fronts.map((f) => `## ${f}\nanswer\n`).join('\n')).cards;
    const { bytes } = await buildApkg({ cards, now: Date.UTC(2026, 2, 1) });
    const SQL = (await loadSqlJs()) as unknown as { Database: new (data?: Uint8Array) => { exec(sql: string): { values: unknown[][] }[]; run(sql: string, p?: unknown[]): void; close(): void } };
    const db = new SQL.Database(unzipSync(bytes)['collection.anki2']);
    const mine = db.exec('select typeof(sfld), cast(sfld as text) from notes order by id')[0]!.values;
    db.close();
    const sqlite = new SQL.Database();
    sqlite.run('create table t (x integer)');
    for (const card of cards) sqlite.run('insert into t values (?)', [card.front]);
    expect(mine).toEqual(sqlite.exec('select typeof(x), cast(x as text) from t order by rowid')[0]!.values);
    expect(mine.map((r) => r[0])).toContain('integer');
    sqlite.close();
  });
});

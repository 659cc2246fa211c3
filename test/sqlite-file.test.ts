// The SQLite files the .apkg exporter writes page by page (src/export/sqlite-file.ts) are read
// back by SQLite itself (sql.js): the integrity check passes, and every table, index and schema
// row holds what SQLite stores for the same inserts, type for type.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../src/import/sql-js.js';
import { SqliteFileWriter, type BTreeWriter, type SqlValue } from '../src/export/sqlite-file.js';

interface Db {
  exec(sql: string): { columns: string[]; values: unknown[][] }[];
  run(sql: string, params?: unknown[]): void;
  close(): void;
}

async function openDb(bytes?: Uint8Array): Promise<Db> {
  const SQL = (await loadSqlJs()) as unknown as { Database: new (data?: Uint8Array) => Db };
  return new SQL.Database(bytes);
}

const TABLE = 'CREATE TABLE t (id integer primary key, a integer, b text, c integer)';
const INDEX = 'CREATE INDEX ix_t_a on t (a)';

type Row = [rowid: number, a: number | null, b: string | null, c: number | string | null];

/** The file the writer makes of `rows` (rowids rising), with an index on `a`. */
function written(rows: Row[]): Uint8Array {
  const pages: Uint8Array[] = [];
  const file = new SqliteFileWriter((page) => pages.push(page.slice()));
  const table = file.table('t', TABLE);
  const index = file.index('ix_t_a', table, INDEX, ['a']);
  for (const [rowid, a, b, c] of rows) table.insert(rowid, [null, a, b, c]);
  const roots = new Map<BTreeWriter, number>([[table, table.finish()]]);
  // SQLite's index order: NULL first (before -Infinity too), then numbers, then the rowid.
  const order = (x: number | null, y: number | null) => (x === null || y === null ? Number(y === null) - Number(x === null) : x < y ? -1 : x > y ? 1 : 0);
  for (const [rowid, a] of [...rows].sort((x, y) => order(x[1], y[1]) || x[0] - y[0])) index.entry([a, rowid]);
  roots.set(index, index.finish());
  const { page1, pages: count } = file.finish(roots);
  expect(count).toBe(pages.length + 1);
  const bytes = new Uint8Array(count * 4096);
  bytes.set(page1);
  pages.forEach((page, i) => bytes.set(page, (i + 1) * 4096));
  return bytes;
}

/** The same rows inserted by SQLite. */
async function inserted(rows: Row[]): Promise<Db> {
  const db = await openDb();
  db.run(TABLE);
  db.run(INDEX);
  for (const row of rows) db.run('insert into t values (?, ?, ?, ?)', row);
  return db;
}

const contents = (db: Db, sql: string) => db.exec(sql)[0]?.values ?? [];
const ALL = 'select id, typeof(a), a, typeof(b), b, typeof(c), c, cast(c as text) from t order by id';
const BY_INDEX = 'select a, id from t indexed by ix_t_a order by a, id';

async function expectSameAsSqlite(rows: Row[]): Promise<void> {
  const mine = await openDb(written(rows));
  const theirs = await inserted(rows);
  try {
    expect(contents(mine, 'pragma integrity_check')).toEqual([['ok']]);
    expect(contents(mine, ALL)).toEqual(contents(theirs, ALL));
    expect(contents(mine, BY_INDEX)).toEqual(contents(theirs, BY_INDEX));
    expect(contents(mine, 'select type, name, tbl_name, sql from sqlite_master')).toEqual(contents(theirs, 'select type, name, tbl_name, sql from sqlite_master'));
  } finally {
    mine.close();
    theirs.close();
  }
}

const number = fc.oneof(
  fc.integer(),
  fc.integer({ min: -200, max: 200 }),
  fc.constantFrom(0, 1, -1, 127, 128, -129, 32767, 32768, 8388607, -8388609, 2 ** 31, -(2 ** 31) - 1, 2 ** 47, -(2 ** 47) - 1, 2 ** 53, -(2 ** 53), 2 ** 62, 2 ** 63, 1.5, -0, 1e300, Infinity),
  fc.double({ noNaN: true }),
);
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 50 }), fc.string({ minLength: 3000, maxLength: 20_000 }));
/** Texts near SQLite's number syntax: what an INTEGER column turns into a number, and what it leaves alone. */
const numberLike = fc.oneof(
  fc.string({ unit: fc.constantFrom('0', '1', '5', '9', '.', 'e', 'E', '-', '+', ' ', '\t', 'x', '_'), maxLength: 12 }),
  fc.tuple(fc.constantFrom('', ' ', '\n '), fc.constantFrom('', '-', '+'), fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), fc.constantFrom('', '.', '.0', '.5', '.25', 'e3', 'e-2', 'E+19', 'e400', 'e-400', '.000000000000000000001'), fc.constantFrom('', ' ', '\t')).map((parts) => parts.join('')),
  fc.double().map(String),
  fc.constantFrom('9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '2251799813685248', '4503599627370496.0', '1e18', '9.3e18', '0x1A', '1_000', '-0', '-0.0', '00012', '.', '1.', '.5', 'e5', '1e', '1e+', ' 12 ', '12 apples'),
);
const rowsOf = (values: fc.Arbitrary<[number | null, string | null, number | string | null]>, maxLength: number) =>
  fc.array(fc.tuple(fc.integer({ min: 1, max: 1000 }), values), { maxLength }).map((list) => {
    let rowid = 0;
    return list.map(([gap, [a, b, c]]): Row => [(rowid += gap), a, b, c]);
  });

describe('a SQLite file written page by page', () => {
  it('holds what SQLite stores for the same rows: integers of every size, reals, texts long and short, NULL', async () => {
    const values = fc.tuple(fc.option(number), fc.option(text), fc.option(fc.oneof(number, text, numberLike)));
    await fc.assert(fc.asyncProperty(rowsOf(values, 60), (rows) => expectSameAsSqlite(rows)), { numRuns: 60 });
  });

  it('stores a text in an INTEGER column as SQLite does: as an integer, a real, or the text it is', async () => {
    await fc.assert(fc.asyncProperty(rowsOf(fc.tuple(fc.constant(null), fc.constant(null), numberLike), 300), (rows) => expectSameAsSqlite(rows)), { numRuns: 40 });
  });

  it('keeps a table of 120,000 rows and its index balanced over several levels', async () => {
    const rows: Row[] = [];
    for (let i = 0; i < 120_000; i++) rows.push([1_700_000_000_000 + i * 37, (i * 7919) % 5003, i % 1000 === 0 ? 'x'.repeat(5000 + i) : null, i]);
    await expectSameAsSqlite(rows);
  });

  it('never leaves an interior page with a single child, whatever the number of leaves', async () => {
    // Rows of 3 kB take a leaf each; index entries of 1 kB go 4 to a leaf and 4 to an interior
    // page: the levels above end on every count of children. 526 cells fill an interior table
    // page when the rowids run from 1: 528 leaves leave one child over.
    for (const n of [...Array.from({ length: 40 }, (_, i) => i + 1), 527, 528, 529]) {
      const pages: Uint8Array[] = [];
      const file = new SqliteFileWriter((page) => pages.push(page.slice()));
      const table = file.table('t', 'CREATE TABLE t (id integer primary key, b text, c text)');
      const index = file.index('ix_t_b', table, 'CREATE INDEX ix_t_b on t (b)', ['b']);
      const keys = Array.from({ length: n }, (_, i) => `${String(i).padStart(4, '0')}${'x'.repeat(990)}`);
      keys.forEach((b, i) => table.insert(i + 1, [null, b, 'y'.repeat(2000)]));
      const roots = new Map<BTreeWriter, number>([[table, table.finish()]]);
      keys.forEach((b, i) => index.entry([b, i + 1]));
      roots.set(index, index.finish());
      const { page1, pages: count } = file.finish(roots);
      const bytes = new Uint8Array(count * 4096);
      bytes.set(page1);
      pages.forEach((page, i) => bytes.set(page, (i + 1) * 4096));
      const db = await openDb(bytes);
      expect(contents(db, 'pragma integrity_check')).toEqual([['ok']]);
      expect(contents(db, "select count(*), min(id), max(id) from t indexed by ix_t_b where b > ''")).toEqual([[n, 1, n]]);
      db.close();
    }
  });

  it('stores 64-bit integers given as bigints exactly, each in the smallest size that holds it', async () => {
    const values = [0n, 1n, 42n, -129n, 2n ** 31n, 2n ** 47n, -(2n ** 47n) - 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)];
    const pages: Uint8Array[] = [];
    const file = new SqliteFileWriter((page) => pages.push(page.slice()));
    const table = file.table('t', 'CREATE TABLE t (id integer primary key, c integer)');
    values.forEach((v, i) => table.insert(i + 1, [null, v]));
    const { page1, pages: count } = file.finish(new Map([[table, table.finish()]]));
    const bytes = new Uint8Array(count * 4096);
    bytes.set(page1);
    pages.forEach((page, i) => bytes.set(page, (i + 1) * 4096));
    const db = await openDb(bytes);
    expect(contents(db, 'select typeof(c), cast(c as text) from t order by id')).toEqual(values.map((v) => ['integer', String(v)]));
    db.close();
  });

  it('refuses rows out of rowid order and values SQLite could not store as given', () => {
    const file = new SqliteFileWriter(() => {});
    const table = file.table('t', TABLE);
    table.insert(5, [null, 1, 'x', 2]);
    expect(() => table.insert(5, [null, 1, 'x', 2])).toThrow(/rowid 5 after 5/);
    expect(() => table.insert(6, [null, NaN, 'x', 2])).toThrow(/NOT NULL constraint failed: a/);
    expect(() => table.insert(7, [null, 2n ** 64n as SqlValue, 'x', 2])).toThrow(/does not fit in 64 bits/);
    expect(() => table.insert(8, [null, 1, 2, 2])).toThrow(/b is a TEXT column/);
    expect(() => file.table('r', 'CREATE TABLE r (x real)')).toThrow(/only INTEGER and TEXT columns/);
  });
});

// Writes a SQLite database file page by page, as https://www.sqlite.org/fileformat2.html
// describes it, for tables filled once: rows arrive in rowid order and each b-tree is built
// bottom-up, leaves packed full as SQLite's own appends leave them, interior levels on top. Pages
// leave in page-number order as they are made (only page 1, which names every table's root, is
// made last), so a collection of a million rows is never held whole: the .apkg exporter
// compresses the pages as they come. Building it through SQLite (sql.js) held the database
// twice, its file and its exported copy, and spent most of its time binding values.
//
// What it writes is what SQLite itself would store for the same inserts: records in SQLite's
// format with its integer sizes, a rowid alias stored as NULL, and values given their column's
// affinity as the CREATE TABLE statement declares it (a number-like text in an INTEGER column is
// stored as a number, as SQLite does). The tests read every file it makes back through SQLite
// and compare.

const PAGE = 4096;
/** Largest payload kept whole on a table leaf, on an index page (fileformat2 §1.6: X). */
const TABLE_MAX_LOCAL = PAGE - 35;
const INDEX_MAX_LOCAL = Math.floor(((PAGE - 12) * 64) / 255) - 23;
/** The least kept on the page when a payload spills to overflow pages (M), and each overflow page's share. */
const MIN_LOCAL = Math.floor(((PAGE - 12) * 32) / 255) - 23;
const OVERFLOW_SHARE = PAGE - 4;

const LEAF_TABLE = 0x0d;
const INTERIOR_TABLE = 0x05;
const LEAF_INDEX = 0x0a;
const INTERIOR_INDEX = 0x02;

/** A column value: integers and reals as SQLite stores numbers, text, or NULL. */
export type SqlValue = number | bigint | string | null;

/** Bytes a varint of `v` (a non-negative safe integer) takes. */
function varintLength(v: number): number {
  let n = 1;
  while (v >= 0x80 && n < 9) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Writes `v` (a non-negative integer below 2^56) as a SQLite varint at `at`; returns the position after it. */
function writeVarint(buf: Uint8Array, at: number, v: number): number {
  if (v < 0x80) {
    buf[at] = v;
    return at + 1;
  }
  const n = varintLength(v);
  for (let i = n - 1; i >= 0; i--) {
    buf[at + i] = (v % 128) | (i === n - 1 ? 0 : 0x80);
    v = Math.floor(v / 128);
  }
  return at + n;
}

/** Serial type (fileformat2 §2.1) of an integer: the smallest that holds it; 0 and 1 take no body. */
function integerType(v: number | bigint): number {
  if (v == 0) return 8;
  if (v == 1) return 9;
  if (v >= -128 && v < 128) return 1;
  if (v >= -32768 && v < 32768) return 2;
  if (v >= -8388608 && v < 8388608) return 3;
  if (v >= -2147483648 && v < 2147483648) return 4;
  if (v >= -140737488355328 && v < 140737488355328) return 5;
  return 6;
}

/** How a column converts what is stored in it (https://sqlite.org/datatype3.html#affinity_name_examples). */
type Affinity = 'integer' | 'text';

export interface Column {
  name: string;
  affinity: Affinity;
}

/**
 * The columns of a CREATE TABLE statement with no constraints between parentheses, such as
 * Anki's: each name with its type's affinity. Only INTEGER and TEXT affinities are written
 * (Anki's schema has no other).
 */
export function tableColumns(sql: string): Column[] {
  const body = /\((.*)\)\s*$/s.exec(sql)?.[1];
  if (body === undefined || body.includes('(')) throw new Error(`not a CREATE TABLE statement this writer reads: ${sql}`);
  return body.split(',').map((definition) => {
    const [name, ...rest] = definition.trim().split(/\s+/);
    const type = rest.join(' ').toUpperCase();
    const affinity: Affinity | undefined = type.includes('INT') ? 'integer' : /CHAR|CLOB|TEXT/.test(type) ? 'text' : undefined;
    if (!name || !affinity) throw new Error(`column "${definition.trim()}": only INTEGER and TEXT columns are written`);
    return { name, affinity };
  });
}

/** A text as SQLite's number reader takes it whole (sqlite3AtoF): sign, digits, point, exponent, spaces around. */
const NUMBER_TEXT = /^[ \t\n\v\f\r]*([-+]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([-+]?[0-9]+))?[ \t\n\v\f\r]*$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** sqlite3AtoF keeps adding digits to its 64-bit significand only while it is below this. */
const SIGNIFICAND_FULL = (2n ** 64n - 1n - 9n) / 10n;

/**
 * The real SQLite reads from a number's parts: its significand keeps about the first 19
 * significant digits and drops the rest (not rounding them), then the nearest double to
 * significand × 10^exponent (sqlite3AtoF of SQLite 3.54, sql.js 1.16's; older SQLites may round a
 * number of more than 19 digits differently, as they may differ from each other).
 */
function sqliteReal(negative: boolean, whole: string, fraction: string, exponent: number): number {
  let s = 0n;
  let d = exponent;
  let i = 0;
  for (; i < whole.length && s < SIGNIFICAND_FULL; i++) s = s * 10n + BigInt(whole.charCodeAt(i) - 48);
  d += whole.length - i;
  for (i = 0; i < fraction.length && s < SIGNIFICAND_FULL; i++, d--) s = s * 10n + BigInt(fraction.charCodeAt(i) - 48);
  const r = s === 0n ? 0 : Number(`${s}e${d}`);
  return negative ? -r : r;
}

/**
 * `text` as a column of INTEGER affinity stores it (sqlite3's applyNumericAffinity): a number
 * written as an integer that fits in 64 bits is that integer; any other number is a real, kept
 * as an integer when it is a whole number inside the 64-bit range (sqlite3VdbeIntegerAffinity);
 * anything else (hex, digit separators, words) stays text.
 */
function integerAffinity(text: string): number | bigint | string {
  const m = NUMBER_TEXT.exec(text);
  if (!m) return text;
  const [, sign, whole, fraction, exponent] = m as unknown as [string, string, string, string | undefined, string | undefined];
  if (whole === '' && !fraction) return text;
  if (fraction === undefined && exponent === undefined) {
    const n = BigInt(sign + whole);
    if (n >= INT64_MIN && n <= INT64_MAX) return Number.isSafeInteger(Number(n)) ? Number(n) : n;
  }
  const real = sqliteReal(sign === '-', whole, fraction ?? '', Math.max(-10_000, Math.min(10_000, Number(exponent ?? 0))));
  if (!Number.isInteger(real) || real <= -(2 ** 63) || real >= 2 ** 63) return real;
  return Number.isSafeInteger(real) ? real + 0 : BigInt(real);
}

/** Body size of each serial type up to 9 (text and blobs count their length). */
const TYPE_SIZE = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0];

/** Encodes records into a reusable buffer. */
class RecordEncoder {
  buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  /** buf as a Buffer, to write texts into as UTF-8. */
  private text = Buffer.from(this.buf.buffer);
  private types = new Int32Array(64);
  /** Each value of the record being encoded as stored (other slots are stale). */
  private readonly stored: SqlValue[] = [];

  private room(n: number): void {
    if (n <= this.buf.length) return;
    let size = this.buf.length;
    while (size < n) size *= 2;
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
    this.text = Buffer.from(this.buf.buffer);
  }

  /**
   * The record of `values` in buf[0, length), each stored as its column's affinity stores it:
   * in an INTEGER column a whole number that fits in 64 bits is an integer, any other number a
   * real, a number-like text a number; a TEXT column takes only texts (and NULL).
   */
  encode(values: readonly SqlValue[], columns: readonly Column[]): number {
    if (values.length > this.types.length) this.types = new Int32Array(values.length);
    const types = this.types;
    const stored = this.stored;
    let header = 0;
    let body = 0;
    for (let i = 0; i < values.length; i++) {
      const column = columns[i]!;
      let v = values[i]!;
      if (typeof v === 'string' && column.affinity === 'integer') v = integerAffinity(v);
      else if (v !== null && typeof v !== 'string' && column.affinity === 'text') throw new Error(`${column.name} is a TEXT column: give it text, not ${v}`);
      stored[i] = v;
      let type: number;
      if (v === null) type = 0;
      else if (typeof v === 'string') {
        // Measured now, written straight into the record below: no buffer made for each text.
        const length = Buffer.byteLength(v, 'utf8');
        type = length * 2 + 13;
        body += length;
      } else if (typeof v === 'bigint') {
        if (v < INT64_MIN || v > INT64_MAX) throw new Error(`${column.name}: ${v} does not fit in 64 bits`);
        type = integerType(v);
      } else if (Number.isNaN(v)) {
        throw new Error(`NOT NULL constraint failed: ${column.name} is not a number`);
      } else {
        // As SQLite's INTEGER affinity has it (sqlite3VdbeIntegerAffinity): 64-bit limits excluded.
        type = Number.isInteger(v) && v > -(2 ** 63) && v < 2 ** 63 ? integerType(v) : 7;
      }
      if (type < 13) body += TYPE_SIZE[type]!;
      types[i] = type;
      header += type < 128 ? 1 : varintLength(type);
    }
    // The header's own length counts its length varint.
    const headerLength = header + 1 < 128 ? header + 1 : header + varintLength(header + 2);
    this.room(headerLength + body);
    const buf = this.buf;
    const view = this.view;
    let at = writeVarint(buf, 0, headerLength);
    for (let i = 0; i < values.length; i++) at = writeVarint(buf, at, types[i]!);
    for (let i = 0; i < values.length; i++) {
      const type = types[i]!;
      const v = stored[i];
      if (type === 0 || type === 8 || type === 9) continue;
      if (type >= 13) {
        at += this.text.write(v as string, at, 'utf8');
      } else if (type === 7) {
        view.setFloat64(at, v as number);
        at += 8;
      } else if (type === 6 && !(typeof v === 'number' && Number.isSafeInteger(v))) {
        view.setBigInt64(at, BigInt(v as number | bigint));
        at += 8;
      } else {
        const n = Number(v);
        if (type === 1) view.setInt8(at, n);
        else if (type === 2) view.setInt16(at, n);
        else if (type === 3) {
          view.setInt8(at, n >> 16);
          view.setUint16(at + 1, n & 0xffff);
        } else if (type === 4) view.setInt32(at, n);
        else {
          const high = Math.floor(n / 2 ** 32);
          if (type === 5) view.setInt16(at, high);
          else view.setInt32(at, high);
          view.setUint32(at + (type === 5 ? 2 : 4), n - high * 2 ** 32);
        }
        at += TYPE_SIZE[type]!;
      }
    }
    return at;
  }
}

/** A b-tree page being filled: cell pointers grow from the header down, cells from the end up. */
class PageBuilder {
  readonly bytes = new Uint8Array(PAGE);
  cells = 0;
  private content = PAGE;

  constructor(
    readonly kind: number,
    private readonly headerAt = 0,
  ) {}

  private get headerSize(): number {
    return this.kind === INTERIOR_TABLE || this.kind === INTERIOR_INDEX ? 12 : 8;
  }

  /** Room left for one more cell of `size` bytes and its pointer. */
  fits(size: number): boolean {
    return this.headerAt + this.headerSize + 2 * (this.cells + 1) + size <= this.content;
  }

  /** Space for a cell of `size` bytes: where to write it. */
  add(size: number): number {
    this.content -= size;
    const pointer = this.headerAt + this.headerSize + 2 * this.cells++;
    this.bytes[pointer] = this.content >> 8;
    this.bytes[pointer + 1] = this.content & 0xff;
    return this.content;
  }

  /** Hands the finished page to `emit` (which must copy what it keeps), then starts over: its page number. */
  finish(emit: (page: Uint8Array) => number, rightChild = 0): number {
    const b = this.bytes;
    const h = this.headerAt;
    b[h] = this.kind;
    b[h + 3] = this.cells >> 8;
    b[h + 4] = this.cells & 0xff;
    b[h + 5] = this.content >> 8;
    b[h + 6] = this.content & 0xff;
    if (this.kind === INTERIOR_TABLE || this.kind === INTERIOR_INDEX) new DataView(b.buffer).setUint32(h + 8, rightChild);
    const page = emit(b);
    b.fill(0);
    this.cells = 0;
    this.content = PAGE;
    return page;
  }
}

/** One level above the leaves: children and the separators between them (a key, or an index entry). */
interface Level {
  children: number[];
  separators: (number | Uint8Array)[];
}

/** A table or an index being written: its leaves as they fill, then the levels above them. */
export class BTreeWriter {
  private readonly leaf: PageBuilder;
  private readonly level: Level = { children: [], separators: [] };
  private lastKey = -Infinity;
  /**
   * In an index, an entry that did not fit the full leaf `held`: when another entry follows, it
   * separates that leaf from the next; when none does, the leaf's last entry separates them.
   */
  private pendingEntry: Uint8Array | undefined;
  private held: Uint8Array | undefined;

  constructor(
    private readonly file: SqliteFileWriter,
    readonly name: string,
    readonly table: string,
    readonly sql: string,
    readonly columns: readonly Column[],
    readonly index: boolean,
  ) {
    this.leaf = new PageBuilder(index ? LEAF_INDEX : LEAF_TABLE);
  }

  /** A table row; rowids must rise. The rowid alias column, if any, is given as null. */
  insert(rowid: number, values: readonly SqlValue[]): void {
    if (this.index) throw new Error(`${this.name} is an index`);
    if (!(rowid > this.lastKey) || !Number.isSafeInteger(rowid) || rowid < 0) throw new Error(`${this.name}: rowid ${rowid} after ${this.lastKey}`);
    const records = this.file.records;
    const payload = records.encode(values, this.columns);
    const local = payload <= TABLE_MAX_LOCAL ? payload : localSize(payload, TABLE_MAX_LOCAL);
    const size = varintLength(payload) + varintLength(rowid) + local + (local < payload ? 4 : 0);
    if (!this.leaf.fits(size)) this.flushLeaf();
    const first = local < payload ? this.file.overflow(records.buf, local, payload) : 0;
    const at = this.leaf.add(size);
    const bytes = this.leaf.bytes;
    let p = writeVarint(bytes, at, payload);
    p = writeVarint(bytes, p, rowid);
    bytes.set(records.buf.subarray(0, local), p);
    if (first) new DataView(bytes.buffer).setUint32(p + local, first);
    this.lastKey = rowid;
  }

  /** An index entry (its key columns, then the rowid); entries must come in SQLite's index order. */
  entry(values: readonly SqlValue[]): void {
    if (!this.index) throw new Error(`${this.name} is a table`);
    const records = this.file.records;
    const n = records.encode(values, this.columns);
    if (n > INDEX_MAX_LOCAL) throw new Error(`${this.name}: an index entry of ${n} bytes would spill to overflow pages`);
    const entry = records.buf.subarray(0, n);
    if (this.pendingEntry) {
      // An entry follows the one that did not fit: that one separates the held leaf from the leaf that starts now.
      this.level.children.push(this.file.emit(this.held!));
      this.level.separators.push(this.pendingEntry);
      this.held = this.pendingEntry = undefined;
    }
    const size = varintLength(n) + n;
    if (!this.leaf.fits(size)) {
      this.leaf.finish((page) => {
        this.held = page.slice();
        return 0;
      });
      this.pendingEntry = entry.slice();
      return;
    }
    const at = this.leaf.add(size);
    this.leaf.bytes.set(entry, writeVarint(this.leaf.bytes, at, n));
  }

  private flushLeaf(): void {
    this.level.children.push(this.leaf.finish(this.file.emit));
    if (!this.index) this.level.separators.push(this.lastKey);
  }

  /** Writes what is left; returns the root page. */
  finish(): number {
    if (this.pendingEntry) {
      // No entry came after the one that did not fit: the held leaf gives up its last entry to
      // separate it from a leaf of that one alone.
      const entry = this.pendingEntry;
      this.level.separators.push(takeLastCell(this.held!));
      this.level.children.push(this.file.emit(this.held!));
      this.held = this.pendingEntry = undefined;
      const at = this.leaf.add(varintLength(entry.length) + entry.length);
      this.leaf.bytes.set(entry, writeVarint(this.leaf.bytes, at, entry.length));
    }
    if (this.leaf.cells > 0 || this.level.children.length === 0) {
      this.level.children.push(this.leaf.finish(this.file.emit));
    } else if (!this.index) {
      this.level.separators.pop(); // the last leaf's key: nothing to its right
    }
    let level = this.level;
    while (level.children.length > 1) level = this.buildLevel(level);
    return level.children[0]!;
  }

  /** The interior pages over `below`, and the level they make. */
  private buildLevel(below: Level): Level {
    const { children, separators } = below;
    const n = children.length - 1;
    const cellSize = (s: number | Uint8Array) => 4 + (typeof s === 'number' ? varintLength(s) : varintLength(s.length) + s.length);
    // Pages as runs of children [a, b]: cells for a..b-1, b the right child; separator b goes up.
    const runs: [number, number][] = [];
    for (let a = 0; a <= n; ) {
      let used = 12;
      let b = a;
      while (b < n && used + 2 + cellSize(separators[b]!) <= PAGE) used += 2 + cellSize(separators[b++]!);
      if (b === a && a < n) throw new Error(`${this.name}: an entry too large for an interior page`);
      runs.push([a, b]);
      a = b + 1;
    }
    // A page below the root needs a cell: the last one takes one child from the page before it.
    const last = runs.at(-1)!;
    if (runs.length > 1 && last[0] === last[1]) {
      const before = runs.at(-2)!;
      before[1]--;
      last[0]--;
      if (before[0] === before[1]) throw new Error(`${this.name}: entries too large to balance`);
    }
    const kind = this.index ? INTERIOR_INDEX : INTERIOR_TABLE;
    const page = new PageBuilder(kind);
    const up: Level = { children: [], separators: [] };
    runs.forEach(([a, b], r) => {
      for (let i = a; i < b; i++) {
        const s = separators[i]!;
        const at = page.add(cellSize(s));
        new DataView(page.bytes.buffer).setUint32(at, children[i]!);
        if (typeof s === 'number') writeVarint(page.bytes, at + 4, s);
        else page.bytes.set(s, writeVarint(page.bytes, at + 4, s.length));
      }
      up.children.push(page.finish(this.file.emit, children[b]!));
      if (r < runs.length - 1) up.separators.push(separators[b]!);
    });
    return up;
  }
}

/** Reads the varint at `at`: its value and the position after it. */
function readVarint(buf: Uint8Array, at: number): [number, number] {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    const byte = buf[at + i]!;
    v = v * 128 + (byte & 0x7f);
    if (byte < 0x80) return [v, at + i + 1];
  }
  return [v * 256 + buf[at + 8]!, at + 9];
}

/** Removes the last cell added to a finished index leaf; returns its payload (the entry). */
function takeLastCell(page: Uint8Array): Uint8Array {
  const cells = (page[3]! << 8) | page[4]!;
  const pointer = 8 + 2 * (cells - 1);
  const at = (page[pointer]! << 8) | page[pointer + 1]!;
  const [length, from] = readVarint(page, at);
  const entry = page.slice(from, from + length);
  page.fill(0, at, from + length);
  page.fill(0, pointer, pointer + 2);
  page[3] = (cells - 1) >> 8;
  page[4] = (cells - 1) & 0xff;
  const content = from + length;
  page[5] = content >> 8;
  page[6] = content & 0xff;
  return entry;
}

/** How much of a payload of `size` bytes stays on a table leaf (fileformat2 §1.6: K or M). */
function localSize(size: number, maxLocal: number): number {
  const k = MIN_LOCAL + ((size - MIN_LOCAL) % OVERFLOW_SHARE);
  return k <= maxLocal ? k : MIN_LOCAL;
}

/** sqlite_schema's columns (fileformat2 §2.6). */
// not-ui: SQL
const SCHEMA_COLUMNS = tableColumns('CREATE TABLE sqlite_schema (type text, name text, tbl_name text, rootpage integer, sql text)');

/**
 * A database file written from page 2 on, each page handed to `sink` as soon as it is made (in
 * a buffer used again once the sink returns: it copies what it keeps); `finish` returns page 1
 * (header and schema) and the file's size in pages.
 */
export class SqliteFileWriter {
  readonly records = new RecordEncoder();
  private nextPage = 2;
  private readonly trees: BTreeWriter[] = [];

  constructor(private readonly sink: (page: Uint8Array) => void) {}

  /** A table; `sql` is its CREATE TABLE statement, which gives its columns and their affinities. */
  table(name: string, sql: string): BTreeWriter {
    const tree = new BTreeWriter(this, name, name, sql, tableColumns(sql), false);
    this.trees.push(tree);
    return tree;
  }

  /** An index of `table`; `columns` name its key columns (the rowid follows them). */
  index(name: string, table: BTreeWriter, sql: string, columns: readonly string[]): BTreeWriter {
    const keys = columns.map((c) => {
      const key = table.columns.find((t) => t.name === c);
      if (!key) throw new Error(`${name}: ${table.name} has no column ${c}`);
      return key;
    });
    const tree = new BTreeWriter(this, name, table.name, sql, [...keys, { name: 'rowid', affinity: 'integer' }], true);
    this.trees.push(tree);
    return tree;
  }

  /** Hands a finished page to the sink (which copies it): its page number. */
  readonly emit = (page: Uint8Array): number => {
    this.sink(page);
    return this.nextPage++;
  };

  /** Writes payload[from, to) to a chain of overflow pages: the first one's number. */
  overflow(payload: Uint8Array, from: number, to: number): number {
    const first = this.nextPage;
    for (let at = from; at < to; at += OVERFLOW_SHARE) {
      const page = new Uint8Array(PAGE);
      const end = Math.min(to, at + OVERFLOW_SHARE);
      if (end < to) new DataView(page.buffer).setUint32(0, this.nextPage + 1);
      page.set(payload.subarray(at, end), 4);
      this.emit(page);
    }
    return first;
  }

  /** Page 1: the file header and the schema, each table and index with its root page. */
  finish(roots: ReadonlyMap<BTreeWriter, number>): { page1: Uint8Array; pages: number } {
    const pages = this.nextPage - 1;
    const schema = new PageBuilder(LEAF_TABLE, 100);
    this.trees.forEach((tree, i) => {
      const root = roots.get(tree);
      if (root === undefined) throw new Error(`${tree.name} was not finished`);
      const n = this.records.encode([tree.index ? 'index' : 'table', tree.name, tree.table, root, tree.sql], SCHEMA_COLUMNS);
      const size = varintLength(n) + varintLength(i + 1) + n;
      if (n > TABLE_MAX_LOCAL || !schema.fits(size)) throw new Error('the schema does not fit on page 1');
      const at = schema.add(size);
      schema.bytes.set(this.records.buf.subarray(0, n), writeVarint(schema.bytes, writeVarint(schema.bytes, at, n), i + 1));
    });
    let page1 = new Uint8Array(0);
    schema.finish((page) => {
      page1 = page.slice();
      return 1;
    });
    const header = new DataView(page1.buffer);
    page1.set(Buffer.from('SQLite format 3\0', 'latin1'), 0); // not-ui: the file format's magic string
    header.setUint16(16, PAGE);
    page1[18] = 1; // file format write and read versions: legacy (rollback journal)
    page1[19] = 1;
    page1[20] = 0; // reserved bytes per page
    page1[21] = 64; // payload fractions, fixed by the format
    page1[22] = 32;
    page1[23] = 32;
    header.setUint32(24, 1); // change counter
    header.setUint32(28, pages); // size in pages, valid as the change counter matches offset 92
    header.setUint32(40, 1); // schema cookie
    header.setUint32(44, 4); // schema format 4
    header.setUint32(56, 1); // UTF-8
    header.setUint32(92, 1); // version-valid-for: the change counter it was written at
    header.setUint32(96, 3_054_001); // the SQLite version it was checked against (sql.js 1.16)
    return { page1, pages };
  }
}

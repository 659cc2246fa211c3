// The layout of recall's binary caches: a JSON header line, then columns, each 8-byte aligned
// so a typed array can view it where it lies. A column is a typed array of numbers or a string
// (UTF-8). The header records each column's length, so a file is read without knowing them.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const ALIGN = 8;
const pad = (n: number) => (ALIGN - (n % ALIGN)) % ALIGN;

type TypedArray = Float64Array | Int32Array | Uint32Array | Uint8Array | Int8Array;
type TypedArrayType = Float64ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor | Uint8ArrayConstructor | Int8ArrayConstructor;

/** A column's kind: a typed array type, or 'utf8' for a string. */
export type ColumnKind = TypedArrayType | 'utf8';
export type ColumnValue<K extends ColumnKind> = K extends 'utf8' ? string : K extends TypedArrayType ? InstanceType<K> : never;

interface Envelope {
  format: string;
  layout: number;
  /** Each column's length: elements for a typed array, bytes for a string. */
  lengths: number[];
}

/**
 * The file's bytes as the pieces they are made of (the columns themselves, not a copy: a writer
 * puts them on disk one after the other, and a cache of megabytes is not held twice): `header`
 * (any JSON) with the format, then the columns in order.
 */
export function columnParts(format: string, layout: number, header: object, columns: (TypedArray | string)[]): Buffer[] {
  const bodies = columns.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
  const lengths = columns.map((c, i) => (typeof c === 'string' ? bodies[i]!.length : c.length));
  const head = Buffer.from(JSON.stringify({ ...header, format, layout, lengths } satisfies Envelope) + '\n', 'utf8');
  const parts: Buffer[] = [head, Buffer.alloc(pad(head.length), 32)];
  for (const body of bodies) parts.push(body, Buffer.alloc(pad(body.length)));
  return parts;
}


/**
 * The header and the columns of a file written from columnParts with these kinds, or undefined
 * when it is another format or layout, or cut short. Typed arrays view one aligned copy of the
 * data (no per-value objects).
 */
export function decodeColumns<H extends object, const K extends readonly ColumnKind[]>(
  data: Buffer,
  format: string,
  layout: number,
  kinds: K,
): { header: H; columns: { [I in keyof K]: ColumnValue<K[I]> } } | undefined {
  const nl = data.indexOf(10);
  if (nl === -1) return undefined;
  let header: H & Envelope;
  try {
    header = JSON.parse(data.toString('utf8', 0, nl)) as H & Envelope;
  } catch {
    return undefined;
  }
  if (header.format !== format || header.layout !== layout || !Array.isArray(header.lengths) || header.lengths.length !== kinds.length) return undefined;
  const bytes = data.byteOffset % ALIGN === 0 ? data : Buffer.from(new Uint8Array(data));
  let offset = nl + 1 + pad(nl + 1);
  const columns: (TypedArray | string)[] = [];
  for (const [i, kind] of kinds.entries()) {
    const length = header.lengths[i]!;
    const size = kind === 'utf8' ? length : length * kind.BYTES_PER_ELEMENT;
    if (!Number.isInteger(length) || length < 0 || offset + size > bytes.length) return undefined;
    columns.push(kind === 'utf8' ? bytes.toString('utf8', offset, offset + size) : new kind(bytes.buffer as ArrayBuffer, bytes.byteOffset + offset, length));
    offset += size + pad(size);
  }
  if (offset !== bytes.length) return undefined;
  return { header, columns: columns as { [I in keyof K]: ColumnValue<K[I]> } };
}

/**
 * A file written from columnParts, opened to read a column at a time: the header at once, each
 * column when first asked for, so a start-up that needs a few of many columns reads only those.
 * The file stays open, so every column comes from the version of the file the header was read
 * from (a newer one replaces it by a rename, which leaves this one readable). A command that is
 * done lets go of its files (releaseColumnFiles); a column asked for after that opens the file
 * again, and only if its header is still byte for byte the same.
 */
export class ColumnReader<H extends object, const K extends readonly ColumnKind[]> {
  #fd: number | undefined;
  readonly #path: string;
  readonly #head: Buffer;
  readonly #kinds: K;
  readonly #offsets: number[];
  readonly #lengths: number[];
  readonly #read = new Map<number, TypedArray | string>();

  private constructor(path: string, fd: number, head: Buffer, readonly header: H, kinds: K, offsets: number[], lengths: number[]) {
    this.#path = path;
    this.#fd = fd;
    this.#head = head;
    this.#kinds = kinds;
    this.#offsets = offsets;
    this.#lengths = lengths;
    openReaders.add(this);
  }

  /**
   * Opens `path`, or gives undefined when it is missing, another format or layout, or not as
   * long as its header says.
   */
  static open<H extends object, const K extends readonly ColumnKind[]>(path: string, format: string, layout: number, kinds: K): ColumnReader<H, K> | undefined {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return undefined;
    }
    try {
      const head = readHead(fd);
      const header = JSON.parse(head.toString('utf8')) as H & Envelope;
      if (header.format !== format || header.layout !== layout || !Array.isArray(header.lengths) || header.lengths.length !== kinds.length) throw new Error('another format');
      const offsets: number[] = [];
      let offset = head.length + 1 + pad(head.length + 1);
      for (const [i, kind] of kinds.entries()) {
        const length = header.lengths[i]!;
        if (!Number.isInteger(length) || length < 0) throw new Error('bad length');
        const bytes = kind === 'utf8' ? length : length * kind.BYTES_PER_ELEMENT;
        offsets.push(offset);
        offset += bytes + pad(bytes);
      }
      if (offset !== fstatSync(fd).size) throw new Error('cut short');
      return new ColumnReader<H, K>(path, fd, head, header, kinds, offsets, header.lengths);
    } catch {
      closeSync(fd);
      return undefined;
    }
  }

  /** Column i's length (elements, or bytes of a string), without reading it. */
  length(i: number): number {
    return this.#lengths[i]!;
  }

  /** Column i, read on first use (into memory of its own, aligned for its type). */
  column<I extends number>(i: I): ColumnValue<K[I]> {
    let value = this.#read.get(i);
    if (value === undefined) {
      const fd = this.#open();
      const kind = this.#kinds[i]!;
      const length = this.#lengths[i]!;
      const bytes = kind === 'utf8' ? length : length * kind.BYTES_PER_ELEMENT;
      const buffer = new ArrayBuffer(bytes);
      const view = new Uint8Array(buffer);
      for (let got = 0; got < bytes; ) {
        const n = readSync(fd, view, got, bytes - got, this.#offsets[i]! + got);
        if (n <= 0) throw new Error(`${this.#path} was cut short while recall read it`);
        got += n;
      }
      value = kind === 'utf8' ? Buffer.from(buffer).toString('utf8') : new kind(buffer);
      this.#read.set(i, value);
      if (this.#read.size === this.#kinds.length) this.release();
    }
    return value as ColumnValue<K[I]>;
  }

  /**
   * Element `index` of column i (a typed array's): from the column when it was read, else read
   * alone from the file (a session's first card needs a few values of columns of 100k).
   */
  at(i: number, index: number): number {
    const read = this.#read.get(i);
    if (read !== undefined) return (read as TypedArray)[index]!;
    const kind = this.#kinds[i] as TypedArrayType;
    if (!(index >= 0 && index < this.#lengths[i]!)) return NaN;
    const value = new kind(1);
    const bytes = new Uint8Array(value.buffer);
    if (readSync(this.#open(), bytes, 0, bytes.length, this.#offsets[i]! + index * kind.BYTES_PER_ELEMENT) !== bytes.length) {
      throw new Error(`${this.#path} was cut short while recall read it`);
    }
    return value[0]!;
  }

  /**
   * The first `count` elements of column i (a typed array's): from the column when it was read,
   * else only those read from the file (a start needs the part of a long column before a time).
   */
  prefix<I extends number>(i: I, count: number): ColumnValue<K[I]> {
    const read = this.#read.get(i);
    if (read !== undefined) return (read as TypedArray).subarray(0, count) as ColumnValue<K[I]>;
    const kind = this.#kinds[i] as TypedArrayType;
    if (!(count >= 0 && count <= this.#lengths[i]!)) throw new Error(`${this.#path} has no ${count} values in column ${i}`);
    const value = new kind(count);
    const bytes = new Uint8Array(value.buffer);
    const fd = this.#open();
    for (let got = 0; got < bytes.length; ) {
      const n = readSync(fd, bytes, got, bytes.length - got, this.#offsets[i]! + got);
      if (n <= 0) throw new Error(`${this.#path} was cut short while recall read it`);
      got += n;
    }
    return value as ColumnValue<K[I]>;
  }

  /** Bytes `from` up to `to` of column i (a Uint8Array's), read alone when the column is not read. */
  slice(i: number, from: number, to: number): Uint8Array {
    const read = this.#read.get(i);
    if (read !== undefined) return (read as Uint8Array).subarray(from, to);
    const bytes = new Uint8Array(to - from);
    if (readSync(this.#open(), bytes, 0, bytes.length, this.#offsets[i]! + from) !== bytes.length) {
      throw new Error(`${this.#path} was cut short while recall read it`);
    }
    return bytes;
  }

  /** The open file, opened again after a release if it is still the same (its header unchanged). */
  #open(): number {
    if (this.#fd !== undefined) return this.#fd;
    const fd = openSync(this.#path, 'r');
    try {
      if (!readHead(fd).equals(this.#head)) throw new Error(`${this.#path} changed while recall read it`);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    this.#fd = fd;
    openReaders.add(this);
    return fd;
  }

  /** Lets go of the file (a column asked for later opens it again). */
  release(): void {
    openReaders.delete(this);
    if (this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch {
      // Already closed.
    }
    this.#fd = undefined;
  }
}

/** The header line of a column file, without its newline (read in growing pieces: a deck index names every section). */
function readHead(fd: number): Buffer {
  const size = fstatSync(fd).size;
  let head = Buffer.alloc(0);
  while (head.length < size) {
    // Most headers are a few kilobytes: a first read of 64 KB cost more than the header's parse.
    const more = Buffer.allocUnsafe(Math.min(size - head.length, Math.max(4096, 4 * head.length)));
    const n = readSync(fd, more, 0, more.length, head.length);
    if (n <= 0) break;
    const nl = more.subarray(0, n).indexOf(10);
    if (nl !== -1) return Buffer.concat([head, more.subarray(0, nl)]);
    head = Buffer.concat([head, more.subarray(0, n)]);
  }
  throw new Error('no header line');
}

/** The readers holding a file open now. */
const openReaders = new Set<ColumnReader<object, readonly ColumnKind[]>>();

/** Lets go of every column file held open: a command calls it when it is done with its caches. */
export function releaseColumnFiles(): void {
  for (const reader of [...openReaders]) reader.release();
}

// The layout of recall's binary caches: a JSON header line, then columns, each 8-byte aligned
// so a typed array can view it where it lies. A column is a typed array of numbers or a string
// (UTF-8). The header records each column's length, so a file is read without knowing them.
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

/** The file's bytes: `header` (any JSON) with the format, then the columns in order. */
export function encodeColumns(format: string, layout: number, header: object, columns: (TypedArray | string)[]): Buffer {
  const bodies = columns.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
  const lengths = columns.map((c, i) => (typeof c === 'string' ? bodies[i]!.length : c.length));
  const head = Buffer.from(JSON.stringify({ ...header, format, layout, lengths } satisfies Envelope) + '\n', 'utf8');
  const parts: Buffer[] = [head, Buffer.alloc(pad(head.length), 32)];
  for (const body of bodies) parts.push(body, Buffer.alloc(pad(body.length)));
  return Buffer.concat(parts);
}

/**
 * The header and the columns of a file written by encodeColumns with these kinds, or undefined
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

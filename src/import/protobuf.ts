// The few protobuf messages an Anki package holds (its `meta`, the media list, note type and
// template settings) read field by field from the wire format: varints and length-delimited
// fields are all they use. Unknown fields are skipped, as protobuf requires.
import { m } from '../i18n/index.js';

export type ProtoValue = number | Uint8Array;

export class ProtoError extends Error {}

function varint(bytes: Uint8Array, at: { i: number }): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (at.i >= bytes.length) throw new ProtoError(m.anki.proto.numberPastEnd);
    const b = bytes[at.i++]!;
    // Past 2^53 precision is lost, which no field read here reaches.
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return result;
    shift += 7;
    if (shift > 63) throw new ProtoError(m.anki.proto.numberTooLong);
  }
}

/** Every field of one message, by field number, in the order they came. */
export function readMessage(bytes: Uint8Array): Map<number, ProtoValue[]> {
  const fields = new Map<number, ProtoValue[]>();
  const at = { i: 0 };
  while (at.i < bytes.length) {
    const key = varint(bytes, at);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    let value: ProtoValue;
    if (wire === 0) value = varint(bytes, at);
    else if (wire === 2) {
      const length = varint(bytes, at);
      if (at.i + length > bytes.length) throw new ProtoError(m.anki.proto.fieldPastEnd);
      value = bytes.subarray(at.i, at.i + length);
      at.i += length;
    } else if (wire === 1 || wire === 5) {
      at.i += wire === 1 ? 8 : 4;
      if (at.i > bytes.length) throw new ProtoError(m.anki.proto.fieldPastEnd);
      continue;
    } else throw new ProtoError(m.anki.proto.wireType(wire));
    const list = fields.get(field);
    if (list) list.push(value);
    else fields.set(field, [value]);
  }
  return fields;
}

const decoder = new TextDecoder();

export function protoString(fields: Map<number, ProtoValue[]>, n: number): string {
  const v = fields.get(n)?.at(-1);
  return v instanceof Uint8Array ? decoder.decode(v) : '';
}

export function protoNumber(fields: Map<number, ProtoValue[]>, n: number): number {
  const v = fields.get(n)?.at(-1);
  return typeof v === 'number' ? v : 0;
}

export function protoMessages(fields: Map<number, ProtoValue[]>, n: number): Uint8Array[] {
  return (fields.get(n) ?? []).filter((v): v is Uint8Array => v instanceof Uint8Array);
}

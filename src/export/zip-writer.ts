// A zip archive of entries whose compressed bytes, CRC and sizes are known (APPNOTE.TXT 4.3):
// local headers carrying the sizes (no data descriptors, which some streaming readers refuse),
// the data, the central directory. Enough for an Anki package; no zip64, no encryption.
import { deflateRawSync } from 'node:zlib';
import { crc32, type Deflated } from './parallel-deflate.js';

export interface ZipEntry {
  name: string;
  /** 8: deflated, 0: stored. */
  method: 0 | 8;
  data: Deflated;
}

/** An entry stored as it is: for data already compressed (images). */
export function stored(name: string, data: Uint8Array): ZipEntry {
  return { name, method: 0, data: { chunks: [data], crc: crc32(data), size: data.length, compressedSize: data.length } };
}

/** A small entry deflated at once. */
export function deflated(name: string, data: Uint8Array, level = 6): ZipEntry {
  const out = deflateRawSync(data, { level });
  return { name, method: 8, data: { chunks: [out], crc: crc32(data), size: data.length, compressedSize: out.length } };
}

/** MS-DOS time and date, in local time as zip tools show them. */
function dosTime(ms: number): [time: number, date: number] {
  const d = new Date(ms);
  const year = Math.min(2107, Math.max(1980, d.getFullYear()));
  return [(d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1), ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate()];
}

/** The archive's pieces, in order. */
export function zipArchive(entries: ZipEntry[], modified: number): Uint8Array[] {
  if (entries.length > 0xffff) throw new Error(`a zip without zip64 holds at most 65535 files, not ${entries.length}`);
  const [time, date] = dosTime(modified);
  const pieces: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const { crc, size, compressedSize } = e.data;
    if (size > 0xfffffffe || compressedSize > 0xfffffffe || offset > 0xfffffffe) throw new Error(`${e.name}: too large for a zip without zip64`);
    // Bit 11: the name is UTF-8.
    const flags = name.length !== e.name.length ? 0x800 : 0;
    // Flags, method, time, date, CRC, sizes and name length: the same fields, in the same order,
    // in the local header (at 6) and in the central directory's (at 8).
    const common = (into: Buffer, at: number) => {
      into.writeUInt16LE(flags, at);
      into.writeUInt16LE(e.method, at + 2);
      into.writeUInt16LE(time, at + 4);
      into.writeUInt16LE(date, at + 6);
      into.writeUInt32LE(crc, at + 8);
      into.writeUInt32LE(compressedSize, at + 12);
      into.writeUInt32LE(size, at + 16);
      into.writeUInt16LE(name.length, at + 20);
    };
    const local = Buffer.alloc(30 + name.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    common(local, 6);
    name.copy(local, 30);
    const header = Buffer.alloc(46 + name.length);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    common(header, 8);
    header.writeUInt32LE(offset, 42);
    name.copy(header, 46);
    central.push(header);
    pieces.push(local, ...e.data.chunks);
    offset += local.length + compressedSize;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  pieces.push(directory, end);
  return pieces;
}

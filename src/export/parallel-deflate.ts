// One deflate stream made of independently compressed 1 MB chunks, as pigz makes them: each
// chunk is compressed on libuv's thread pool (node:zlib, native) with the 32 kB before it as its
// dictionary and ends on a byte boundary (a sync flush), so the pieces joined are one valid
// stream while the main thread goes on making the data. A collection's 100 MB compress on the
// other core instead of after the build, and only the compressed bytes are kept.
import { constants, deflateRaw, deflateRawSync } from 'node:zlib';
import * as zlib from 'node:zlib';

const CHUNK = 1 << 20;
const WINDOW = 32 << 10;
/**
 * Chunks waiting for the thread pool before the writer should wait for it: two keep the other
 * core busy (a chunk compresses many times faster than it is made), each more holds 1 MB more.
 */
const BACKLOG = 2;

const table = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 of `data` continuing from `crc` (zlib's crc32; node:zlib has it natively from Node 20.15). */
export function crc32(data: Uint8Array, crc = 0): number {
  const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (native) return native(data, crc);
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const ZEROS = new Uint8Array(CHUNK);

/** CRC-32 of `length` zero bytes continuing from `crc`. */
function crcOfZeros(length: number, crc: number): number {
  for (let left = length; left > 0; left -= CHUNK) crc = crc32(left >= CHUNK ? ZEROS : ZEROS.subarray(0, left), crc);
  return crc;
}

/**
 * CRC-32 of a ‖ b from the CRCs of a and b: the register is linear in its starting value, so
 * starting b from crc(a) instead of 0 changes the result as running over b's length of zeros does.
 */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (crcB ^ crcOfZeros(lengthB, crcA) ^ crcOfZeros(lengthB, 0)) >>> 0;
}

function compress(data: Uint8Array, level: number, dictionary: Uint8Array | undefined, last: boolean): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    deflateRaw(data, { level, dictionary, finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }, (error, out) => (error ? reject(error) : resolve(out)));
  });
}

export interface Deflated {
  /** The compressed stream, in pieces. */
  chunks: Uint8Array[];
  /** CRC-32 and length of the data. */
  crc: number;
  size: number;
  compressedSize: number;
}

export class ParallelDeflate {
  /** Chunk buffers back from the thread pool, to fill again: a 100 MB file passes through a few. */
  private readonly spare: Uint8Array[] = [];
  private chunk: Uint8Array = new Uint8Array(CHUNK);
  private used = 0;
  /** The last 32 kB sent (a copy): the next chunk's dictionary. */
  private window: Uint8Array | undefined;
  private readonly parts: Promise<Uint8Array>[] = [];
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private crc = 0;
  private size = 0;
  private failure: unknown;

  constructor(private readonly level = 6) {}

  write(data: Uint8Array): void {
    for (let at = 0; at < data.length; ) {
      const n = Math.min(data.length - at, CHUNK - this.used);
      this.chunk.set(data.subarray(at, at + n), this.used);
      this.used += n;
      at += n;
      if (this.used === CHUNK) this.dispatch(false);
    }
  }

  private dispatch(last: boolean): void {
    const chunk = this.chunk;
    const data = this.used === CHUNK ? chunk : chunk.subarray(0, this.used);
    this.crc = crc32(data, this.crc);
    this.size += data.length;
    const dictionary = this.window;
    // A copy: the chunk goes back to the pool once compressed, before the next one is sent.
    this.window = data.slice(Math.max(0, data.length - WINDOW));
    this.inFlight++;
    const part = compress(data, this.level, dictionary, last);
    part.then(
      () => this.settle(chunk),
      (error) => {
        this.failure = error;
        this.settle(chunk);
      },
    );
    this.parts.push(part);
    this.chunk = this.spare.pop() ?? new Uint8Array(CHUNK);
    this.used = 0;
  }

  private settle(chunk: Uint8Array): void {
    this.inFlight--;
    if (this.spare.length < BACKLOG) this.spare.push(chunk);
    if (this.inFlight < BACKLOG) for (const wake of this.waiters.splice(0)) wake();
  }

  /** True when the thread pool is behind: await `drained()` before writing more. */
  get behind(): boolean {
    return this.inFlight >= BACKLOG;
  }

  drained(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return this.behind ? new Promise((resolve) => this.waiters.push(resolve)) : Promise.resolve();
  }

  /**
   * The whole stream, `head` (data known only at the end, such as a file's first page) put
   * before everything written: compressed on its own, it ends on a byte boundary, and the first
   * chunk never reached back into it.
   */
  async finish(head: Uint8Array = new Uint8Array(0)): Promise<Deflated> {
    this.dispatch(true);
    const chunks = await Promise.all(this.parts);
    if (head.length) {
      chunks.unshift(deflateRawSync(head, { level: this.level, finishFlush: constants.Z_SYNC_FLUSH }));
      this.crc = crc32Combine(crc32(head), this.crc, this.size);
      this.size += head.length;
    }
    let compressedSize = 0;
    for (const c of chunks) compressedSize += c.length;
    return { chunks, crc: this.crc, size: this.size, compressedSize };
  }
}

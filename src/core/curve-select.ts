// The k due reviews with the lowest predicted recall, chosen by a small WebAssembly module
// (curve-select.wat), which also checks the card positions a cache gives the queue: at 100k
// cards a day can have tens of thousands due, chosen among before the first frame, and as cold
// JavaScript that pass was the largest part of the start that grew with the collection. Pure
// computation over the numbers given: no I/O, no clock.
import { CURVE_SELECT_WASM } from './curve-select-wasm.js';

interface Kernel {
  memory: WebAssembly.Memory;
  select(count: number, lrt: number, s: number, tie: number, k: number, now: number, factor: number, heap: number): number;
  largest(at: number, count: number): number;
}

let kernel: Kernel | undefined;

/** The module, compiled and instantiated on first use (a few hundred bytes: well under a millisecond). */
function theKernel(): Kernel {
  if (!kernel) {
    const module = new WebAssembly.Module(Buffer.from(CURVE_SELECT_WASM, 'base64'));
    kernel = new WebAssembly.Instance(module, {}).exports as unknown as Kernel;
  }
  return kernel;
}

/**
 * How far along the forgetting curve a card is, as -(1 + factor * days / stability), lowest the
 * furthest along: its predicted recall now (Scheduler.retrievability) is the opposite of this to
 * the power `decay`, and orders the cards the same way. The power is taken only for the cards a
 * queue has to order (a Math.pow for each of 30k due cards was 4 ms). No review yet, or no
 * stability: -Infinity (recall 0), as far along as can be. curve-select.wat computes the same,
 * operation for operation (the tests compare them).
 */
export function curveKey(lrt: number, s: number, now: number, factor: number): number {
  return lrt !== lrt || !(s > 0) ? -Infinity : -(1 + (factor * Math.max(0, (now - lrt) / 86_400_000)) / s);
}

/** Room for `bytes` in the kernel's memory, from its start. */
function room(memory: WebAssembly.Memory, bytes: number): void {
  const pages = Math.ceil(bytes / 65536) - memory.buffer.byteLength / 65536;
  if (pages > 0) memory.grow(pages);
}

/**
 * Whether every value is at least 0 and below `end` (a cache's card positions, checked before
 * use): tens of thousands at a start, where a loop in JavaScript is cold code.
 */
export function allBelow(values: Int32Array, end: number): boolean {
  if (values.length === 0) return true;
  const { memory, largest } = theKernel();
  room(memory, 4 * values.length);
  new Int32Array(memory.buffer, 0, values.length).set(values);
  // Unsigned: a negative value is above any length.
  return largest(0, values.length) >>> 0 < end;
}

/** Due reviews as columns: each one's last review time, stability and tie (lower first among equal keys). */
export interface CurveEntries {
  lrt: Float64Array;
  s: Float64Array;
  tie: Int32Array;
}

/**
 * The positions of the `k` entries lowest by (curveKey, tie), in that order, each with its key.
 */
export function lowestOnCurve(entries: CurveEntries, k: number, now: number, factor: number): { positions: number[]; keys: number[] } {
  const count = entries.lrt.length;
  const size = Math.min(k, count);
  if (size <= 0) return { positions: [], keys: [] };
  const { memory, select } = theKernel();
  // The columns one after the other, then the heap: 8-byte aligned throughout.
  const lrtAt = 0;
  const sAt = lrtAt + 8 * count;
  const tieAt = sAt + 8 * count;
  const heapAt = tieAt + 8 * Math.ceil(count / 2);
  room(memory, heapAt + 16 * size);
  new Float64Array(memory.buffer, lrtAt, count).set(entries.lrt);
  new Float64Array(memory.buffer, sAt, count).set(entries.s);
  new Int32Array(memory.buffer, tieAt, count).set(entries.tie);
  const kept = select(count, lrtAt, sAt, tieAt, size, now, factor, heapAt);
  const heap = new DataView(memory.buffer, heapAt, 16 * kept);
  const chosen = Array.from({ length: kept }, (_, j) => ({ key: heap.getFloat64(16 * j, true), tie: heap.getInt32(16 * j + 8, true), position: heap.getInt32(16 * j + 12, true) }));
  chosen.sort((a, b) => (a.key === b.key ? a.tie - b.tie : a.key - b.key));
  return { positions: chosen.map((c) => c.position), keys: chosen.map((c) => c.key) };
}

// state/reviews.jsonl: one event per line, appended and fsync'd before the next card is shown.
// The log is the source of truth; progress.json is a cache of it.
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { invalidEvent, type LogEvent } from '../core/events.js';
import { fault, injectFault } from './fault.js';
import { m } from '../i18n/index.js';

export interface LogRead {
  events: LogEvent[];
  /** Complete lines that are not events we can apply: skipped, reported, never rewritten. */
  bad: { line: number; reason: string }[];
  /** Bytes up to the end of the last complete line. */
  bytes: number;
  /** Bytes after the last newline: an append cut short by a crash. */
  partial?: string;
  /** The id of the last event read (the snapshot remembers it to spot a rewritten log). */
  lastId?: string;
}

const CHUNK = 1 << 22;

/**
 * Calls `onEvent` for each event from byte `from` to the end, streaming in chunks so that a log
 * of a million reviews never has to fit in memory. Returns everything but the events.
 */
export function scanLog(path: string, from: number, onEvent: (event: LogEvent) => void, firstLine = 1): Omit<LogRead, 'events'> {
  const out: Omit<LogRead, 'events'> = { bad: [], bytes: from };
  if (!existsSync(path)) return out;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.allocUnsafe(CHUNK);
    let position = from;
    let carry = Buffer.alloc(0);
    let lineNo = firstLine;
    while (position < size) {
      const n = readSync(fd, buffer, 0, Math.min(CHUNK, size - position), position);
      if (n <= 0) break;
      position += n;
      const data = carry.length ? Buffer.concat([carry, buffer.subarray(0, n)]) : buffer.subarray(0, n);
      let start = 0;
      let nl: number;
      while ((nl = data.indexOf(10, start)) !== -1) {
        const text = data.toString('utf8', start, nl);
        out.bytes += nl - start + 1;
        if (text.trim() !== '') {
          const event = parseLine(text, lineNo, out);
          if (event) {
            out.lastId = event.id;
            onEvent(event);
          }
        }
        lineNo++;
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    if (carry.length) out.partial = carry.toString('utf8');
  } finally {
    closeSync(fd);
  }
  return out;
}

/** Reads every event from byte `from` to the end (see scanLog). */
export function readLog(path: string, from = 0, firstLine = 1): LogRead {
  const events: LogEvent[] = [];
  const rest = scanLog(path, from, (e) => events.push(e), firstLine);
  return { events, ...rest };
}

function parseLine(text: string, line: number, out: { bad: LogRead['bad'] }): LogEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    out.bad.push({ line, reason: m.state.notJsonLine });
    return undefined;
  }
  const why = invalidEvent(value);
  if (why) {
    out.bad.push({ line, reason: why });
    return undefined;
  }
  return value as LogEvent;
}

/** The id of the event on the line that ends at byte `end` (exclusive of its newline). */
export function idOfLineEndingAt(path: string, end: number): string | undefined {
  if (end <= 0 || !existsSync(path)) return undefined;
  const fd = openSync(path, 'r');
  try {
    const size = Math.min(end, 1 << 16);
    const buffer = Buffer.alloc(size);
    readSync(fd, buffer, 0, size, end - size);
    if (buffer[size - 1] !== 10) return undefined;
    const start = buffer.lastIndexOf(10, size - 2) + 1;
    try {
      return (JSON.parse(buffer.toString('utf8', start, size - 1)) as { id?: string }).id;
    } catch {
      return undefined;
    }
  } finally {
    closeSync(fd);
  }
}

/** An open log for one session: each append reaches the disk before it returns. */
export class LogWriter {
  private constructor(
    private readonly fd: number,
    /** Size of the log: where the next line starts. */
    public bytes: number,
  ) {}

  static open(path: string): LogWriter {
    const fd = openSync(path, 'a');
    return new LogWriter(fd, fstatSync(fd).size);
  }

  append(events: LogEvent[]): void {
    const text = events.map((e) => JSON.stringify(e) + '\n').join('');
    const data = Buffer.from(text, 'utf8');
    let written = 0;
    const f = fault('log-append');
    if (f) {
      writeSync(this.fd, data, 0, data.length >> 1);
      injectFault(f);
    }
    while (written < data.length) written += writeSync(this.fd, data, written, data.length - written);
    fsyncSync(this.fd);
    this.bytes += data.length;
  }

  close(): void {
    closeSync(this.fd);
  }
}

// The join of the progress snapshot's rows to the cards of the deck index, kept in
// <state>/cache/progress-join.bin: at 100k cards, finding each card's row by hashing and
// comparing 100k ids was a tenth of the start-up time. It is made when the progress cache is
// written (or, for a snapshot that has none yet, when a session has found it), and holds only
// for that very snapshot (by content, as progress.bin records it) and that version of the deck
// index (WordColumn.origin): anything else, and the next start hashes again.
import { join } from 'node:path';
import { ColumnReader, encodeColumns } from './column-file.js';
import { makeCacheDir } from './cache-dir.js';
import { writeFileDurable } from './durable-file.js';

const FORMAT = 'recall-progress-join';
const LAYOUT = 1;
const KINDS = [Int32Array] as const;

/** A progress.json by content: its size, its opening bytes and a hash of its last bytes. */
export interface SnapshotSource {
  size: number;
  head: string;
  tail: string;
}

interface Header {
  source: SnapshotSource;
  /** The deck index's ids the rows point into (their WordColumn.origin). */
  cards: string;
}

function joinPath(stateDir: string): string {
  return join(stateDir, 'cache', 'progress-join.bin');
}

const same = (a: SnapshotSource, b: SnapshotSource) => a.size === b.size && a.head === b.head && a.tail === b.tail;

/**
 * The kept join of the `rows` rows of the snapshot `source`: the deck index it points into, and
 * each row's card there (-1: none), read when first needed.
 */
export function readProgressJoin(stateDir: string, source: SnapshotSource, rows: number): { origin: string; cardAt(): Int32Array } | undefined {
  const reader = ColumnReader.open<Header, typeof KINDS>(joinPath(stateDir), FORMAT, LAYOUT, KINDS);
  if (!reader) return undefined;
  const { header } = reader;
  if (typeof header.cards !== 'string' || !header.source || !same(header.source, source) || reader.length(0) !== rows) {
    reader.release();
    return undefined;
  }
  return { origin: header.cards, cardAt: () => reader.column(0) };
}

/** Keeps the join of the snapshot `source`'s rows to the cards named `cards`. Best effort. */
export function writeProgressJoin(stateDir: string, source: SnapshotSource, cards: string, cardAt: Int32Array): void {
  try {
    makeCacheDir(stateDir);
    writeFileDurable(joinPath(stateDir), encodeColumns(FORMAT, LAYOUT, { source, cards } satisfies Header, [cardAt]));
  } catch {
    // Only a faster start is lost.
  }
}

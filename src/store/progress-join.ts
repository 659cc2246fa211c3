// The join of the cards of the deck index to the progress snapshot's rows (each card's row),
// kept in <state>/cache/progress-join.bin: at 100k cards, finding each card's row by hashing and
// comparing 100k ids was a tenth of the start-up time. It is made when the progress cache is
// written (or, for a snapshot that has none yet, when a session has found it), and holds only
// for that very snapshot (by content, as progress.bin records it) and that version of the deck
// index (WordColumn.origin): anything else, and the next start hashes again. Beside each card's
// row it keeps the card's review due time (see reviewDueOfCards), so that a queue passes over
// the cards not due today with one read each, and how many cards have a row, so that a start
// with nothing edited knows there is no orphaned history without a pass.
import { join } from 'node:path';
import { reviewDueOfCards } from '../core/progress-store.js';
import { ColumnReader, encodeColumns } from './column-file.js';
import { makeCacheDir } from './cache-dir.js';
import { writeFileDurable } from './durable-file.js';

const FORMAT = 'recall-progress-join';
const LAYOUT = 3;
const KINDS = [Int32Array, Float64Array] as const;

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
  /** How many of the cards have a row. */
  matched: number;
}

function joinPath(stateDir: string): string {
  return join(stateDir, 'cache', 'progress-join.bin');
}

const same = (a: SnapshotSource, b: SnapshotSource) => a.size === b.size && a.head === b.head && a.tail === b.tail;

/**
 * The kept join for the snapshot `source`: the deck index whose cards it joins (their ids'
 * origin), and each card's row (-1: none), read when first needed (undefined if it cannot be).
 */
export function readProgressJoin(stateDir: string, source: SnapshotSource): { origin: string; rows(): Int32Array | undefined; reviewDue(): Float64Array | undefined; matched?: number } | undefined {
  const reader = ColumnReader.open<Header, typeof KINDS>(joinPath(stateDir), FORMAT, LAYOUT, KINDS);
  if (!reader) return undefined;
  const { header } = reader;
  if (typeof header.cards !== 'string' || !header.source || !same(header.source, source)) {
    reader.release();
    return undefined;
  }
  return {
    origin: header.cards,
    matched: Number.isInteger(header.matched) && header.matched >= 0 ? header.matched : undefined,
    rows: () => {
      try {
        return reader.column(0);
      } catch {
        return undefined; // Replaced meanwhile: the join is found again.
      }
    },
    reviewDue: () => {
      try {
        return reader.length(1) === reader.length(0) ? reader.column(1) : undefined;
      } catch {
        return undefined; // Replaced meanwhile: the queue reads each card's row instead.
      }
    },
  };
}

/**
 * Keeps each card's row in the snapshot `source`, for the cards whose ids' origin is `cards`,
 * and each card's review due time from the snapshot's `st` and `due` columns. Best effort.
 */
export function writeProgressJoin(stateDir: string, source: SnapshotSource, cards: string, rows: Int32Array, columns: { st: Float64Array; due: Float64Array }): void {
  try {
    makeCacheDir(stateDir);
    const due = reviewDueOfCards(rows, columns.st, columns.due);
    let matched = 0;
    for (const row of rows) if (row !== -1) matched++;
    writeFileDurable(joinPath(stateDir), encodeColumns(FORMAT, LAYOUT, { source, cards, matched } satisfies Header, [rows, due]));
  } catch {
    // Only a faster start is lost.
  }
}

// The join of the cards of the deck index to the progress snapshot's rows (each card's row),
// kept in <state>/cache/progress-join.bin: at 100k cards, finding each card's row by hashing and
// comparing 100k ids was a tenth of the start-up time. It is made when the progress cache is
// written (or, for a snapshot that has none yet, when a session has found it), and holds only
// for that very snapshot (by content, as progress.bin records it) and that version of the deck
// index (WordColumn.origin): anything else, and the next start hashes again. Beside each card's
// row it keeps the card's review due time (see reviewDueOfCards), so that a queue passes over
// the cards not due today with one read each, how many cards have a row, so that a start
// with nothing edited knows there is no orphaned history without a pass, and the cards in the
// order they come due (core/due-agenda.ts), so that a start reads only those due by tomorrow.
import { join } from 'node:path';
import { allBelow } from '../core/curve-select.js';
import { agendaOf, latestCount, reviewsBefore, type AgendaSource, type DueAgenda } from '../core/due-agenda.js';
import { reviewDueOfCards } from '../core/progress-store.js';
import { ColumnReader, columnParts } from './column-file.js';
import { makeCacheDir } from './cache-dir.js';
import { writeFileDurable } from './durable-file.js';

const FORMAT = 'recall-progress-join';
const LAYOUT = 5;
const KINDS = [Int32Array, Float64Array, Int32Array, Uint8Array, Float64Array, Float64Array, Float64Array, Int32Array, Int32Array, Float64Array, Int32Array, Float64Array] as const;
/** The agenda's columns (see AgendaEntries), its fresh cards, then its cards by last answer and by bury (see LatestFirst). */
const [CARD, ST, DUE, LRT, S, FRESH, ANSWERED, ANSWERED_AT, BURIED, BURIED_UNTIL] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;

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
  /** Where the agenda's reviews start (AgendaEntries.reviews). */
  reviews: number;
}

function joinPath(stateDir: string): string {
  return join(stateDir, 'cache', 'progress-join.bin');
}

const same = (a: SnapshotSource, b: SnapshotSource) => a.size === b.size && a.head === b.head && a.tail === b.tail;

/**
 * The kept join for the snapshot `source`: the deck index whose cards it joins (their ids'
 * origin), and each card's row (-1: none), read when first needed (undefined if it cannot be).
 */
export function readProgressJoin(
  stateDir: string,
  source: SnapshotSource,
): { origin: string; rows(): Int32Array | undefined; reviewDue(): Float64Array | undefined; matched?: number; agenda(): DueAgenda | undefined } | undefined {
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
    agenda: () => agendaIn(reader),
  };
}

/** The agenda the join keeps, when its columns are whole (else a queue reads each card's row). */
function agendaIn(reader: ColumnReader<Header, typeof KINDS>): DueAgenda | undefined {
  const size = reader.length(CARD);
  const reviews = reader.header.reviews;
  const cards = reader.length(0);
  const whole = reader.length(ANSWERED) === reader.length(ANSWERED_AT) && reader.length(BURIED) === reader.length(BURIED_UNTIL) && reader.length(ANSWERED) <= cards && reader.length(BURIED) <= cards;
  if (!whole || !Number.isInteger(reviews) || reviews < 0 || reviews > size || [ST, DUE, LRT, S].some((i) => reader.length(i) !== size) || size + reader.length(FRESH) > cards) return undefined;
  // Card positions as read: none when one is out of range (a damaged file) or the file was
  // replaced meanwhile, and the queue passes over every card instead.
  const cardsAt = (read: () => Int32Array) => {
    try {
      const card = read();
      return allBelow(card, cards) ? card : undefined;
    } catch {
      return undefined;
    }
  };
  // The first cards of a list latest first (`list`, its times in `times`): those at or after
  // `time` (`orAt`), or after it.
  const latest = (list: typeof ANSWERED | typeof BURIED, times: typeof ANSWERED_AT | typeof BURIED_UNTIL, time: number, orAt: boolean) =>
    cardsAt(() => reader.prefix(list, latestCount(reader.length(list), (e) => reader.at(times, e), time, orAt)));
  return {
    before(time) {
      const card = cardsAt(() => reader.prefix(CARD, reviewsBefore(reviews, size, (e) => reader.at(DUE, e), time)));
      if (!card) return undefined;
      try {
        return { card, lrt: reader.prefix(LRT, card.length), s: reader.prefix(S, card.length), reviews, st: reader.prefix(ST, reviews), due: reader.prefix(DUE, reviews) };
      } catch {
        return undefined; // Replaced meanwhile.
      }
    },
    fresh: () => cardsAt(() => reader.column(FRESH)),
    answeredSince: (time) => latest(ANSWERED, ANSWERED_AT, time, true),
    buriedAfter: (time) => latest(BURIED, BURIED_UNTIL, time, false),
  };
}

/**
 * Keeps each card's row in the snapshot `source`, for the cards whose ids' origin is `cards`,
 * each card's review due time and the due agenda, from the snapshot's columns. Best effort.
 */
export function writeProgressJoin(
  stateDir: string,
  source: SnapshotSource,
  cards: string,
  rows: Int32Array,
  columns: AgendaSource,
  suspended: Uint8Array,
): void {
  try {
    makeCacheDir(stateDir);
    const due = reviewDueOfCards(rows, columns.st, columns.due);
    let matched = 0;
    for (const row of rows) if (row !== -1) matched++;
    const agenda = agendaOf(rows, columns, suspended);
    const header: Header = { source, cards, matched, reviews: agenda.reviews };
    const { answered, buried } = agenda;
    const body = [rows, due, agenda.card, agenda.st, agenda.due, agenda.lrt, agenda.s, agenda.fresh, answered.card, answered.time, buried.card, buried.time];
    writeFileDurable(joinPath(stateDir), columnParts(FORMAT, LAYOUT, header, body));
  } catch {
    // Only a faster start is lost.
  }
}

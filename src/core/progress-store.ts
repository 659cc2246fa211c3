// Every card's progress, kept as the snapshot's columns until a card is touched. A session of
// 100k cards reads all of them once to build the queue and changes a few hundred: creating 100k
// record objects (and collecting them) was most of its start-up time, and so was a Map of 100k
// ids to rows: rows are found by hashing the ids' bytes (core/word-column.ts), and a collection's
// cards are joined to their rows in one pass (rowsOf). Map-compatible, so the fold, the
// controller and the tests treat it as the Map it stands for.
import type { DueAgenda } from './due-agenda.js';
import type { CardRecord } from './events.js';
import { State } from './scheduler.js';
import { WordColumn, wordHash } from './word-column.js';

export const NUMERIC_FIELDS = ['due', 's', 'd', 'st', 'reps', 'lapses', 'sd', 'ls', 'ed', 'lrt', 'first', 'lrv', 'buriedUntil'] as const;
export type NumericField = (typeof NUMERIC_FIELDS)[number];

/**
 * The snapshot's shape: row i of every column belongs to ids[i]. An absent field is null in the
 * JSON's arrays and NaN in the binary cache's typed arrays (-1 for `file`).
 */
export interface ProgressColumns {
  ids: string[];
  columns: Record<NumericField, ArrayLike<number | null>>;
  suspended: Record<string, 'user' | 'leech'>;
  files: string[];
  file: ArrayLike<number | null>;
  /** Space-separated, "-" for none; read for the records made to keep, and when written back. */
  sketches: string;
  /** Where a history began, for the few cards whose history followed an edit (id -> first id). */
  origins?: Record<string, string>;
  /** The ids of the marked cards (few, so a list rather than a column). */
  marked?: string[];
}

/** Columns as a store is made from them: the snapshot's (JSON), or the binary cache's. */
export interface StoredColumns extends Omit<ProgressColumns, 'ids' | 'columns' | 'file' | 'sketches' | 'suspended'> {
  /** The ids; from the binary cache, where to read them when first needed, `count` giving how many. */
  ids: readonly string[] | WordColumn | (() => WordColumn);
  count?: number;
  file?: ArrayLike<number | null>;
  /** The numeric columns at hand; the others come from `later`. */
  columns: Partial<Record<NumericField, ArrayLike<number | null>>>;
  sketches?: string | WordColumn;
  /**
   * Columns read only when first needed (the binary cache's): a session's start reads the few a
   * pass over every card needs (see RecordScan), not the whole file.
   */
  later?: {
    column(field: NumericField): Float64Array;
    file(): Int32Array;
    sketches(): WordColumn;
    /** One row's value, file or sketch, read alone (a session makes a record for each answer: see fill). */
    value?(field: NumericField, row: number): number;
    fileAt?(row: number): number;
    sketchAt?(row: number): string | undefined;
  };
  /** The largest value of each numeric column, when the cache noted it (see RecordScan.latest). */
  latest?: Partial<Record<NumericField, number>>;
  /**
   * The cards of a deck index already joined to these rows (rowsOf, kept by a cache): `origin`
   * names that index's column of ids (WordColumn.origin), `rows` gives each card's row, or
   * undefined when it cannot be read after all.
   */
  joined?: { origin: string; rows(): Int32Array | undefined; reviewDue?(): Float64Array | undefined; matched?: number; agenda?(): DueAgenda | undefined };
  /** Keeps a join found by hashing for the next start (see keepFoundJoin): the cache's writer of it. */
  keepJoin?: (origin: string, rows: Int32Array) => void;
  /** By id (the snapshot), or a code per row (the cache: 0 none, 1 by the user, 2 a leech). */
  suspended: Record<string, 'user' | 'leech'> | Uint8Array;
  /** No id repeats (the cache holds what a store wrote): the check for repeated ids is skipped. */
  unique?: boolean;
}

const SUSPENDED = [undefined, 'user', 'leech'] as const;
/** Records made from single values before the columns are read whole (see ProgressStore.fill). */
const SINGLE_RECORDS = 256;
/** How a column of suspensions writes each reason (0: not suspended). */
export const SUSPENDED_CODE = { user: 1, leech: 2 } as const;

/**
 * What a pass over many cards reads of their records (see ProgressStore.scan): each card's row,
 * and the columns (NaN where a field is absent), each read when first asked for.
 */
export interface RecordScan {
  /** Card j's row; -1: the card has no record; -2: its record is an object, read with recordOf. */
  rows: Int32Array;
  column(field: NumericField): Float64Array;
  /**
   * The largest value in a column (-Infinity when no row has one): a pass that looks for values
   * from `t` on need not read a column whose latest value is earlier.
   */
  latest(field: NumericField): number;
  /** Per row: 0, 1 (suspended by the user) or 2 (a leech). */
  suspended: Uint8Array;
  /**
   * Per card, when a cache kept it with the join (or carried it over: see carriedJoin): the due
   * time of a card in review (see reviewDueOfCards), -Infinity for a card whose record changed
   * or went since loading (look at it). A queue skips a card due after
   * today with this one read, instead of reading its row, state and due time.
   */
  reviewDue?: Float64Array;
  /**
   * The cards in the order they come due, when a cache kept them with the join and no record
   * changed since loading (see DueAgenda): a queue then reads only the cards due before tomorrow.
   */
  agenda?: DueAgenda;
}

/**
 * Per card (`rows`: each card's row, -1 for none), its due time when its record is in review,
 * -Infinity for a record in any other state (or with no due time), NaN for a card with no
 * record: a card whose value is at or after a time is a review not due before it.
 */
export function reviewDueOfCards(rows: Int32Array, st: ArrayLike<number>, due: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let j = 0; j < rows.length; j++) out[j] = reviewDueOfRow(rows[j]!, st, due);
  return out;
}

/** One card's value of reviewDueOfCards, from its row. */
function reviewDueOfRow(row: number, st: ArrayLike<number>, due: ArrayLike<number>): number {
  if (row < 0) return NaN;
  return st[row] === State.Review && due[row]! === due[row]! ? due[row]! : -Infinity;
}

export class ProgressStore implements Map<string, CardRecord> {
  /** Records created or changed since loading. */
  private readonly live = new Map<string, CardRecord>();
  /** The hashes of every id made live: a card whose id's hash is not here has no live record. */
  private readonly liveHashes = new Set<number>();
  /** The columns' ids (row i belongs to ids.get(i)), or where to read them when first needed. */
  private idColumn: WordColumn | (() => WordColumn);
  /** How many rows the columns have. */
  private readonly count: number;
  /** The numeric columns read so far (all of them once `complete` ran). */
  private readonly columns: Record<NumericField, Float64Array>;
  private completed = false;
  private readonly latestValues: Partial<Record<NumericField, number>>;
  /** Each row's file, an index into `files` (-1: none), read when first needed. */
  private fileColumn?: Int32Array;
  private readonly files: string[];
  private readonly suspendedRow: Uint8Array;
  /** Rows no longer in the columns: made live, deleted, or repeating an earlier row's id. */
  private readonly gone: Uint8Array;
  private goneCount = 0;
  private sketchColumn: WordColumn | null | undefined;
  private singleRecords = 0;
  private readonly origins: Record<string, string> | undefined;
  /** The marked cards of the columns, or undefined when none is. */
  private readonly marks: Set<string> | undefined;
  private readonly view: RowView;
  /** Card ids joined to rows, per column of card ids (see rowsOf). */
  private readonly joins = new WeakMap<WordColumn, Int32Array>();
  /**
   * What a cache kept with a join, per column of card ids: each card's review due time (see
   * RecordScan.reviewDue), how many cards have a row (see matchedOf), and the due agenda.
   */
  private readonly kept = new WeakMap<WordColumn, { reviewDue: () => Float64Array | undefined; matched?: number; agenda?: DueAgenda }>();
  /** A join whose cards are indexed: an id is looked up among those cards first (see rowOf). */
  private cardJoin: { ids: WordColumn; rows: Int32Array } | undefined;
  /** A join to a deck index's cards found by hashing, which the next start need not repeat. */
  private foundJoin: { origin: string; rows: Int32Array } | undefined;

  constructor(private readonly data?: StoredColumns) {
    const ids = data?.ids;
    this.idColumn = ids === undefined ? WordColumn.fromStrings([]) : typeof ids === 'function' || ids instanceof WordColumn ? ids : WordColumn.fromStrings(ids);
    if (typeof this.idColumn === 'function' && data?.count === undefined) this.idColumn = this.idColumn();
    this.count = typeof this.idColumn === 'function' ? data!.count! : this.idColumn.length;
    const n = this.count;
    this.gone = new Uint8Array(n);
    // A repeated id (a damaged snapshot) is one card: its first row.
    if (n > 0 && !data?.unique) for (const d of this.ids.index.duplicates) this.take(d.row);
    this.columns = {} as Record<NumericField, Float64Array>;
    this.latestValues = { ...data?.latest };
    this.files = data?.files ?? [];
    this.origins = data?.origins !== undefined && Object.keys(data.origins).length > 0 ? data.origins : undefined;
    this.marks = data?.marked?.length ? new Set(data.marked) : undefined;
    const suspended = data?.suspended;
    if (suspended instanceof Uint8Array) this.suspendedRow = suspended;
    else {
      this.suspendedRow = new Uint8Array(n);
      for (const [id, why] of Object.entries(suspended ?? {})) {
        const row = this.rowOf(id);
        if (row !== -1) this.suspendedRow[row] = SUSPENDED_CODE[why];
      }
    }
    this.view = new RowView((f) => this.column(f), () => this.file, this.files, this.suspendedRow, this.rowFlags());
  }

  get size(): number {
    return this.live.size + this.count - this.goneCount;
  }

  private get ids(): WordColumn {
    if (typeof this.idColumn === 'function') {
      const ids = this.idColumn();
      if (ids.length !== this.count) throw new Error('progress cache: its ids do not match its rows');
      this.idColumn = ids;
    }
    return this.idColumn;
  }

  /** A numeric column (NaN where a row has no value), as given or read from `later` when first needed. */
  private column(f: NumericField): Float64Array {
    return (this.columns[f] ??= typed(this.data?.columns[f] ?? this.data?.later?.column(f), this.count));
  }

  /** The largest value in a column, -Infinity when no row has one (noted by the cache, or found). */
  private latest(f: NumericField): number {
    let max = this.latestValues[f];
    if (max === undefined) {
      max = -Infinity;
      for (const v of this.column(f)) if (v > max) max = v;
      this.latestValues[f] = max;
    }
    return max;
  }

  private get file(): Int32Array {
    if (!this.fileColumn) {
      const d = this.data;
      const n = this.count;
      const given = d?.later ? d.later.file() : d?.file;
      this.fileColumn = given instanceof Int32Array && given.length === n ? given : Int32Array.from({ length: n }, (_, i) => given?.[i] ?? -1);
    }
    return this.fileColumn;
  }

  /** Every numeric column at hand (a record is about to be read whole). */
  private complete(): void {
    if (this.completed) return;
    for (const f of NUMERIC_FIELDS) this.column(f);
    this.completed = true;
  }

  readonly [Symbol.toStringTag] = 'ProgressStore';

  /**
   * The row of an id still in the columns, or -1. Looked up among the cards of the last join
   * when they are indexed (the deck cache keeps their index), so a session never builds an index
   * of the progress ids; an id that is no card's is looked up in that index, built then.
   */
  private rowOf(id: string): number {
    if (this.count === this.goneCount) return -1;
    const cards = this.cardJoin;
    const j = cards ? cards.ids.find(id) : -1;
    const row = j !== -1 ? cards!.rows[j]! : this.ids.index.find(id);
    return row !== -1 && this.gone[row] === 0 ? row : -1;
  }

  private take(row: number): void {
    if (this.gone[row] !== 0) return;
    this.gone[row] = 1;
    this.goneCount++;
  }

  private makeLive(id: string, record: CardRecord): void {
    this.live.set(id, record);
    this.liveHashes.add(wordHash(id));
  }

  has(id: string): boolean {
    return this.live.has(id) || this.rowOf(id) !== -1;
  }

  get(id: string): CardRecord | undefined {
    const record = this.live.get(id);
    if (record !== undefined) return record;
    const row = this.rowOf(id);
    return row === -1 ? undefined : this.materialize(row, id);
  }

  /** Row `row`'s record as an object of its own, from now on a live record. */
  private materialize(row: number, id: string): CardRecord {
    const made = this.fill({} as CardRecord, id, row);
    this.take(row);
    this.makeLive(id, made);
    return made;
  }

  /**
   * A read-only view of a card's record, valid until the next peek: no object is created for
   * cards that are only looked at. Keep nothing from it; call get() for a record to hold.
   */
  peek(id: string): Readonly<CardRecord> | undefined {
    if (this.live.size > 0) {
      const record = this.live.get(id);
      if (record !== undefined) return record;
    }
    const row = this.rowOf(id);
    if (row === -1) return undefined;
    this.view.row = row;
    return this.view;
  }

  /** Whether the card is marked: looked up only when some card of the columns is (most collections mark none). */
  isMarked(id: string): boolean {
    const live = this.live.get(id);
    if (live !== undefined) return live.marked === true;
    return this.marks !== undefined && this.peek(id)?.marked === true;
  }

  /**
   * For each id of `cardIds`, the row of its record in the columns, or -1 (whether that row is
   * still the record: see recordOf): a collection's cards joined to their progress by their ids'
   * bytes, no string and no Map entry per card. Computed once per column of ids; when the cards
   * are indexed (the deck cache keeps their index), by looking each progress id up among them.
   */
  rowsOf(cardIds: WordColumn): Int32Array {
    let rows = this.joins.get(cardIds);
    if (rows) return rows;
    const n = this.count;
    const joined = this.data?.joined;
    const kept = n > 0 && joined && cardIds.origin === joined.origin ? joined.rows() : undefined;
    if (kept && kept.length === cardIds.length) {
      rows = kept;
      // The due times are read when first needed: a queue built from the agenda needs none.
      let due: Float64Array | undefined | null = null;
      const reviewDue = () => {
        if (due === null) {
          const read = joined!.reviewDue?.();
          due = read && read.length === kept.length ? read : undefined;
        }
        return due;
      };
      this.kept.set(cardIds, { reviewDue, matched: joined!.matched, agenda: joined!.agenda?.() });
    } else rows = (n > 0 ? this.carriedJoin(cardIds) : undefined) ?? this.hashedJoin(cardIds);
    // Found by hashing: worth keeping when the cards are a deck index's (named by their origin).
    if (rows !== kept && cardIds.origin !== undefined) this.foundJoin = { origin: cardIds.origin, rows };
    if (cardIds.findable) this.cardJoin = { ids: cardIds, rows };
    this.joins.set(cardIds, rows);
    return rows;
  }

  /** The join found by hashing ids: each progress id looked up among the cards when they are indexed, else the other way. */
  private hashedJoin(cardIds: WordColumn): Int32Array {
    const n = this.count;
    if (n === 0) return new Int32Array(cardIds.length).fill(-1);
    if (!cardIds.indexed) return this.ids.index.join(cardIds);
    const cardOf = cardIds.index.join(this.ids);
    const rows = new Int32Array(cardIds.length).fill(-1);
    for (let row = 0; row < n; row++) {
      const j = cardOf[row]!;
      if (j !== -1 && rows[j] === -1) rows[j] = row;
    }
    return rows;
  }

  /**
   * The join of cards that are a deck index's after an edit of a few files (WordColumn.lineage),
   * from the join kept for that index: its runs of cards keep their rows, the cards outside them
   * (the edited files') are looked up among the index's cards. At 100k cards this replaces an
   * index of every progress id (the first start after an edit). A card found nowhere has no row,
   * unless some row had no card of the index: then it is looked up among the progress ids.
   * Its due times and count are kept as a kept join's are. Undefined when there is no such join.
   */
  private carriedJoin(cardIds: WordColumn): Int32Array | undefined {
    const lineage = cardIds.lineage;
    const joined = this.data?.joined;
    if (!lineage || !joined || !lineage.from.indexed || lineage.from.origin !== joined.origin) return undefined;
    const old = joined.rows();
    if (!old || old.length !== lineage.from.length) return undefined;
    const rows = new Int32Array(cardIds.length).fill(-1);
    const st = this.column('st');
    const due = this.column('due');
    // The runs' due times as kept, when they were.
    const oldDue = joined.reviewDue?.();
    const reviewDue = oldDue && oldDue.length === old.length ? new Float64Array(cardIds.length) : undefined;
    let j = 0;
    const everyRowHadACard = joined.matched !== undefined && joined.matched === this.count;
    for (const run of [...lineage.runs, { at: 0, to: cardIds.length, count: 0 }]) {
      for (; j < run.to; j++) {
        const k = lineage.from.index.findOf(cardIds, j);
        rows[j] = k !== -1 ? old[k]! : everyRowHadACard ? -1 : this.ids.index.findOf(cardIds, j);
        if (reviewDue) reviewDue[j] = reviewDueOfRow(rows[j]!, st, due);
      }
      rows.set(old.subarray(run.at, run.at + run.count), run.to);
      reviewDue?.set(oldDue!.subarray(run.at, run.at + run.count), run.to);
      j = run.to + run.count;
    }
    let matched = 0;
    for (let i = 0; i < rows.length; i++) if (rows[i] !== -1) matched++;
    const carried = reviewDue ?? reviewDueOfCards(rows, st, due);
    this.kept.set(cardIds, { reviewDue: () => carried, matched });
    return rows;
  }

  /** Hands a join this run found by hashing to the cache that keeps it (when the store came from one). */
  keepFoundJoin(): void {
    const found = this.foundJoin;
    if (!found || !this.data?.keepJoin) return;
    this.data.keepJoin(found.origin, found.rows);
    this.foundJoin = undefined;
  }

  /** The record of card j of `cardIds` as peek gives it, `rows` being rowsOf(cardIds). */
  recordOf(cardIds: WordColumn, rows: Int32Array, j: number): Readonly<CardRecord> | undefined {
    const row = rows[j]!;
    if (row !== -1 && this.gone[row] === 0) {
      this.view.row = row;
      return this.view;
    }
    if (this.live.size === 0 || !this.liveHashes.has(cardIds.hashAt(j))) return undefined;
    return this.live.get(cardIds.get(j));
  }

  /**
   * The columns of the cards' records, for a pass over many cards that reads them directly
   * (the queue): no call per card. A card whose record is an object is marked -2.
   */
  scan(cardIds: WordColumn): RecordScan {
    const joined = this.rowsOf(cardIds);
    const kept = this.kept.get(cardIds);
    const common = { column: (f: NumericField) => this.column(f), latest: (f: NumericField) => this.latest(f), suspended: this.suspendedRow };
    if (this.goneCount === 0 && this.live.size === 0) {
      // The kept due times are read only if asked for (a queue built from the agenda does not).
      return {
        rows: joined,
        ...common,
        get reviewDue() {
          return kept?.reviewDue();
        },
        agenda: kept?.agenda,
      };
    }
    // A few records changed since loading (a session's answers, a history that followed an
    // edit): their cards are marked, and the kept due times say "look" (-Infinity) for them.
    const rows = new Int32Array(joined.length);
    const reviewDue = kept?.reviewDue()?.slice();
    const live = this.live.size > 0;
    for (let j = 0; j < rows.length; j++) {
      const row = joined[j]!;
      if (row !== -1 && this.gone[row] === 0) {
        rows[j] = row;
        continue;
      }
      const mark = row !== -1 || (live && this.liveHashes.has(cardIds.hashAt(j))) ? -2 : -1;
      rows[j] = mark;
      if (reviewDue && mark === -2) reviewDue[j] = -Infinity;
    }
    return { rows, ...common, reviewDue };
  }


  /**
   * The records no card of `cardIds` has, by id, in the order of keys(): a record of the columns
   * is made from its row, not looked up again by its id (which would index every id).
   */
  orphanRecordsOf(cardIds: WordColumn): Map<string, CardRecord> {
    const rows = this.rowsOf(cardIds);
    const matched = new Uint8Array(this.count);
    for (let j = 0; j < rows.length; j++) if (rows[j] !== -1) matched[rows[j]!] = 1;
    const orphans = new Map<string, CardRecord>();
    // Through find(): a deck index after an edit is looked up through the index it came from.
    for (const [id, record] of this.live) if (cardIds.find(id) === -1) orphans.set(id, record);
    for (let row = 0; row < this.gone.length; row++) {
      if (this.gone[row] !== 0 || matched[row] !== 0) continue;
      const id = this.ids.get(row);
      orphans.set(id, this.materialize(row, id));
    }
    return orphans;
  }

  /**
   * How many of `cardIds` have a record: kept with a join whose rows are all still records,
   * else counted.
   */
  matchedOf(cardIds: WordColumn): number {
    const rows = this.rowsOf(cardIds);
    const kept = this.kept.get(cardIds)?.matched;
    if (kept !== undefined && this.goneCount === 0 && this.live.size === 0) return kept;
    let matched = 0;
    for (let j = 0; j < rows.length; j++) if (this.recordOf(cardIds, rows, j) !== undefined) matched++;
    return matched;
  }

  set(id: string, record: CardRecord): this {
    // A live record's row, if it had one, is gone already: no lookup (of an id no card has, it
    // would index every progress id).
    const row = this.live.has(id) ? -1 : this.rowOf(id);
    if (row !== -1) this.take(row);
    this.makeLive(id, record);
    return this;
  }

  delete(id: string): boolean {
    const row = this.live.has(id) ? -1 : this.rowOf(id);
    if (row === -1) return this.live.delete(id);
    this.take(row);
    return true;
  }

  clear(): void {
    for (let row = 0; row < this.gone.length; row++) this.take(row);
    this.live.clear();
  }

  /** The rows still in the columns, in order. */
  private rowsLeft(): number[] {
    const rows: number[] = [];
    for (let row = 0; row < this.gone.length; row++) if (this.gone[row] === 0) rows.push(row);
    return rows;
  }

  *keys(): MapIterator<string> {
    yield* this.live.keys();
    for (let row = 0; row < this.gone.length; row++) if (this.gone[row] === 0) yield this.ids.get(row);
  }

  *entries(): MapIterator<[string, CardRecord]> {
    yield* this.live.entries();
    for (const row of this.rowsLeft()) {
      const id = this.ids.get(row);
      yield [id, this.materialize(row, id)];
    }
  }

  *values(): MapIterator<CardRecord> {
    for (const [, record] of this.entries()) yield record;
  }

  [Symbol.iterator](): MapIterator<[string, CardRecord]> {
    return this.entries();
  }

  forEach(fn: (value: CardRecord, key: string, map: Map<string, CardRecord>) => void): void {
    for (const [id, record] of this.entries()) fn(record, id, this);
  }

  /**
   * Calls `fn` with the `first`, `lrv` and `file` of every record introduced (`first`) or
   * reviewed (`lrv`) at `since` or later: the columns are scanned for them, no record is made,
   * and when the latest values are earlier (the first session of a day), not even read.
   */
  scanSince(since: number, fn: (first: number | undefined, lrv: number | undefined, file: string | undefined) => void): void {
    for (const r of this.live.values()) if ((r.first ?? -Infinity) >= since || (r.lrv ?? -Infinity) >= since) fn(r.first, r.lrv, r.file);
    if (this.latest('first') < since && this.latest('lrv') < since) return;
    const first = this.column('first');
    const lrv = this.column('lrv');
    const gone = this.gone;
    for (let row = 0; row < gone.length; row++) {
      // NaN (absent) compares false.
      if (!(first[row]! >= since || lrv[row]! >= since) || gone[row] !== 0) continue;
      const f = this.file[row]!;
      fn(optional(first[row]), optional(lrv[row]), f < 0 ? undefined : this.files[f]);
    }
  }

  /** Back to columns, without creating records for the cards that were never touched. */
  toColumns(): ProgressColumns {
    const files = [...this.files];
    const fileIndex = new Map(files.map((f, i) => [f, i]));
    const columns = Object.fromEntries(NUMERIC_FIELDS.map((f) => [f, []])) as unknown as Record<NumericField, (number | null)[]>;
    const ids: string[] = [];
    const file: (number | null)[] = [];
    const sketches: string[] = [];
    const suspended: ProgressColumns['suspended'] = {};
    const origins: Record<string, string> = {};
    const marked: string[] = [];
    for (const [id, r] of this.live) {
      if (r.origin !== undefined) origins[id] = r.origin;
      if (r.marked) marked.push(id);
      ids.push(id);
      for (const f of NUMERIC_FIELDS) columns[f].push(r[f] ?? null);
      if (r.suspended) suspended[id] = r.suspended;
      if (r.file === undefined) file.push(null);
      else {
        let index = fileIndex.get(r.file);
        if (index === undefined) fileIndex.set(r.file, (index = files.push(r.file) - 1));
        file.push(index);
      }
      sketches.push(r.sk ?? '-');
    }
    // Rows nobody touched are copied column by column, without making a record for each.
    const rows = this.rowsLeft();
    this.complete();
    const sketchColumn = rows.length > 0 ? this.sketches() : null;
    const fileOf = this.file;
    for (const row of rows) {
      const id = this.ids.get(row);
      ids.push(id);
      const f = fileOf[row]!;
      file.push(f < 0 ? null : f);
      sketches.push(sketchColumn?.get(row) || '-');
      const why = SUSPENDED[this.suspendedRow[row]!];
      if (why) suspended[id] = why;
      if (this.origins?.[id]) origins[id] = this.origins[id];
      if (this.marks?.has(id)) marked.push(id);
    }
    for (const f of NUMERIC_FIELDS) {
      const from = this.columns[f];
      const to = columns[f];
      for (const row of rows) to.push(optional(from[row]) ?? null);
    }
    return { ids, columns, suspended, files, file, sketches: sketches.join(' '), origins, marked };
  }

  /** The sketches of the columns, one per row, or null when they do not match the rows (a damaged file). */
  private sketches(): WordColumn | null {
    if (this.sketchColumn === undefined) {
      const s = this.data?.sketches ?? this.data?.later?.sketches() ?? '';
      const column = s instanceof WordColumn ? s : WordColumn.fromJoined(s);
      this.sketchColumn = column.length === this.count ? column : null;
    }
    return this.sketchColumn;
  }

  /** Which rows are marked or have an origin: kept by id, looked up once, for the row view. */
  private rowFlags(): RowFlags {
    let flags: { origins: Map<number, string>; marked: Set<number> } | undefined;
    const made = () => {
      if (flags) return flags;
      flags = { origins: new Map(), marked: new Set() };
      for (const [id, origin] of Object.entries(this.origins ?? {})) {
        const row = this.rowOf(id);
        if (row !== -1) flags.origins.set(row, origin);
      }
      for (const id of this.marks ?? []) {
        const row = this.rowOf(id);
        if (row !== -1) flags.marked.add(row);
      }
      return flags;
    };
    return {
      origin: this.origins ? (row) => made().origins.get(row) : () => undefined,
      marked: this.marks ? (row) => (made().marked.has(row) ? true : undefined) : () => undefined,
    };
  }

  /**
   * Row `row` as a record. The first records a store makes (a session makes one per answer) read
   * their values one by one from the cache; past SINGLE_RECORDS, or without a cache, every
   * column is read whole (a pass over all records). Reading 13 columns of 100k rows for the
   * first answer allocated 10 MB, which a garbage collection then paused the next answers for.
   */
  private fill(target: CardRecord, id: string, row: number): CardRecord {
    const later = this.data?.later;
    const single = !this.completed && later?.value !== undefined && this.singleRecords++ < SINGLE_RECORDS;
    if (!single) this.complete();
    const c = this.columns;
    const v = single ? (f: NumericField) => c[f]?.[row] ?? later!.value!(f, row) : (f: NumericField) => c[f][row]!;
    const f = single ? (this.fileColumn?.[row] ?? later!.fileAt!(row)) : this.file[row]!;
    // Every field in one literal shape: records share one hidden class.
    target.due = v('due');
    target.s = v('s');
    target.d = v('d');
    target.st = v('st');
    target.reps = v('reps');
    target.lapses = v('lapses');
    target.sd = v('sd');
    target.ls = v('ls');
    target.ed = v('ed');
    target.lrt = optional(v('lrt'));
    target.first = optional(v('first'));
    target.lrv = optional(v('lrv'));
    target.buriedUntil = optional(v('buriedUntil'));
    target.suspended = SUSPENDED[this.suspendedRow[row]!];
    target.origin = this.origins?.[id];
    target.marked = this.marks?.has(id) ? true : undefined;
    target.file = f >= 0 && f < this.files.length ? this.files[f] : undefined;
    const sk = single && this.sketchColumn === undefined ? later!.sketchAt!(row) : this.sketches()?.get(row);
    target.sk = sk && sk !== '-' ? sk : undefined;
    return target;
  }
}

/** A column as numbers, NaN where the snapshot has null (or the column is short: a damaged file). */
function typed(column: ArrayLike<number | null> | undefined, n: number): Float64Array {
  if (column instanceof Float64Array && column.length === n) return column;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = column?.[i] ?? NaN;
  return out;
}

/** NaN (or a missing value) means the field is absent. */
function optional(v: number | undefined): number | undefined {
  return v === undefined || v !== v ? undefined : v;
}

/** What the row view asks by row: kept by id, turned into rows on first use. */
interface RowFlags {
  origin(row: number): string | undefined;
  marked(row: number): true | undefined;
}

/**
 * One row of the columns seen as a record, each field read when asked (and its column when
 * first asked: the review screen's look at whether a card is marked reads no column): looking
 * at 100k cards this way creates no objects and boxes no numbers. Moved from row to row by peek().
 */
class RowView implements Readonly<CardRecord> {
  row = 0;

  constructor(
    private readonly column: (field: NumericField) => Float64Array,
    private readonly fileOf: () => Int32Array,
    private readonly files: string[],
    private readonly suspendedRow: Uint8Array,
    private readonly flags: RowFlags,
  ) {}

  get due(): number {
    return this.column('due')[this.row]!;
  }
  get s(): number {
    return this.column('s')[this.row]!;
  }
  get d(): number {
    return this.column('d')[this.row]!;
  }
  get st(): number {
    return this.column('st')[this.row]!;
  }
  get reps(): number {
    return this.column('reps')[this.row]!;
  }
  get lapses(): number {
    return this.column('lapses')[this.row]!;
  }
  get sd(): number {
    return this.column('sd')[this.row]!;
  }
  get ls(): number {
    return this.column('ls')[this.row]!;
  }
  get ed(): number {
    return this.column('ed')[this.row]!;
  }
  get lrt(): number | undefined {
    return optional(this.column('lrt')[this.row]);
  }
  get first(): number | undefined {
    return optional(this.column('first')[this.row]);
  }
  get lrv(): number | undefined {
    return optional(this.column('lrv')[this.row]);
  }
  get buriedUntil(): number | undefined {
    return optional(this.column('buriedUntil')[this.row]);
  }
  get suspended(): 'user' | 'leech' | undefined {
    return SUSPENDED[this.suspendedRow[this.row]!];
  }
  get file(): string | undefined {
    const f = this.fileOf()[this.row]!;
    return f < 0 ? undefined : this.files[f];
  }
  get sk(): undefined {
    return undefined;
  }
  get origin(): string | undefined {
    return this.flags.origin(this.row);
  }
  get marked(): true | undefined {
    return this.flags.marked(this.row);
  }
}

// Every card's progress, kept as the snapshot's columns until a card is touched. A session of
// 100k cards reads all of them once to build the queue and changes a few hundred: creating 100k
// record objects (and collecting them) was most of its start-up time. Map-compatible, so the
// fold, the controller and the tests treat it as the Map it stands for.
import type { CardRecord } from './events.js';

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
  /** Space-separated, "-" for none; split only when a record is first needed. */
  sketches: string;
  /** Where a history began, for the few cards whose history followed an edit (id -> first id). */
  origins?: Record<string, string>;
  /** The ids of the marked cards (few, so a list rather than a column). */
  marked?: string[];
}

export class ProgressStore implements Map<string, CardRecord> {
  /** Records created or changed since loading. */
  private readonly live = new Map<string, CardRecord>();
  /** Cards still only in the columns: id -> row. */
  private readonly rows = new Map<string, number>();
  private sketchList: string[] | undefined;
  private readonly anySuspended: boolean;
  private readonly anyOrigins: boolean;
  /** The marked cards of the columns, or undefined when none is. */
  private readonly marks: Set<string> | undefined;
  private readonly view: RowView;

  constructor(private readonly data?: ProgressColumns) {
    if (data) for (let i = 0; i < data.ids.length; i++) this.rows.set(data.ids[i]!, i);
    this.anySuspended = data !== undefined && Object.keys(data.suspended).length > 0;
    this.anyOrigins = data?.origins !== undefined && Object.keys(data.origins).length > 0;
    this.marks = data?.marked?.length ? new Set(data.marked) : undefined;
    this.view = new RowView(data ?? EMPTY, this.anySuspended, this.anyOrigins, this.marks);
  }

  get size(): number {
    return this.live.size + this.rows.size;
  }

  readonly [Symbol.toStringTag] = 'ProgressStore';

  has(id: string): boolean {
    return this.live.has(id) || this.rows.has(id);
  }

  get(id: string): CardRecord | undefined {
    const record = this.live.get(id);
    if (record !== undefined) return record;
    const row = this.rows.get(id);
    if (row === undefined) return undefined;
    const made = this.fill({} as CardRecord, id, row, true);
    this.rows.delete(id);
    this.live.set(id, made);
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
    const row = this.rows.get(id);
    if (row === undefined) return undefined;
    this.view.row = row;
    this.view.id = id;
    return this.view;
  }

  set(id: string, record: CardRecord): this {
    this.rows.delete(id);
    this.live.set(id, record);
    return this;
  }

  delete(id: string): boolean {
    return this.rows.delete(id) || this.live.delete(id);
  }

  clear(): void {
    this.rows.clear();
    this.live.clear();
  }

  *keys(): MapIterator<string> {
    yield* this.live.keys();
    yield* this.rows.keys();
  }

  *entries(): MapIterator<[string, CardRecord]> {
    yield* this.live.entries();
    for (const id of [...this.rows.keys()]) yield [id, this.get(id)!];
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
   * Calls `fn` with the `first`, `lrv` and `file` of every record, reading the columns of rows
   * nobody touched directly (a scan of typed arrays, no lookup by id, no record made).
   */
  scanDays(fn: (first: number | undefined, lrv: number | undefined, file: string | undefined) => void): void {
    for (const r of this.live.values()) fn(r.first, r.lrv, r.file);
    const d = this.data;
    if (!d) return;
    const { first, lrv } = d.columns;
    for (const row of this.rows.values()) {
      const f = d.file[row];
      fn(optional(first[row]), optional(lrv[row]), f == null || f < 0 ? undefined : d.files[f]);
    }
  }

  /** Back to columns, without creating records for the cards that were never touched. */
  toColumns(): ProgressColumns {
    const d = this.data;
    const files = d ? [...d.files] : [];
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
    if (d) {
      // Rows nobody touched are copied column by column, without making a record for each.
      const sketchList = (this.sketchList ??= d.sketches.split(' '));
      const rows = Int32Array.from(this.rows.values());
      for (const id of this.rows.keys()) ids.push(id);
      for (const row of rows) {
        const f = d.file[row];
        file.push(f == null || f < 0 ? null : f);
        sketches.push(sketchList[row] || '-');
      }
      if (this.anySuspended) for (const id of this.rows.keys()) if (d.suspended[id]) suspended[id] = d.suspended[id];
      if (this.anyOrigins) for (const id of this.rows.keys()) if (d.origins![id]) origins[id] = d.origins![id];
      if (this.marks) for (const id of this.rows.keys()) if (this.marks.has(id)) marked.push(id);
      for (const f of NUMERIC_FIELDS) {
        const from = d.columns[f];
        const to = columns[f];
        for (let k = 0; k < rows.length; k++) to.push(optional(from[rows[k]!]) ?? null);
      }
    }
    return { ids, columns, suspended, files, file, sketches: sketches.join(' '), origins, marked };
  }

  // Every field in one literal shape: records share one hidden class.
  private fill(target: CardRecord, id: string, row: number, withSketch: boolean): CardRecord {
    const d = this.data!;
    const c = d.columns;
    const f = d.file[row];
    target.due = c.due[row]!;
    target.s = c.s[row]!;
    target.d = c.d[row]!;
    target.st = c.st[row]!;
    target.reps = c.reps[row]!;
    target.lapses = c.lapses[row]!;
    target.sd = c.sd[row]!;
    target.ls = c.ls[row]!;
    target.ed = c.ed[row]!;
    target.lrt = optional(c.lrt[row]);
    target.first = optional(c.first[row]);
    target.lrv = optional(c.lrv[row]);
    target.buriedUntil = optional(c.buriedUntil[row]);
    target.suspended = this.anySuspended ? d.suspended[id] : undefined;
    target.origin = this.anyOrigins ? d.origins![id] : undefined;
    target.marked = this.marks?.has(id) ? true : undefined;
    target.file = f == null || f < 0 ? undefined : d.files[f];
    if (withSketch) {
      this.sketchList ??= d.sketches.split(' ');
      const sk = this.sketchList[row];
      target.sk = sk && sk !== '-' ? sk : undefined;
    } else target.sk = undefined;
    return target;
  }
}

/** null (JSON) and NaN (binary columns) both mean the field is absent. */
function optional(v: number | null | undefined): number | undefined {
  return v == null || v !== v ? undefined : v;
}

const EMPTY: ProgressColumns = {
  ids: [],
  columns: Object.fromEntries(NUMERIC_FIELDS.map((f) => [f, []])) as unknown as ProgressColumns['columns'],
  suspended: {},
  files: [],
  file: [],
  sketches: '',
};

/**
 * One row of the columns seen as a record, each field read when asked: looking at 100k cards
 * this way creates no objects and boxes no numbers. Moved from row to row by peek().
 */
class RowView implements Readonly<CardRecord> {
  row = 0;
  id = '';

  constructor(
    private readonly data: ProgressColumns,
    private readonly anySuspended: boolean,
    private readonly anyOrigins: boolean,
    private readonly marks: Set<string> | undefined,
  ) {}

  get due(): number {
    return this.data.columns.due[this.row]!;
  }
  get s(): number {
    return this.data.columns.s[this.row]!;
  }
  get d(): number {
    return this.data.columns.d[this.row]!;
  }
  get st(): number {
    return this.data.columns.st[this.row]!;
  }
  get reps(): number {
    return this.data.columns.reps[this.row]!;
  }
  get lapses(): number {
    return this.data.columns.lapses[this.row]!;
  }
  get sd(): number {
    return this.data.columns.sd[this.row]!;
  }
  get ls(): number {
    return this.data.columns.ls[this.row]!;
  }
  get ed(): number {
    return this.data.columns.ed[this.row]!;
  }
  get lrt(): number | undefined {
    return optional(this.data.columns.lrt[this.row]);
  }
  get first(): number | undefined {
    return optional(this.data.columns.first[this.row]);
  }
  get lrv(): number | undefined {
    return optional(this.data.columns.lrv[this.row]);
  }
  get buriedUntil(): number | undefined {
    return optional(this.data.columns.buriedUntil[this.row]);
  }
  get suspended(): 'user' | 'leech' | undefined {
    return this.anySuspended ? this.data.suspended[this.id] : undefined;
  }
  get file(): string | undefined {
    const f = this.data.file[this.row];
    return f == null || f < 0 ? undefined : this.data.files[f];
  }
  get sk(): undefined {
    return undefined;
  }
  get origin(): string | undefined {
    return this.anyOrigins ? this.data.origins![this.id] : undefined;
  }
  get marked(): true | undefined {
    return this.marks?.has(this.id) ? true : undefined;
  }
}

// Every card's progress, kept as the snapshot's columns until a card is touched. A session of
// 100k cards reads all of them once to build the queue and changes a few hundred: creating 100k
// record objects (and collecting them) was most of its start-up time. Map-compatible, so the
// fold, the controller and the tests treat it as the Map it stands for.
import type { CardRecord } from './events.js';

export const NUMERIC_FIELDS = ['due', 's', 'd', 'st', 'reps', 'lapses', 'sd', 'ls', 'ed', 'lrt', 'first', 'lrv', 'buriedUntil'] as const;
export type NumericField = (typeof NUMERIC_FIELDS)[number];

/** The snapshot's shape: row i of every column belongs to ids[i]; null marks an absent field. */
export interface ProgressColumns {
  ids: string[];
  columns: Record<NumericField, (number | null)[]>;
  suspended: Record<string, 'user' | 'leech'>;
  files: string[];
  file: (number | null)[];
  /** Space-separated, "-" for none; split only when a record is first needed. */
  sketches: string;
}

export class ProgressStore implements Map<string, CardRecord> {
  /** Records created or changed since loading. */
  private readonly live = new Map<string, CardRecord>();
  /** Cards still only in the columns: id -> row. */
  private readonly rows = new Map<string, number>();
  private sketchList: string[] | undefined;
  private readonly scratch = {} as CardRecord;
  private readonly anySuspended: boolean;

  constructor(private readonly data?: ProgressColumns) {
    if (data) for (let i = 0; i < data.ids.length; i++) this.rows.set(data.ids[i]!, i);
    this.anySuspended = data !== undefined && Object.keys(data.suspended).length > 0;
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
  peek(id: string): CardRecord | undefined {
    if (this.live.size > 0) {
      const record = this.live.get(id);
      if (record !== undefined) return record;
    }
    const row = this.rows.get(id);
    return row === undefined ? undefined : this.fill(this.scratch, id, row, false);
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

  /** Back to columns, without creating records for the cards that were never touched. */
  toColumns(): ProgressColumns {
    const out: ProgressColumns = {
      ids: [],
      columns: Object.fromEntries(NUMERIC_FIELDS.map((f) => [f, []])) as unknown as ProgressColumns['columns'],
      suspended: {},
      files: [],
      file: [],
      sketches: '',
    };
    const fileIndex = new Map<string, number>();
    const sketches: string[] = [];
    const add = (id: string, r: CardRecord) => {
      out.ids.push(id);
      for (const f of NUMERIC_FIELDS) out.columns[f].push(r[f] ?? null);
      if (r.suspended) out.suspended[id] = r.suspended;
      if (r.file === undefined) out.file.push(null);
      else {
        let index = fileIndex.get(r.file);
        if (index === undefined) fileIndex.set(r.file, (index = out.files.push(r.file) - 1));
        out.file.push(index);
      }
      sketches.push(r.sk ?? '-');
    };
    for (const [id, record] of this.live) add(id, record);
    for (const [id, row] of this.rows) add(id, this.fill(this.scratch, id, row, true));
    out.sketches = sketches.join(' ');
    return out;
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
    target.lrt = c.lrt[row] ?? undefined;
    target.first = c.first[row] ?? undefined;
    target.lrv = c.lrv[row] ?? undefined;
    target.buriedUntil = c.buriedUntil[row] ?? undefined;
    target.suspended = this.anySuspended ? d.suspended[id] : undefined;
    target.file = f == null ? undefined : d.files[f];
    if (withSketch) {
      this.sketchList ??= d.sketches.split(' ');
      const sk = this.sketchList[row];
      target.sk = sk && sk !== '-' ? sk : undefined;
    } else target.sk = undefined;
    return target;
  }
}

// An Anki collection file (SQLite, schema 11) written row by row straight into SQLite's file
// format (sqlite-file.ts): notes and cards as they are made, the review log in id order, the
// one `col` row, then the indexes Anki's schema declares, from the keys kept on the way.
import { SqliteFileWriter, type BTreeWriter, type SqlValue } from './sqlite-file.js';

/** Anki's own schema 11 (rslib/src/storage/schema11.sql), table for table: the tables, then their indexes. */
// not-ui: SQL
export const SCHEMA_11_TABLES = `
create table col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null, dconf text not null, tags text not null);
create table notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null);
create table cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null);
create table revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
create table graves (usn integer not null, oid integer not null, type integer not null);
`;
// not-ui: SQL
export const SCHEMA_11_INDEXES = `
create index ix_notes_usn on notes (usn);
create index ix_cards_usn on cards (usn);
create index ix_revlog_usn on revlog (usn);
create index ix_cards_nid on cards (nid);
create index ix_cards_sched on cards (did, queue, due);
create index ix_revlog_cid on revlog (cid);
create index ix_notes_csum on notes (csum);
`;

interface Statement {
  name: string;
  table: string;
  /** As SQLite keeps it in sqlite_schema: the leading keywords upper-cased, no semicolon. */
  sql: string;
  columns: string[];
}

function statements(text: string): Statement[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const m = /^create (table|index) (\w+) (?:on (\w+) )?\((.*)\);$/.exec(line);
      if (!m) throw new Error(`not a statement of schema 11: ${line}`);
      const [, kind, name, table, body] = m as unknown as [string, string, string, string | undefined, string];
      return { name, table: table ?? name, sql: `CREATE ${kind!.toUpperCase()} ${line.slice(`create ${kind} `.length, -1)}`, columns: body.split(',').map((c) => c.trim().split(' ')[0]!) };
    });
}

const TABLES = new Map(statements(SCHEMA_11_TABLES).map((s) => [s.name, s]));
const INDEXES = statements(SCHEMA_11_INDEXES);

/** A growable list of numbers. */
class Numbers {
  data: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
}

/** Row indices 0..n-1 sorted by the given keys, in order, each compared as a number. */
/** Whether no value is below the one before it. */
function rising(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) return false;
  return true;
}

function sortedBy(n: number, ...keys: Float64Array[]): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => {
    for (const k of keys) if (k[a] !== k[b]) return k[a]! - k[b]!;
    return 0;
  });
}

/** Position of `id` in sorted[0, length) (rising), where it is. */
function rankOf(sorted: Float64Array, length: number, id: number): number {
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Review log rows (in id order) grouped by card, in card order, each card's rows still in id
 * order: a counting sort over the cards' ranks. A comparison sort of a million rows copies them
 * into two arrays of tagged values first (V8's TypedArray sort), tens of MB.
 */
function byCard(ranks: Uint32Array, cards: number): Uint32Array {
  const start = new Uint32Array(cards + 1);
  for (let i = 0; i < ranks.length; i++) start[ranks[i]! + 1]!++;
  for (let c = 0; c < cards; c++) start[c + 1]! += start[c]!;
  const order = new Uint32Array(ranks.length);
  for (let i = 0; i < ranks.length; i++) order[start[ranks[i]!]!++] = i;
  return order;
}

export class AnkiCollectionFile {
  private readonly file: SqliteFileWriter;
  private readonly trees = new Map<string, BTreeWriter>();
  // The keys the indexes are made of.
  private readonly noteIds = new Numbers();
  private readonly noteSums = new Numbers();
  private readonly cardIds = new Numbers();
  private readonly cardNotes = new Numbers();
  private readonly cardDecks = new Numbers();
  private readonly cardQueues = new Numbers();
  private readonly cardDues = new Numbers();
  private revlogIds = new Numbers();
  /** Each review's card as its rank among the cards (half the room of its id). */
  private revlogCards = new Uint32Array(0);
  private readonly row: SqlValue[] = [];

  /** `sink` takes the pages from page 2 on, in order, as they are made (copying them: the buffer is reused). */
  constructor(sink: (page: Uint8Array) => void) {
    this.file = new SqliteFileWriter(sink);
    for (const t of TABLES.values()) this.trees.set(t.name, this.file.table(t.name, t.sql));
    for (const ix of INDEXES) this.trees.set(ix.name, this.file.index(ix.name, this.trees.get(ix.table)!, ix.sql, ix.columns));
  }

  private insert(table: string, rowid: number, ...values: SqlValue[]): void {
    this.trees.get(table)!.insert(rowid, values);
  }

  /** A note; ids must rise. `sfld` goes into an INTEGER column: a number-like text is stored as a number, as in Anki. */
  note(id: number, guid: string, mid: number, mod: number, tags: string, flds: string, sfld: string, csum: number): void {
    this.insert('notes', id, null, guid, mid, mod, -1, tags, flds, sfld, csum, 0, '');
    this.noteIds.push(id);
    this.noteSums.push(csum);
  }

  /** A card; ids must rise, and notes' cards come after them. */
  card(id: number, nid: number, did: number, ord: number, mod: number, s: { type: number; queue: number; due: number; ivl: number; factor: number; reps: number; lapses: number; left: number; data: string }): void {
    this.insert('cards', id, null, nid, did, ord, mod, -1, s.type, s.queue, s.due, s.ivl, s.factor, s.reps, s.lapses, s.left, 0, 0, 0, s.data);
    this.cardIds.push(id);
    this.cardNotes.push(nid);
    this.cardDecks.push(did);
    this.cardQueues.push(s.queue);
    this.cardDues.push(s.due);
  }

  /** Room for `n` review log rows (at most), made at once. */
  expectReviews(n: number): void {
    this.revlogIds = new Numbers(Math.max(1, n));
    this.revlogCards = new Uint32Array(n);
  }

  /** A review log row, of a card already written; ids must rise, and at most `expectReviews` rows come. */
  review(id: number, cid: number, values: Readonly<[ease: number, ivl: number, lastIvl: number, factor: number, time: number, type: number]>): void {
    const n = this.revlogIds.length;
    if (n === this.revlogCards.length) throw new Error(`more review log rows than the ${n} expected`);
    const row = this.row;
    row.length = 9;
    row[0] = null;
    row[1] = cid;
    row[2] = -1;
    for (let k = 0; k < 6; k++) row[3 + k] = values[k]!;
    this.trees.get('revlog')!.insert(id, row);
    this.revlogCards[n] = rankOf(this.cardIds.data, this.cardIds.length, cid);
    this.revlogIds.push(id);
  }

  /**
   * The finished file's first page (header and schema): everything else has gone to the sink.
   * `pause` is awaited now and then, when it returns a promise (a place to let the sink catch up).
   */
  async finish(col: { crt: number; mod: number; conf: string; models: string; decks: string; dconf: string }, pause: () => Promise<void> | undefined = () => undefined): Promise<Uint8Array> {
    this.insert('col', 1, null, col.crt, col.mod, col.mod, 11, 0, 0, 0, col.conf, col.models, col.decks, col.dconf, '{}');
    const roots = new Map<BTreeWriter, number>();
    for (const t of TABLES.keys()) roots.set(this.trees.get(t)!, this.trees.get(t)!.finish());
    const notes = this.noteIds.data.subarray(0, this.noteIds.length);
    const cards = this.cardIds.data.subarray(0, this.cardIds.length);
    const revlog = { id: this.revlogIds.data.subarray(0, this.revlogIds.length), card: this.revlogCards.subarray(0, this.revlogIds.length) };
    const index = async (name: string, rows: number, order: Uint32Array | undefined, ...keys: (Float64Array | number | ((row: number) => number))[]) => {
      const tree = this.trees.get(name)!;
      const entry = this.row;
      entry.length = keys.length;
      for (let k = 0; k < rows; k++) {
        const i = order ? order[k]! : k;
        for (let c = 0; c < keys.length; c++) {
          const key = keys[c]!;
          entry[c] = typeof key === 'number' ? key : typeof key === 'function' ? key(i) : key[i]!;
        }
        tree.entry(entry);
        if (k % 4096 === 4095) await pause();
      }
      roots.set(tree, tree.finish());
    };
    // Each index's entries in SQLite's order: its key columns, then the rowid. Rows were
    // written in rowid order, and every usn is -1.
    const cardNotes = this.cardNotes.data.subarray(0, cards.length);
    await index('ix_notes_usn', notes.length, undefined, -1, notes);
    await index('ix_cards_usn', cards.length, undefined, -1, cards);
    await index('ix_revlog_usn', revlog.id.length, undefined, -1, revlog.id);
    // Cards come after their note (see note()): in rowid order their notes rise already.
    await index('ix_cards_nid', cards.length, rising(cardNotes) ? undefined : sortedBy(cards.length, cardNotes, cards), cardNotes, cards);
    const decks = this.cardDecks.data.subarray(0, cards.length);
    const queues = this.cardQueues.data.subarray(0, cards.length);
    const dues = this.cardDues.data.subarray(0, cards.length);
    await index('ix_cards_sched', cards.length, sortedBy(cards.length, decks, queues, dues, cards), decks, queues, dues, cards);
    await index('ix_revlog_cid', revlog.id.length, byCard(revlog.card, cards.length), (i) => cards[revlog.card[i]!]!, revlog.id);
    const sums = this.noteSums.data.subarray(0, notes.length);
    await index('ix_notes_csum', notes.length, sortedBy(notes.length, sums, notes), sums, notes);
    return this.file.finish(roots).page1;
  }
}

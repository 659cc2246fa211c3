// Builds Anki packages for the tests, the way Anki lays them out: schema 11 collections
// (collection.anki2 / collection.anki21, note types and decks as JSON in the col row) and schema 18
// ones (collection.anki21b: zstd-compressed, note types, fields, templates, decks and config in
// their own tables, with Anki's `collate unicase` columns; the media list as zstd protobuf).
// The SQL follows rslib/src/storage/schema11.sql and rslib/src/storage/upgrades of ankitects/anki.
import { zipSync, strToU8 } from 'fflate';
import { Policy } from '../src/core/policy.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/core/settings.js';
import { SCHEMA_11 } from '../src/export/apkg.js';
import { loadSqlJs } from '../src/import/sql-js.js';
import type { AnswerPolicy } from '../src/import/anki-convert.js';

/**
 * recall's scheduling as the converter and the fold both take it: each answer recomputed as a
 * review session computes it.
 */
export function testPolicy(settings: Settings = DEFAULT_SETTINGS): AnswerPolicy & Policy {
  return new Policy(settings);
}

export type Format = 'anki2' | 'anki21' | 'anki21b';

export interface TestNoteType {
  id: number;
  name: string;
  cloze?: boolean;
  fields: string[];
  templates: { name: string; qfmt: string; afmt: string }[];
}

export interface TestPackage {
  format: Format;
  schedVer?: number;
  crt?: number;
  noteTypes: TestNoteType[];
  decks: { id: number; name: string }[];
  notes: { id: number; guid?: string; mid: number; mod?: number; tags?: string[]; fields: string[] }[];
  cards: { id: number; nid: number; did: number; ord: number; mod?: number; type?: number; queue?: number; due?: number; ivl?: number; reps?: number; lapses?: number; left?: number; data?: string; odid?: number }[];
  revlog?: { id: number; cid: number; ease: number; ivl?: number; lastIvl?: number; factor?: number; time?: number; type: number }[];
  media?: { name: string; bytes: Uint8Array }[];
}

export const BASIC: TestNoteType = { id: 1001, name: 'Basic', fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' }] };
export const REVERSED: TestNoteType = {
  id: 1002,
  name: 'Basic (and reversed card)',
  fields: ['Front', 'Back'],
  templates: [
    { name: 'Card 1', qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' },
    { name: 'Card 2', qfmt: '{{Back}}', afmt: '{{FrontSide}}<hr id=answer>{{Front}}' },
  ],
};
export const OPTIONAL: TestNoteType = {
  id: 1003,
  name: 'Basic (optional reversed card)',
  fields: ['Front', 'Back', 'Add Reverse'],
  templates: [
    { name: 'Card 1', qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' },
    { name: 'Card 2', qfmt: '{{#Add Reverse}}{{Back}}{{/Add Reverse}}', afmt: '{{FrontSide}}<hr id=answer>{{Front}}' },
  ],
};
export const CLOZE: TestNoteType = { id: 1004, name: 'Cloze', cloze: true, fields: ['Text', 'Back Extra'], templates: [{ name: 'Cloze', qfmt: '{{cloze:Text}}', afmt: '{{cloze:Text}}<br>{{Back Extra}}' }] };
export const VOCAB: TestNoteType = {
  id: 1005,
  name: 'Vocabulary',
  fields: ['Word', 'Reading', 'Meaning'],
  templates: [{ name: 'Recognition', qfmt: '{{Word}}', afmt: '{{FrontSide}}<hr>{{Reading}}<br>{{Meaning}}' }, { name: 'Recall', qfmt: '{{Meaning}}', afmt: '{{Word}}' }],
};

// --- protobuf and zstd writers -----------------------------------------------------------------

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

/** A protobuf message from [field, value] pairs: numbers as varints, strings and bytes delimited. */
export function proto(fields: [number, number | string | Uint8Array][]): Uint8Array {
  const out: number[] = [];
  for (const [n, v] of fields) {
    if (typeof v === 'number') out.push(...varint(n * 8), ...varint(v));
    else {
      const bytes = typeof v === 'string' ? strToU8(v) : v;
      out.push(...varint(n * 8 + 2), ...varint(bytes.length), ...bytes);
    }
  }
  return new Uint8Array(out);
}

/**
 * A zstd frame of raw (stored) blocks: valid Zstandard that any decoder reads (RFC 8878: single
 * segment, 4-byte content size, blocks of at most 128 KiB, no checksum).
 */
export function zstdStored(data: Uint8Array): Uint8Array {
  const BLOCK = 128 * 1024;
  const parts: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0xa0, data.length & 0xff, (data.length >>> 8) & 0xff, (data.length >>> 16) & 0xff, (data.length >>> 24) & 0xff];
  const out: Uint8Array[] = [new Uint8Array(parts)];
  let offset = 0;
  do {
    const size = Math.min(BLOCK, data.length - offset);
    const last = offset + size >= data.length ? 1 : 0;
    const header = (size << 3) | last;
    out.push(new Uint8Array([header & 0xff, (header >>> 8) & 0xff, (header >>> 16) & 0xff]), data.subarray(offset, offset + size));
    offset += size;
  } while (offset < data.length);
  const total = out.reduce((n, p) => n + p.length, 0);
  const frame = new Uint8Array(total);
  let at = 0;
  for (const p of out) {
    frame.set(p, at);
    at += p.length;
  }
  return frame;
}

// --- collections -------------------------------------------------------------------------------

const SCHEMA_18_TABLES = `
CREATE TABLE deck_config (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE config (KEY text NOT NULL PRIMARY KEY, usn integer NOT NULL, mtime_secs integer NOT NULL, val blob NOT NULL) without rowid;
CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE UNIQUE INDEX idx_fields_name_ntid ON fields (name, ntid);
CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE UNIQUE INDEX idx_templates_name_ntid ON templates (name, ntid);
CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
CREATE TABLE decks (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL, usn integer NOT NULL, common blob NOT NULL, kind blob NOT NULL);
CREATE UNIQUE INDEX idx_decks_name ON decks (name);
CREATE TABLE tags (tag text NOT NULL PRIMARY KEY COLLATE unicase, usn integer NOT NULL, collapsed boolean NOT NULL, config blob NULL) without rowid;
`;

interface Db {
  run(sql: string, params?: unknown[]): void;
  exec(sql: string): unknown;
  export(): Uint8Array;
  close(): void;
}

export async function buildCollection(p: TestPackage): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new (SQL as unknown as { Database: new () => Db }).Database();
  try {
    db.exec(SCHEMA_11);
    const schedVer = p.schedVer ?? 2;
    const crt = p.crt ?? 1_700_000_000;
    if (p.format === 'anki21b') {
      // sql.js knows no `unicase` collation: the tables are made without it, then their schema text
      // is given the collation as Anki writes it (readers only meet it in sqlite_master).
      db.exec(SCHEMA_18_TABLES.replace(/ COLLATE unicase/g, ''));
      db.exec('PRAGMA writable_schema = ON');
      for (const stmt of SCHEMA_18_TABLES.trim().split('\n')) {
        const name = /^CREATE (?:UNIQUE INDEX|TABLE) (\w+)/.exec(stmt)![1]!;
        db.run('update sqlite_master set sql = ? where name = ?', [stmt.replace(/;$/, ''), name]);
      }
      db.exec('PRAGMA writable_schema = OFF');
      db.run("insert into col values (1, ?, 0, 0, 18, 0, 0, 0, '', '', '', '', '')", [crt]);
      db.run("insert into config values ('schedVer', 0, 0, ?)", [strToU8(String(schedVer))]);
      for (const t of p.noteTypes) {
        db.run('insert into notetypes values (?, ?, 0, 0, ?)', [t.id, t.name, proto([[1, t.cloze ? 1 : 0], [3, '.card {}']])]);
        t.fields.forEach((f, i) => db.run('insert into fields values (?, ?, ?, ?)', [t.id, i, f, proto([[3, 'Arial']])]));
        t.templates.forEach((tm, i) => db.run('insert into templates values (?, ?, ?, 0, 0, ?)', [t.id, i, tm.name, proto([[1, tm.qfmt], [2, tm.afmt]])]));
      }
      for (const d of p.decks) db.run('insert into decks values (?, ?, 0, 0, ?, ?)', [d.id, d.name.split('::').join('\x1f'), new Uint8Array(), proto([[1, proto([[1, 1]])]])]);
    } else {
      const models = Object.fromEntries(
        p.noteTypes.map((t) => [
          t.id,
          { id: t.id, name: t.name, type: t.cloze ? 1 : 0, flds: t.fields.map((name, ord) => ({ name, ord })), tmpls: t.templates.map((tm, ord) => ({ ...tm, ord })) },
        ]),
      );
      const decks = Object.fromEntries(p.decks.map((d) => [d.id, { id: d.id, name: d.name, dyn: 0 }]));
      const conf = schedVer === 1 ? {} : { schedVer };
      db.run("insert into col values (1, ?, 0, 0, 11, 0, 0, 0, ?, ?, ?, '{}', '{}')", [crt, JSON.stringify(conf), JSON.stringify(models), JSON.stringify(decks)]);
    }
    for (const n of p.notes) {
      db.run("insert into notes values (?, ?, ?, ?, 0, ?, ?, '', 0, 0, '')", [n.id, n.guid ?? `g${n.id}`, n.mid, n.mod ?? 1_700_000_000, n.tags?.length ? ` ${n.tags.join(' ')} ` : '', n.fields.join('\x1f')]);
    }
    for (const c of p.cards) {
      db.run('insert into cards values (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 2500, ?, ?, ?, 0, ?, 0, ?)', [
        c.id, c.nid, c.did, c.ord, c.mod ?? 1_700_000_000, c.type ?? 0, c.queue ?? 0, c.due ?? 1, c.ivl ?? 0, c.reps ?? 0, c.lapses ?? 0, c.left ?? 0, c.odid ?? 0, c.data ?? '',
      ]);
    }
    for (const r of p.revlog ?? []) {
      db.run('insert into revlog values (?, ?, 0, ?, ?, ?, ?, ?, ?)', [r.id, r.cid, r.ease, r.ivl ?? 1, r.lastIvl ?? 0, r.factor ?? 2500, r.time ?? 5000, r.type]);
    }
    return db.export();
  } finally {
    db.close();
  }
}

/** The package: collection, media list and media files, as Anki's exporter names them. */
export async function buildPackage(p: TestPackage): Promise<Uint8Array> {
  const collection = await buildCollection(p);
  const media = p.media ?? [];
  const files: Record<string, Uint8Array> = {};
  // Anki's exporter puts a stand-in collection.anki2 beside a newer collection ("please update
  // Anki"), and a meta naming the real one.
  if (p.format !== 'anki2') files['collection.anki2'] = await buildCollection({ format: 'anki2', noteTypes: [BASIC], decks: [{ id: 1, name: 'Default' }], notes: [{ id: 1, mid: BASIC.id, fields: ['Please update to the latest Anki version, then import the .colpkg/.apkg file again.', ''] }], cards: [{ id: 1, nid: 1, did: 1, ord: 0 }] });
  if (p.format === 'anki21b') {
    files.meta = proto([[1, 3]]);
    files['collection.anki21b'] = zstdStored(collection);
    files.media = zstdStored(proto(media.map((m) => [1, proto([[1, m.name], [2, m.bytes.length]])] as [number, Uint8Array])));
    media.forEach((m, i) => (files[String(i)] = zstdStored(m.bytes)));
  } else {
    if (p.format === 'anki21') files.meta = proto([[1, 2]]);
    files[`collection.${p.format}`] = collection;
    files.media = strToU8(JSON.stringify(Object.fromEntries(media.map((m, i) => [String(i), m.name]))));
    media.forEach((m, i) => (files[String(i)] = m.bytes));
  }
  return zipSync(files);
}

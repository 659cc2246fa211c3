// Reads an Anki package (.apkg, or a whole-collection .colpkg) of every format in use:
// `collection.anki2` and `collection.anki21` (SQLite, schema 11: note types and decks as JSON in
// the col row) and `collection.anki21b` (zstd-compressed SQLite, schema 18: note types, fields,
// templates and decks in tables of their own, settings as protobuf), with the media list as JSON
// or as zstd-compressed protobuf. Facts from ankitects/anki: rslib/src/import_export/package/
// {meta,media}.rs, rslib/src/storage/upgrades/ and proto/anki/{import_export,notetypes}.proto.
import { unzipSync, type Unzipped } from 'fflate';
import { decompress } from 'fzstd';
import { loadSqlJs } from './sql-js.js';
import { protoMessages, protoNumber, protoString, readMessage } from './protobuf.js';
import { m } from '../i18n/index.js';

export type CollectionFormat = 'anki2' | 'anki21' | 'anki21b';

export interface AnkiNoteType {
  id: number;
  name: string;
  cloze: boolean;
  fields: string[];
  templates: { name: string; qfmt: string; afmt: string }[];
}

export interface AnkiNoteRow {
  id: number;
  guid: string;
  mid: number;
  /** Seconds. */
  mod: number;
  tags: string[];
  fields: string[];
}

export interface AnkiCardRow {
  id: number;
  nid: number;
  /** The card's home deck (a card in a filtered deck counts in the deck it came from). */
  did: number;
  ord: number;
  mod: number;
  type: number;
  queue: number;
  due: number;
  ivl: number;
  reps: number;
  lapses: number;
  left: number;
  data: string;
}

export interface AnkiRevlogRow {
  id: number;
  cid: number;
  ease: number;
  ivl: number;
  lastIvl: number;
  factor: number;
  time: number;
  type: number;
}

export interface AnkiMediaFile {
  name: string;
  /** The file's bytes, read (and decompressed) when asked for. */
  data(): Uint8Array;
}

export interface AnkiCollection {
  format: CollectionFormat;
  /** 1 for the old scheduler (its learning answers have 3 buttons), 2 for v2 and v3. */
  schedVer: number;
  /** Collection creation, in seconds. */
  crt: number;
  noteTypes: Map<number, AnkiNoteType>;
  /** Deck names with `::` between levels. */
  decks: Map<number, string>;
  notes: AnkiNoteRow[];
  cards: AnkiCardRow[];
  /** In time order. */
  revlog: AnkiRevlogRow[];
  media: AnkiMediaFile[];
}

/** A package that cannot be read, with what is wrong in words for the user. */
export class PackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageError';
  }
}

const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

function unzstd(bytes: Uint8Array, what: string): Uint8Array {
  if (!ZSTD_MAGIC.every((b, i) => bytes[i] === b)) throw new PackageError(m.anki.notZstd(what));
  try {
    return decompress(bytes);
  } catch (error) {
    throw new PackageError(m.anki.damaged(what, (error as Error).message));
  }
}

function unzip(bytes: Uint8Array, filter: (name: string) => boolean): Unzipped {
  try {
    return unzipSync(bytes, { filter: (f) => filter(f.name) });
  } catch (error) {
    throw new PackageError(m.anki.notZip((error as Error).message));
  }
}

const decoder = new TextDecoder();

/** The collection file a package's `meta` names, or the newest one present (rslib meta.rs). */
function collectionFile(files: Unzipped): { name: string; format: CollectionFormat } {
  const meta = files.meta;
  if (meta) {
    const version = protoNumber(readMessage(meta), 1);
    if (version === 3) return { name: 'collection.anki21b', format: 'anki21b' };
    if (version === 2) return { name: 'collection.anki21', format: 'anki21' };
    if (version === 1) return { name: 'collection.anki2', format: 'anki2' };
    throw new PackageError(m.anki.newerFormat(version));
  }
  for (const format of ['anki21b', 'anki21', 'anki2'] as const) if (files[`collection.${format}`]) return { name: `collection.${format}`, format };
  throw new PackageError(m.anki.noCollection);
}

interface Db {
  exec(sql: string): { columns: string[]; values: unknown[][] }[];
  run(sql: string, params?: unknown[]): void;
  export(): Uint8Array;
  close(): void;
}

function rows(db: Db, sql: string): unknown[][] {
  return db.exec(sql)[0]?.values ?? [];
}

function json<T>(text: unknown, what: string): T {
  try {
    return JSON.parse(String(text)) as T;
  } catch {
    throw new PackageError(m.anki.badJson(m.anki.part[what] ?? what));
  }
}

interface ModelJson {
  id: number | string;
  name: string;
  type?: number;
  flds?: { name: string; ord: number }[];
  tmpls?: { name: string; ord: number; qfmt: string; afmt: string }[];
}

function schema11(db: Db) {
  // not-ui: SQL
  const [col] = rows(db, 'select crt, conf, models, decks from col');
  if (!col) throw new PackageError(m.anki.noColRow);
  const conf = json<{ schedVer?: number }>(col[1] || '{}', 'settings');
  const models = json<Record<string, ModelJson>>(col[2] || '{}', 'noteTypes');
  const deckJson = json<Record<string, { id: number | string; name: string }>>(col[3] || '{}', 'decks');
  const noteTypes = new Map<number, AnkiNoteType>();
  for (const m of Object.values(models)) {
    const byOrd = <T extends { ord: number }>(list: T[] | undefined) => [...(list ?? [])].sort((a, b) => a.ord - b.ord);
    noteTypes.set(Number(m.id), {
      id: Number(m.id),
      name: String(m.name),
      cloze: m.type === 1,
      fields: byOrd(m.flds).map((f) => f.name),
      templates: byOrd(m.tmpls).map((t) => ({ name: t.name, qfmt: t.qfmt ?? '', afmt: t.afmt ?? '' })),
    });
  }
  const decks = new Map<number, string>();
  for (const d of Object.values(deckJson)) decks.set(Number(d.id), String(d.name));
  return { crt: Number(col[0]), schedVer: conf.schedVer === 2 || conf.schedVer === 3 ? 2 : 1, noteTypes, decks };
}

function schema18(db: Db) {
  // not-ui: SQL
  const [col] = rows(db, 'select crt from col');
  if (!col) throw new PackageError(m.anki.noColRow);
  let schedVer = 2;
  // not-ui: SQL
  for (const [key, val] of rows(db, "select key, val from config where key = 'schedVer'")) {
    if (key === 'schedVer') schedVer = Number(decoder.decode(val as Uint8Array)) === 1 ? 1 : 2;
  }
  const noteTypes = new Map<number, AnkiNoteType>();
  // not-ui: SQL
  for (const [id, name, config] of rows(db, 'select id, name, config from notetypes')) {
    noteTypes.set(Number(id), { id: Number(id), name: String(name), cloze: protoNumber(readMessage(config as Uint8Array), 1) === 1, fields: [], templates: [] });
  }
  // not-ui: SQL
  for (const [ntid, , name] of rows(db, 'select ntid, ord, name from fields order by ntid, ord')) noteTypes.get(Number(ntid))?.fields.push(String(name));
  // not-ui: SQL
  for (const [ntid, , name, config] of rows(db, 'select ntid, ord, name, config from templates order by ntid, ord')) {
    const c = readMessage(config as Uint8Array);
    noteTypes.get(Number(ntid))?.templates.push({ name: String(name), qfmt: protoString(c, 1), afmt: protoString(c, 2) });
  }
  const decks = new Map<number, string>();
  // Schema 18 separates deck levels with \x1f (rslib/src/decks/name.rs).
  // not-ui: SQL
  for (const [id, name] of rows(db, 'select id, name from decks')) decks.set(Number(id), String(name).split('\x1f').join('::'));
  return { crt: Number(col[0]), schedVer, noteTypes, decks };
}

function mediaList(files: Unzipped, bytes: Uint8Array, format: CollectionFormat): AnkiMediaFile[] {
  const list = files.media;
  if (!list) return [];
  const fetch = (entry: string, compressed: boolean) => () => {
    const file = unzip(bytes, (n) => n === entry)[entry];
    if (!file) throw new PackageError(m.anki.mediaMissing(entry));
    return compressed ? unzstd(file, m.anki.mediaFile(entry)) : file;
  };
  if (format !== 'anki21b') {
    const map = json<Record<string, string>>(decoder.decode(list) || '{}', 'mediaList');
    return Object.entries(map).map(([entry, name]) => ({ name: String(name), data: fetch(entry, false) }));
  }
  // MediaEntries { repeated MediaEntry entries = 1 }, MediaEntry { name = 1, size = 2, sha1 = 3,
  // legacy_zip_filename = 255 }: a file's zip entry is its index in the list unless given.
  return protoMessages(readMessage(unzstd(list, m.anki.theMediaList)), 1).map((m, i) => {
    const entry = readMessage(m);
    const zipName = entry.has(255) ? protoNumber(entry, 255) : i;
    return { name: protoString(entry, 1), data: fetch(String(zipName), true) };
  });
}

/**
 * Schema 18 sorts names with Anki's own `unicase` collation, which SQLite outside Anki lacks, and
 * some tables cannot even be scanned without it. The names are only read here, never compared,
 * so the collation is taken out of the schema of this in-memory copy.
 */
function withoutUnicase(db: Db, open: (bytes: Uint8Array) => Db): Db {
  // not-ui: SQL
  const schema = rows(db, "select type, name, sql from sqlite_master where sql like '%collate unicase%'");
  // not-ui: SQL
  db.exec('PRAGMA writable_schema = ON');
  // not-ui: SQL
  for (const [type, name, sql] of schema) db.run('update sqlite_master set sql = ? where type = ? and name = ?', [String(sql).replace(/\s+collate\s+unicase/gi, ''), type, name]);
  // not-ui: SQL
  db.exec('PRAGMA writable_schema = OFF');
  const bytes = db.export();
  db.close();
  return open(bytes);
}

/** Reads the notes, cards, review log, note types, decks and media list of a package. */
export async function readAnkiPackage(bytes: Uint8Array): Promise<AnkiCollection> {
  const files = unzip(bytes, (n) => n === 'meta' || n === 'media' || n.startsWith('collection.'));
  const { name, format } = collectionFile(files);
  const stored = files[name];
  if (!stored) throw new PackageError(m.anki.metaNamesMissing(name));
  const data: Uint8Array = format === 'anki21b' ? unzstd(stored, name) : stored;
  const SQL = await loadSqlJs();
  const open = (bytes: Uint8Array) => new (SQL as unknown as { Database: new (data: Uint8Array) => Db }).Database(bytes);
  let db: Db;
  try {
    db = open(data);
    // not-ui: SQL
    if (rows(db, "select 1 from sqlite_master where sql like '%collate unicase%' limit 1").length) db = withoutUnicase(db, open);
  } catch (error) {
    throw new PackageError(m.anki.notSqlite(name, (error as Error).message));
  }
  try {
    // not-ui: SQL
    const [[ver] = []] = rows(db, 'select ver from col');
    const head = Number(ver) >= 15 ? schema18(db) : schema11(db);
    // not-ui: SQL
    const notes: AnkiNoteRow[] = rows(db, 'select id, guid, mid, mod, tags, flds from notes order by id').map((r) => ({
      id: Number(r[0]),
      guid: String(r[1]),
      mid: Number(r[2]),
      mod: Number(r[3]),
      tags: String(r[4]).split(/[\s\u3000]+/).filter(Boolean),
      fields: String(r[5]).split('\x1f'),
    }));
    // not-ui: SQL
    const cards: AnkiCardRow[] = rows(db, 'select id, nid, did, odid, ord, mod, type, queue, due, odue, ivl, reps, lapses, left, data from cards order by nid, ord').map((r) => {
      const filtered = Number(r[3]) !== 0;
      return {
        id: Number(r[0]),
        nid: Number(r[1]),
        did: filtered ? Number(r[3]) : Number(r[2]),
        ord: Number(r[4]),
        mod: Number(r[5]),
        type: Number(r[6]),
        queue: Number(r[7]),
        due: filtered && Number(r[9]) !== 0 ? Number(r[9]) : Number(r[8]),
        ivl: Number(r[10]),
        reps: Number(r[11]),
        lapses: Number(r[12]),
        left: Number(r[13]),
        data: String(r[14] ?? ''),
      };
    });
    const revlog: AnkiRevlogRow[] = [];
    // not-ui: SQL
    for (const r of rows(db, 'select id, cid, ease, ivl, lastIvl, factor, time, type from revlog order by id')) {
      revlog.push({ id: Number(r[0]), cid: Number(r[1]), ease: Number(r[2]), ivl: Number(r[3]), lastIvl: Number(r[4]), factor: Number(r[5]), time: Number(r[6]), type: Number(r[7]) });
    }
    return { format, ...head, notes, cards, revlog, media: mediaList(files, bytes, format) };
  } catch (error) {
    if (error instanceof PackageError) throw error;
    throw new PackageError(m.anki.notCollection(name, (error as Error).message));
  } finally {
    db.close();
  }
}

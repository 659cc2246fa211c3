// Writes an Anki package: collection.anki2 (SQLite, schema 11, built with sql.js: WebAssembly,
// no native build) and the media map, zipped. What Anki reads is documented in
// rslib/src/storage/schema11.sql and rslib/src/{notetype,decks}/schema11.rs of ankitects/anki.
import { createRequire } from 'node:module';
import { zipSync, strToU8 } from 'fflate';
import type { CardRecord, LogEvent } from '../core/events.js';
import { NOTE_TYPES, ankiRevlog, ankiSchedule, toAnkiNotes, type NoteKind } from './anki-notes.js';
import type { Card } from '../core/types.js';

/** Anki's own schema 11 (rslib/src/storage/schema11.sql), table for table. */
export const SCHEMA_11 = `
create table col (id integer primary key, crt integer not null, mod integer not null, scm integer not null, ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null, models text not null, decks text not null, dconf text not null, tags text not null);
create table notes (id integer primary key, guid text not null, mid integer not null, mod integer not null, usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null, flags integer not null, data text not null);
create table cards (id integer primary key, nid integer not null, did integer not null, ord integer not null, mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null, ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null);
create table revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
create table graves (usn integer not null, oid integer not null, type integer not null);
create index ix_notes_usn on notes (usn);
create index ix_cards_usn on cards (usn);
create index ix_revlog_usn on revlog (usn);
create index ix_cards_nid on cards (nid);
create index ix_cards_sched on cards (did, queue, due);
create index ix_revlog_cid on revlog (cid);
create index ix_notes_csum on notes (csum);
`;

const CSS = '.card { font-family: sans-serif; font-size: 20px; text-align: left; }\n.context { color: #888; font-size: 14px; margin-bottom: 8px; }\n.cloze { font-weight: bold; color: #06c; }\ncode, pre { font-family: monospace; }';
const CONTEXT = '{{#Context}}<div class="context">{{Context}}</div>{{/Context}}';

function field(name: string, ord: number) {
  return { name, ord, sticky: false, rtl: false, font: 'Arial', size: 20, media: [], description: '' };
}

function template(name: string, ord: number, qfmt: string, afmt: string) {
  return { name, ord, qfmt, afmt, bqfmt: '', bafmt: '', did: null, bfont: '', bsize: 0 };
}

function noteTypeJson(kind: NoteKind, modSecs: number) {
  const t = NOTE_TYPES[kind];
  const front = `${CONTEXT}{{Front}}`;
  const tmpls =
    kind === 'cloze'
      ? [template('Cloze', 0, `${CONTEXT}{{cloze:Text}}`, `${CONTEXT}{{cloze:Text}}<br>{{Back Extra}}`)]
      : [
          template('Card 1', 0, front, `${front}<hr id="answer">{{Back}}`),
          ...(kind === 'basic-reverse' ? [template('Card 2', 1, `${CONTEXT}{{Back}}`, `${CONTEXT}{{Back}}<hr id="answer">{{Front}}`)] : []),
        ];
  return {
    id: t.id,
    name: t.name,
    type: kind === 'cloze' ? 1 : 0,
    mod: modSecs,
    usn: -1,
    sortf: 0,
    did: null,
    tmpls,
    flds: t.fields.map(field),
    css: CSS,
    latexPre: '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n',
    latexPost: '\\end{document}',
    latexsvg: false,
    req: kind === 'cloze' ? [[0, 'any', [0]]] : kind === 'basic' ? [[0, 'any', [0]]] : [[0, 'any', [0]], [1, 'any', [1]]],
    tags: [],
    vers: [],
  };
}

/** A deck id from its name: the same deck gets the same id in every export. */
export function deckId(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return 1_000_000_000 + (h % 1_000_000_000);
}

function deckJson(name: string, id: number, modSecs: number) {
  return {
    id,
    name,
    mod: modSecs,
    usn: -1,
    lrnToday: [0, 0],
    revToday: [0, 0],
    newToday: [0, 0],
    timeToday: [0, 0],
    collapsed: false,
    browserCollapsed: false,
    desc: '',
    dyn: 0,
    conf: 1,
    extendNew: 0,
    extendRev: 0,
  };
}

const DECK_CONFIG = {
  id: 1,
  mod: 0,
  name: 'Default',
  usn: 0,
  maxTaken: 60,
  autoplay: true,
  timer: 0,
  replayq: true,
  dyn: false,
  new: { bury: false, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 0], order: 1, perDay: 20 },
  rev: { bury: false, ease4: 1.3, ivlFct: 1, maxIvl: 36500, perDay: 200, hardFactor: 1.2 },
  lapse: { delays: [10], leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
};

export interface ApkgInput {
  cards: Card[];
  now: number;
  /** With --with-progress: scheduling, FSRS memory state and the review log. */
  progress?: { records: Map<string, CardRecord> | { get(id: string): CardRecord | undefined }; events: LogEvent[]; retention: (card: Card) => number };
  onProgress?: (done: number, total: number) => void;
}

export interface ApkgResult {
  bytes: Uint8Array;
  notes: number;
  cards: number;
  reviews: number;
}

type SqlJs = { Database: new () => { run(sql: string, params?: unknown[]): void; exec(sql: string): unknown; prepare(sql: string): { run(params: unknown[]): void; free(): void }; export(): Uint8Array; close(): void } };

let sqlPromise: Promise<SqlJs> | undefined;

/** sql.js loads its WebAssembly once per process. */
export function loadSqlJs(): Promise<SqlJs> {
  const require = createRequire(import.meta.url);
  sqlPromise ??= (require('sql.js') as (config: object) => Promise<SqlJs>)({ locateFile: (f: string) => require.resolve(`sql.js/dist/${f}`) });
  return sqlPromise;
}

export async function buildApkg(input: ApkgInput): Promise<ApkgResult> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  const modSecs = Math.floor(input.now / 1000);
  // The collection was "created" at the start of today (UTC), so review due days count from there.
  const crtSecs = Math.floor(input.now / 86_400_000) * 86_400;
  try {
    db.exec(SCHEMA_11);
    const notes = toAnkiNotes(input.cards);
    const deckNames = new Set<string>();
    for (const n of notes) {
      const parts = n.deck.split('::');
      for (let i = 1; i <= parts.length; i++) deckNames.add(parts.slice(0, i).join('::'));
    }
    const decks: Record<string, unknown> = { 1: deckJson('Default', 1, modSecs) };
    for (const name of deckNames) decks[deckId(name)] = deckJson(name, deckId(name), modSecs);
    const kinds = new Set(notes.map((n) => n.kind));
    const models: Record<string, unknown> = {};
    for (const kind of kinds) models[NOTE_TYPES[kind].id] = noteTypeJson(kind, modSecs);
    const conf = { activeDecks: [1], curDeck: 1, newSpread: 0, collapseTime: 1200, timeLim: 0, estTimes: true, dueCounts: true, curModel: null, nextPos: input.cards.length + 1, sortType: 'noteFld', sortBackwards: false, addToCur: true };
    db.run('insert into col values (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)', [crtSecs, input.now, input.now, JSON.stringify(conf), JSON.stringify(models), JSON.stringify(decks), JSON.stringify({ 1: DECK_CONFIG }), '{}']);

    const insertNote = db.prepare('insert into notes values (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, \'\')');
    const insertCard = db.prepare('insert into cards values (?, ?, ?, ?, ?, -1, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)');
    const cardIds = new Map<string, number>();
    let nextId = input.now;
    let position = 0;
    let done = 0;
    db.exec('begin');
    for (const note of notes) {
      const nid = nextId++;
      const tags = note.tags.length ? ` ${note.tags.join(' ')} ` : '';
      insertNote.run([nid, note.guid, NOTE_TYPES[note.kind].id, modSecs, tags, note.fields.join('\x1f'), note.sfld, note.csum]);
      position++;
      for (const { card, ord } of note.cards) {
        const cid = nextId++;
        cardIds.set(card.id, cid);
        const s = ankiSchedule(input.progress?.records.get(card.id), position, crtSecs, input.progress?.retention(card) ?? 0.9);
        insertCard.run([cid, nid, deckId(note.deck), ord, modSecs, s.type, s.queue, s.due, s.ivl, s.factor, s.reps, s.lapses, s.data]);
        if (++done % 1000 === 0) input.onProgress?.(done, input.cards.length);
      }
    }
    insertNote.free();
    insertCard.free();
    let reviews = 0;
    if (input.progress) {
      const insertRev = db.prepare('insert into revlog values (?, ?, -1, ?, ?, ?, 2500, ?, ?)');
      for (const r of ankiRevlog(input.progress.events, new Set(cardIds.keys()))) {
        insertRev.run([r.id, cardIds.get(r.cardId)!, r.ease, r.ivl, r.lastIvl, r.time, r.type]);
        reviews++;
      }
      insertRev.free();
    }
    db.exec('commit');
    input.onProgress?.(input.cards.length, input.cards.length);
    const collection = db.export();
    const bytes = zipSync({ 'collection.anki2': collection, media: strToU8('{}') }, { level: 6 });
    return { bytes, notes: notes.length, cards: done, reviews };
  } finally {
    db.close();
  }
}

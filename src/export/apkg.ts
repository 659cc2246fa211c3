// Writes an Anki package: the collection (SQLite, schema 11, built with sql.js: WebAssembly, no
// native build) and the media map, zipped. What Anki reads is documented in
// rslib/src/storage/schema11.sql and rslib/src/{notetype,decks,config}/schema11.rs of ankitects/anki.
import { createRequire } from 'node:module';
import { zipSync, strToU8, type Zippable } from 'fflate';
import { default_w } from 'ts-fsrs';
import type { CardRecord, LogEvent } from '../core/events.js';
import { planReattach } from '../core/reattach.js';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings.js';
import type { Card } from '../core/types.js';
import {
  NOTE_TYPES,
  STABLE_NOTE_MOD_SECS,
  ankiRevlog,
  ankiSchedule,
  dayNumber,
  dayStartMs,
  firstIdsOfHistory,
  historyResolver,
  toAnkiNotes,
  type AnkiDay,
  type NoteKind,
  type NoteOptions,
} from './anki-notes.js';
import type { DeckMedia } from './media.js';

/** Anki's own schema 11 (rslib/src/storage/schema11.sql), table for table. */
// not-ui: SQL
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

// Anki's card styling: CSS Anki applies, never text recall says.
const CSS = [
  // not-ui: CSS
  '.card { font-family: sans-serif; font-size: 20px; text-align: left; }',
  '.context { color: #888; font-size: 14px; margin-bottom: 8px; }', // not-ui: CSS
  '.cloze { font-weight: bold; color: #06c; }', // not-ui: CSS
  'code, pre { font-family: monospace; }', // not-ui: CSS
].join('\n');
const CONTEXT = '{{#Context}}<div class="context">{{Context}}</div>{{/Context}}'; // not-ui: an Anki template

/** When our note types last changed: Anki updates a note type only from a newer one. */
const NOTE_TYPE_MOD_SECS = STABLE_NOTE_MOD_SECS + 86_400 * 370;

function field(name: string, ord: number) {
  return { name, ord, sticky: false, rtl: false, font: 'Arial', size: 20, media: [], description: '' };
}

function template(name: string, ord: number, qfmt: string, afmt: string) {
  return { name, ord, qfmt, afmt, bqfmt: '', bafmt: '', did: null, bfont: '', bsize: 0 };
}

function noteTypeJson(kind: NoteKind) {
  const t = NOTE_TYPES[kind];
  const front = `${CONTEXT}{{Front}}`;
  const reverseFront = `{{#Add Reverse}}${CONTEXT}{{Back}}{{/Add Reverse}}`; // not-ui: an Anki template
  const tmpls =
    kind === 'cloze'
      ? [template('Cloze', 0, `${CONTEXT}{{cloze:Text}}`, `${CONTEXT}{{cloze:Text}}<br>{{Back Extra}}`)] // not-ui: Anki templates
      : [template('Card 1', 0, front, `${front}<hr id="answer">{{Back}}`), template('Card 2', 1, reverseFront, `${reverseFront}<hr id="answer">{{Front}}`)]; // not-ui: Anki templates
  return {
    id: t.id,
    name: t.name,
    type: kind === 'cloze' ? 1 : 0,
    mod: NOTE_TYPE_MOD_SECS,
    usn: -1,
    sortf: 0,
    did: null,
    tmpls,
    flds: t.fields.map(field),
    css: CSS,
    latexPre: '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n',
    latexPost: '\\end{document}',
    latexsvg: false,
    // Which fields make a template's card (schema 11; Anki 2.1 before 2.1.28 generates cards from
    // this), as Anki derives it from the templates (_reqForTemplate in its 2.1 models.py): the
    // first card needs Front or Context, the reverse card needs Add Reverse.
    req: kind === 'cloze' ? [[0, 'any', [0]]] : [[0, 'any', [0, 2]], [1, 'all', [3]]],
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

/** Anki's steps are minutes. */
function stepMinutes(step: string): number {
  const value = parseFloat(step);
  const unit = step.slice(-1);
  return unit === 'd' ? value * 1440 : unit === 'h' ? value * 60 : value;
}

/** recall's settings as an Anki preset (taken by "import deck presets"). */
function deckConfig(settings: Settings) {
  const weights = settings.weights?.length === 21 ? [...settings.weights] : [];
  return {
    id: 1,
    mod: 0,
    name: 'Default',
    usn: 0,
    maxTaken: 60,
    autoplay: true,
    timer: 0,
    replayq: true,
    dyn: false,
    new: { bury: true, delays: settings.learningSteps.map(stepMinutes), initialFactor: 2500, ints: [1, 4, 0], order: 1, perDay: settings.newPerDay },
    rev: { bury: true, ease4: 1.3, ivlFct: 1, maxIvl: settings.maximumInterval, perDay: settings.reviewsPerDay, hardFactor: 1.2 },
    lapse: { delays: settings.relearningSteps.map(stepMinutes), leechAction: 0, leechFails: settings.leechThreshold, minInt: 1, mult: 0 },
    desiredRetention: settings.retention,
    fsrsParams6: weights,
  };
}

export interface ApkgInput extends NoteOptions {
  cards: Card[];
  now: number;
  /**
   * With --with-progress: scheduling, FSRS memory state and the review log; `retention` is the
   * desired retention, or each card's (a deck may have its own).
   */
  progress?: { records: ReadonlyMap<string, CardRecord>; events: LogEvent[]; retention: number | ((card: Card) => number) };
  /** The scheduling settings the progress was made with (steps, limits, weights). */
  settings?: Settings;
  /**
   * The exporter's day: its rollover hour and UTC offset (minutes west, as Date.getTimezoneOffset
   * gives it). Default: the settings' rollover hour and this machine's offset at `now`.
   */
  day?: AnkiDay;
  /** Where the cards' images are read from: each one a card uses goes into the package. */
  media?: DeckMedia;
  onProgress?: (done: number, total: number) => void;
}

export interface ApkgResult {
  bytes: Uint8Array;
  notes: number;
  cards: number;
  reviews: number;
  /** Image files in the package. */
  media: number;
}

type SqlJs = { Database: new () => { run(sql: string, params?: unknown[]): void; exec(sql: string): unknown; prepare(sql: string): { run(params: unknown[]): void; free(): void }; export(): Uint8Array; close(): void } };

let sqlPromise: Promise<SqlJs> | undefined;

/** sql.js loads its WebAssembly once per process. */
export function loadSqlJs(): Promise<SqlJs> {
  const require = createRequire(import.meta.url);
  sqlPromise ??= (require('sql.js') as (config: object) => Promise<SqlJs>)({ locateFile: (f: string) => require.resolve(`sql.js/dist/${f}`) });
  return sqlPromise;
}

/**
 * Progress and history as a review session would see them: a card edited since its last review
 * has its history under its old id until the session re-attaches it; the export follows it now.
 */
function followEdits(cards: Card[], progress: Pick<NonNullable<ApkgInput['progress']>, 'records' | 'events'>) {
  const byId = new Map(cards.map((c) => [c.id, c]));
  const records = progress.records;
  const plan = planReattach({ cards, byId }, records);
  const pending = plan.moves.map((m) => [m.from, m.to.id] as [string, string]);
  const movedHere = new Map(plan.moves.map((m) => [m.to.id, m.from]));
  const record = (id: string) => records.get(id) ?? (movedHere.has(id) ? records.get(movedHere.get(id)!) : undefined);
  // A record already moved to its edited card in memory (and not in the log) is found by its
  // last answer: the logged answer at that time belongs to the card the record is now under.
  let resolve = historyResolver(progress.events, pending);
  const answers = new Map<number, string>();
  for (const e of progress.events) if (e.type === 'review') answers.set(e.at, e.card);
  for (const card of cards) {
    const lrt = record(card.id)?.lrt;
    const logged = lrt === undefined ? undefined : answers.get(lrt);
    if (logged !== undefined && resolve(logged) !== card.id && !byId.has(resolve(logged))) pending.push([resolve(logged), card.id]);
  }
  resolve = historyResolver(progress.events, pending);
  return { record, resolve, pending };
}

/**
 * The `noteIdentity` that keeps GUIDs through edits: the first id of each card's history chain,
 * moves logged by review sessions and the ones a session would make now both followed.
 */
export function historyIdentity(cards: Card[], progress: { records: ReadonlyMap<string, CardRecord>; events: LogEvent[] }): (card: Card) => string {
  return firstIdsOfHistory(progress.events, followEdits(cards, progress).pending);
}

export async function buildApkg(input: ApkgInput): Promise<ApkgResult> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  const retention = input.progress?.retention;
  const settings = input.settings ?? { ...DEFAULT_SETTINGS, retention: typeof retention === 'number' ? retention : DEFAULT_SETTINGS.retention };
  const day: AnkiDay = input.day ?? { rolloverHour: settings.rolloverHour, minutesWest: new Date(input.now).getTimezoneOffset() };
  const progress = input.progress ? followEdits(input.cards, input.progress) : undefined;
  // The collection was "created" at the start of a day no later than any due date, so that
  // every review card's due day counts forward from it.
  let crtDay = dayNumber(input.now, day);
  if (progress) for (const card of input.cards) {
    const p = progress.record(card.id);
    if (p && p.st === 2) crtDay = Math.min(crtDay, dayNumber(p.due, day));
  }
  const crtSecs = Math.floor(dayStartMs(crtDay, day) / 1000);
  const modSecs = Math.floor(input.now / 1000);
  try {
    db.exec(SCHEMA_11);
    const media = input.media;
    const notes = toAnkiNotes(input.cards, media ? { ...input, image: (card, src) => media.file(card, src)?.name } : input);
    const deckNames = new Set<string>();
    for (const n of notes) {
      const parts = n.deck.split('::');
      for (let i = 1; i <= parts.length; i++) deckNames.add(parts.slice(0, i).join('::'));
    }
    const decks: Record<string, unknown> = { 1: deckJson('Default', 1, modSecs) };
    for (const name of deckNames) decks[deckId(name)] = deckJson(name, deckId(name), modSecs);
    const kinds = new Set(notes.map((n) => n.kind));
    const models: Record<string, unknown> = {};
    for (const kind of kinds) models[NOTE_TYPES[kind].id] = noteTypeJson(kind);
    // schedVer 2 tells Anki the package is already on the v2/v3 scheduler: without it Anki runs
    // its v1 upgrade, which rewrites learning answers in the review log (rslib/src/scheduler/
    // upgrade.rs). rollover and creationOffset make Anki count days as the exporter did
    // (rslib/src/scheduler/mod.rs, timing_for_timestamp; rslib/src/config/schema11.rs).
    const conf = {
      activeDecks: [1],
      curDeck: 1,
      newSpread: 0,
      collapseTime: 1200,
      timeLim: 0,
      estTimes: true,
      dueCounts: true,
      curModel: null,
      nextPos: input.cards.length + 1,
      sortType: 'noteFld',
      sortBackwards: false,
      addToCur: true,
      dayLearnFirst: false,
      schedVer: 2,
      sched2021: true,
      rollover: day.rolloverHour,
      creationOffset: day.minutesWest,
    };
    // not-ui: SQL
    db.run('insert into col values (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)', [crtSecs, input.now, input.now, JSON.stringify(conf), JSON.stringify(models), JSON.stringify(decks), JSON.stringify({ 1: deckConfig(settings) }), '{}']);

    // not-ui: SQL
    const insertNote = db.prepare("insert into notes values (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')");
    // not-ui: SQL
    const insertCard = db.prepare('insert into cards values (?, ?, ?, ?, ?, -1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)');
    const cardIds = new Map<string, number>();
    let nextId = input.now;
    let position = 0;
    let done = 0;
    const context = {
      now: input.now,
      day,
      crtDay,
      learningSteps: settings.learningSteps.length,
      relearningSteps: settings.relearningSteps.length,
      retention: settings.retention,
      decay: settings.weights?.[20] ?? default_w[20]!,
    };
    db.exec('begin');
    for (const note of notes) {
      const nid = nextId++;
      const tags = note.tags.length ? ` ${note.tags.join(' ')} ` : '';
      insertNote.run([nid, note.guid, NOTE_TYPES[note.kind].id, note.modSecs, tags, note.fields.join('\x1f'), note.sfld, note.csum]);
      position++;
      for (const { card, ord } of note.cards) {
        const cid = nextId++;
        cardIds.set(card.id, cid);
        const retention = input.progress?.retention;
        const s = ankiSchedule(progress?.record(card.id), position, typeof retention === 'function' ? { ...context, retention: retention(card) } : context);
        insertCard.run([cid, nid, deckId(note.deck), ord, s.mod, s.type, s.queue, s.due, s.ivl, s.factor, s.reps, s.lapses, s.left, s.data]);
        if (++done % 1000 === 0) input.onProgress?.(done, input.cards.length);
      }
    }
    insertNote.free();
    insertCard.free();
    let reviews = 0;
    if (input.progress && progress) {
      // not-ui: SQL
      const insertRev = db.prepare('insert into revlog values (?, ?, -1, ?, ?, ?, ?, ?, ?)');
      for (const r of ankiRevlog(input.progress.events, new Set(cardIds.keys()), day, progress.resolve)) {
        insertRev.run([r.id, cardIds.get(r.cardId)!, r.ease, r.ivl, r.lastIvl, r.factor, r.time, r.type]);
        reviews++;
      }
      insertRev.free();
    }
    db.exec('commit');
    input.onProgress?.(input.cards.length, input.cards.length);
    const collection = db.export();
    // A package with scheduling is a v2-scheduler package, which Anki names collection.anki21
    // (rslib/src/import_export/package/meta.rs; Anki 2.1.x imports it only into a v2 collection);
    // without scheduling the oldest name is read by every Anki version.
    const name = input.progress ? 'collection.anki21' : 'collection.anki2';
    // Anki's media map: the zip entry "0" is the file the notes call by that name, and so on.
    // Images are compressed already: stored as they are.
    const files: Zippable = { [name]: collection };
    const map: Record<string, string> = {};
    (media?.distinct() ?? []).forEach((file, i) => {
      map[i] = file.name;
      files[String(i)] = [file.data, { level: 0 }];
    });
    files.media = strToU8(JSON.stringify(map));
    const bytes = zipSync(files, { level: 6 });
    return { bytes, notes: notes.length, cards: done, reviews, media: Object.keys(map).length };
  } finally {
    db.close();
  }
}

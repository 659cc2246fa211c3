// Writes an Anki package: the collection (SQLite, schema 11, written page by page by
// anki-collection.ts and compressed as it is made) and the media map, zipped. What Anki reads is
// documented in rslib/src/storage/schema11.sql and rslib/src/{notetype,decks,config}/schema11.rs
// of ankitects/anki.
import { default_w } from 'ts-fsrs';
import type { CardRecord, LogEvent } from '../core/events.js';
import { planReattach } from '../core/reattach.js';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings.js';
import type { Card } from '../core/types.js';
import { eventListSource, type ReviewLogSource } from '../store/review-log.js';
import {
  NOTE_TYPES,
  STABLE_NOTE_MOD_SECS,
  ankiNotes,
  ankiSchedule,
  dayNumber,
  dayStartMs,
  firstIdsOfHistory,
  historyResolver,
  type AnkiDay,
  type NoteKind,
  type NoteOptions,
} from './anki-notes.js';
import { AnkiCollectionFile, SCHEMA_11_INDEXES, SCHEMA_11_TABLES } from './anki-collection.js';
import { surveyLog, writeRevlog, type LogSurvey } from './anki-revlog.js';
import type { DeckMedia } from './media.js';
import { ParallelDeflate } from './parallel-deflate.js';
import { deflated, stored, zipArchive, type ZipEntry } from './zip-writer.js';


/** Anki's own schema 11 (rslib/src/storage/schema11.sql), table for table. */
export const SCHEMA_11 = SCHEMA_11_TABLES + SCHEMA_11_INDEXES;

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
  progress?: {
    records: ProgressRecords;
    /** The review log: its events, or a reader that goes through the log file (logFileSource). */
    events: Iterable<LogEvent> | ReviewLogSource;
    retention: number | ((card: Card) => number);
  };
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
  /** The package file in pieces, in order (a 100k-card package need not be copied into one buffer). */
  pieces: Uint8Array[];
  /** The pieces joined. */
  readonly bytes: Uint8Array;
  notes: number;
  cards: number;
  reviews: number;
  /** Image files in the package. */
  media: number;
}

/**
 * Progress as a review session would see it: a card edited since its last review has its
 * record under its old id until the session re-attaches it; the export follows it now.
 */
function planEdits(cards: Card[], records: ProgressRecords) {
  // The cards by id, made only when asked for: with no orphaned history nothing asks.
  let byId: Map<string, Card> | undefined;
  const collection = {
    cards,
    get byId() {
      return (byId ??= new Map(cards.map((c) => [c.id, c])));
    },
  };
  const plan = planReattach(collection, records);
  const pending = plan.moves.map((m) => [m.from, m.to.id] as [string, string]);
  const movedHere = new Map(plan.moves.map((m) => [m.to.id, m.from]));
  // Looked at, not taken: a ProgressStore makes no record object for a peek (read it at once).
  const look = records.peek ? records.peek.bind(records) : (id: string) => records.get(id);
  const record = (id: string): Readonly<CardRecord> | undefined => look(id) ?? (movedHere.has(id) ? look(movedHere.get(id)!) : undefined);
  return { cards, isCard: (id: string) => collection.byId.has(id), pending, record };
}

/**
 * The history as the session would see it: each logged card id to the card it belongs to now,
 * moves logged and moves the session would make followed. A record already moved to its edited
 * card in memory (and not in the log) is found by its last answer: the logged answer at that
 * time belongs to the card the record is now under.
 */
function followLog(edits: ReturnType<typeof planEdits>, survey: LogSurvey) {
  const { cards, isCard, record } = edits;
  const pending = [...edits.pending];
  let resolve = historyResolver(survey.moves, pending);
  for (const card of cards) {
    const lrt = record(card.id)?.lrt;
    const logged = lrt === undefined ? undefined : survey.answeredAt.get(lrt);
    if (logged !== undefined && resolve(logged) !== card.id && !isCard(resolve(logged))) pending.push([resolve(logged), card.id]);
  }
  resolve = historyResolver(survey.moves, pending);
  return { resolve, pending };
}

const asSource = (events: Iterable<LogEvent> | ReviewLogSource): ReviewLogSource => (Symbol.iterator in events ? eventListSource(events) : events);

/** The first read of the log, asking which card was answered at each record's last review. */
function survey(edits: ReturnType<typeof planEdits>, source: ReviewLogSource): LogSurvey {
  const lastReviews = new Set<number>();
  for (const card of edits.cards) {
    const lrt = edits.record(card.id)?.lrt;
    if (lrt !== undefined) lastReviews.add(lrt);
  }
  return surveyLog(source, lastReviews);
}

/**
 * The `noteIdentity` that keeps GUIDs through edits: the first id of each card's history chain,
 * moves logged by review sessions and the ones a session would make now both followed.
 */
export function historyIdentity(cards: Card[], progress: { records: ReadonlyMap<string, CardRecord>; events: LogEvent[] }): (card: Card) => string {
  const edits = planEdits(cards, progress.records);
  const found = survey(edits, eventListSource(progress.events));
  return firstIdsOfHistory(found.moves, followLog(edits, found).pending);
}

/** Progress by card id; a ProgressStore's `peek` reads a record without making an object of it. */
type ProgressRecords = ReadonlyMap<string, CardRecord> & { peek?(id: string): Readonly<CardRecord> | undefined };

export async function buildApkg(input: ApkgInput): Promise<ApkgResult> {
  const retention = input.progress?.retention;
  const settings = input.settings ?? { ...DEFAULT_SETTINGS, retention: typeof retention === 'number' ? retention : DEFAULT_SETTINGS.retention };
  const day: AnkiDay = input.day ?? { rolloverHour: settings.rolloverHour, minutesWest: new Date(input.now).getTimezoneOffset() };
  const edits = input.progress ? planEdits(input.cards, input.progress.records) : undefined;
  // The collection was "created" at the start of a day no later than any due date, so that
  // every review card's due day counts forward from it.
  let crtDay = dayNumber(input.now, day);
  if (edits) for (const card of input.cards) {
    const p = edits.record(card.id);
    if (p && p.st === 2) crtDay = Math.min(crtDay, dayNumber(p.due, day));
  }
  const crtSecs = Math.floor(dayStartMs(crtDay, day) / 1000);
  const modSecs = Math.floor(input.now / 1000);
  // Pages are compressed on the thread pool as they are made; the build waits when it is ahead.
  // Level 1: a 100k-card collection (113 MB) takes 0.6 s of CPU and 36 MB at level 1, 1.5 s and
  // 32 MB at zlib's default 6, on a machine of two cores where the build needs the other one too.
  const deflate = new ParallelDeflate(1);
  const caughtUp = () => (deflate.behind ? deflate.drained() : undefined);
  const collection = new AnkiCollectionFile((page) => deflate.write(page));
  const media = input.media;
  const deckNames = new Set<string>();
  const kinds = new Set<NoteKind>();
  const cardIds = new Map<string, number>();
  let nextId = input.now;
  let notes = 0;
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
  for (const note of ankiNotes(input.cards, media ? { ...input, image: (card, src) => media.file(card, src)?.name } : input)) {
    const parts = note.deck.split('::');
    for (let i = 1; i <= parts.length; i++) deckNames.add(parts.slice(0, i).join('::'));
    kinds.add(note.kind);
    const nid = nextId++;
    const tags = note.tags.length ? ` ${note.tags.join(' ')} ` : '';
    collection.note(nid, note.guid, NOTE_TYPES[note.kind].id, note.modSecs, tags, note.fields.join('\x1f'), note.sfld, note.csum);
    const position = ++notes;
    for (const { card, ord } of note.cards) {
      const cid = nextId++;
      cardIds.set(card.id, cid);
      const s = ankiSchedule(edits?.record(card.id), position, typeof retention === 'function' ? { ...context, retention: retention(card) } : context);
      collection.card(cid, nid, deckId(note.deck), ord, s.mod, s);
      if (++done % 1000 === 0) input.onProgress?.(done, input.cards.length);
    }
    await caughtUp();
  }
  let reviews = 0;
  if (input.progress && edits) {
    const source = asSource(input.progress.events);
    const found = survey(edits, source);
    const { resolve } = followLog(edits, found);
    collection.expectReviews(found.answers);
    reviews = await writeRevlog(source, found, day, (logged) => cardIds.get(resolve(logged)), (id, cid, values) => collection.review(id, cid, values), caughtUp);
  }
  const decks: Record<string, unknown> = { 1: deckJson('Default', 1, modSecs) };
  for (const name of deckNames) decks[deckId(name)] = deckJson(name, deckId(name), modSecs);
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
  const page1 = await collection.finish({ crt: crtSecs, mod: input.now, conf: JSON.stringify(conf), models: JSON.stringify(models), decks: JSON.stringify(decks), dconf: JSON.stringify({ 1: deckConfig(settings) }) }, caughtUp);
  input.onProgress?.(input.cards.length, input.cards.length);
  // A package with scheduling is a v2-scheduler package, which Anki names collection.anki21
  // (rslib/src/import_export/package/meta.rs; Anki 2.1.x imports it only into a v2 collection);
  // without scheduling the oldest name is read by every Anki version.
  const entries: ZipEntry[] = [{ name: input.progress ? 'collection.anki21' : 'collection.anki2', method: 8, data: await deflate.finish(page1) }];
  // Anki's media map: the zip entry "0" is the file the notes call by that name, and so on.
  // Images are compressed already: stored as they are.
  const map: Record<string, string> = {};
  (media?.distinct() ?? []).forEach((file, i) => {
    map[i] = file.name;
    entries.push(stored(String(i), file.data));
  });
  entries.push(deflated('media', Buffer.from(JSON.stringify(map), 'utf8')));
  const pieces = zipArchive(entries, input.now);
  return {
    pieces,
    get bytes() {
      return Buffer.concat(pieces);
    },
    notes,
    cards: done,
    reviews,
    media: Object.keys(map).length,
  };
}

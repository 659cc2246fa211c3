// An Anki collection becomes recall decks and history: the deck tree becomes folders of deck
// files, Basic-like and Cloze notes become recall's card forms, other note types heading cards,
// media a folder next to the decks, and the review log recall's log events, with FSRS memory
// recomputed from each answer by recall's own scheduler (so the schedule is what recall would
// have made of the same answers).
import type { CardRecord, LogEvent, ReviewEvent } from '../core/events.js';
import { sketchOf } from '../core/reattach.js';
import type { Card, Grade } from '../core/types.js';
import { planDeckFiles, mediaLinkFor, MEDIA_FOLDER, type DeckFilePlan, type ImportedNote } from './anki-decks.js';
import { readAnkiPackage, type AnkiCardRow, type AnkiCollection, type AnkiNoteRow, type AnkiNoteType, type AnkiRevlogRow, type CollectionFormat } from './anki-package.js';
import { htmlToMarkdown, raiseHeadings } from './html-markdown.js';
import { m } from '../i18n/index.js';

/**
 * How one answer changes a card's record: recall's scheduling (FSRS with the user's settings and
 * the deck's retention, leech suspension), the same computation a review session makes. `card`
 * names the card (its id seeds the fuzz) and the deck file it is in.
 */
export interface AnswerPolicy {
  answer(card: { id: string; file?: string }, before: CardRecord | undefined, at: number, grade: Grade): CardRecord;
}

export interface ConvertOptions {
  /** Recomputes each answer of the review log; without it the cards come without history (`--no-history`). */
  policy?: AnswerPolicy;
  /** `source:` written in each deck file's front matter, e.g. the package's file name. */
  source?: string;
}

export interface ConvertReport {
  format: CollectionFormat;
  notes: number;
  cards: number;
  /** Answers in the package's review log, and how many became history. */
  reviews: number;
  answers: number;
  /** By note type: how its notes were converted. */
  noteTypes: { name: string; notes: number; as: string }[];
  /** What was left out or changed, with why (each line for the user). */
  remarks: string[];
}

export interface ConvertResult {
  /** Deck files for an empty decks folder. */
  decks: { file: string; text: string }[];
  /** The same files with their cards as proposals, for an import that merges into decks. */
  files: DeckFilePlan[];
  /** Media files, relative to the decks folder. */
  media: { file: string; bytes: Uint8Array }[];
  /** The review history as log events, in time order. */
  events: LogEvent[];
  /** Card id -> the GUID of the Anki note it came from (an export goes back as that note). */
  guids: Record<string, string>;
  report: ConvertReport;
}

// --- note types --------------------------------------------------------------------------------

/** How a note type's fields become a recall note. */
type Shape =
  | { form: 'basic'; front: number; back: number; extras: number[]; reverse: 'never' | 'always' | number; context?: number; recall: boolean }
  | { form: 'cloze'; text: number; extras: number[]; context?: number; recall: boolean }
  | { form: 'other' }
  | { form: 'skip'; reason: string };

const SPECIAL = new Set(['FrontSide', 'Tags', 'Type', 'Deck', 'Subdeck', 'Card', 'CardFlag', 'CardID']);

/** The fields a template shows (`{{Field}}`, `{{text:Field}}`) and the ones it tests (`{{#Field}}`). */
function references(template: string, fields: string[]): { shown: number[]; tested: number[] } {
  const shown: number[] = [];
  const tested: number[] = [];
  for (const m of template.matchAll(/\{\{([#^/]?)([^}]*)\}\}/g)) {
    const name = m[2]!.split(':').at(-1)!.trim();
    if (SPECIAL.has(name)) continue;
    const index = fields.indexOf(name);
    if (index === -1) continue;
    const list = m[1] === '#' || m[1] === '^' ? tested : m[1] === '/' ? undefined : shown;
    if (list && !list.includes(index)) list.push(index);
  }
  return { shown, tested };
}

function shapeOf(type: AnkiNoteType): Shape {
  const f = type.fields;
  const at = (name: string) => f.indexOf(name);
  if (type.name.startsWith('recall ') && at('Context') !== -1) {
    // not-ui: Anki field names
    if (type.cloze && at('Text') !== -1) return { form: 'cloze', text: at('Text'), extras: at('Back Extra') === -1 ? [] : [at('Back Extra')], context: at('Context'), recall: true };
    if (at('Front') !== -1 && at('Back') !== -1) {
      // not-ui: an Anki field name
      const reverse = at('Add Reverse') !== -1 ? at('Add Reverse') : type.templates.length > 1 ? 'always' : 'never';
      return { form: 'basic', front: at('Front'), back: at('Back'), extras: [], reverse, context: at('Context'), recall: true };
    }
  }
  const [t0, t1] = type.templates;
  if (!t0) return { form: 'other' };
  if (type.templates.some((t) => t.qfmt.includes('{{image-occlusion:'))) return { form: 'skip', reason: m.anki.imageOcclusion };
  if (type.cloze) {
    const cloze = /\{\{(?:[^}]*:)?cloze:([^}]+)\}\}/.exec(t0.qfmt);
    const text = cloze ? f.indexOf(cloze[1]!.trim()) : 0;
    if (text === -1) return { form: 'other' };
    const extras = references(t0.afmt, f).shown.filter((i) => i !== text);
    return { form: 'cloze', text, extras, recall: false };
  }
  if (f.length < 2 || type.templates.length > 2) return { form: 'other' };
  const q0 = references(t0.qfmt, f);
  const a0 = references(t0.afmt, f);
  if (q0.shown.length !== 1) return { form: 'other' };
  const front = q0.shown[0]!;
  const answer = a0.shown.filter((i) => i !== front);
  if (answer.length === 0) return { form: 'other' };
  const back = answer[0]!;
  let reverse: 'never' | 'always' | number = 'never';
  if (t1) {
    const q1 = references(t1.qfmt, f);
    if (q1.shown.length !== 1 || q1.shown[0] !== back) return { form: 'other' };
    const condition = q1.tested.find((i) => i !== back);
    reverse = condition ?? 'always';
  }
  return { form: 'basic', front, back, extras: answer.slice(1).filter((i) => i !== reverse), reverse, recall: false };
}

function shapeName(shape: Shape): string {
  const said = m.anki.shape;
  if (shape.form === 'skip') return said.skip(shape.reason);
  if (shape.form === 'other') return said.other;
  if (shape.form === 'cloze') return said.cloze;
  return shape.reverse === 'never' ? said.cards : shape.reverse === 'always' ? said.withReverse : said.optionalReverse;
}

// --- fields ------------------------------------------------------------------------------------

const PIN = /<!--\s*id:\s*([A-Za-z0-9][A-Za-z0-9_.-]*)\s*-->/;

/** recall's own export marks the section and heading (src/export/anki-notes.ts, contextHtml). */
function readContext(html: string): { section?: string; heading?: string } {
  if (!html.trim()) return {};
  const part = (cls: string) => {
    // not-ui: HTML recall's export writes
    const found = new RegExp(`<span class="${cls}">([\\s\\S]*?)</span>`).exec(html);
    return found ? htmlToMarkdown(found[1]!) || undefined : undefined;
  };
  const section = part('recall-section');
  const heading = part('recall-heading');
  if (section === undefined && heading === undefined) return { section: htmlToMarkdown(html) || undefined };
  return { section, heading };
}

/** The Markdown of an Anki note as a recall note. */
function noteToImported(row: AnkiNoteRow, type: AnkiNoteType, shape: Exclude<Shape, { form: 'skip' }>, deck: string, md: (html: string) => string): ImportedNote {
  const fields = [...row.fields];
  while (fields.length < type.fields.length) fields.push('');
  let pin: string | undefined;
  const first = shape.form === 'basic' ? shape.front : shape.form === 'cloze' ? shape.text : 0;
  const m = PIN.exec(fields[first] ?? '');
  if (m) {
    pin = m[1];
    fields[first] = fields[first]!.replace(PIN, '');
  }
  const tags = row.tags.filter((t) => !/^(leech|marked)$/i.test(t));
  const base = { origin: `note ${row.id}`, deck, tags, pin };
  const context = shape.form !== 'other' && shape.context !== undefined ? readContext(fields[shape.context] ?? '') : {};
  const fix = (text: string) => (shape.form !== 'other' && shape.recall ? raiseHeadings(text) : text);
  if (shape.form === 'cloze') {
    const extra = shape.extras.map((i) => md(fields[i] ?? '')).filter(Boolean).join('\n\n');
    return { ...base, ...context, body: { form: 'cloze', text: fix(md(fields[shape.text] ?? '')), extra: fix(extra) } };
  }
  if (shape.form === 'basic') {
    const reverse = shape.reverse === 'always' || (typeof shape.reverse === 'number' && (fields[shape.reverse] ?? '').replace(/<[^>]*>|&nbsp;|\s/g, '') !== '');
    const back = [fields[shape.back] ?? '', ...shape.extras.map((i) => fields[i] ?? '')].map(md).filter(Boolean).join('\n\n');
    return { ...base, section: context.section, body: { form: 'basic', front: md(fields[shape.front] ?? ''), back: fix(back), reverse } };
  }
  return {
    ...base,
    body: { form: 'other', type: type.name, front: md(fields[0] ?? ''), fields: type.fields.slice(1).map((name, i) => ({ name, text: md(fields[i + 1] ?? '') })) },
  };
}

// --- history -----------------------------------------------------------------------------------

/**
 * The answers of a card that count for its memory: real answers (ease 1-4) since its last reset,
 * without cramming in a filtered deck that did not reschedule (rslib/src/revlog/mod.rs: is_reset,
 * is_cramming). Old-scheduler learning answers had three buttons: 2 was Good and 3 Easy (the
 * conversion Anki itself makes, rslib/src/storage/revlog/v2_upgrade.sql).
 */
function answersOf(rows: AnkiRevlogRow[], schedVer: number): { at: number; grade: Grade; ms: number }[] {
  let start = 0;
  rows.forEach((r, i) => {
    if (r.type === 4 && r.ease === 0 && r.factor === 0) start = i + 1;
  });
  const out: { at: number; grade: Grade; ms: number }[] = [];
  for (const r of rows.slice(start)) {
    if (r.ease < 1 || r.ease > 4 || r.type === 4 || r.type === 5) continue;
    if (r.type === 3 && r.factor === 0) continue;
    let grade = r.ease;
    if (schedVer === 1 && (r.type === 0 || r.type === 2) && (grade === 2 || grade === 3)) grade++;
    out.push({ at: r.id, grade: grade as Grade, ms: Math.max(0, r.time) });
  }
  return out;
}

/** The recall card each of a note's Anki cards (by template ord) became. */
function cardForOrd(cards: Card[], form: ImportedNote['body']['form'], ord: number): Card | undefined {
  if (form === 'cloze') return cards.find((c) => c.cloze === ord + 1);
  if (form === 'other') return ord === 0 ? cards[0] : undefined;
  return cards.find((c) => c.kind === (ord === 0 ? 'basic' : 'reverse'));
}

const safeMediaName = (name: string) => name.normalize('NFC').replace(/[\\/\u0000-\u001f]/g, '_').replace(/^\.+/, '_');

/** Converts a collection read by readAnkiPackage. */
export function convertCollection(col: AnkiCollection, options: ConvertOptions = {}): ConvertResult {
  const remarks: string[] = [];
  const shapes = new Map<number, Shape>();
  for (const type of col.noteTypes.values()) shapes.set(type.id, shapeOf(type));

  const cardsByNote = new Map<number, AnkiCardRow[]>();
  for (const c of col.cards) {
    const list = cardsByNote.get(c.nid);
    if (list) list.push(c);
    else cardsByNote.set(c.nid, [c]);
  }
  const deckName = (id: number) => col.decks.get(id) ?? col.decks.get(1) ?? 'Default';

  // Media named by the fields, linked from where each deck's files will be.
  const mediaByName = new Map(col.media.map((m) => [m.name.normalize('NFC'), m]));
  const mediaOf = new Map<ImportedNote, Set<string>>();

  const imported: { note: ImportedNote; row: AnkiNoteRow }[] = [];
  const typeCounts = new Map<number, number>();
  let splitNotes = 0;
  for (const row of col.notes) {
    const type = col.noteTypes.get(row.mid);
    const cards = cardsByNote.get(row.id) ?? [];
    if (!type) {
      remarks.push(m.anki.noteTypeMissing(row.id, row.mid));
      continue;
    }
    if (cards.length === 0) continue;
    const shape = shapes.get(type.id)!;
    typeCounts.set(type.id, (typeCounts.get(type.id) ?? 0) + 1);
    if (shape.form === 'skip') continue;
    const deck = deckName(cards[0]!.did);
    if (cards.some((c) => c.did !== cards[0]!.did)) splitNotes++;
    const names = new Set<string>();
    const md = (html: string) =>
      htmlToMarkdown(html, {
        mediaLink: (name) => mediaLinkFor(deck, safeMediaName(decodeURIComponentSafe(name))),
        onMedia: (name) => names.add(decodeURIComponentSafe(name).normalize('NFC')),
      });
    const note = noteToImported(row, type, shape, deck, md);
    if (names.size) mediaOf.set(note, names);
    imported.push({ note, row });
  }
  if (splitNotes) remarks.push(m.anki.splitNotes(splitNotes));

  const plan = planDeckFiles(imported.map((i) => i.note), { source: options.source });
  const byReason = new Map<string, string[]>();
  for (const s of plan.skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), m.anki.noteIn(s.note.origin, s.note.deck)]);
  for (const [reason, where] of byReason) remarks.push(m.anki.leftOut(where.length, reason, where.slice(0, 3).join('; ') + (where.length > 3 ? '; …' : '')));
  remarks.push(...plan.remarks);
  for (const [id, count] of typeCounts) {
    const shape = shapes.get(id)!;
    if (shape.form === 'skip') remarks.push(m.anki.typeLeftOut(col.noteTypes.get(id)!.name, count, shape.reason));
    if (shape.form === 'other') remarks.push(m.anki.typeAsHeadings(col.noteTypes.get(id)!.name, count));
  }
  const usedMedia = new Set<string>();
  const missingMedia = new Set<string>();
  for (const p of plan.placed) for (const name of mediaOf.get(p.note) ?? []) (mediaByName.has(name) ? usedMedia : missingMedia).add(name);
  if (missingMedia.size) remarks.push(m.anki.mediaNotInPackage(missingMedia.size, [...missingMedia].slice(0, 3).join(', ') + (missingMedia.size > 3 ? ', …' : '')));

  // History: each Anki card's answers replayed through recall's scheduler.
  const events: LogEvent[] = [];
  let answers = 0;
  let withoutHistory = 0;
  let resetCards = 0;
  let keptActive = 0;
  const policy = options.policy;
  if (policy) {
    const revlogByCard = new Map<number, AnkiRevlogRow[]>();
    for (const r of col.revlog) {
      const list = revlogByCard.get(r.cid);
      if (list) list.push(r);
      else revlogByCard.set(r.cid, [r]);
    }
    const rowOf = new Map(imported.map((i) => [i.note, i.row]));
    for (const placed of plan.placed) {
      const row = rowOf.get(placed.note)!;
      for (const ankiCard of cardsByNote.get(row.id) ?? []) {
        const card = cardForOrd(placed.cards, placed.note.body.form, ankiCard.ord);
        if (!card) continue;
        let rows = revlogByCard.get(ankiCard.id) ?? [];
        if (ankiCard.type === 0 && rows.length > 0) {
          // Forgotten in Anki (reset to new): its old answers no longer count.
          resetCards++;
          rows = [];
        }
        const list = answersOf(rows, col.schedVer);
        if (list.length === 0 && ankiCard.type !== 0) withoutHistory++;
        let current: CardRecord | undefined;
        let lastAt = 0;
        const sk = list.length ? sketchOf(card) : '';
        for (const a of list) {
          const after = policy.answer({ id: card.id, file: placed.file }, current, a.at, a.grade);
          const event: ReviewEvent = {
            id: `${a.at.toString(36)}-anki${ankiCard.id.toString(36)}`,
            type: 'review',
            at: a.at,
            card: card.id,
            grade: a.grade,
            ms: a.ms,
            before: current ?? null,
            after,
            file: placed.file,
            sk,
          };
          events.push(event);
          current = after;
          lastAt = a.at;
          answers++;
        }
        // Whether a card is suspended is Anki's to say: a suspension Anki made is kept, and a card
        // recall's replay would suspend as a leech stays active when Anki kept it so (its leech
        // action may only tag, or the user took it back out of suspension).
        const at = Math.max(ankiCard.mod * 1000, lastAt + 1);
        if (ankiCard.queue === -1 && !current?.suspended) {
          events.push({ id: `${at.toString(36)}-anki${ankiCard.id.toString(36)}-s`, type: 'suspend', at, card: card.id });
        } else if (ankiCard.queue !== -1 && current?.suspended) {
          events.push({ id: `${at.toString(36)}-anki${ankiCard.id.toString(36)}-u`, type: 'unsuspend', at, card: card.id });
          keptActive++;
        }
      }
    }
    events.sort((a, b) => a.at - b.at);
    if (withoutHistory) remarks.push(m.anki.noAnswers(withoutHistory));
    if (resetCards) remarks.push(m.anki.resetCards(resetCards));
    if (keptActive) remarks.push(m.anki.keptActive(keptActive));
  }

  const guids: Record<string, string> = {};
  const rowOfNote = new Map(imported.map((i) => [i.note, i.row]));
  for (const placed of plan.placed) for (const card of placed.cards) guids[card.id] = rowOfNote.get(placed.note)!.guid;

  const media: ConvertResult['media'] = [];
  for (const name of usedMedia) media.push({ file: `${MEDIA_FOLDER}/${safeMediaName(name)}`, bytes: mediaByName.get(name)!.data() });
  const unused = col.media.length - usedMedia.size;
  if (unused > 0) remarks.push(m.anki.unusedMedia(unused));

  return {
    decks: plan.files.map((f) => ({ file: f.file, text: f.text })),
    files: plan.files,
    media,
    events,
    guids,
    report: {
      format: col.format,
      notes: plan.placed.length,
      cards: plan.placed.reduce((n, p) => n + p.cards.length, 0),
      reviews: col.revlog.length,
      answers,
      noteTypes: [...typeCounts].map(([id, notes]) => ({ name: col.noteTypes.get(id)!.name, notes, as: shapeName(shapes.get(id)!) })),
      remarks,
    },
  };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `recall import deck.apkg`: a package's bytes in, deck files, media, history and a report out. */
export async function convertAnkiPackage(bytes: Uint8Array, options: ConvertOptions = {}): Promise<ConvertResult> {
  return convertCollection(await readAnkiPackage(bytes), options);
}

/** The report as lines for the terminal. */
export function describeConversion(result: ConvertResult): string[] {
  const r = result.report;
  const lines = [
    m.anki.report(r.format, r.notes, r.cards, result.decks.length, result.media.length, r.answers, r.reviews),
    ...r.noteTypes.map((t) => m.anki.noteType(t.name, t.notes, t.as)),
    ...r.remarks.map((line) => `  ${line}`),
  ];
  return lines;
}

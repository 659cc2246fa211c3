// Anki's plain-text notes (File > Export > Notes in Plain Text, recall's own csv export, or a
// hand-made import file): header lines (#separator:, #html:, #columns:, #notetype column:, ...)
// then one note per row. Basic, reversed and Cloze notes (by their names in any language Anki
// names them in) become cards in the deck format, in one deck file per deck with their tags.
import type { Proposal } from '../core/propose.js';
import { STOCK_NAMES } from '../export/anki-text.js';
import { planDeckFiles, type DeckPlan, type DeckPlanOptions, type ImportedNote } from './anki-decks.js';
import { htmlToMarkdown, raiseHeadings } from './html-markdown.js';
import { m } from '../i18n/index.js';

const SEPARATORS: Record<string, string> = { tab: '\t', comma: ',', semicolon: ';', space: ' ', pipe: '|', colon: ':' };

export interface AnkiTextFile {
  separator: string;
  html: boolean;
  columns?: string[];
  special: { notetype?: number; deck?: number; tags?: number; guid?: number };
  notetype?: string;
  deck?: string;
  rows: { line: number; fields: string[] }[];
}

/** True when a text file looks like Anki's text format (it has Anki header lines). */
export function isAnkiText(text: string): boolean {
  return /^#(separator|html|columns|notetype|deck|tags|guid)[ a-z]*:/im.test(text.slice(0, 2000));
}

/** Splits rows, honouring double-quoted fields that hold separators, quotes ("") and line breaks. */
function splitRows(text: string, from: number, startLine: number, sep: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let atFieldStart = true;
  let line = startLine;
  let rowLine = line;
  for (let i = from; i <= text.length; i++) {
    const c = i < text.length ? text[i]! : '\n';
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
      continue;
    }
    if (c === sep) {
      fields.push(field);
      field = '';
      atFieldStart = true;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') continue;
    if (c === '\n') {
      fields.push(field);
      if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      atFieldStart = true;
      line++;
      rowLine = line;
      if (i >= text.length) break;
      continue;
    }
    field += c;
    atFieldStart = false;
  }
  return rows;
}

export function parseAnkiText(text: string): AnkiTextFile {
  const clean = text.replace(/^\uFEFF/, '');
  const lines = clean.split('\n');
  const headers = new Map<string, string>();
  let offset = 0;
  let n = 0;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const m = /^#([a-z ]+):(.*)$/i.exec(line);
    if (!m) break;
    headers.set(m[1]!.trim().toLowerCase(), m[2]!);
    offset += raw.length + 1;
    n++;
  }
  const sepHeader = headers.get('separator')?.trim();
  const firstRow = lines[n] ?? '';
  const separator = sepHeader
    ? (SEPARATORS[sepHeader.toLowerCase()] ?? sepHeader)
    : firstRow.includes('\t') ? '\t' : firstRow.includes(';') ? ';' : ',';
  const column = (key: string) => {
    const v = Number(headers.get(`${key} column`));
    return Number.isInteger(v) && v > 0 ? v : undefined;
  };
  return {
    separator,
    html: (headers.get('html') ?? 'false').trim().toLowerCase() === 'true',
    columns: headers.get('columns')?.split(separator).map((c) => c.trim()),
    special: { notetype: column('notetype'), deck: column('deck'), tags: column('tags'), guid: column('guid') },
    notetype: headers.get('notetype')?.trim(),
    deck: headers.get('deck')?.trim(),
    rows: splitRows(clean, offset, n + 1, separator),
  };
}

type TypeShape = 'basic' | 'reversed' | 'optional' | 'cloze';

/** Note type names Anki's stock types have in each language, and recall's own. */
const KNOWN_TYPES = new Map<string, TypeShape>();
for (const names of Object.values(STOCK_NAMES)) {
  KNOWN_TYPES.set(names.basic.toLowerCase(), 'basic');
  KNOWN_TYPES.set(names.reversed.toLowerCase(), 'reversed');
  KNOWN_TYPES.set(names.optional.toLowerCase(), 'optional');
  KNOWN_TYPES.set(names.cloze.toLowerCase(), 'cloze');
}
// not-ui: note type names recall's exports give Anki
KNOWN_TYPES.set('recall basic', 'basic');
KNOWN_TYPES.set('recall basic (and reversed card)', 'reversed'); // not-ui: an Anki note type name
KNOWN_TYPES.set('recall basic (optional reversed card)', 'optional'); // not-ui: an Anki note type name
KNOWN_TYPES.set('recall cloze', 'cloze');

function typeShape(name: string, first: string): TypeShape {
  const known = KNOWN_TYPES.get(name.trim().toLowerCase());
  if (known) return known;
  if (/cloze/i.test(name) || /\{\{c\d+::/.test(first)) return 'cloze';
  return /revers/i.test(name) ? 'reversed' : 'basic';
}

const PIN = /<!--\s*id:\s*([A-Za-z0-9][A-Za-z0-9_.-]*)\s*-->/;
const CONTEXT = /<div class="recall-context"[^>]*>([\s\S]*?)<\/div>/;

/** recall's text export puts the section and heading in a marked block (src/export/anki-text.ts). */
function takeContext(html: string): { html: string; section?: string; heading?: string } {
  const block = CONTEXT.exec(html);
  if (!block) return { html };
  const part = (cls: string) => {
    // not-ui: HTML recall's export writes
    const p = new RegExp(`<span class="${cls}">([\\s\\S]*?)</span>`).exec(block[1]!);
    return p ? htmlToMarkdown(p[1]!) || undefined : undefined;
  };
  return { html: html.replace(CONTEXT, ''), section: part('recall-section'), heading: part('recall-heading') };
}

export interface AnkiTextNotes {
  notes: (ImportedNote & { line: number })[];
  /** Every tag the rows carry. */
  tags: string[];
  skipped: { line: number; reason: string }[];
}

/** The notes of an Anki text file; `defaultDeck` for rows that name no deck. */
export function ankiTextNotes(text: string, defaultDeck = 'Default'): AnkiTextNotes {
  const file = parseAnkiText(text);
  const notes: AnkiTextNotes['notes'] = [];
  const skipped: AnkiTextNotes['skipped'] = [];
  const allTags = new Set<string>();
  const specialCols = new Set(Object.values(file.special).filter((v): v is number => v !== undefined).map((v) => v - 1));
  const md = (s: string) => (file.html ? htmlToMarkdown(s) : s.trim());
  for (const row of file.rows) {
    const tags = file.special.tags ? (row.fields[file.special.tags - 1] ?? '').split(/\s+/).filter(Boolean) : [];
    for (const t of tags) allTags.add(t);
    const typeName = (file.special.notetype ? row.fields[file.special.notetype - 1] : file.notetype) ?? 'Basic';
    const deck = (file.special.deck ? row.fields[file.special.deck - 1] : file.deck)?.trim() || defaultDeck;
    const fields = row.fields.filter((_, i) => !specialCols.has(i));
    const shape = typeShape(typeName, fields[0] ?? '');
    let pin: string | undefined;
    const first = (fields[0] ?? '').replace(PIN, (_m, id: string) => ((pin = id), ''));
    const second = takeContext(fields[1] ?? '');
    const base = { origin: `line ${row.line}`, line: row.line, deck, tags: tags.filter((t) => !/^(leech|marked)$/i.test(t)), pin };
    // A row of recall's own export (its GUID says so) has recall's heading levels.
    const fromRecall = file.special.guid !== undefined && (row.fields[file.special.guid - 1] ?? '').startsWith('recall-');
    const body = (html: string) => (fromRecall ? raiseHeadings(md(html)) : md(html));
    if (shape === 'cloze') {
      notes.push({ ...base, section: second.section, heading: second.heading, body: { form: 'cloze', text: body(first), extra: body(second.html) } });
      continue;
    }
    const front = md(first);
    const back = body(second.html);
    if (front === '' || back === '') {
      skipped.push({ line: row.line, reason: m.anki.fieldEmpty });
      continue;
    }
    const reverse = shape === 'reversed' || (shape === 'optional' && md(fields[2] ?? '') !== '');
    notes.push({ ...base, section: second.section, body: { form: 'basic', front, back, reverse } });
  }
  return { notes, tags: [...allTags], skipped };
}

/** The deck files an Anki text file becomes: one per deck (folders for `::`), tags kept. */
export function ankiTextDeckFiles(text: string, options: DeckPlanOptions & { defaultDeck?: string } = {}): DeckPlan & { skippedRows: { line: number; reason: string }[] } {
  const read = ankiTextNotes(text, options.defaultDeck);
  const plan = planDeckFiles(read.notes, options);
  const skippedRows = [...read.skipped, ...plan.skipped.map((s) => ({ line: (s.note as { line?: number }).line ?? 0, reason: s.reason }))].sort((a, b) => a.line - b.line);
  return { ...plan, skippedRows };
}

export interface AnkiImport {
  proposals: Proposal[];
  /** Every tag the rows carry. */
  tags: string[];
  skipped: { line: number; reason: string }[];
}

/**
 * The rows as proposals for one deck file, in row order, each under its deck's name as its
 * section (recall's section, when the row came from recall, follows it).
 */

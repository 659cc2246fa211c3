// Notes taken from Anki (a package or a text export), already in Markdown, become deck files:
// one file per deck (folders for the deck tree), split further only where the deck format needs
// it: tags and `reverse: true` belong to a whole file. Each note is written in the card form
// that keeps its text exactly, and checked by parsing it the way a deck is parsed.
import { FENCE, mapOutsideFences } from '../core/fences.js';
import { parseDeck } from '../core/parse-deck.js';
import type { Proposal } from '../core/propose.js';
import type { Card } from '../core/types.js';
import { m } from '../i18n/index.js';

export interface ImportedNote {
  /** Where the note came from, for messages: "note 1690000000000", "line 12". */
  origin: string;
  deck: string;
  tags: string[];
  /** The section (`# Title`) it goes under, and for a cloze the heading shown above it. */
  section?: string;
  heading?: string;
  /** A pinned id (`<!-- id: x -->`) the note carried. */
  pin?: string;
  body:
    | { form: 'basic'; front: string; back: string; reverse: boolean }
    | { form: 'cloze'; text: string; extra: string }
    /** A note type that is neither: its first field as the front, the others below it. */
    | { form: 'other'; front: string; fields: { name: string; text: string }[]; type: string };
}

export interface DeckFilePlan {
  /** Path relative to the decks folder, with forward slashes. */
  file: string;
  deck: string;
  tags: string[];
  reverse: boolean;
  /** The front matter, `---` lines included. */
  header: string;
  proposals: Proposal[];
  /** The whole file: header, then the cards grouped by section. */
  text: string;
}

export interface PlacedNote {
  note: ImportedNote;
  file: string;
  /** The cards the note became, as the deck file's parse gives them. */
  cards: Card[];
}

export interface DeckPlan {
  files: DeckFilePlan[];
  placed: PlacedNote[];
  /** Notes that could not become cards, with why. */
  skipped: { note: ImportedNote; reason: string }[];
  /** Things the user should know (tags not kept per card, notes pinned apart, ...). */
  remarks: string[];
}

export interface DeckPlanOptions {
  /** `source:` for every file's front matter (where the cards came from). */
  source?: string;
  /** At most this many files per deck for its notes' tag sets; beyond, tags shared by all stay. */
  maxTagFiles?: number;
}

const HEADING_LINE = /^ {0,3}(#{1,6})(?=[ \t]|$)/;

/**
 * Lines a card's back may not hold as they are: `#`/`##` end the card (they become `###`), and
 * outside a cloze note `{{c1::` would make it one (it becomes `{\{c1::`, shown as written).
 */
function safeBack(text: string, cloze = false): string {
  return mapOutsideFences(text.split('\n'), (line) => {
    const h = HEADING_LINE.exec(line);
    if (h && h[1]!.length <= 2) line = line.replace(HEADING_LINE, '###');
    return cloze ? line : line.replace(/\{\{c(\d*)::/g, '{\\{c$1::');
  }).join('\n');
}

/** Cloze text under a heading: `#`/`##` lines would end the card. */
const safeCloze = (text: string) => safeBack(text, true);

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

/** Cloze text as a loose paragraph: no blank lines, no line read as a heading. */
function looseCloze(text: string): string | undefined {
  if (text.split('\n').some((l) => FENCE.test(l))) return undefined;
  return text
    .replace(/\n\s*\n/g, '\n')
    .split('\n')
    .map((l) => (HEADING_LINE.test(l) ? l.replace(/^( {0,3})#/, '$1\\#') : l))
    .join('\n');
}

/** A heading for a cloze that cannot stand alone: its first line with the answers hidden. */
function clozeHeading(text: string): string {
  const first = oneLine(text.replace(/\{\{c\d+::(.*?)(::.*?)?\}\}/g, '[…]')).replace(/^#+\s*/, '');
  return first.length > 80 ? first.slice(0, 79) + '…' : first || 'Cloze';
}

const pinLine = (pin?: string) => (pin ? `<!-- id: ${pin} -->` : '');

interface Candidate {
  kind: Proposal['kind'];
  snippet: string;
  /** The note needs a `reverse: true` file. */
  reverse: boolean;
  /** What the parsed cards must be for the form to be faithful. */
  check: (cards: Card[]) => boolean;
}

function candidates(note: ImportedNote): Candidate[] {
  const b = note.body;
  const pin = pinLine(note.pin);
  if (b.form === 'cloze') {
    // Back Extra below the text: in italics when it is one line.
    const extra = b.extra && !b.extra.includes('\n') && !/^[*_]|[*_]$/.test(b.extra) ? `*${b.extra}*` : b.extra;
    const text = extra ? `${b.text}\n${extra}` : b.text;
    const sameText = (cards: Card[]) => cards.length > 0 && cards.every((c) => c.kind === 'cloze');
    const out: Candidate[] = [];
    if (note.heading) out.push({ kind: 'question', snippet: [`## ${oneLine(note.heading)}`, pin, safeCloze(text)].filter(Boolean).join('\n'), reverse: false, check: sameText });
    const loose = looseCloze(text);
    if (!note.heading && loose !== undefined) out.push({ kind: 'cloze', snippet: [loose, pin].filter(Boolean).join('\n'), reverse: false, check: (cards) => sameText(cards) && cards[0]!.front === loose });
    out.push({ kind: 'question', snippet: [`## ${clozeHeading(b.text)}`, pin, safeCloze(text)].filter(Boolean).join('\n'), reverse: false, check: sameText });
    return out;
  }
  const front = b.front;
  const back =
    b.form === 'basic'
      ? b.back
      : b.fields
          .filter((f) => f.text.trim() !== '')
          .map((f) => `**${f.name}**\n${f.text}`)
          .join('\n\n');
  const reverse = b.form === 'basic' && b.reverse;
  const title = oneLine(front);
  const out: Candidate[] = [];
  // A reversed note on one line needs no `reverse: true` file; any other note is a heading card.
  if (reverse && !front.includes('\n') && !back.includes('\n') && front.trim() && back.trim()) {
    out.push({
      kind: 'term',
      snippet: `${front.trim()} ::: ${back.trim()}${pin ? ' ' + pin : ''}`,
      reverse: false,
      check: (cards) => cards.length === 2 && cards[0]!.kind === 'basic' && cards[0]!.front === front.trim() && cards[0]!.back === back.trim(),
    });
  }
  const safe = safeBack(back);
  out.push({
    kind: 'question',
    snippet: [`## ${title}`, pin, safe].filter(Boolean).join('\n'),
    reverse,
    check: (cards) => cards.length >= 1 && cards[0]!.kind === 'basic' && cards[0]!.front === title,
  });
  return out;
}


/** The cards a snippet makes, or undefined when it is not valid deck text. */
function parseSnippet(snippet: string, reverse: boolean): Card[] | undefined {
  const text = reverse ? `---\nreverse: true\n---\n${snippet}\n` : `${snippet}\n`; // not-ui: deck format
  const parsed = parseDeck('import.md', text);
  return parsed.problems.length || parsed.cards.length === 0 ? undefined : parsed.cards;
}

/** A note in its most faithful valid form, or why it has none. */
function place(note: ImportedNote): { candidate: Candidate; cards: Card[] } | string {
  const b = note.body;
  if (b.form === 'cloze' && !/\{\{c\d+::/.test(b.text)) return m.anki.noDeletion;
  if (b.form !== 'cloze' && b.front.trim() === '') return m.anki.frontEmpty;
  if (b.form === 'basic' && b.back.trim() === '') return m.anki.backEmpty;
  if (b.form === 'other' && b.fields.every((f) => f.text.trim() === '')) return m.anki.onlyFirstField;
  for (const candidate of candidates(note)) {
    const cards = parseSnippet(candidate.snippet, candidate.reverse);
    if (cards && candidate.check(cards)) return { candidate, cards };
  }
  return m.anki.notValid;
}

/** One path segment from a deck name part: no separators or characters file systems refuse. */
function segment(part: string): string {
  const s = part
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 80);
  return s || 'deck';
}

function deckPath(deck: string): string {
  const path = deck.split('::').map(segment).join('/');
  // A README.md at the top of the decks folder is documentation, not a deck.
  return path.toLowerCase() === 'readme' ? `${path}-deck` : path;
}

/** The media folder, at the top of the decks folder. */
export const MEDIA_FOLDER = 'media';

/** A media file's link from the deck files of `deck` (one folder per level below the top). */
export function mediaLinkFor(deck: string, file: string): string {
  const up = '../'.repeat(deckPath(deck).split('/').length - 1);
  return `${up}${MEDIA_FOLDER}/${file.replace(/[ ()<>%]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'))}`;
}

const slug = (tags: string[]) =>
  tags
    .join('-')
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'tagged';

function frontMatter(file: string, deck: string, tags: string[], reverse: boolean, source?: string): string {
  const lines: string[] = [];
  if (file.replace(/\.md$/, '').split('/').join('::') !== deck) lines.push(`deck: ${JSON.stringify(deck)}`);
  if (tags.length) lines.push(`tags: [${tags.map((t) => JSON.stringify(t)).join(', ')}]`);
  if (reverse) lines.push('reverse: true'); // not-ui: deck format
  if (source) lines.push(`source: ${JSON.stringify(source)}`);
  return lines.length ? `---\n${lines.join('\n')}\n---\n` : '';
}

/** Cards grouped by section: loose ones first in each (so no heading card swallows them). */
function compose(proposals: Proposal[]): string {
  const sections = new Map<string, { loose: string[]; headed: string[] }>([['', { loose: [], headed: [] }]]);
  for (const p of proposals) {
    const key = p.section ?? '';
    let s = sections.get(key);
    if (!s) sections.set(key, (s = { loose: [], headed: [] }));
    (p.kind === 'question' ? s.headed : s.loose).push(p.snippet);
  }
  const parts: string[] = [];
  for (const [title, s] of sections) {
    if (title) parts.push(`# ${oneLine(title)}`);
    parts.push(...s.loose, ...s.headed);
  }
  return parts.join('\n\n');
}

/** A section title the deck format keeps as it is (one line, not empty). */
const sectionOf = (note: ImportedNote) => (note.section ? oneLine(note.section) || undefined : undefined);

export function planDeckFiles(notes: ImportedNote[], options: DeckPlanOptions = {}): DeckPlan {
  const maxTagFiles = options.maxTagFiles ?? 8;
  const skipped: DeckPlan['skipped'] = [];
  const remarks: string[] = [];

  // Place every note, pinning apart notes whose cards would get the same id.
  const seen = new Map<string, ImportedNote>();
  const placedNotes: { note: ImportedNote; candidate: Candidate; cards: Card[] }[] = [];
  let pinned = 0;
  for (const original of notes) {
    let note = original;
    let placed = place(note);
    if (typeof placed !== 'string' && placed.cards.some((c) => seen.has(c.id)) && !note.pin) {
      note = { ...note, pin: `anki-${placedNotes.length + 1}-${note.origin.replace(/[^A-Za-z0-9]+/g, '')}`.slice(0, 60) };
      placed = place(note);
      pinned++;
    }
    if (typeof placed === 'string') {
      skipped.push({ note: original, reason: placed });
      continue;
    }
    if (placed.cards.some((c) => seen.has(c.id))) {
      skipped.push({ note: original, reason: m.anki.duplicateOf(seen.get(placed.cards.find((c) => seen.has(c.id))!.id)!.origin) });
      continue;
    }
    for (const c of placed.cards) seen.set(c.id, note);
    // The note as given (not its pinned copy): callers look their notes up by it.
    placedNotes.push({ note: original, ...placed });
  }
  if (pinned) remarks.push(m.anki.pinned(pinned));

  // Files: per deck, then per tag set (when few), then apart for notes needing `reverse: true`.
  const byDeck = new Map<string, typeof placedNotes>();
  for (const p of placedNotes) {
    const list = byDeck.get(p.note.deck);
    if (list) list.push(p);
    else byDeck.set(p.note.deck, [p]);
  }
  const files: DeckFilePlan[] = [];
  const placed: PlacedNote[] = [];
  const usedPaths = new Set<string>();
  const unique = (base: string) => {
    let path = `${base}.md`;
    for (let n = 2; usedPaths.has(path.toLowerCase()); n++) path = `${base}-${n}.md`;
    usedPaths.add(path.toLowerCase());
    return path;
  };
  for (const [deck, list] of byDeck) {
    const tagKey = (p: (typeof list)[number]) => [...new Set(p.note.tags)].sort().join(' ');
    const tagSets = new Map<string, typeof list>();
    for (const p of list) {
      const key = tagKey(p);
      const l = tagSets.get(key);
      if (l) l.push(p);
      else tagSets.set(key, [p]);
    }
    let groups: { tags: string[]; notes: typeof list }[];
    if (tagSets.size <= maxTagFiles) {
      groups = [...tagSets].sort((a, b) => b[1].length - a[1].length).map(([key, notes]) => ({ tags: key ? key.split(' ') : [], notes }));
    } else {
      const shared = [...new Set(list[0]!.note.tags)].filter((t) => list.every((p) => p.note.tags.includes(t))).sort();
      groups = [{ tags: shared, notes: list }];
      remarks.push(m.anki.tagSets(deck, tagSets.size, shared.join(', ')));
    }
    const base = deckPath(deck);
    groups.forEach((group, i) => {
      const stem = i === 0 ? base : `${base}-${slug(group.tags)}`;
      const mixed = group.notes.some((p) => p.candidate.reverse) && group.notes.some((p) => !p.candidate.reverse);
      for (const reverse of [false, true]) {
        const members = group.notes.filter((p) => p.candidate.reverse === reverse);
        if (members.length === 0) continue;
        const file = unique(reverse && mixed ? `${stem}-reversed` : stem);
        const header = frontMatter(file, deck, group.tags, reverse, options.source);
        const proposals: Proposal[] = members.map((p, n) => ({
          kind: p.candidate.kind,
          line: n + 1,
          section: sectionOf(p.note),
          snippet: p.candidate.snippet,
          cards: p.cards,
          notes: [],
        }));
        const text = `${header}${header ? '\n' : ''}${compose(proposals)}\n`;
        const parsed = parseDeck(file, text);
        // Every card is where its proposal said; map them back to their notes by id.
        const byId = new Map(parsed.cards.map((c) => [c.id, c]));
        for (const p of members) placed.push({ note: p.note, file, cards: p.cards.map((c) => byId.get(c.id) ?? { ...c, file, deck }) });
        files.push({ file, deck, tags: group.tags, reverse, header, proposals, text });
      }
    });
  }
  return { files, placed, skipped, remarks };
}

// Reads a note or a folder of notes and plans their import: each note's identity and deck (see
// note-places.ts), its proposals classified against the decks, and the images it refers to, to
// be copied into `media/` inside the decks folder. Reads files; writes nothing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, posix as posixPath, relative, resolve, sep } from 'node:path';
import { imageSources } from '../core/answer-text.js';
import type { Collection } from '../core/collection.js';
import { classifyProposals, type Claims, type ImportItem } from '../core/import-plan.js';
import { deckPart, placeNotes, sameSource, type NotePlace } from '../core/note-places.js';
import { proposeCards, type Proposal, type SkippedHeading } from '../core/propose.js';
import { UserError } from '../errors.js';
import { m } from '../i18n/index.js';

export interface MediaCopy {
  /** The image's absolute path, or its bytes (an image from an Anki package). */
  from?: string;
  bytes?: Uint8Array;
  /** Where it goes, relative to the decks folder: `media/<deck>/<path in the notes folder>`. */
  file: string;
}

export interface NoteImport {
  /** The note's identity (the deck's `source:`): the folder's name and its path in it, or its own name. */
  source: string;
  /** The note's absolute path. */
  path: string;
  /** The note's path as the user sees it (from the working folder), for messages. */
  shown: string;
  title: string;
  /** The deck file the cards go to, relative to the decks folder. */
  file: string;
  /** The front matter a new deck file starts with, when the source gives one (an Anki deck). */
  header?: string;
  deck: string;
  exists: boolean;
  items: ImportItem[];
  /** Headings that gave no card, and why. */
  skipped: SkippedHeading[];
  /** Why a note gave nothing, rows that could not become cards, images not found. */
  remarks: string[];
  /** Set when the note was left out as a whole: why. */
  refused?: string;
  /** The note only links to other notes. */
  navigation?: boolean;
  media: MediaCopy[];
}

export interface ImportPlan {
  notes: NoteImport[];
  /** Every image to copy, once. */
  media: MediaCopy[];
}

export interface PlanOptions {
  /** Every card to this deck (--deck) instead of one deck per note. */
  target?: { file: string; deck: string; exists: boolean };
  clozes?: boolean;
}

const MARKDOWN = new Set(['.md', '.markdown']);
const ANKI_TEXT = new Set(['.txt', '.csv', '.tsv']);
const posix = (p: string) => p.split(sep).join('/');

function listInput(input: string): { root: string; single: boolean; notes: string[] } {
  let stat;
  try {
    stat = statSync(input);
  } catch {
    throw new UserError(m.import.noSuchPath(input), m.import.noSuchPathHint);
  }
  if (stat.isFile()) {
    const ext = extname(input).toLowerCase();
    if (!MARKDOWN.has(ext) && !ANKI_TEXT.has(ext)) throw new UserError(m.import.notMarkdown(input));
    return { root: dirname(input), single: true, notes: [input] };
  }
  const notes: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name.startsWith('_') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && MARKDOWN.has(extname(e.name).toLowerCase())) notes.push(p);
    }
  };
  walk(input);
  if (notes.length === 0) throw new UserError(m.import.noNotes(input));
  return { root: input, single: false, notes: notes.sort() };
}

/** Where a note's cards go when no --deck is given: the deck that came from it, else its own new one. */
function targetOf(collection: Collection, place: NotePlace): { file: string; deck: string; exists: boolean } | { refused: string } {
  const bySource = collection.decks.filter((d) => d.meta.source === place.source);
  const found = bySource.find((d) => d.file === place.file) ?? bySource[0];
  if (found) return { file: found.file, deck: found.deck, exists: true };
  const owner = collection.decks.find((d) => d.file === place.file);
  if (owner && !sameSource(owner.meta.source, place.source)) {
    return { refused: m.import.notFromNote(place.file, place.source) };
  }
  return { file: place.file, deck: owner?.deck ?? place.deck, exists: Boolean(owner) };
}

/** Resolves the images of one note: a link from the deck file to their copy in media/, and the copies to make. */
function mediaResolver(root: string, notePath: string, deckFile: string, mediaDir: string, copies: Map<string, MediaCopy>, missing: string[]) {
  return (src: string): string | undefined => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//') || src.startsWith('#')) return undefined;
    let decoded = src.replace(/[?#].*$/, '');
    try {
      // `..%2Fimg%2Fa.png`: some editors escape the slashes too.
      decoded = decodeURIComponent(decoded);
    } catch {
      // Keep it as written.
    }
    const abs = decoded.startsWith('/') ? join(root, decoded) : resolve(dirname(notePath), decoded);
    let ok = false;
    try {
      ok = statSync(abs).isFile();
    } catch {
      ok = false;
    }
    if (!ok) {
      missing.push(src);
      return undefined;
    }
    const inside = posix(relative(root, abs));
    const rel = inside.startsWith('../') || isAbsolute(inside) ? `outside/${basename(abs)}` : inside;
    const file = `media/${mediaDir}/${rel}`;
    if (!copies.has(file)) copies.set(file, { from: abs, file });
    return posix(relative(dirname(deckFile), file)) || basename(file);
  };
}

interface ReadNote {
  title: string;
  proposals: Proposal[];
  skipped: SkippedHeading[];
  remarks: string[];
  navigation?: boolean;
}

function readNote(path: string, source: string, deckFile: string, mediaDir: string, root: string, decksRoot: string, options: PlanOptions, copies: Map<string, MediaCopy>): ReadNote {
  const text = readFileSync(path, 'utf8');
  if (text.includes('\u0000')) throw new UserError(m.import.notText(path));
  const ext = extname(path).toLowerCase();
  if (ANKI_TEXT.has(ext)) {
    // (An Anki text export with its header lines is read as Anki decks by the import command.)
    throw new UserError(m.import.noAnkiHeader(path));
  }
  const missing: string[] = [];
  const noteHref = posix(relative(dirname(join(decksRoot, deckFile)), path));
  // A README.md or index.md is named after its folder when it has no title of its own.
  const name = /^(readme|index)\.(md|markdown)$/i.test(basename(path)) ? `${basename(dirname(path))}.md` : basename(path);
  const r = proposeCards(name, text, {
    clozes: options.clozes,
    image: mediaResolver(root, path, deckFile, mediaDir, copies, missing),
    note: { name: basename(path), href: noteHref },
  });
  const remarks: string[] = [];
  if (r.nothingFound) remarks.push(m.import.nothingInNote(source, r.nothingFound));
  if (missing.length) remarks.push(m.import.imagesMissing(source, missing.length, [...new Set(missing)].slice(0, 3).join(', ') + (missing.length > 3 ? ', …' : '')));
  return { title: r.title, proposals: r.proposals, skipped: r.skipped, remarks, navigation: r.navigation };
}

/** Reads the notes and works out, for each, where its cards go and which are new, updated, present or skipped. */
export function planImport(collection: Collection, decksRoot: string, input: string, options: PlanOptions = {}): ImportPlan {
  const { root, single, notes } = listInput(resolve(input));
  const rootName = basename(root);
  const places = placeNotes(rootName, notes.map((n) => posix(relative(root, n))), single);
  const claims: Claims = new Map();
  const fixed = options.target;
  const plan: NoteImport[] = [];
  for (const [i, place] of places.entries()) {
    const path = notes[i]!;
    const shown = relative(process.cwd(), path) || path;
    const target = fixed ?? targetOf(collection, place);
    if ('refused' in target) {
      plan.push({ source: place.source, path, shown, title: basename(path), file: place.file, deck: place.deck, exists: true, items: [], skipped: [], remarks: [], refused: target.refused, media: [] });
      continue;
    }
    const copies = new Map<string, MediaCopy>();
    const mediaDir = deckPart(target.deck.split('::')[0]!);
    const note = readNote(path, shown, target.file, mediaDir, root, decksRoot, options, copies);
    const own = !fixed && target.exists;
    const items = note.navigation ? [] : classifyProposals(collection, note.proposals, target.file, claims, own);
    plan.push({ source: place.source, path, shown, title: note.title, ...target, items, skipped: note.skipped, remarks: note.remarks, navigation: note.navigation, media: [...copies.values()] });
  }
  return { notes: plan, media: mediaToCopy(plan) };
}

/** The images the cards to be written show (new cards and updates), each once. */
export function mediaToCopy(notes: NoteImport[], written: (item: ImportItem) => boolean = (i) => i.status === 'new' || i.status === 'update'): MediaCopy[] {
  const media = new Map<string, MediaCopy>();
  for (const note of notes) {
    if (note.media.length === 0) continue;
    const byFile = new Map(note.media.map((m) => [m.file, m]));
    const deckDir = posixPath.dirname(note.file);
    for (const item of note.items) {
      if (!written(item)) continue;
      for (const src of imageSources(item.proposal.snippet)) {
        let link = src;
        try {
          link = decodeURIComponent(src);
        } catch {
          // Keep it as written.
        }
        const m = byFile.get(posixPath.normalize(posixPath.join(deckDir, link)));
        if (m) media.set(m.file, m);
      }
    }
  }
  return [...media.values()];
}

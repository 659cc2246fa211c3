// Where each imported note's cards go: the note's identity (its `source:`) and its deck. The notes
// folder's hierarchy becomes the deck hierarchy under a deck named after the folder, with names a
// person can type: numbering prefixes go, `X/X.md` is one deck, README.md and index.md stand for
// their folder. Pure: it works on paths only.

export interface NotePlace {
  /** The note's path relative to the folder imported, with forward slashes. */
  path: string;
  /** The note's identity, stored as the deck's `source:`: the folder's name and `path`, or the file's own name. */
  source: string;
  /** The deck name, `llm-notes::大语言模型基础::attention`. */
  deck: string;
  /** The deck file relative to the decks folder, `llm-notes/大语言模型基础/attention.md`. */
  file: string;
}

const LEADING_NUMBER = /^\d{1,3}(?:[.\-_]\d{1,3})*(?:[.\-_、\s]+|(?=[^\d\s.\-_]))/;

/** A deck name part: `01.大语言模型基础` -> `大语言模型基础`, `LLM 为什么 Decoder only` -> `llm-为什么-decoder-only`. */
export function deckPart(name: string, keepNumber = false): string {
  const stripped = keepNumber ? name : name.replace(LEADING_NUMBER, '');
  const slug = (stripped || name)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  // The decks loader reads a README.md as documentation, never as a deck.
  return slug === 'readme' ? 'readme-notes' : slug || 'notes';
}

const stemOf = (name: string) => name.replace(/\.[^./]+$/, '');
const isIndex = (name: string) => /^(readme|index)\.(md|markdown)$/i.test(name);

/**
 * Places every note of an import. `root` is the imported folder's name, or for a single file the
 * name of the folder it is in (a lone README.md is named after it); `paths` are relative to it.
 */
export function placeNotes(root: string, paths: string[], single = false): NotePlace[] {
  const notesIn = new Map<string, number>();
  const subfolders = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    const dir = parts.slice(0, -1).join('/');
    notesIn.set(dir, (notesIn.get(dir) ?? 0) + 1);
    for (let i = 1; i < parts.length - 1; i++) subfolders.add(parts.slice(0, i).join('/'));
  }
  const raw = paths.map((path) => {
    const parts = path.split('/');
    const name = parts.pop()!;
    const dirs = parts;
    let names: string[];
    if (single) names = [isIndex(name) ? root : stemOf(name)];
    else {
      names = [root, ...dirs];
      const dir = dirs.join('/');
      const folder = dirs[dirs.length - 1];
      const stem = stemOf(name);
      const a = deckPart(stem);
      const b = folder === undefined ? '' : deckPart(folder);
      const alone = notesIn.get(dir) === 1 && !subfolders.has(dir);
      if (isIndex(name)) {
        // README.md / index.md stand for their folder.
      } else if (folder !== undefined && (a === b || (alone && (a.startsWith(b) || b.startsWith(a))))) {
        names[names.length - 1] = stem.length >= folder.length ? stem : folder;
      } else names.push(stem);
    }
    return { path, source: single ? name : `${root}/${path}`, names };
  });
  const build = (names: string[], keep: boolean) => names.map((n) => deckPart(n, keep));
  const placed = raw.map((r) => ({ ...r, parts: build(r.names, false) }));
  // Two notes that would share a deck keep their numbering; if even that collides, a counter.
  const byFile = new Map<string, typeof placed>();
  for (const p of placed) {
    const key = p.parts.join('/');
    byFile.set(key, [...(byFile.get(key) ?? []), p]);
  }
  for (const group of byFile.values()) {
    if (group.length < 2) continue;
    for (const p of group) p.parts = build(p.names, true);
  }
  const taken = new Set<string>();
  return placed.map((p) => {
    let parts = p.parts;
    let file = parts.join('/');
    for (let n = 2; taken.has(file); n++) {
      parts = [...p.parts.slice(0, -1), `${p.parts[p.parts.length - 1]}-${n}`];
      file = parts.join('/');
    }
    taken.add(file);
    return { path: p.path, source: p.source, deck: parts.join('::'), file: `${file}.md` };
  });
}

/** True when a deck's `source:` names this note: the same identity, or (from older imports) a path that ends with it. */
export function sameSource(stored: string | undefined, source: string): boolean {
  if (!stored) return false;
  const a = stored.replace(/\\/g, '/').replace(/^\.\//, '');
  return a === source || a.endsWith('/' + source);
}

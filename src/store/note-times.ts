// state/anki-notes.json: what recall knows of the Anki notes its cards are. When the text of each
// exported card last changed, as recall saw it; and the GUID of a note imported from Anki, so an
// export goes back to Anki as that same note instead of a copy beside it.
//
// Anki updates a note on re-import only when its `mod` is newer than its own copy's, so `mod`
// must move when, and only when, the note's text changed: not at every export (every note would
// overwrite the edits made in Anki), and not never (no edit would reach Anki). A card whose text
// differs from the last export's gets the time its deck file was last written (the edit was
// made by then); an unchanged card keeps the time it had.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Card } from '../core/types.js';
import { UserError } from '../errors.js';
import { writeFileDurable } from './durable-file.js';
import { makeDir } from './make-dir.js';
import { m } from '../i18n/index.js';

const FORMAT = 'recall-anki-notes';
const FILE = 'anki-notes.json';

interface NoteTimesFile {
  format: typeof FORMAT;
  version: 1;
  /** Card id -> [hash of its text, ms its text last changed]. */
  cards: Record<string, [string, number]>;
  /** Card id -> the GUID of the Anki note it was imported from. */
  guids?: Record<string, string>;
}

function textHash(card: Card): string {
  return createHash('sha1').update([card.front, card.back, card.section ?? '', card.heading ?? ''].join('\u0000')).digest('hex').slice(0, 16);
}

export interface NoteTimes {
  modified(card: Card): number;
  /** The GUID of the Anki note a card (by the identity its history began under) was imported from. */
  guid(identity: string): string | undefined;
  /** Records the times of the cards asked about (after the export was written). */
  save(): void;
}

function readFile(path: string): NoteTimesFile {
  if (!existsSync(path)) return { format: FORMAT, version: 1, cards: {} };
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<NoteTimesFile>;
    if (data.format !== FORMAT || typeof data.cards !== 'object' || data.cards === null) throw new Error(m.state.notRecallFile);
    if (data.guids !== undefined && (typeof data.guids !== 'object' || data.guids === null)) throw new Error(m.state.guidsNotObject);
    return { format: FORMAT, version: 1, cards: data.cards, guids: data.guids };
  } catch (error) {
    throw new UserError(m.state.notNoteTimes(path, (error as Error).message), m.state.moveItOutHint);
  }
}

function writeFile(stateDir: string, file: NoteTimesFile): void {
  makeDir(stateDir);
  writeFileDurable(join(stateDir, FILE), JSON.stringify(file) + '\n');
}

/** Remembers the Anki notes cards were imported from (card id -> GUID). */
export function rememberAnkiGuids(stateDir: string, guids: Record<string, string>): void {
  const file = readFile(join(stateDir, FILE));
  const merged = { ...file.guids, ...guids };
  if (Object.keys(guids).every((id) => file.guids?.[id] === guids[id])) return;
  writeFile(stateDir, { ...file, guids: merged });
}

export function noteTimes(stateDir: string, decksDir: string): NoteTimes {
  const file = readFile(join(stateDir, FILE));
  const known = file.cards;
  const fileTimes = new Map<string, number>();
  const fileTime = (file: string) => {
    let t = fileTimes.get(file);
    if (t === undefined) fileTimes.set(file, (t = Math.floor(statSync(join(decksDir, file)).mtimeMs)));
    return t;
  };
  // Only what changed is kept aside: at 100k cards, a second entry for every card asked about
  // was 10 MB more at the peak of an export.
  const changes: NoteTimesFile['cards'] = {};
  let changed = false;
  return {
    modified(card) {
      const hash = textHash(card);
      const before = known[card.id];
      const at = before && before[0] === hash ? before[1] : fileTime(card.file);
      if (!before || before[0] !== hash || before[1] !== at) {
        changed = true;
        changes[card.id] = [hash, at];
      }
      return at;
    },
    guid: (identity) => file.guids?.[identity],
    save() {
      if (!changed) return;
      writeFile(stateDir, { ...file, cards: { ...known, ...changes } });
    },
  };
}

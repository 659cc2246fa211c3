// state/anki-notes.json: when the text of each exported card last changed, as recall saw it.
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
}

function textHash(card: Card): string {
  return createHash('sha1').update([card.front, card.back, card.section ?? '', card.heading ?? ''].join('\u0000')).digest('hex').slice(0, 16);
}

export interface NoteTimes {
  modified(card: Card): number;
  /** Records the times of the cards asked about (after the export was written). */
  save(): void;
}

export function noteTimes(stateDir: string, decksDir: string): NoteTimes {
  const path = join(stateDir, FILE);
  let known: NoteTimesFile['cards'] = {};
  if (existsSync(path)) {
    try {
      const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<NoteTimesFile>;
      if (data.format !== FORMAT || typeof data.cards !== 'object' || data.cards === null) throw new Error(m.state.notRecallFile);
      known = data.cards;
    } catch (error) {
      throw new UserError(m.state.notNoteTimes(path, (error as Error).message), m.state.moveItOutHint);
    }
  }
  const fileTimes = new Map<string, number>();
  const fileTime = (file: string) => {
    let t = fileTimes.get(file);
    if (t === undefined) fileTimes.set(file, (t = Math.floor(statSync(join(decksDir, file)).mtimeMs)));
    return t;
  };
  const seen: NoteTimesFile['cards'] = {};
  let changed = false;
  return {
    modified(card) {
      const hash = textHash(card);
      const before = known[card.id];
      const at = before && before[0] === hash ? before[1] : fileTime(card.file);
      if (!before || before[0] !== hash || before[1] !== at) changed = true;
      seen[card.id] = [hash, at];
      return at;
    },
    save() {
      if (!changed) return;
      makeDir(stateDir);
      writeFileDurable(path, JSON.stringify({ format: FORMAT, version: 1, cards: { ...known, ...seen } }) + '\n');
    },
  };
}

// `recall export --format apkg|csv|md|json`: the decks (and, where asked, progress) in a format
// another program reads. Writes go to a temporary file renamed into place.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { CommandContext, WorkspacePaths } from '../app/commands.js';
import { selectCards } from '../app/filters.js';
import { openWorkspace } from '../app/workspace.js';
import type { Card } from '../core/types.js';
import { UserError } from '../errors.js';
import { buildApkg } from '../export/apkg.js';
import { ankiText, stockLanguage } from '../export/anki-text.js';
import { makeBackup } from '../export/backup.js';
import { cheatSheet } from '../export/cheatsheet.js';
import { listDeckFiles } from '../store/deck-files.js';
import { writeFileDurable } from '../store/durable-file.js';
import { noteTimes } from '../store/note-times.js';
import { readLog } from '../store/review-log.js';

const FORMATS = ['apkg', 'csv', 'md', 'json'] as const;
type Format = (typeof FORMATS)[number];
const EXTENSION: Record<Format, string> = { apkg: 'apkg', csv: 'txt', md: 'md', json: 'json' };

function progressBar(label: string): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    process.stderr.write(`\r${label} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${done}/${total} cards${done >= total ? '\n' : ''}`);
  };
}

/** The real location of a path that may not exist yet: its nearest existing folder, resolved. */
function realLocation(path: string): string {
  let dir = path;
  const rest: string[] = [];
  while (!existsSync(dir) && dirname(dir) !== dir) {
    rest.unshift(basename(dir));
    dir = dirname(dir);
  }
  return join(realpathSync(dir), ...rest);
}

const inside = (path: string, folder: string) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);

/** An export never lands in the decks or the state folder, where it could replace what it was made from. */
function refuseOwnFolders(path: string, paths: WorkspacePaths): void {
  const real = realLocation(path);
  for (const [name, folder] of [['decks', paths.decks], ['state', paths.state]] as const) {
    if (existsSync(folder) && inside(real, realpathSync(folder))) {
      throw new UserError(`--out ${relative(process.cwd(), path) || path} is inside the ${name} folder (${folder})`, `an export could replace your ${name === 'decks' ? 'deck files' : 'progress'} there: write it somewhere else`, 2);
    }
  }
}

function outputPath(out: string | undefined, force: boolean, format: Format, now: number, paths: WorkspacePaths): string {
  if (out === '-') {
    if (format === 'apkg') throw new UserError('an .apkg is binary and cannot go to the terminal', 'give --out FILE.apkg', 2);
    return '-';
  }
  const name = `recall-${new Date(now).toISOString().slice(0, 10)}.${EXTENSION[format]}`;
  let path = resolve(out ?? name);
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, name);
  refuseOwnFolders(path, paths);
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw new UserError(`${relative(process.cwd(), path) || path} is a folder`, 'choose a file name with --out');
    if (!force) throw new UserError(`${relative(process.cwd(), path) || path} already exists`, 'choose another --out, or add --force to replace it');
  }
  if (!existsSync(dirname(path))) throw new UserError(`folder ${dirname(path)} does not exist`, 'create it first, or choose another --out');
  return path;
}

export async function run({ paths, values }: CommandContext<'export'>): Promise<number> {
  const format = values.format;
  if (!format) throw new UserError('--format is missing', `one of: ${FORMATS.join(', ')}`, 2);
  if (!FORMATS.includes(format as Format)) throw new UserError(`unknown format '${format}'`, `one of: ${FORMATS.join(', ')}`, 2);
  const f = format as Format;
  const sort = values.sort ?? 'deck';
  if (!['deck', 'weakest'].includes(sort)) throw new UserError(`--sort must be deck or weakest, not '${sort}'`, undefined, 2);
  if (values.sort && f !== 'md') throw new UserError('--sort is for --format md', undefined, 2);
  if (values['with-progress'] && f !== 'apkg') throw new UserError('--with-progress is for --format apkg (json always carries progress)', undefined, 2);
  const filter = { deck: values.deck, tag: values.tag };
  if (f === 'json' && (filter.deck || filter.tag || values.marked)) {
    throw new UserError('a JSON backup holds everything: --deck, --tag and --marked do not apply', 'leave them out, or use --format csv or apkg for part of the decks', 2);
  }

  const ws = openWorkspace(paths, { decks: 'fresh' });
  try {
    const now = ws.clock();
    const out = outputPath(values.out, values.force === true, f, now, paths);
    const { collection } = ws;
    if (collection.problems.length) {
      process.stderr.write(`recall: the decks have ${collection.problems.length} problem(s) ('recall check' lists them); cards with problems are left out\n`);
    }
    let cards = selectCards(collection, filter);
    if (cards.length === 0) throw new UserError(`no cards in ${paths.decks}`);

    const withProgress = f === 'json' || (f === 'apkg' && values['with-progress']) || (f === 'md' && sort === 'weakest');
    // History follows edited cards here too, in memory: an export right after an edit keeps it.
    // (Not in a backup, which carries the log itself: the next review session logs the moves.)
    if (f !== 'json') ws.followEdits();
    if (values.marked) {
      cards = cards.filter((card) => ws.progress.peek(card.id)?.marked);
      if (cards.length === 0) throw new UserError('no marked cards to export', "m on the review screen marks a card; 'recall find --state marked' lists the marked ones");
    }
    const { policy } = ws;
    const state = withProgress ? ws.state : undefined;
    // An Anki note keeps its GUID through edits of its card: the id its history began under.
    const noteIdentity = (card: Card) => ws.progress.peek(card.id)?.origin ?? card.id;
    const times = f === 'apkg' || f === 'csv' ? noteTimes(paths.state, paths.decks) : undefined;
    const anki = { noteIdentity, noteModified: times ? (card: Card) => times.modified(card) : undefined };

    let data: string | Uint8Array;
    let summary: string;
    if (f === 'apkg') {
      const events = state && existsSync(state.logPath) ? readLog(state.logPath).events : [];
      const result = await buildApkg({
        cards,
        now,
        settings: ws.settings,
        ...anki,
        progress: state ? { records: state.progress, events, retention: (card: Card) => policy.retention(card.file) } : undefined,
        onProgress: progressBar('Exporting'),
      });
      data = result.bytes;
      summary = `${result.notes} notes, ${result.cards} cards${state ? `, ${result.reviews} reviews` : ''}`;
    } else if (f === 'csv') {
      const r = ankiText(cards, { ...anki, language: stockLanguage(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG) });
      data = r.text;
      summary = `${r.notes} notes`;
    } else if (f === 'md') {
      const recall = (card: Card) => {
        const p = state?.progress.get(card.id);
        return p && p.lrt !== undefined ? policy.scheduler.retrievability(p, now) : undefined;
      };
      data = cheatSheet(cards, { title: filter.deck ?? filter.tag ?? 'recall cheat sheet', recall, sort: sort as 'deck' | 'weakest' });
      summary = `${new Set(cards.map((c) => c.noteKey)).size} entries`;
    } else {
      const decks = listDeckFiles(paths.decks).map((path) => ({ file: relative(paths.decks, path).split('\\').join('/'), text: readFileSync(path, 'utf8') }));
      const logText = state && existsSync(state.logPath) ? readFileSync(state.logPath, 'utf8') : '';
      const configPath = join(paths.decks, 'recall.config.json');
      const backup = makeBackup({
        now,
        decks,
        cards,
        progress: (id) => state?.progress.get(id),
        log: logText.split('\n').filter((l) => l.trim() !== ''),
        settings: existsSync(configPath) ? readFileSync(configPath, 'utf8') : undefined,
      });
      data = JSON.stringify(backup, null, 1) + '\n';
      summary = `${decks.length} deck files, ${cards.length} cards, ${backup.log.length} log lines`;
    }
    if (out === '-') {
      process.stdout.write(data);
      times?.save();
      return 0;
    }
    writeFileDurable(out, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    times?.save();
    process.stderr.write(`wrote ${relative(process.cwd(), out) || basename(out)}: ${summary}\n`);
    return 0;
  } finally {
    ws.close();
  }
}

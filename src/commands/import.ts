// `recall import <file-or-folder>`: notes (Markdown, or Anki's plain-text export) -> proposed
// cards -> accepted ones written to deck files (one deck per note, the notes folder's hierarchy
// as the deck hierarchy, or --deck NAME), with the images they show; then an account of the run.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { CommandContext, WorkspacePaths } from '../app/commands.js';
import { editText } from '../app/editor.js';
import { openWorkspace } from '../app/workspace.js';
import type { Collection } from '../core/collection.js';
import { invalidEvent } from '../core/events.js';
import { composeCards, type ImportItem } from '../core/import-plan.js';
import { reasonText, summarize, summaryLines, TAKEN, type ImportSummary } from '../core/import-summary.js';
import { UserError } from '../errors.js';
import { asBackup, type BackupRead } from '../export/backup.js';
import { JsonSyntaxError, readJsonObject } from '../store/large-json.js';
import { rememberAnkiGuids } from '../store/note-times.js';
import { convertAnkiPackage, describeConversion } from '../import/anki-convert.js';
import { planAnkiImport } from '../import/anki-plan.js';
import { ankiTextDeckFiles, isAnkiText } from '../import/anki-text.js';
import { deckPart } from '../core/note-places.js';
import { scanLog } from '../store/review-log.js';
import type { LogEvent } from '../core/events.js';
import { mediaToCopy, planImport, type ImportPlan, type NoteImport } from '../import/notes-folder.js';

const ANKI_TEXT = new Set(['.txt', '.csv', '.tsv']);
import { loadCollectionOrEmpty } from '../store/deck-files.js';
import { insideDecks } from '../store/deck-writer.js';
import { writeFileDurable } from '../store/durable-file.js';
import { checkDeckSet, commitImport, pendingMedia, prepareDeckWrites, type DeckChange, type FileWrite, type MediaWrite } from '../store/import-writer.js';
import { makeDir } from '../store/make-dir.js';
import { oneLine, targetFile } from './add.js';
import { m } from '../i18n/index.js';

export type { NoteImport } from '../import/notes-folder.js';

/** One line per note that gave proposals (or could not be imported), then its remarks. */
export function describeNotes(notes: NoteImport[]): string[] {
  return notes.flatMap((n) => {
    if (n.refused) return [m.import.notImported(n.shown, n.refused)];
    if (n.items.length === 0) return n.remarks;
    const by = (s: string) => n.items.filter((i) => i.status === s).length;
    const cards = n.items.reduce((k, i) => k + (i.status === 'new' ? i.proposal.cards.length : 0), 0);
    const kinds = (['question', 'term', 'cloze', 'explicit'] as const)
      .map((k) => [k, n.items.filter((i) => i.status === 'new' && i.proposal.kind === k).length] as const)
      .filter(([, c]) => c > 0)
      .map(([k, c]) => m.notes.kindCount(m.notes.kinds[k], c));
    const skipped = n.items
      .filter((i) => i.status === 'skipped')
      .map((i) => '\n  ' + m.import.skippedTaken(`${n.shown}:${i.proposal.line}`, oneLine(i.proposal.cards[0]!.front), reasonText(TAKEN), i.existing ? `${i.existing.file}:${i.existing.line}` : undefined))
      .join('');
    return [m.import.noteLine(n.shown, by('new'), cards, kinds.join(m.notes.list), by('update'), by('present'), n.file) + skipped, ...n.remarks];
  });
}

export interface PreparedImport {
  writes: FileWrite[];
  /** Images to copy that are missing from media/ or differ. */
  media: MediaWrite[];
  /** Images the written cards show that are already in media/. */
  mediaPresent: number;
}

/**
 * What writing the accepted items gives, checked and not yet written: updates replace their cards
 * in the deck they live in, new cards are appended to their note's deck (a new file starts with
 * front matter naming the note), and the images those cards show are copied into media/.
 */
export function prepareImport(root: string, collection: Collection, notes: NoteImport[], accepted: (item: ImportItem) => boolean): PreparedImport {
  const changes = new Map<string, DeckChange & { fresh: ImportItem['proposal'][] }>();
  const change = (file: string, note: NoteImport) => {
    let c = changes.get(file);
    if (!c) {
      const source = note.file === file && !note.exists ? `\nsource: ${JSON.stringify(note.source)}` : '';
      const header = note.file === file && note.header !== undefined ? note.header : `---\ntitle: ${JSON.stringify(note.title)}${source}\n---\n`;
      changes.set(file, (c = { file, header, replacements: [], fresh: [] }));
    }
    return c;
  };
  const written = (item: ImportItem) => (item.status === 'new' || item.status === 'update') && accepted(item);
  for (const note of notes) {
    for (const item of note.items) {
      if (!written(item)) continue;
      if (item.status === 'update') change(item.existing!.file, note).replacements.push({ card: item.existing!, snippet: item.proposal.snippet });
      else change(note.file, note).fresh.push(item.proposal);
    }
  }
  const writes = prepareDeckWrites(
    root,
    [...changes.values()].map((c) => ({ file: c.file, header: c.header, replacements: c.replacements, append: c.fresh.length ? composeCards(c.fresh) : undefined })),
  );
  checkDeckSet(collection, writes);
  const wanted = mediaToCopy(notes, written);
  const media = pendingMedia(root, wanted);
  return { writes, media, mediaPresent: wanted.length - media.length };
}

function summaryOf(plan: ImportPlan, prepared: PreparedImport, dryRun: boolean, accepted?: (item: ImportItem) => boolean): ImportSummary {
  return summarize(plan.notes, {
    files: prepared.writes.map((w) => ({ file: w.file, created: w.created, added: w.added.length, updated: w.updated })),
    mediaCopied: prepared.media.length,
    mediaPresent: prepared.mediaPresent,
    dryRun,
    accepted,
  });
}

/** Writes a prepared import and says what it did; the lines for the terminal. */
export function writeImport(root: string, prepared: PreparedImport): string[] {
  commitImport(root, prepared.writes, prepared.media);
  return prepared.writes.map((w) => {
    const where = relative(process.cwd(), w.path) || w.path;
    return m.import.wrote(w.created, where, w.added.length, w.updated);
  });
}

/**
 * Restores a `recall export --format json` backup into an empty state folder: the review log
 * byte for byte (progress is rebuilt from it), and the deck files and settings that are missing.
 * A deck file that exists with other text is kept as it is, and said.
 */
export function restoreBackup(global: WorkspacePaths, backup: BackupRead, dryRun: boolean, source: string): number {
  const logPath = join(global.state, 'reviews.jsonl');
  const snapshotPath = join(global.state, 'progress.json');
  if ((existsSync(logPath) && statSync(logPath).size > 0) || existsSync(snapshotPath)) {
    throw new UserError(m.import.hasProgress(global.state), m.import.hasProgressHint);
  }
  const lines: string[] = [];
  if (!existsSync(global.decks)) makeDir(global.decks);
  const files = [...backup.decks, ...(backup.settings !== undefined ? [{ file: 'recall.config.json', text: backup.settings }] : [])];
  for (const { file, text } of files) {
    const path = insideDecks(global.decks, file);
    if (!existsSync(path)) {
      if (!dryRun) {
        makeDir(dirname(path));
        writeFileDurable(path, text);
      }
      lines.push(m.import.restoredFile(file));
    } else if (readFileSync(path, 'utf8') !== text) lines.push(m.import.keptFile(file));
  }
  const lineAt = (i: number): string => {
    let line: unknown;
    try {
      line = backup.log.at(i);
    } catch (error) {
      if (error instanceof JsonSyntaxError) throw new UserError(m.import.notBackup(`${source}:${error.line}`, error.message), m.import.nothingRestored);
      throw error;
    }
    const problem = (() => {
      if (typeof line !== 'string') return m.import.notAString;
      try {
        return invalidEvent(JSON.parse(line));
      } catch (error) {
        return (error as Error).message;
      }
    })();
    if (problem) throw new UserError(m.import.badBackupLine(i + 1, problem), m.import.nothingRestored);
    return line as string;
  };
  // Every line is checked before anything is written; then read again as it is written.
  for (let i = 0; i < backup.log.length; i++) lineAt(i);
  if (!dryRun) {
    makeDir(global.state);
    writeFileDurable(logPath, (function* () {
      for (let i = 0; i < backup.log.length; i++) yield lineAt(i) + '\n';
    })());
    // Progress is rebuilt from the restored log now, not at the first review.
    const ws = openWorkspace(global, { lock: 'import', decks: 'optional', notify: () => undefined, allEditions: true });
    try {
      ws.state.stale = true;
    } finally {
      ws.close();
    }
  }
  lines.push(m.import.restoredLog(dryRun, backup.log.length, relative(process.cwd(), global.state) || global.state));
  for (const line of lines) process.stderr.write(line + '\n');
  return 0;
}

interface Source {
  plan: ImportPlan;
  /** After the deck files are written: the history that came with them, appended to the log. */
  appendHistory(): string | undefined;
  /** An Anki package or text export: its notes are taken as cards, not read as notes. */
  fromPackage: boolean;
}

const ANKI_PACKAGES = new Set(['.apkg', '.colpkg']);

/** What `recall import` reads: an Anki package, an Anki text export, or Markdown notes. */
async function readSource(paths: WorkspacePaths, collection: Collection, input: string, values: CommandContext<'import'>['values']): Promise<Source> {
  const ext = extname(input).toLowerCase();
  const shown = relative(process.cwd(), resolve(input)) || input;
  const noHistory = (): undefined => undefined;
  if (ANKI_PACKAGES.has(ext)) {
    if (values.deck) throw new UserError(m.import.packageDeck, m.import.packageDeckHint, 2);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(resolve(input));
    } catch {
      throw new UserError(m.import.noSuchFile(input), m.import.noSuchFileHint);
    }
    const ws = openWorkspace(paths, { decks: 'optional', allEditions: true });
    const converted = await convertAnkiPackage(bytes, { policy: values['no-history'] ? undefined : ws.policy, source: basename(input) });
    ws.close();
    const plan = planAnkiImport(collection, converted.files, converted.media, shown, describeConversion(converted));
    return {
      plan,
      fromPackage: true,
      appendHistory: () => {
        rememberAnkiGuids(paths.state, converted.guids);
        return values['no-history'] ? undefined : appendAnkiHistory(paths, converted.events);
      },
    };
  }
  if (ANKI_TEXT.has(ext) && existsSync(input) && statSync(input).isFile()) {
    const text = readFileSync(resolve(input), 'utf8');
    if (isAnkiText(text)) {
      const deckPlan = ankiTextDeckFiles(text, { source: basename(input), defaultDeck: deckPart(basename(input, ext)) });
      const remarks = [...deckPlan.remarks, ...deckPlan.skippedRows.map((r) => m.import.skippedRow(`${shown}:${r.line}`, r.reason))];
      let files = deckPlan.files;
      if (values.deck) {
        // Every row into one deck: each keeps its deck's name as its section; tags are the file's.
        const target = targetFile(collection, values.deck);
        const tags = [...new Set(files.flatMap((f) => f.tags))];
        if (tags.length) remarks.push(m.import.tagsNotKept(shown, tags.slice(0, 5).join(', ') + (tags.length > 5 ? ', …' : '')));
        const proposals = files.flatMap((f) => f.proposals.map((p) => ({ ...p, section: [f.deck, p.section].filter(Boolean).join(' › ') })));
        files = [{ file: target.file, deck: target.deck, tags: [], reverse: false, header: `---\ntitle: ${JSON.stringify(basename(input, ext))}\nsource: ${JSON.stringify(basename(input))}\n---\n`, proposals, text: '' }];
      }
      return { plan: planAnkiImport(collection, files, [], shown, remarks), appendHistory: noHistory, fromPackage: true };
    }
  }
  const target = values.deck ? targetFile(collection, values.deck) : undefined;
  return { plan: planImport(collection, paths.decks, input, { target, clozes: Boolean(values.clozes) }), appendHistory: noHistory, fromPackage: false };
}

/**
 * The review history of an Anki package, for the cards that are now in the decks: appended to
 * the log (under its lock), each answer once: a re-import adds none it already added.
 */
function appendAnkiHistory(paths: WorkspacePaths, events: LogEvent[]): string | undefined {
  if (events.length === 0) return undefined;
  const ws = openWorkspace(paths, { lock: 'import', decks: 'fresh', allEditions: true });
  try {
    const known = new Set<string>();
    scanLog(ws.state.logPath, 0, (e) => known.add(e.id));
    const cards = ws.collection.byId;
    const fresh = events.filter((e) => !known.has(e.id) && cards.has(e.card));
    if (fresh.length === 0) return undefined;
    ws.append(fresh);
    ws.save();
    // The answers, not the suspensions that come with them.
    const reviews = fresh.filter((e) => e.type === 'review');
    const answered = new Set(reviews.map((e) => e.card)).size;
    return m.import.history(reviews.length, answered, relative(process.cwd(), ws.state.logPath) || ws.state.logPath);
  } finally {
    ws.close();
  }
}

export async function run({ paths: global, values, positionals }: CommandContext<'import'>): Promise<number> {
  const input = positionals[0];
  if (!input) throw new UserError(m.import.which, m.import.whichHint, 2);
  if (positionals.length > 1) throw new UserError(m.import.oneAtATime(positionals.length), undefined, 2);
  if (extname(input).toLowerCase() === '.json') {
    let parts;
    try {
      parts = readJsonObject(readFileSync(resolve(input)), ['log']);
    } catch (error) {
      if (error instanceof JsonSyntaxError) throw new UserError(m.import.notBackup(`${input}:${error.line}`, error.message));
      throw error;
    }
    const backup = asBackup(parts.values, parts.arrays);
    if (!backup) throw new UserError(m.import.jsonNotBackup(input), m.import.jsonNotBackupHint);
    return restoreBackup(global, backup, Boolean(values['dry-run']), input);
  }
  const collection = loadCollectionOrEmpty(global.decks);
  const source = await readSource(global, collection, input, values);
  const { plan } = source;
  const json = Boolean(values.json);
  const dryRun = Boolean(values['dry-run']);
  const log = (line: string) => process.stderr.write(line + '\n');
  const anything = plan.notes.some((n) => n.items.length > 0);

  if (dryRun || values.yes || json) {
    if (!dryRun && !values.yes) throw new UserError(m.import.jsonNeedsYes, undefined, 2);
    const prepared = prepareImport(global.decks, collection, plan.notes, () => true);
    const summary = summaryOf(plan, prepared, dryRun);
    if (!json) for (const line of describeNotes(plan.notes)) log(line);
    if (dryRun) {
      if (!json) {
        for (const w of prepared.writes) {
          const where = relative(process.cwd(), w.path) || w.path;
          if (prepared.writes.length > 1) process.stdout.write(`==> ${where} <==\n`);
          process.stdout.write(w.text);
          log(m.import.wouldWrite(w.created, where, w.added.length, w.updated));
        }
      }
    } else {
      const lines = writeImport(global.decks, prepared);
      if (!json) lines.forEach(log);
      const history = source.appendHistory();
      if (history && !json) log(history);
    }
    if (json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    else {
      if (prepared.writes.length === 0 && prepared.media.length === 0) log(m.import.nothingToWrite);
      summaryLines(summary, source.fromPackage).forEach(log);
    }
    return anything ? 0 : 1;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(m.import.needsTerminal, m.import.needsTerminalHint, 2);
  }
  const pending = plan.notes.flatMap((n) => n.items).filter((i) => i.status === 'new' || i.status === 'update');
  if (pending.length === 0) {
    for (const line of describeNotes(plan.notes)) log(line);
    log(m.import.nothingToImport);
    summaryLines(summaryOf(plan, { writes: [], media: [], mediaPresent: 0 }, true), source.fromPackage).forEach(log);
    return anything ? 0 : 1;
  }
  const { runImportScreen } = await import('../ui/run-import.js');
  return runImportScreen(plan.notes, (notes, accepted) => {
    const prepared = prepareImport(global.decks, collection, notes, accepted);
    const lines = writeImport(global.decks, prepared);
    const history = source.appendHistory();
    return [...lines, ...(history ? [history] : []), ...summaryLines(summaryOf({ ...plan, notes }, prepared, false, accepted), source.fromPackage)];
  }, editText);
}

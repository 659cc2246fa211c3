// `recall import <file-or-folder>`: notes (Markdown, or Anki's plain-text export) -> proposed
// cards -> accepted ones written to deck files: a new file per note, or --deck NAME.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { CommandContext, WorkspacePaths } from '../app/commands.js';
import { openWorkspace } from '../app/workspace.js';
import type { Collection } from '../core/collection.js';
import { appendToDeck, AppendError, replaceCard } from '../core/deck-edit.js';
import { classifyProposals, composeCards, type ImportItem } from '../core/import-plan.js';
import { proposeCards, type Proposal } from '../core/propose.js';
import type { Card } from '../core/types.js';
import { UserError } from '../errors.js';
import { isAnkiText, proposeFromAnkiText } from '../import/anki-text.js';
import { loadCollectionOrEmpty } from '../store/deck-files.js';
import { commitAppend, deckFileFor, findDeck, insideDecks, readDeckFile, type DeckFileRead } from '../store/deck-writer.js';
import { invalidEvent } from '../core/events.js';
import { isBackup, type Backup } from '../export/backup.js';
import { writeFileDurable } from '../store/durable-file.js';
import { targetFile } from './add.js';
import { makeDir } from '../store/make-dir.js';

export interface NoteImport {
  /** The note's path as the user gave it (relative to the working folder). */
  source: string;
  title: string;
  /** The deck file the cards go to, relative to the decks folder. */
  file: string;
  deck: string;
  exists: boolean;
  items: ImportItem[];
  /** Why a note gave nothing, or rows that could not become cards. */
  remarks: string[];
}

const NOTE_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.csv', '.tsv']);

function listNotes(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UserError(`no such file or folder: ${path}`, 'recall import takes a Markdown note, a folder of notes, or an Anki text export');
  }
  if (stat.isFile()) return [path];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && ['.md', '.markdown'].includes(extname(e.name).toLowerCase())) out.push(p);
    }
  };
  walk(path);
  if (out.length === 0) throw new UserError(`no Markdown notes (.md) in ${path}`);
  return out.sort();
}

/** A deck name from a note's file name: `RLHF 面试题.md` -> `rlhf-面试题`. */
export function deckNameFor(note: string): string {
  const stem = basename(note, extname(note));
  const slug = stem.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  return slug || 'imported';
}

function readProposals(path: string, source: string): { title: string; proposals: Proposal[]; remarks: string[] } {
  const text = readFileSync(path, 'utf8');
  if (text.includes('\u0000')) throw new UserError(`${path} is not a text file`);
  const ext = extname(path).toLowerCase();
  if (['.txt', '.csv', '.tsv'].includes(ext) && isAnkiText(text)) {
    const r = proposeFromAnkiText(text);
    const remarks = r.skipped.map((s) => `${source}:${s.line}: skipped: ${s.reason}`);
    if (r.tags.length) remarks.push(`${source}: Anki tags (${r.tags.slice(0, 5).join(', ')}${r.tags.length > 5 ? ', …' : ''}) are not kept per card: a deck file's tags apply to all its cards; add them to its front matter`);
    if (r.proposals.length === 0) remarks.push(`${source}: no notes found in the Anki text`);
    return { title: basename(path, ext), proposals: r.proposals, remarks };
  }
  if (!NOTE_EXTENSIONS.has(ext)) throw new UserError(`${path}: recall imports Markdown notes (.md) and Anki text exports (.txt, .csv)`);
  const r = proposeCards(basename(path), text);
  return { title: r.title, proposals: r.proposals, remarks: r.nothingFound ? [`${source}: nothing to import: ${r.nothingFound}`] : [] };
}

/** Reads the notes and works out, for each, where its cards go and which are new, updated or present. */
export function planImport(collection: Collection, input: string, deckOption?: string): NoteImport[] {
  return listNotes(resolve(input)).map((path) => {
    const source = relative(process.cwd(), path) || path;
    const { title, proposals, remarks } = readProposals(path, source);
    let target: { file: string; exists: boolean; deck: string };
    if (deckOption) target = targetFile(collection, deckOption);
    else {
      const name = deckNameFor(path);
      const found = findDeck(collection, name);
      const file = found?.file ?? deckFileFor(name);
      const owner = collection.decks.find((d) => d.file === file);
      if (owner && owner.meta.source !== source) {
        throw new UserError(`${file} already exists and was not imported from ${source}`, `choose the deck with --deck NAME`);
      }
      target = { file, exists: Boolean(owner), deck: owner?.deck ?? name };
    }
    return { source, title, ...target, items: classifyProposals(collection, proposals, target.exists ? target.file : undefined), remarks };
  });
}

export interface FileWrite extends DeckFileRead {
  text: string;
  added: Card[];
  updated: number;
}

/**
 * The deck files that writing the accepted items gives: updates replace their cards where they
 * are (last first, so line numbers hold), then new cards are appended to the note's deck file.
 * Nothing is written here.
 */
export function prepareWrites(root: string, notes: NoteImport[], accepted: (item: ImportItem) => boolean): FileWrite[] {
  const byFile = new Map<string, { header: string; fresh: Proposal[]; updates: ImportItem[] }>();
  const entry = (file: string, note: NoteImport) => {
    let e = byFile.get(file);
    if (!e) {
      const header = `---\ntitle: ${JSON.stringify(note.title)}\nsource: ${JSON.stringify(note.source)}\n---\n`;
      byFile.set(file, (e = { header, fresh: [], updates: [] }));
    }
    return e;
  };
  for (const note of notes) {
    for (const item of note.items) {
      if (item.status === 'present' || !accepted(item)) continue;
      if (item.status === 'update') entry(item.existing!.file, note).updates.push(item);
      else entry(note.file, note).fresh.push(item.proposal);
    }
  }
  const writes: FileWrite[] = [];
  for (const [file, { header, fresh, updates }] of byFile) {
    const read = readDeckFile(root, file, header);
    let text = read.original;
    let added: Card[] = [];
    try {
      for (const item of [...updates].sort((a, b) => b.existing!.line - a.existing!.line)) {
        text = replaceCard(file, text, item.existing!, item.proposal.snippet).text;
      }
      if (fresh.length) ({ text, added } = appendToDeck(file, text, composeCards(fresh)));
    } catch (error) {
      if (error instanceof AppendError) throw new UserError(`cannot write ${file}: ${error.message}`, 'nothing was written');
      throw error;
    }
    writes.push({ ...read, text, added, updated: updates.length });
  }
  return writes;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

export function describeNotes(notes: NoteImport[]): string[] {
  return notes.flatMap((n) => {
    const by = (s: string) => n.items.filter((i) => i.status === s).length;
    const cards = n.items.reduce((k, i) => k + (i.status === 'new' ? i.proposal.cards.length : 0), 0);
    const kinds = ['question', 'term', 'cloze', 'explicit']
      .map((k) => [k, n.items.filter((i) => i.status === 'new' && i.proposal.kind === k).length] as const)
      .filter(([, c]) => c > 0)
      .map(([k, c]) => `${c} ${k}`);
    if (n.items.length === 0) return n.remarks;
    return [
      `${n.source}: ${count(by('new'), 'new proposal')} (${cards} cards${kinds.length ? ': ' + kinds.join(', ') : ''}), ${count(by('update'), 'update')}, ${by('present')} already in ${n.file}`,
      ...n.remarks,
    ];
  });
}

/**
 * Restores a `recall export --format json` backup into an empty state folder: the review log
 * byte for byte (progress is rebuilt from it), and the deck files and settings that are missing.
 * A deck file that exists with other text is kept as it is, and said.
 */
export function restoreBackup(global: WorkspacePaths, backup: Backup, dryRun: boolean): number {
  const logPath = join(global.state, 'reviews.jsonl');
  const snapshotPath = join(global.state, 'progress.json');
  if ((existsSync(logPath) && statSync(logPath).size > 0) || existsSync(snapshotPath)) {
    throw new UserError(`${global.state} already holds progress: a backup is restored only into an empty state folder`, 'give --state a new folder (your current progress stays where it is)');
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
      lines.push(`restored ${file}`);
    } else if (readFileSync(path, 'utf8') !== text) lines.push(`kept ${file} as it is: it differs from the backup's copy`);
  }
  for (const [i, line] of backup.log.entries()) {
    const problem = (() => {
      try {
        return invalidEvent(JSON.parse(line));
      } catch (error) {
        return (error as Error).message;
      }
    })();
    if (problem) throw new UserError(`the backup's review log line ${i + 1} is not a recall event (${problem})`, 'nothing was restored');
  }
  if (!dryRun) {
    makeDir(global.state);
    writeFileDurable(logPath, backup.log.map((l) => l + '\n').join(''));
    // Progress is rebuilt from the restored log now, not at the first review.
    const ws = openWorkspace(global, { lock: 'import', decks: 'optional', notify: () => undefined });
    try {
      ws.state.stale = true;
    } finally {
      ws.close();
    }
  }
  lines.push(`${dryRun ? 'would restore' : 'restored'} ${backup.log.length} review log lines into ${relative(process.cwd(), global.state) || global.state}`);
  for (const line of lines) process.stderr.write(line + '\n');
  return 0;
}

export async function run({ paths: global, values, positionals }: CommandContext<'import'>): Promise<number> {
  const input = positionals[0];
  if (!input) throw new UserError('which notes? recall import FILE-OR-FOLDER', 'e.g. recall import notes/rlhf.md --dry-run', 2);
  if (positionals.length > 1) throw new UserError(`one file or folder at a time (got ${positionals.length})`, undefined, 2);
  if (extname(input).toLowerCase() === '.json') {
    let backup: unknown;
    try {
      backup = JSON.parse(readFileSync(resolve(input), 'utf8'));
    } catch (error) {
      throw new UserError(`${input} is not a recall backup: ${(error as Error).message}`);
    }
    if (!isBackup(backup)) throw new UserError(`${input} is JSON but not a recall backup`, "make one with 'recall export --format json'");
    return restoreBackup(global, backup, Boolean(values['dry-run']));
  }
  const collection = loadCollectionOrEmpty(global.decks);
  const notes = planImport(collection, input, values.deck);
  const pending = notes.flatMap((n) => n.items).filter((i) => i.status !== 'present');
  const log = (line: string) => process.stderr.write(line + '\n');

  if (values['dry-run'] || values.yes) {
    for (const line of describeNotes(notes)) log(line);
    if (pending.length === 0) {
      log('Nothing to write.');
      return notes.some((n) => n.items.length > 0) ? 0 : 1;
    }
    const writes = prepareWrites(global.decks, notes, () => true);
    for (const w of writes) {
      const where = relative(process.cwd(), w.path) || w.path;
      if (values['dry-run']) {
        if (writes.length > 1) process.stdout.write(`==> ${where} <==\n`);
        process.stdout.write(w.text);
        log(`would ${w.created ? 'create' : 'change'} ${where}: ${count(w.added.length, 'card')} added, ${count(w.updated, 'card')} updated (dry run: nothing written)`);
      } else {
        commitAppend(w);
        log(`${w.created ? 'created' : 'changed'} ${where}: ${count(w.added.length, 'card')} added, ${count(w.updated, 'card')} updated`);
      }
    }
    return 0;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError('import shows its proposals on a terminal', 'without one, use --dry-run to see the deck it would write, or --yes to accept every proposal', 2);
  }
  if (pending.length === 0) {
    for (const line of describeNotes(notes)) log(line);
    log('Nothing to import.');
    return notes.some((n) => n.items.length > 0) ? 0 : 1;
  }
  const { runImportScreen } = await import('../ui/run-import.js');
  return runImportScreen(global.decks, notes);
}

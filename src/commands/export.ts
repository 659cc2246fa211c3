// `recall export --format apkg|csv|md|html|json`: the decks (and, where asked, progress) in a
// format another program reads; each format is in src/export/formats/. Writes go to a temporary
// file renamed into place.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { CommandContext, WorkspacePaths } from '../app/commands.js';
import { selectCards } from '../app/filters.js';
import { openWorkspace } from '../app/workspace.js';
import type { Card } from '../core/types.js';
import { UserError } from '../errors.js';
import type { ExportFormat, ExportOptions } from '../export/format.js';
import { FORMATS } from '../export/formats/index.js';
import { exportText } from '../i18n/export.js';
import { writeFileDurable } from '../store/durable-file.js';


function progressBar(label: string): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    process.stderr.write(`\r${label} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${exportText.command.progress(done, total)}${done >= total ? '\n' : ''}`);
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

const said = exportText.command;

const inside = (path: string, folder: string) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);

/** An export never lands in the decks or the state folder, where it could replace what it was made from. */
function refuseOwnFolders(path: string, paths: WorkspacePaths): void {
  const real = realLocation(path);
  for (const [name, folder] of [['decks', paths.decks], ['state', paths.state]] as const) {
    if (existsSync(folder) && inside(real, realpathSync(folder))) {
      throw new UserError(said.insideFolder(relative(process.cwd(), path) || path, name, folder), said.insideFolderHint(name), 2);
    }
  }
}

function outputPath(out: string | undefined, force: boolean, format: ExportFormat, now: number, paths: WorkspacePaths): string {
  if (out === '-') {
    if (format.binary) throw new UserError(said.binary(format.extension), said.binaryHint(format.extension), 2);
    return '-';
  }
  const name = `recall-${new Date(now).toISOString().slice(0, 10)}.${format.extension}`;
  let path = resolve(out ?? name);
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, name);
  refuseOwnFolders(path, paths);
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw new UserError(said.isFolder(relative(process.cwd(), path) || path), said.isFolderHint);
    if (!force) throw new UserError(said.exists(relative(process.cwd(), path) || path), said.existsHint);
  }
  if (!existsSync(dirname(path))) throw new UserError(said.noFolder(dirname(path)), said.noFolderHint);
  return path;
}

export async function run({ paths, lang, values }: CommandContext<'export'>): Promise<number> {
  const names = Object.keys(FORMATS);
  const name = values.format;
  if (!name) throw new UserError(said.noFormat, said.oneOf(names), 2);
  const format = Object.hasOwn(FORMATS, name) ? FORMATS[name] : undefined;
  if (!format) throw new UserError(said.unknownFormat(name), said.oneOf(names), 2);
  const takes = (option: 'sorts' | 'withProgress') => names.filter((n) => FORMATS[n]![option]);
  const sort = values.sort ?? 'deck';
  if (!['deck', 'weakest'].includes(sort)) throw new UserError(said.badSort(sort), undefined, 2);
  if (values.sort && !format.sorts) throw new UserError(said.sortFor(takes('sorts')), undefined, 2);
  if (values['with-progress'] && !format.withProgress) throw new UserError(said.progressFor(takes('withProgress')), undefined, 2);
  const options: ExportOptions = { sort: sort as ExportOptions['sort'], withProgress: values['with-progress'] === true, deck: values.deck, tag: values.tag };
  if (format.whole && (options.deck || options.tag || values.marked)) throw new UserError(format.whole.why, format.whole.hint, 2);

  const ws = openWorkspace(paths, { decks: 'fresh', lang });
  try {
    const now = ws.clock();
    const out = outputPath(values.out, values.force === true, format, now, paths);
    const { collection } = ws;
    if (collection.problems.length) {
      process.stderr.write(`recall: ${said.problems(collection.problems.length)}\n`);
    }
    let cards = selectCards(collection, { deck: options.deck, tag: options.tag });
    if (cards.length === 0) throw new UserError(said.noCards(paths.decks));

    // History follows edited cards here too, in memory: an export right after an edit keeps it.
    if (format.followsEdits) ws.followEdits();
    if (values.marked) {
      cards = cards.filter((card) => ws.progress.peek(card.id)?.marked);
      if (cards.length === 0) throw new UserError(said.noMarked, said.noMarkedHint);
    }
    const result = await format.write({
      cards,
      now,
      decksDir: paths.decks,
      stateDir: paths.state,
      options,
      settings: ws.settings,
      policy: ws.policy,
      state: format.readsProgress(options) ? ws.state : undefined,
      // An Anki note keeps its GUID through edits of its card: the id its history began under.
      noteIdentity: (card: Card) => ws.progress.peek(card.id)?.origin ?? card.id,
      notify: (line) => process.stderr.write(`recall: ${line}\n`),
      onProgress: progressBar(said.exporting),
    });
    const { data } = result;
    const pieces: Iterable<string | Uint8Array> = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
    if (out === '-') {
      for (const piece of pieces) process.stdout.write(piece);
      result.finish?.(out);
      return 0;
    }
    writeFileDurable(out, pieces);
    result.finish?.(out);
    process.stderr.write(`wrote ${relative(process.cwd(), out) || basename(out)}: ${result.summary}\n`);
    return 0;
  } finally {
    ws.close();
  }
}

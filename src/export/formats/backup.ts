// --format json: the full backup (deck files, cards, progress, the review log and the settings).
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { listDeckFiles } from '../../store/deck-files.js';
import { makeBackup } from '../backup.js';
import type { ExportFormat } from '../format.js';

export const backup: ExportFormat = {
  help: 'json (full backup)',
  extension: 'json',
  whole: { why: 'a JSON backup holds everything: --deck and --tag do not apply', hint: 'leave them out, or use --format csv or apkg for part of the decks' },
  followsEdits: false,
  readsProgress: () => true,
  async write(job) {
    const { state } = job;
    const decks = listDeckFiles(job.decksDir).map((path) => ({ file: relative(job.decksDir, path).split('\\').join('/'), text: readFileSync(path, 'utf8') }));
    const logText = state && existsSync(state.logPath) ? readFileSync(state.logPath, 'utf8') : '';
    const configPath = join(job.decksDir, 'recall.config.json');
    const made = makeBackup({
      now: job.now,
      decks,
      cards: job.cards,
      progress: (id) => state?.progress.get(id),
      log: logText.split('\n').filter((l) => l.trim() !== ''),
      settings: existsSync(configPath) ? readFileSync(configPath, 'utf8') : undefined,
    });
    return { data: JSON.stringify(made, null, 1) + '\n', summary: `${decks.length} deck files, ${job.cards.length} cards, ${made.log.length} log lines` };
  },
};

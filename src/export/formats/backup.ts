// --format json: the full backup (deck files, cards, progress, the review log and the settings).
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { exportText } from '../../i18n/export.js';
import { listDeckFiles } from '../../store/deck-files.js';
import { makeBackup } from '../backup.js';
import type { ExportFormat } from '../format.js';

export const backup: ExportFormat = {
  help: exportText.formats.json,
  extension: 'json',
  whole: { why: exportText.backupWhole, hint: exportText.backupWholeHint },
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
    return { data: JSON.stringify(made, null, 1) + '\n', summary: exportText.summary.backup(decks.length, job.cards.length, made.log.length) };
  },
};

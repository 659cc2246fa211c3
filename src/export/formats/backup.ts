// --format json: the full backup (deck files, cards, progress, the review log and the settings).
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { exportText } from '../../i18n/export.js';
import { listDeckFiles } from '../../store/deck-files.js';
import { backupText, makeBackup } from '../backup.js';
import { logLines } from '../../store/review-log.js';
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
    const configPath = join(job.decksDir, 'recall.config.json');
    const made = makeBackup({
      now: job.now,
      decks,
      cards: job.cards,
      progress: (id) => state?.progress.get(id),
      settings: existsSync(configPath) ? readFileSync(configPath, 'utf8') : undefined,
    });
    let lines = 0;
    const data = backupText(made, state ? logLines(state.logPath) : [], (n) => (lines = n));
    // The summary is read after the file is written, when the lines have been counted.
    return {
      data,
      get summary() {
        return exportText.summary.backup(decks.length, job.cards.length, lines);
      },
    };
  },
};

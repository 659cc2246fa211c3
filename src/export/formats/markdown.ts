// --format md: the cheat sheet in Markdown, formulas kept as `$…$` for Markdown viewers.
import { cheatSheet } from '../cheatsheet.js';
import { exportText } from '../../i18n/export.js';
import { predictedRecall, sheetTitle, type ExportFormat } from '../format.js';

export const markdownSheet: ExportFormat = {
  help: exportText.formats.md,
  extension: 'md',
  sorts: true,
  followsEdits: true,
  readsProgress: (options) => options.sort === 'weakest',
  async write(job) {
    const data = cheatSheet(job.cards, { title: sheetTitle(job.options), recall: predictedRecall(job), sort: job.options.sort });
    return { data, summary: exportText.summary.sheet(new Set(job.cards.map((c) => c.noteKey)).size, 0) };
  },
};

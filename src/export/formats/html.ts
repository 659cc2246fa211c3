// --format html: the cheat sheet as one self-contained, printable HTML page.
import { exportText } from '../../i18n/export.js';
import { predictedRecall, sheetTitle, type ExportFormat } from '../format.js';
import { htmlSheet } from '../html-sheet.js';
import { DeckMedia } from '../media.js';

export const htmlSheetFormat: ExportFormat = {
  help: exportText.formats.html,
  extension: 'html',
  sorts: true,
  followsEdits: true,
  readsProgress: (options) => options.sort === 'weakest',
  async write(job) {
    const media = new DeckMedia(job.decksDir, job.notify);
    const sheet = htmlSheet(job.cards, { title: sheetTitle(job.options), recall: predictedRecall(job), sort: job.options.sort, media, now: job.now });
    return { data: sheet.html, summary: exportText.summary.sheet(sheet.entries, sheet.images) };
  },
};

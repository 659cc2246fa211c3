// --format apkg: an Anki package with the images the cards show, and with --with-progress their
// schedule, FSRS memory state and review log.
import type { Card } from '../../core/types.js';
import { exportText } from '../../i18n/export.js';
import { noteTimes } from '../../store/note-times.js';
import { logFileSource } from '../../store/review-log.js';
import { buildApkg } from '../apkg.js';
import type { ExportFormat } from '../format.js';
import { DeckMedia } from '../media.js';

export const apkg: ExportFormat = {
  help: exportText.formats.apkg,
  extension: 'apkg',
  binary: true,
  withProgress: true,
  followsEdits: true,
  readsProgress: (options) => options.withProgress,
  async write(job) {
    const { state, policy } = job;
    const times = noteTimes(job.stateDir, job.decksDir);
    const media = new DeckMedia(job.decksDir, job.notify);
    const result = await buildApkg({
      cards: job.cards,
      now: job.now,
      settings: job.settings,
      noteIdentity: job.noteIdentity,
      noteModified: (card) => times.modified(card),
      ankiGuid: (identity) => times.guid(identity),
      media,
      progress: state
        ? {
            records: state.progress,
            // The log streams past (twice), up to what the progress holds: its answers are never
            // all held as objects, and a session adding lines meanwhile changes neither read.
            events: logFileSource(state.logPath, state.log.bytes),
            retention: (card: Card) => policy.retention(card.file),
          }
        : undefined,
      onProgress: job.onProgress,
    });
    return {
      data: result.pieces,
      summary: exportText.summary.apkg(result.notes, result.cards, state ? result.reviews : undefined, result.media),
      finish: () => times.save(),
    };
  },
};

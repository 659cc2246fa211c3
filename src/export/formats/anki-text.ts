// --format csv: Anki's plain-text import format. A text import carries no files: the images the
// cards show are written to a folder beside the text file, named as the notes name them, for the
// user to copy into Anki's collection.media folder.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { UserError } from '../../errors.js';
import { exportText } from '../../i18n/export.js';
import { noteTimes } from '../../store/note-times.js';
import { writeFileDurable } from '../../store/durable-file.js';
import { ankiText, stockLanguage } from '../anki-text.js';
import type { ExportFormat } from '../format.js';
import { DeckMedia, type MediaFile } from '../media.js';

/** The media folder of a text export: `recall-2026-03-01.txt` -> `recall-2026-03-01.media`. */
export function mediaFolderOf(out: string): string {
  return join(dirname(out), `${basename(out, extname(out))}.media`);
}

function writeMedia(folder: string, files: MediaFile[]): void {
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    throw new UserError(exportText.mediaFolderIsFile(folder), exportText.mediaFolderIsFileHint);
  }
  mkdirSync(folder, { recursive: true });
  for (const file of files) {
    const path = join(folder, file.name);
    // A name is a hash of the bytes: a file already there under it is this one.
    if (existsSync(path) && Buffer.compare(readFileSync(path), file.data) === 0) continue;
    writeFileDurable(path, Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength));
  }
}

export const ankiTextFormat: ExportFormat = {
  help: exportText.formats.csv,
  extension: 'txt',
  followsEdits: true,
  readsProgress: () => false,
  async write(job) {
    const times = noteTimes(job.stateDir, job.decksDir);
    const media = new DeckMedia(job.decksDir, job.notify);
    const language = stockLanguage(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG);
    const r = ankiText(job.cards, {
      noteIdentity: job.noteIdentity,
      noteModified: (card) => times.modified(card),
      ankiGuid: (identity) => times.guid(identity),
      image: (card, src) => media.file(card, src)?.name,
      language,
    });
    const files = media.distinct();
    return {
      data: r.text,
      summary: exportText.summary.csv(r.notes, files.length),
      finish(out) {
        if (files.length && out === '-') {
          job.notify(exportText.mediaNotWritten(files.length));
        } else if (files.length) {
          const folder = mediaFolderOf(out);
          writeMedia(folder, files);
          job.notify(exportText.mediaWritten(files.length, relative(process.cwd(), folder) || folder));
        }
        times.save();
      },
    };
  },
};

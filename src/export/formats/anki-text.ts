// --format csv: Anki's plain-text import format. A text import carries no files: the images the
// cards show are written to a folder beside the text file, named as the notes name them, for the
// user to copy into Anki's collection.media folder.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { UserError } from '../../errors.js';
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
    throw new UserError(`${folder} is a file, and the images of the export go into a folder of that name`, 'move it away, or choose another --out');
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
  help: 'csv (Anki text)',
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
      image: (card, src) => media.file(card, src)?.name,
      language,
    });
    const files = media.distinct();
    return {
      data: r.text,
      summary: `${r.notes} notes${files.length ? `, ${files.length} image${files.length === 1 ? '' : 's'}` : ''}`,
      finish(out) {
        if (files.length && out === '-') {
          job.notify(`the cards show ${files.length} image${files.length === 1 ? '' : 's'}, which a text export cannot carry: export to a file (--out FILE.txt) to get them in a folder beside it, or use --format apkg`);
        } else if (files.length) {
          const folder = mediaFolderOf(out);
          writeMedia(folder, files);
          job.notify(`${files.length} image${files.length === 1 ? '' : 's'} in ${relative(process.cwd(), folder) || folder}/: copy ${files.length === 1 ? 'it' : 'them'} into your Anki profile's collection.media folder before importing, or the notes show broken images (--format apkg carries them itself)`);
        }
        times.save();
      },
    };
  },
};

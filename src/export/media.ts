// The image files cards show, for the exports that carry them: a card names an image by a path
// relative to its deck file (the notes importer copies them into decks/media/...). Each file is
// read once; a missing one is reported once per card, naming the card, and the export goes on.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { imageSources, isExternal } from '../core/markdown.js';
import type { Card } from '../core/types.js';
import { exportText } from '../i18n/export.js';

export interface MediaFile {
  /** Where it is on disk. */
  path: string;
  data: Uint8Array;
  /** A flat name that is the same in every export of the same bytes: a content hash, then the file's own name. */
  name: string;
}

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.bmp': 'image/bmp',
  '.ico': 'image/x-icon',
};

export function mimeType(name: string): string {
  return MIME[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * A file name Anki's flat media folder takes, in every file system, and that an `<img src>` reads
 * without URL escaping: letters and digits of any script, `.`, `-` and `_`; the rest become `_`.
 */
function safeName(name: string): string {
  const ext = extname(name).toLowerCase().replace(/[^a-z0-9.]/g, '');
  const stem = basename(name, extname(name))
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '')
    .slice(0, 60);
  return `${stem || 'image'}${ext}`;
}

export class DeckMedia {
  private readonly files = new Map<string, MediaFile | null>();
  private readonly reported = new Set<string>();
  /** The files used, in order of first use, each once. */
  readonly used: MediaFile[] = [];
  private readonly usedSet = new Set<MediaFile>();
  missing = 0;

  /** `report` gets one line per card and image that is not there. */
  constructor(
    private readonly decksDir: string,
    private readonly report: (line: string) => void,
  ) {}

  /** The file an image of the card shows, or undefined for a URL or a missing file (reported). */
  file(card: Card, src: string): MediaFile | undefined {
    if (isExternal(src) || src.trim() === '') return undefined;
    const dir = join(this.decksDir, dirname(card.file));
    const candidates = imageSources(src).map((s) => join(dir, s));
    for (const path of candidates) {
      const known = this.files.get(path);
      if (known) return this.use(known);
      if (known === null) continue;
      const file = this.read(path);
      this.files.set(path, file);
      if (file) return this.use(file);
    }
    const key = `${card.id}\u0000${src}`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.missing++;
      const front = card.front.replace(/\s+/g, ' ').trim();
      const path = relative(process.cwd(), candidates[0]!) || candidates[0]!;
      this.report(exportText.imageMissing(`${card.file}:${card.line}`, src, path, front.length > 60 ? front.slice(0, 59) + '…' : front));
    }
    return undefined;
  }

  private read(path: string): MediaFile | null {
    try {
      if (!statSync(path).isFile()) return null;
      const data = new Uint8Array(readFileSync(path));
      const hash = createHash('sha1').update(data).digest('hex').slice(0, 12);
      return { path, data, name: `${hash}-${safeName(basename(path))}` };
    } catch {
      return null;
    }
  }

  private use(file: MediaFile): MediaFile {
    if (!this.usedSet.has(file)) {
      this.usedSet.add(file);
      this.used.push(file);
    }
    return file;
  }

  /** The used files, one per flat name: the same bytes under two paths are one file. */
  distinct(): MediaFile[] {
    const byName = new Map<string, MediaFile>();
    for (const f of this.used) if (!byName.has(f.name)) byName.set(f.name, f);
    return [...byName.values()];
  }
}

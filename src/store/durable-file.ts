// Atomic and durable file writes: temp file, fsync, rename, fsync the folder.
// A crash leaves either the old file or the new one under the real name, never half of one.
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { fault, injectFault } from './fault.js';

/** What a file is written from: its text or bytes, or pieces of them in order (a file too big for one string). */
export type FileContent = string | Buffer | Iterable<string | Uint8Array>;

export function writeFileDurable(path: string, data: FileContent, mode?: number): void {
  try {
    writeThroughTemp(path, data, mode);
  } catch (error) {
    // Errors name the temporary file; the user knows the file they asked for.
    const e = error as NodeJS.ErrnoException;
    if (typeof e.code === 'string' && typeof e.path === 'string') e.path = path;
    throw error;
  }
}

function writeThroughTemp(path: string, data: FileContent, mode?: number): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, 'w', mode);
  try {
    const f = fault('file-write');
    for (const piece of typeof data === 'string' || Buffer.isBuffer(data) ? [data] : data) {
      const buffer = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      let written = 0;
      if (f) {
        writeSync(fd, buffer, 0, buffer.length >> 1);
        injectFault(f);
      }
      while (written < buffer.length) written += writeSync(fd, buffer, written, buffer.length - written);
    }
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // The temp file is ours and was never visible under the real name.
    }
    throw error;
  }
  closeSync(fd);
  renameSync(temp, path);
  syncFolder(dirname(path));
}

export function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Removes the temporary files of writes that a crash interrupted (ours by name: `.NAME.PID.TIME.tmp`).
 * Only for the holder of the state lock: no other writer can be at work then. The file under
 * the real name is whole, old or new, so nothing is lost.
 */
export function removeInterruptedWrites(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^\..+\.(\d+)\.\d+\.tmp$/.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      unlinkSync(join(dir, name));
    } catch {
      // Left for the next start.
    }
  }
}

// One session per state folder. A lock left by a killed process is noticed and taken over.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { UserError } from '../errors.js';
import { removeInterruptedWrites } from './durable-file.js';
import { makeDir } from './make-dir.js';
import { m } from '../i18n/index.js';

export interface LockInfo {
  pid: number;
  host: string;
  command: string;
  started: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** The live process holding the lock, if any (a lock left by a killed process is not one). */
export function lockHolder(stateDir: string): LockInfo | undefined {
  const holder = readLock(join(stateDir, 'lock'));
  if (!holder || holder.pid === process.pid) return undefined;
  return holder.host !== hostname() || alive(holder.pid) ? holder : undefined;
}

/** Takes the lock or explains who holds it. Returns the release function. */
export function acquireLock(stateDir: string, command: string): () => void {
  const path = join(stateDir, 'lock');
  const mine: LockInfo = { pid: process.pid, host: hostname(), command, started: new Date().toISOString() };
  const text = JSON.stringify(mine) + '\n';
  try {
    makeDir(stateDir);
  } catch (error) {
    throw new UserError(m.state.cannotCreate(stateDir, (error as Error).message), m.state.cannotCreateHint);
  }
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, text);
    closeSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
      throw new UserError(m.state.notWritable(stateDir, code), m.state.notWritableHint);
    }
    if (code !== 'EEXIST') throw error;
    const holder = readLock(path);
    if (holder && holder.pid !== process.pid && (holder.host !== mine.host || alive(holder.pid))) {
      const where = holder.host === mine.host ? m.state.process(holder.pid) : m.state.processOn(holder.pid, holder.host);
      throw new UserError(m.state.locked(stateDir, where, holder.command, holder.started), m.state.lockedHint(path));
    }
    // The holder is gone (killed, or the machine restarted): take the lock over atomically.
    const temp = `${path}.${process.pid}`;
    writeFileSync(temp, text);
    renameSync(temp, path);
    if (readLock(path)?.pid !== process.pid) throw new UserError(m.state.lockRace(path));
  }
  // The folder is ours now: what a killed writer left half-done can go.
  removeInterruptedWrites(stateDir);
  removeInterruptedWrites(join(stateDir, 'cache'));
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      if (readLock(path)?.pid === process.pid) unlinkSync(path);
    } catch {
      // Nothing to release.
    }
  };
  process.once('exit', release);
  return release;
}

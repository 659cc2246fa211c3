// An answer is written to the log before the next card is drawn, and synced to disk while it is:
// the next answer is never taken before the one before it is on disk, a failed sync stops the
// session, and nothing claims more than the disk holds. The file system's sync is watched (and,
// for the failure, made to fail) by wrapping node:fs; everything else is the real thing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock, openSession, tempDir, writeDecks } from './helpers.js';

const io = vi.hoisted(() => ({
  /** What happened to the log, in order: 'write', 'sync' (on the main thread), 'sync later'. */
  calls: [] as string[],
  logFd: -1,
  /** Syncs started on a worker thread, held until the test lets them report. */
  held: [] as ((error: Error | null) => void)[],
  hold: false,
  /** Makes a sync on the main thread fail. */
  failSync: undefined as Error | undefined,
}));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const wrapped = {
    ...fs,
    openSync: (path: import('node:fs').PathLike, ...rest: unknown[]) => {
      const fd = (fs.openSync as (...a: unknown[]) => number)(path, ...rest);
      if (String(path).endsWith('reviews.jsonl')) io.logFd = fd;
      return fd;
    },
    closeSync: (fd: number) => {
      if (fd === io.logFd) io.logFd = -1;
      fs.closeSync(fd);
    },
    writeSync: (fd: number, ...rest: unknown[]) => {
      if (fd === io.logFd) io.calls.push('write');
      return (fs.writeSync as (...a: unknown[]) => number)(fd, ...rest);
    },
    fsyncSync: (fd: number) => {
      if (fd === io.logFd) io.calls.push('sync');
      if (fd === io.logFd && io.failSync) throw io.failSync;
      fs.fsyncSync(fd);
    },
    fsync: (fd: number, done: (error: Error | null) => void) => {
      if (fd !== io.logFd) return fs.fsync(fd, done);
      io.calls.push('sync later');
      if (!io.hold) return fs.fsync(fd, done);
      io.held.push(done);
    },
  };
  return { ...wrapped, default: wrapped };
});

const NOW = Date.UTC(2026, 4, 1, 12);

function session() {
  const decks = writeDecks({ 'a.md': Array.from({ length: 6 }, (_, i) => `## Q${i}?\nA${i}\n`).join('\n') });
  const stateDir = tempDir();
  const clock = new FakeClock(NOW);
  const s = openSession(decks, stateDir, clock);
  io.calls.length = 0;
  const answer = () => {
    s.review.reveal();
    s.review.answer(3);
    clock.advance(5000);
  };
  return { ...s, stateDir, answer, clock };
}

const loggedAnswers = (stateDir: string) => readFileSync(join(stateDir, 'reviews.jsonl'), 'utf8').trim().split('\n').length;

afterEach(() => {
  io.failSync = undefined;
  io.hold = false;
  io.held.length = 0;
  io.logFd = -1;
});

describe('an answer on its way to disk', () => {
  it('is written before the next card is shown, and synced while it is', () => {
    const s = session();
    io.hold = true;
    const first = s.review.current!.card.id;
    s.answer();
    // Written, its sync under way: the next card is already up.
    expect(io.calls).toEqual(['write', 'sync later']);
    expect(loggedAnswers(s.stateDir)).toBe(1);
    expect(s.review.current!.card.id).not.toBe(first);
    s.close();
  });

  it('is on disk before the next answer is taken, even when its sync has not reported yet', () => {
    const s = session();
    io.hold = true;
    s.answer();
    s.answer();
    // The first sync had not reported: it was done again on this thread before the second write.
    expect(io.calls).toEqual(['write', 'sync later', 'sync', 'write', 'sync later']);
    // The second's sync reports: the third answer is written straight away.
    io.held.splice(0).forEach((report) => report(null));
    s.answer();
    expect(io.calls.slice(5)).toEqual(['write', 'sync later']);
    s.close();
    expect(loggedAnswers(s.stateDir)).toBe(3);
  });

  it('needs no second sync when the first has reported', async () => {
    const s = session();
    s.answer();
    await vi.waitFor(() => expect(io.calls).toEqual(['write', 'sync later']));
    await new Promise((resolve) => setTimeout(resolve, 50));
    s.answer();
    expect(io.calls).toEqual(['write', 'sync later', 'write', 'sync later']);
    s.close();
  });

  it('is on disk when the session closes', () => {
    const s = session();
    io.hold = true;
    s.answer();
    s.close();
    expect(io.calls).toEqual(['write', 'sync later', 'sync']);
    expect(loggedAnswers(s.stateDir)).toBe(1);
  });

  it('stops the session when its sync fails: nothing more is taken, and no snapshot claims it', () => {
    const s = session();
    io.hold = true;
    const heard: Error[] = [];
    s.ws.whenSyncFails((error) => heard.push(error));
    s.answer();
    const failure = Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    io.held.splice(0).forEach((report) => report(failure));
    expect(heard).toEqual([failure]);
    const shown = s.review.current!.card.id;
    expect(() => s.answer()).toThrow('EIO');
    // The refused answer changed nothing: the same card is up, nothing more was written.
    expect(s.review.current!.card.id).toBe(shown);
    expect(loggedAnswers(s.stateDir)).toBe(1);
    s.close();
    // The next start reads the log as the disk has it, with no progress.json ahead of it.
    expect(existsSync(join(s.stateDir, 'progress.json'))).toBe(false);
  });

  it('refuses the next answer when the answer before it cannot be put on disk, and writes no snapshot', () => {
    const s = session();
    io.hold = true;
    s.answer();
    io.failSync = Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    const shown = s.review.current!.card.id;
    expect(() => s.answer()).toThrow('EIO');
    // Marked as a failed sync: the screen says the answer before this card may not be on disk.
    expect(io.failSync).toMatchObject({ unsynced: true });
    expect(s.review.current!.card.id).toBe(shown);
    io.failSync = undefined;
    // Refused again, without trying: the failure stands for the rest of the session.
    expect(() => s.answer()).toThrow('EIO');
    expect(loggedAnswers(s.stateDir)).toBe(1);
    s.close();
    expect(existsSync(join(s.stateDir, 'progress.json'))).toBe(false);
  });
});

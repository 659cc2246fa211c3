// The state folder: the snapshot always agrees with the log, damage is set aside, never dropped.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay, type LogEvent } from '../src/core/events.js';
import { Policy } from '../src/core/policy.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { UserError } from '../src/errors.js';
import { acquireLock } from '../src/store/lock.js';
import { readProgressCache } from '../src/store/progress-cache.js';
import { loadState, saveProgressCache, saveSnapshot } from '../src/store/state.js';
import { FakeClock, openSession, tempDir, writeDecks } from './helpers.js';

const ctx = new Policy(DEFAULT_SETTINGS);
const NOW = Date.UTC(2026, 4, 1, 12);

function logEvents(stateDir: string): LogEvent[] {
  return readFileSync(join(stateDir, 'reviews.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogEvent);
}

/** A state folder after a session of a few answers (snapshot saved unless told otherwise). */
function reviewed(answers = 3, save = true) {
  const decks = writeDecks({ 'a.md': Array.from({ length: 5 }, (_, i) => `## Q${i}?\nA${i}\n`).join('\n') });
  const stateDir = tempDir();
  const clock = new FakeClock(NOW);
  const s = openSession(decks, stateDir, clock);
  for (let i = 0; i < answers; i++) {
    s.review.answer(((i % 4) + 1) as 1 | 2 | 3 | 4);
    clock.advance(2000);
  }
  if (save) s.close();
  return { decks, stateDir, progress: s.ws.progress };
}

/** What a progress map holds, whatever its representation (columns or records). */
const contents = (map: Map<string, object>) => new Map([...map].sort(([a], [b]) => (a < b ? -1 : 1)));

const load = (stateDir: string, repair = true) => loadState(stateDir, ctx, { repair, now: NOW + 60_000 });

describe('snapshot and log agree', () => {
  it('reopens a saved session without reading the log, equal to a rebuild from the log', () => {
    const { stateDir, progress } = reviewed();
    const state = load(stateDir);
    expect(state.notices).toEqual([]);
    expect(state.stale).toBe(false);
    expect(contents(state.progress)).toEqual(contents(progress));
    const rebuilt = replay(logEvents(stateDir), ctx);
    for (const [id, record] of rebuilt) expect(state.progress.get(id)).toMatchObject({ due: record.due, reps: record.reps, s: record.s });
  });

  it('catches up from the log when the session died before saving the snapshot', () => {
    const { stateDir } = reviewed(2);
    const { decks } = reviewed(0);
    // A second session appends, then is killed before it writes progress.json.
    const clock = new FakeClock(NOW + 3_600_000);
    const s = openSession(decks, stateDir, clock);
    s.review.answer(3);
    const state = load(stateDir);
    expect(state.stale).toBe(true);
    expect(state.notices).toEqual(['progress.json was behind the review log (a session ended without saving it): caught up with 1 event']);
    expect(contents(state.progress)).toEqual(contents(s.ws.progress));
  });

  it('rebuilds a missing snapshot from the log and says so', () => {
    const { stateDir, progress } = reviewed();
    unlinkSync(join(stateDir, 'progress.json'));
    const state = load(stateDir);
    expect(state.notices.join('\n')).toMatch(/rebuilt from the review log \(3 events\)/);
    expect(contents(state.progress)).toEqual(contents(progress));
  });

  it('rebuilds when the log was rewritten under the snapshot (a merge)', () => {
    const { stateDir, progress } = reviewed();
    const lines = readFileSync(join(stateDir, 'reviews.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(join(stateDir, 'reviews.jsonl'), [lines[1], lines[0], lines[2], lines[0]].join('\n') + '\n');
    const state = load(stateDir);
    expect(state.notices.join('\n')).toMatch(/rebuilt from the review log/);
    expect(contents(state.progress)).toEqual(contents(progress)); // reordered by time, the duplicate applied once
  });
});

describe('damage is set aside, never dropped', () => {
  it('moves a corrupt snapshot aside and rebuilds', () => {
    const { stateDir, progress } = reviewed();
    const text = readFileSync(join(stateDir, 'progress.json'), 'utf8');
    writeFileSync(join(stateDir, 'progress.json'), text.slice(0, text.length / 2));
    const state = load(stateDir);
    expect(contents(state.progress)).toEqual(contents(progress));
    const aside = readdirSync(stateDir).find((f) => f.startsWith('progress.json.corrupt-'))!;
    expect(readFileSync(join(stateDir, aside), 'utf8')).toBe(text.slice(0, text.length / 2));
    expect(state.notices.join('\n')).toMatch(/not valid JSON.*moved to/s);
  });

  it('refuses a progress file that is not ours and leaves it untouched', () => {
    const stateDir = tempDir();
    writeFileSync(join(stateDir, 'progress.json'), '{"todo": ["buy milk"]}');
    expect(() => load(stateDir)).toThrow(UserError);
    expect(() => load(stateDir)).toThrow(/not a recall progress file/);
    expect(readFileSync(join(stateDir, 'progress.json'), 'utf8')).toBe('{"todo": ["buy milk"]}');
  });

  it('refuses a progress file from a newer recall', () => {
    const stateDir = tempDir();
    const text = JSON.stringify({ format: 'recall-progress', schema: 99, log: { bytes: 0, maxAt: 0 }, cards: {} });
    writeFileSync(join(stateDir, 'progress.json'), text);
    expect(() => load(stateDir)).toThrow(/newer recall \(schema 99/);
    expect(readFileSync(join(stateDir, 'progress.json'), 'utf8')).toBe(text);
  });

  it('sets a half-written last log line aside and keeps every complete one', () => {
    const { stateDir, progress } = reviewed(3, false);
    appendFileSync(join(stateDir, 'reviews.jsonl'), '{"id":"x","type":"rev');
    const state = load(stateDir);
    expect(contents(state.progress)).toEqual(contents(progress));
    expect(state.notices.join('\n')).toMatch(/unfinished line/);
    const aside = readdirSync(stateDir).find((f) => f.startsWith('reviews.jsonl.partial-'))!;
    expect(readFileSync(join(stateDir, aside), 'utf8')).toBe('{"id":"x","type":"rev');
    expect(readFileSync(join(stateDir, 'reviews.jsonl'), 'utf8').endsWith('}\n')).toBe(true);
  });

  it('only reports a half-written line when it may not repair (read-only commands)', () => {
    const { stateDir } = reviewed(1, false);
    appendFileSync(join(stateDir, 'reviews.jsonl'), '{"id":');
    const before = readFileSync(join(stateDir, 'reviews.jsonl'), 'utf8');
    const state = load(stateDir, false);
    expect(state.notices.join('\n')).toMatch(/ignored here/);
    expect(readFileSync(join(stateDir, 'reviews.jsonl'), 'utf8')).toBe(before);
  });

  it('skips a damaged line in the middle of the log, reports its line, keeps it', () => {
    const { stateDir } = reviewed(3, false);
    const lines = readFileSync(join(stateDir, 'reviews.jsonl'), 'utf8').trim().split('\n');
    const damaged = [lines[0], '{"id": "z", "type": "review", "at": "yesterday"}', 'garbage', lines[1], lines[2]].join('\n') + '\n';
    writeFileSync(join(stateDir, 'reviews.jsonl'), damaged);
    const state = load(stateDir);
    expect(state.notices).toEqual(expect.arrayContaining([expect.stringMatching(/reviews.jsonl:2: skipped \("at" is not a time\)/), expect.stringMatching(/reviews.jsonl:3: skipped \(not valid JSON\)/)]));
    expect(state.progress.size).toBe(3);
    expect(readFileSync(join(stateDir, 'reviews.jsonl'), 'utf8')).toBe(damaged);
  });
});

describe('progress is never shrunk silently (issue 11: 9, 10, 15)', () => {
  it('keeps progress.json as the progress when the review log is missing, with a copy beside it', () => {
    const { stateDir, progress } = reviewed(3);
    const snapshot = readFileSync(join(stateDir, 'progress.json'), 'utf8');
    unlinkSync(join(stateDir, 'reviews.jsonl'));
    const state = load(stateDir);
    expect(contents(state.progress)).toEqual(contents(progress));
    expect(state.notices.join('\n')).toMatch(/the review log is missing, but progress.json has the progress of 3 cards: progress continues from progress.json \(a copy is kept at .*progress.json.behind-/);
    const kept = readdirSync(stateDir).find((f) => f.startsWith('progress.json.behind-'))!;
    expect(readFileSync(join(stateDir, kept), 'utf8')).toBe(snapshot);
  });

  it('keeps a copy of progress.json and says so when the log holds less (replaced by an older one)', () => {
    const { stateDir, progress } = reviewed(3);
    const snapshot = readFileSync(join(stateDir, 'progress.json'), 'utf8');
    const lines = readFileSync(join(stateDir, 'reviews.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(join(stateDir, 'reviews.jsonl'), lines[0] + '\n');
    const state = load(stateDir);
    expect(state.progress.size).toBe(1);
    expect(progress.size).toBe(3);
    expect(state.notices.join('\n')).toMatch(/the review log is shorter than progress.json: the log holds less progress than progress.json for 2 cards.*kept at .*progress.json.behind-/);
    const kept = readdirSync(stateDir).find((f) => f.startsWith('progress.json.behind-'))!;
    expect(readFileSync(join(stateDir, kept), 'utf8')).toBe(snapshot);
    // A read-only command only warns, and writes nothing.
    const other = reviewed(3);
    writeFileSync(join(other.stateDir, 'reviews.jsonl'), '');
    const before = readdirSync(other.stateDir).sort();
    expect(load(other.stateDir, false).notices.join('\n')).toMatch(/progress continues from progress.json/);
    expect(readdirSync(other.stateDir).sort()).toEqual(before);
  });

  it('refuses to append to a reviews.jsonl that is not a review log, and leaves it as it is', () => {
    const stateDir = tempDir();
    const foreign = JSON.stringify({ todo: ['buy milk'] }, null, 2) + '\n';
    writeFileSync(join(stateDir, 'reviews.jsonl'), foreign);
    expect(() => load(stateDir)).toThrow(/reviews.jsonl is not a recall review log/);
    writeFileSync(join(stateDir, 'reviews.jsonl'), '{"level":"info","msg":"server started"}\n{"level":"warn","msg":"slow"}\n');
    expect(() => load(stateDir)).toThrow(/not a recall review log/);
    expect(readFileSync(join(stateDir, 'reviews.jsonl'), 'utf8')).toBe('{"level":"info","msg":"server started"}\n{"level":"warn","msg":"slow"}\n');
    const decks = writeDecks({ 'a.md': '## Q?\nA\n' });
    writeFileSync(join(stateDir, 'reviews.jsonl'), foreign);
    expect(() => openSession(decks, stateDir, new FakeClock(NOW))).toThrow(/not a recall review log/);
    expect(readFileSync(join(stateDir, 'reviews.jsonl'), 'utf8')).toBe(foreign);
  });

  it('says nothing is behind while a session is running, and nothing about zero events for a cut-off line', () => {
    const { stateDir } = reviewed(2);
    const { decks } = reviewed(0);
    const s = openSession(decks, stateDir, new FakeClock(NOW + 3_600_000));
    s.review.answer(3);
    const running = loadState(stateDir, ctx, { repair: false, now: NOW, sessionRunning: true });
    expect(running.notices).toEqual([]);
    s.close();
    appendFileSync(join(stateDir, 'reviews.jsonl'), '{"id":"cut');
    const cut = load(stateDir, false);
    expect(cut.notices.join('\n')).not.toMatch(/caught up with 0 events/);
    expect(cut.notices.join('\n')).toMatch(/ends with an unfinished line/);
  });
});

describe('one session per state folder', () => {
  it('refuses a second session, naming the process that holds the lock', async () => {
    const stateDir = tempDir();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    writeFileSync(join(stateDir, 'lock'), JSON.stringify({ pid: holder.pid, host: hostname(), command: 'review', started: 'now' }));
    try {
      expect(() => acquireLock(stateDir, 'review')).toThrow(new RegExp(`process ${holder.pid}`));
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((r) => holder.once('exit', r));
    // The holder was killed: its lock is taken over.
    const release = acquireLock(stateDir, 'review');
    expect(JSON.parse(readFileSync(join(stateDir, 'lock'), 'utf8')).pid).toBe(process.pid);
    release();
    expect(existsSync(join(stateDir, 'lock'))).toBe(false);
  });
});

/** Progress as progress.json alone gives it (the binary cache set aside for the read). */
function fromSnapshotOnly(stateDir: string) {
  const cache = join(stateDir, 'cache', 'progress.bin');
  const kept = readFileSync(cache);
  unlinkSync(cache);
  const progress = load(stateDir).progress;
  writeFileSync(cache, kept);
  return progress;
}

describe('the binary cache of progress.json', () => {
  function withSetAside() {
    const { decks, stateDir } = reviewed(4);
    const s = openSession(decks, stateDir, new FakeClock(NOW + 120_000));
    s.review.bury();
    s.review.suspend();
    s.close();
    return stateDir;
  }

  it('gives exactly what progress.json gives, buried and suspended cards included', () => {
    const stateDir = withSetAside();
    const cache = join(stateDir, 'cache', 'progress.bin');
    expect(readProgressCache(stateDir, join(stateDir, 'progress.json'))).toBeDefined();
    const fromCache = load(stateDir);
    unlinkSync(cache);
    const fromJson = load(stateDir);
    expect(fromJson.uncached).toBe(true);
    expect(contents(fromCache.progress)).toEqual(contents(fromJson.progress));
    expect([...fromCache.progress.values()].some((r) => r.suspended === 'user')).toBe(true);
    expect([...fromCache.progress.values()].some((r) => r.buriedUntil !== undefined)).toBe(true);
    saveProgressCache(fromJson);
    expect(existsSync(cache)).toBe(true);

    // A session that saves its snapshot has written the cache with it: quitting writes no second copy.
    unlinkSync(cache);
    const session = load(stateDir);
    expect(session.uncached).toBe(true);
    saveSnapshot(session);
    expect(session.uncached).toBe(false);
    expect(readProgressCache(stateDir, join(stateDir, 'progress.json'))).toBeDefined();
  });

  it('makes a record from its own values (as an answer does) exactly as from the columns read whole', () => {
    const stateDir = withSetAside();
    const fromJson = contents(fromSnapshotOnly(stateDir));
    // One store per record, so that each is the store's first (read value by value).
    for (const [id, record] of fromJson) {
      const one = load(stateDir).progress;
      expect(one.get(id), id).toEqual(record);
    }
    expect([...fromJson.values()].some((r) => (r as { sk?: string }).sk !== undefined && (r as { file?: string }).file !== undefined)).toBe(true);
  });

  it('is kept for the same progress.json with new times (a copy, a checkout), ignored for another one or when damaged', () => {
    const stateDir = withSetAside();
    const snapshot = join(stateDir, 'progress.json');
    const cache = join(stateDir, 'cache', 'progress.bin');
    const expected = contents(load(stateDir).progress);
    const later = new Date(Date.now() + 5000);
    utimesSync(snapshot, later, later);
    expect(readProgressCache(stateDir, snapshot)).toBeDefined();
    const text = readFileSync(snapshot, 'utf8');
    writeFileSync(snapshot, text.replace(/,"sketches":"/, ',"sketches": "'));
    expect(readProgressCache(stateDir, snapshot)).toBeUndefined();
    writeFileSync(snapshot, text);

    saveProgressCache(load(stateDir));
    expect(readProgressCache(stateDir, snapshot)).toBeDefined();
    const bytes = readFileSync(cache);
    writeFileSync(cache, bytes.subarray(0, bytes.length - 9));
    expect(readProgressCache(stateDir, snapshot)).toBeUndefined();
    writeFileSync(cache, 'not a cache at all');
    const state = load(stateDir);
    expect(state.notices).toEqual([]);
    expect(contents(state.progress)).toEqual(expected);
  });
});

describe('writes a crash cut short', () => {
  it('leave temporary files that the next holder of the lock removes, and only those', () => {
    const stateDir = tempDir();
    mkdirSync(join(stateDir, 'cache'), { recursive: true });
    const leftovers = [join(stateDir, '.progress.json.99999.1790000000000.tmp'), join(stateDir, 'cache', '.progress.bin.99999.1790000000000.tmp')];
    for (const f of leftovers) writeFileSync(f, 'half');
    writeFileSync(join(stateDir, 'notes.tmp'), 'mine');
    const release = acquireLock(stateDir, 'test');
    release();
    expect(leftovers.filter((f) => existsSync(f))).toEqual([]);
    expect(readFileSync(join(stateDir, 'notes.tmp'), 'utf8')).toBe('mine');
  });
});

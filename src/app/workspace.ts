// The workspace a command runs in: the decks folder and the state folder, opened once. Settings
// (recall.config.json, the fitted parameters and the plans of scheduling.json, each read once),
// the decks, the scheduling policy and progress are loaded when first asked for, so a command
// pays only for what it uses. Writes to progress go through `append` (or `record`, a session's
// answer, synced while the next card is drawn), which need the lock.
import { existsSync, statSync } from 'node:fs';
import type { WorkspacePaths } from './commands.js';
import { buildCollection, type Collection } from '../core/collection.js';
import { applyEvent, newEventId, type LogEvent } from '../core/events.js';
import { Policy } from '../core/policy.js';
import type { ProgressStore } from '../core/progress-store.js';
import { planReattach } from '../core/reattach.js';
import type { Settings } from '../core/settings.js';
import type { ParsedDeck, Problem } from '../core/types.js';
import type { Lang } from '../i18n/index.js';
import { UserError } from '../errors.js';
import { releaseColumnFiles } from '../store/column-file.js';
import { loadCollectionCached } from '../store/deck-cache.js';
import { loadCollection } from '../store/deck-files.js';
import { acquireLock, lockHolder } from '../store/lock.js';
import { LogWriter } from '../store/review-log.js';
import { loadScheduling, saveScheduling, type Scheduling } from '../store/scheduling-file.js';
import { loadSettings } from '../store/settings-file.js';
import { loadState, saveProgressCache, saveSnapshot, type LoadedState } from '../store/state.js';
import { m } from '../i18n/index.js';

export interface OpenOptions {
  /** Take the state folder's lock, naming this command: needed to append to the log or repair. */
  lock?: string;
  /**
   * How the decks are read: through the parse cache in state/cache (the default), parsed afresh
   * (`recall check` reports from the files themselves), or, for commands that create decks, a
   * missing decks folder read as an empty one.
   */
  decks?: 'cached' | 'fresh' | 'optional';
  clock?: () => number;
  /** The interface language: the edition of language-specific decks it shows, unless configured. */
  lang?: Lang;
  /** Every edition (`recall check` validates them all). */
  allEditions?: boolean;
  /** Where notices go (a rebuilt snapshot, a set-aside line): stderr unless a test listens. */
  notify?: (line: string) => void;
}

export class Workspace {
  readonly settings: Settings;
  readonly configProblems: Problem[];
  readonly clock: () => number;
  private scheduling_: Scheduling;
  private collection_?: Collection;
  private saveDeckCache?: () => void;
  private policy_?: Policy;
  private state_?: LoadedState;
  private writer?: LogWriter;
  /** A sync of the log under way on a worker thread (see record), until it reports or is overtaken. */
  private syncing?: object;
  /** Why a sync of the log failed: nothing more is recorded, and no snapshot claims what it covers. */
  private syncFailure?: Error;
  private syncFailed?: (error: Error) => void;
  private release?: () => void;
  private closed = false;

  constructor(
    readonly paths: WorkspacePaths,
    private readonly options: OpenOptions,
  ) {
    if (existsSync(paths.state) && !statSync(paths.state).isDirectory()) {
      throw new UserError(m.state.notFolder(paths.state), m.state.notFolderHint);
    }
    this.clock = options.clock ?? Date.now;
    const config = loadSettings(paths.decks);
    this.scheduling_ = loadScheduling(paths.state);
    const weights = this.scheduling_.params?.w;
    this.settings = weights ? { ...config.settings, weights } : config.settings;
    this.configProblems = config.problems;
    if (options.lock) this.release = acquireLock(paths.state, options.lock);
  }

  /**
   * Takes the lock after the fact, once the command knows it will write (its input checked).
   * Progress read before is read again under the lock: another process may have added to it.
   */
  takeLock(command: string): void {
    if (this.release) return;
    this.release = acquireLock(this.paths.state, command);
    this.state_ = undefined;
  }

  get locked(): boolean {
    return this.release !== undefined;
  }

  /** Fitted parameters and interview plans (state/scheduling.json). */
  get scheduling(): Scheduling {
    return this.scheduling_;
  }

  /** Writes scheduling.json; the policy of this workspace keeps the plans it was made with. */
  saveScheduling(next: Scheduling): void {
    saveScheduling(this.paths.state, next);
    this.scheduling_ = next;
  }

  get collection(): Collection {
    if (!this.collection_) {
      const mode = this.options.decks ?? 'cached';
      const keep = this.editionFilter();
      if (mode === 'optional' && !existsSync(this.paths.decks)) this.collection_ = buildCollection([]);
      else if (mode !== 'cached') this.collection_ = loadCollection(this.paths.decks, keep);
      else {
        const cached = loadCollectionCached(this.paths.decks, this.paths.state, keep);
        this.collection_ = cached.collection;
        this.saveDeckCache = cached.save;
      }
    }
    return this.collection_;
  }

  /** The decks of the edition shown: those with no `lang`, and those of the chosen language. */
  private editionFilter(): (deck: ParsedDeck) => boolean {
    if (this.options.allEditions || this.settings.edition === 'all') return () => true;
    const edition = this.settings.edition === 'auto' ? (this.options.lang ?? 'en') : this.settings.edition;
    return (deck) => deck.meta.lang === undefined || deck.meta.lang === edition;
  }

  /** After the user edited deck files: read them again (the policy follows their front matter). */
  reloadDecks(): Collection {
    this.collection_ = undefined;
    this.policy_ = undefined;
    return this.collection;
  }

  /** Retention, limits, steps, leeches and plans, per card: see core/policy.ts. */
  get policy(): Policy {
    this.policy_ ??= new Policy(this.settings, this.collection.decks, this.scheduling_.plans);
    return this.policy_;
  }

  /** Progress as the log adds up to (the snapshot, caught up); repaired only under the lock. */
  get state(): LoadedState {
    if (!this.state_) {
      const sessionRunning = !this.locked && lockHolder(this.paths.state) !== undefined;
      this.state_ = loadState(this.paths.state, this.policy, { repair: this.locked, now: this.clock(), sessionRunning });
      for (const notice of this.state_.notices) this.notify(notice);
    }
    return this.state_;
  }

  get progress(): ProgressStore {
    return this.state.progress;
  }

  notify(line: string): void {
    (this.options.notify ?? ((l: string) => process.stderr.write(`recall: ${l}\n`)))(line);
  }

  /**
   * Records events: appended to the log and on disk (fsync) before this returns, then folded
   * into progress. Throws (and changes nothing in memory) when they could not be written.
   */
  append(events: LogEvent[]): void {
    this.write(events, true);
  }

  /**
   * Records events as `append` does, except that it returns once they are written to the log,
   * while the disk catches up on a worker thread (a review draws the next card meanwhile). Never
   * two at once: whatever is recorded next (or saved, or the close) first waits for the events
   * before it to be on disk. A sync that fails is told to `whenSyncFails`'s listener; after it
   * nothing more is recorded (each later call throws its error) and no snapshot is written.
   */
  record(events: LogEvent[]): void {
    this.write(events, false);
  }

  /** Who hears that a sync of the log failed (the review screen stops on it). */
  whenSyncFails(listener: (error: Error) => void): void {
    this.syncFailed = listener;
  }

  /** Opens the log for appending now, so that the first answer does not (after the first frame). */
  prepareToRecord(): void {
    if (this.locked && !this.closed) this.writer ??= LogWriter.open(this.state.logPath);
  }

  private write(events: LogEvent[], syncNow: boolean): void {
    const last = events[events.length - 1];
    if (!last) return;
    if (!this.locked) throw new Error('Workspace.append needs the lock: open the workspace with { lock }');
    const state = this.state;
    this.writer ??= LogWriter.open(state.logPath);
    this.settle();
    this.writer.write(events);
    if (syncNow) this.writer.sync();
    else this.syncSoon(this.writer);
    let maxAt = state.log.maxAt;
    for (const e of events) {
      applyEvent(state.progress, e, this.policy);
      if (e.at > maxAt) maxAt = e.at;
    }
    state.log = { bytes: this.writer.bytes, lastId: last.id, maxAt };
    state.stale = true;
  }

  /** Starts putting the log on disk on a worker thread. */
  private syncSoon(writer: LogWriter): void {
    const token = {};
    this.syncing = token;
    writer.syncLater((error) => {
      if (this.syncing === token) this.syncing = undefined;
      // After the close, the file is no longer ours to report on (its last sync ran on this thread).
      if (!error || this.closed) return;
      // Even when a sync on this thread overtook it: the system reports a lost write only once.
      this.syncFailure ??= unsynced(error);
      this.syncFailed?.(error);
    });
  }

  /**
   * The log written so far is on disk when this returns: a sync still under way is done again
   * on this thread. Throws the failure of an earlier sync.
   */
  private settle(): void {
    if (this.syncFailure) throw this.syncFailure;
    if (!this.syncing) return;
    this.syncing = undefined;
    try {
      this.writer!.sync();
    } catch (error) {
      this.syncFailure = unsynced(error as Error);
      throw error;
    }
  }

  /**
   * Review histories whose card was edited (so its id changed) follow the edited card when the
   * match is clear. Under the lock the moves are logged; otherwise they apply to this run only.
   * `withProgress`: how many cards have a history, when the caller has counted it (deckTree does).
   */
  followEdits(withProgress?: number): string[] {
    const plan = planReattach(this.collection, this.progress, withProgress);
    if (plan.moves.length === 0) return [];
    const now = this.clock();
    const events: LogEvent[] = plan.moves.map((m) => ({ id: newEventId(now), type: 'move', at: now, card: m.from, to: m.to.id }));
    if (this.locked) this.append(events);
    else for (const e of events) applyEvent(this.progress, e, this.policy);
    return plan.moves.map((move) => m.review.historyMoved(`${move.to.file}:${move.to.line}`));
  }

  /** Writes progress.json if the log has moved past it. A failure costs only a slower next start. */
  save(): void {
    const state = this.state_;
    // After a failed sync the log may have lost its last lines: the next start reads it as it is.
    if (!state?.stale || this.syncFailure) return;
    try {
      this.settle();
      saveSnapshot(state);
      state.stale = false;
    } catch (error) {
      this.notify(m.state.couldNotSave(state.snapshotPath, (error as Error).message));
    }
  }

  /** Saves what is worth saving and lets go of the lock. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    try {
      try {
        if (!this.syncFailure) this.settle();
      } catch (error) {
        this.notify(m.review.couldNotSave((error as Error).message));
      }
      this.closed = true;
      this.writer?.close();
      // The caches read a column at a time let go of their files before new ones replace them
      // (Windows renames over no open file); a column read after this opens its file again.
      releaseColumnFiles();
      try {
        // A cache never creates the state folder: a command that only reads leaves no trace.
        // Before the progress cache, which joins its rows to the cards of this deck index.
        if (this.locked || existsSync(this.paths.state)) this.saveDeckCache?.();
      } catch {
        // Only a parse cache: the next start parses the decks again.
      }
      this.save();
      if (this.state_) saveProgressCache(this.state_);
      // Progress unchanged, and its rows joined to the cards by hashing: the next start need not.
      if (this.state_ && !this.state_.stale) this.state_.progress.keepFoundJoin();
    } finally {
      releaseColumnFiles();
      this.release?.();
    }
  }
}

export function openWorkspace(paths: WorkspacePaths, options: OpenOptions = {}): Workspace {
  return new Workspace(paths, options);
}

/** Marks an error as a failed sync: what the log holds last may not be on disk (the screen says so). */
function unsynced(error: Error): Error {
  return Object.assign(error, { unsynced: true });
}

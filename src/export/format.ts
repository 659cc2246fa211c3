// What an export format is to `recall export`: its file extension, the options it takes, and how
// it turns the selected cards into the bytes of its file. The command checks the options, opens
// the workspace, picks the cards and writes the file; a format only makes its content. Adding a
// format is a file in formats/ and a line in formats/index.ts.
import type { Policy } from '../core/policy.js';
import type { Settings } from '../core/settings.js';
import type { Card } from '../core/types.js';
import { exportText } from '../i18n/export.js';
import type { LoadedState } from '../store/state.js';

export interface ExportOptions {
  sort: 'deck' | 'weakest';
  withProgress: boolean;
  deck?: string;
  tag?: string;
}

export interface ExportJob {
  cards: Card[];
  now: number;
  decksDir: string;
  stateDir: string;
  options: ExportOptions;
  settings: Settings;
  policy: Policy;
  /** Progress: there when the format's readsProgress says it needs it. */
  state?: LoadedState;
  /** The identity an Anki note's GUID is made from: the id the card's history began under. */
  noteIdentity(card: Card): string;
  /** A line for the user on stderr (a missing image, where the media went). */
  notify(line: string): void;
  onProgress?: (done: number, total: number) => void;
}

export interface ExportOutput {
  /** The file's text or bytes, or them in pieces (a backup bigger than one string, a package's zip). */
  data: string | Uint8Array | Iterable<string | Uint8Array>;
  /** What was exported, for the `wrote FILE: …` line. */
  summary: string;
  /**
   * After the file is written (`out` is its path) or printed (`out` is '-'): files beside it and
   * records kept in the state folder, which must not change for an export that never happened.
   */
  finish?(out: string): void;
}

export interface ExportFormat {
  /** Its entry in `--format` help: `apkg (Anki package)`. */
  help: string;
  extension: string;
  /** Binary: never printed to the terminal. */
  binary?: boolean;
  /** Takes --sort deck|weakest. */
  sorts?: boolean;
  /** Takes --with-progress. */
  withProgress?: boolean;
  /** Always the whole workspace: why --deck and --tag do not apply, and what to do instead. */
  whole?: { why: string; hint: string };
  /**
   * Exports the cards as the next review session will have them, histories following edited
   * cards (in memory only). A backup carries the log itself and takes it as it is.
   */
  followsEdits: boolean;
  /** Whether it reads review progress, with these options. */
  readsProgress(options: ExportOptions): boolean;
  write(job: ExportJob): Promise<ExportOutput>;
}

/** The cheat sheets' title: the deck or tag asked for. */
export function sheetTitle(options: ExportOptions): string {
  return options.deck ?? options.tag ?? exportText.sheetTitle;
}

/** Predicted recall now, for a card that has been reviewed (the sheets' --sort weakest). */
export function predictedRecall(job: ExportJob): (card: Card) => number | undefined {
  return (card) => {
    const p = job.state?.progress.get(card.id);
    return p && p.lrt !== undefined ? job.policy.scheduler.retrievability(p, job.now) : undefined;
  };
}

// The account of one import: notes read, proposals by kind, and what became of every proposal
// (written, updated, already there, skipped and why) and of every heading that gave no card.
// The same figures as text for people and as JSON for scripts. Pure.
import type { ImportItem } from './import-plan.js';
import type { ProposalKind, SkipReason } from './propose.js';
import { m } from '../i18n/index.js';

/** What the summary needs to know about a note (NoteImport has it). */
export interface SummaryNote {
  source: string;
  /** The note's path as the user sees it. */
  shown: string;
  file: string;
  deck: string;
  items: ImportItem[];
  skipped: { line: number; text: string; reason: SkipReason }[];
  refused?: string;
  navigation?: boolean;
  remarks: string[];
}

export interface SummaryFile {
  file: string;
  created: boolean;
  added: number;
  updated: number;
}

export interface ImportSummary {
  dryRun: boolean;
  notes: { read: number; withProposals: number; navigation: number; refused: { note: string; reason: string }[] };
  proposals: { total: number; byKind: Record<ProposalKind, number> };
  /** Proposals: written as new cards, written over their older version, already in the decks, left out. */
  outcome: { written: number; updated: number; present: number; skipped: number };
  /** Why proposals were left out. */
  skipped: Record<string, number>;
  /** Headings that gave no card, by reason. */
  headingsWithoutCard: Record<string, number>;
  files: SummaryFile[];
  cardsAdded: number;
  media: { copied: number; present: number };
  perNote: NoteOutcome[];
}

export interface NoteOutcome {
  /** The note's identity (its deck's `source:`), and its path from the working folder. */
  note: string;
  path: string;
  deck: string;
  file: string;
  written: number;
  updated: number;
  present: number;
  skipped: number;
  /** Proposals left out: the note line, the front, why, and the card that holds the front. */
  skippedProposals: { line: number; front: string; reason: string; heldBy?: string }[];
  headingsWithoutCard: { line: number; heading: string; reason: SkipReason }[];
}

/** Why a proposal was left out: keys of `skipped` in `recall import --json`, said through m.notes.reason. */
export const TAKEN = 'front already taken by another card'; // not-ui: a --json key
export const SKIPPED_BY_YOU = 'skipped by you'; // not-ui: a --json key

export function summarize(
  notes: SummaryNote[],
  outcome: { files: SummaryFile[]; mediaCopied: number; mediaPresent: number; dryRun: boolean; accepted?: (item: ImportItem) => boolean },
): ImportSummary {
  const byKind: Record<ProposalKind, number> = { question: 0, term: 0, cloze: 0, explicit: 0 };
  const totals = { written: 0, updated: 0, present: 0, skipped: 0 };
  const skipped: Record<string, number> = {};
  const headings: Record<string, number> = {};
  const perNote: ImportSummary['perNote'] = [];
  const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  for (const note of notes) {
    const mine: NoteOutcome = {
      note: note.source,
      path: note.shown,
      deck: note.deck,
      file: note.file,
      written: 0,
      updated: 0,
      present: 0,
      skipped: 0,
      skippedProposals: [],
      headingsWithoutCard: note.skipped.map((s) => ({ line: s.line, heading: s.text, reason: s.reason })),
    };
    const left = (item: ImportItem, reason: string) => {
      bump(skipped, reason);
      mine.skipped++;
      const front = item.proposal.cards[0]!.front.split('\n')[0]!.slice(0, 120);
      const heldBy = item.existing ? `${item.existing.file}:${item.existing.line}` : undefined;
      mine.skippedProposals.push({ line: item.proposal.line, front, reason, ...(heldBy ? { heldBy } : {}) });
    };
    for (const item of note.items) {
      byKind[item.proposal.kind]++;
      const accepted = outcome.accepted ? outcome.accepted(item) : true;
      if (item.status === 'skipped') left(item, TAKEN);
      else if (item.status === 'present') mine.present++;
      else if (!accepted) left(item, SKIPPED_BY_YOU);
      else if (item.status === 'update') mine.updated++;
      else mine.written++;
    }
    totals.written += mine.written;
    totals.updated += mine.updated;
    totals.present += mine.present;
    totals.skipped += mine.skipped;
    for (const s of note.skipped) bump(headings, s.reason);
    if (note.items.length || note.refused || note.skipped.length) perNote.push(mine);
  }
  return {
    dryRun: outcome.dryRun,
    notes: {
      read: notes.length,
      withProposals: notes.filter((n) => n.items.length > 0).length,
      navigation: notes.filter((n) => n.navigation).length,
      refused: notes.filter((n) => n.refused).map((n) => ({ note: n.shown, reason: n.refused! })),
    },
    proposals: { total: notes.reduce((k, n) => k + n.items.length, 0), byKind },
    outcome: totals,
    skipped,
    headingsWithoutCard: headings,
    files: outcome.files,
    cardsAdded: outcome.files.reduce((k, f) => k + f.added, 0),
    media: { copied: outcome.mediaCopied, present: outcome.mediaPresent },
    perNote,
  };
}

/** A reason (a --json key) in the interface language. */
export function reasonText(reason: string): string {
  return m.notes.reason[reason] ?? reason;
}

const reasons = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([r, n]) => m.notes.reasonCount(reasonText(r), n))
    .join(m.notes.list);

/** The summary as lines for the terminal. */
export function summaryLines(s: ImportSummary, fromPackage = false): string[] {
  const said = m.notes;
  const kinds = (Object.entries(s.proposals.byKind) as [ProposalKind, number][])
    .filter(([, n]) => n > 0)
    .map(([k, n]) => said.kindCount(said.kinds[k], n))
    .join(said.list);
  const notes = [s.notes.navigation ? said.onlyLinking(s.notes.navigation) : '', s.notes.refused.length ? said.refusedCount(s.notes.refused.length) : '']
    .filter(Boolean)
    .join(said.list);
  const lines = [
    fromPackage ? said.packageSummary(s.proposals.total, s.notes.read) : said.summary(s.notes.read, notes, s.proposals.total, kinds),
    said.outcome(s.dryRun, s.outcome.written, s.outcome.updated, s.outcome.present, s.outcome.skipped, s.outcome.skipped ? reasons(s.skipped) : ''),
  ];
  const headingCount = Object.values(s.headingsWithoutCard).reduce((a, b) => a + b, 0);
  if (headingCount) lines.push(said.headingsGaveNoCard(headingCount, reasons(s.headingsWithoutCard)));
  if (s.media.copied || s.media.present) lines.push(said.images(s.dryRun, s.media.copied, s.media.present));
  for (const r of s.notes.refused) lines.push(said.refused(r.note, r.reason));
  return lines;
}

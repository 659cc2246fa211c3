// Anki's decks (from a package or a text export) as an import plan: each deck file's cards
// classified against the decks like notes' proposals (new, an update of the card from the same
// note, already there, or skipped because another deck holds its front), and the images its
// cards show. The same list, --dry-run and --yes then serve both sources.
import type { Collection } from '../core/collection.js';
import { classifyProposals, type Claims } from '../core/import-plan.js';
import type { DeckFilePlan } from './anki-decks.js';
import { mediaToCopy, type ImportPlan, type MediaCopy, type NoteImport } from './notes-folder.js';

export function planAnkiImport(collection: Collection, files: DeckFilePlan[], media: { file: string; bytes: Uint8Array }[], shown: string, remarks: string[] = []): ImportPlan {
  const claims: Claims = new Map();
  const mediaCopies: MediaCopy[] = media.map((m) => ({ file: m.file, bytes: m.bytes }));
  const notes: NoteImport[] = files.map((f, i) => {
    const exists = collection.decks.some((d) => d.file === f.file);
    return {
      source: shown,
      path: '',
      shown: `${shown} › ${f.deck}`,
      title: f.deck,
      file: f.file,
      deck: f.deck,
      exists,
      header: f.header,
      items: classifyProposals(collection, f.proposals, f.file, claims, exists),
      skipped: [],
      remarks: i === 0 ? remarks : [],
      media: mediaCopies,
    };
  });
  return { notes, media: mediaToCopy(notes) };
}

// A deck index after an edit of a few files is the old index's ids with some runs replaced: its
// lookups, its duplicate check and its join to the progress go through the old index's kept
// index. Each must give what an index of the new ids would.
import { describe, expect, it } from 'vitest';
import { ProgressStore, reviewDueOfCards, type ProgressColumns } from '../src/core/progress-store.js';
import type { CardRecord } from '../src/core/events.js';
import { rng } from '../src/core/random.js';
import { repeatsNoneThroughLineage, WordColumn } from '../src/core/word-column.js';

/** The old ids in files of `size`, and the new ids: some files kept (runs), some edited, some gone, some new. */
function edit(seed: number, files = 12, size = 30) {
  const random = rng(seed);
  const oldFiles = Array.from({ length: files }, (_, f) => Array.from({ length: size }, (_, i) => `f${f}c${i}`));
  const from = WordColumn.fromStrings(oldFiles.flat());
  from.index; // kept by the cache: at hand
  const runs: { at: number; to: number; count: number }[] = [];
  const newIds: string[] = [];
  for (let f = 0; f < files; f++) {
    const x = random();
    if (x < 0.15) continue; // a file deleted
    if (x < 0.4) {
      // An edited file: some cards kept, some changed, one new.
      for (const id of oldFiles[f]!) newIds.push(random() < 0.3 ? `${id}-edited` : id);
      newIds.push(`f${f}-new`);
    } else {
      runs.push({ at: f * size, to: newIds.length, count: size });
      newIds.push(...oldFiles[f]!);
    }
  }
  const column = WordColumn.fromStrings(newIds);
  column.lineage = { from, runs };
  return { from, column, newIds };
}

describe('a column of ids with a lineage', () => {
  it('finds every id, and none that is not there, as its own index would', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { column, newIds } = edit(seed);
      const plain = WordColumn.fromStrings(newIds);
      for (const id of [...newIds, 'f1c1-edited', 'nothing', 'f0-new']) expect(column.find(id), id).toBe(plain.index.find(id));
      expect(column.indexed).toBe(false);
    }
  });

  it('says whether its ids repeat one, looking up only those outside the runs', () => {
    const { column, newIds } = edit(3);
    expect(repeatsNoneThroughLineage(column)).toBe(true);
    // An edited file's card the same as a kept file's, or twice in the edited file.
    const kept = newIds[column.lineage!.runs[0]!.to]!;
    const outside = newIds.findIndex((_, j) => !column.lineage!.runs.some((r) => j >= r.to && j < r.to + r.count));
    for (const repeat of [kept, newIds[outside]!]) {
      const ids = [...newIds];
      ids[outside + 1] = repeat;
      const repeated = WordColumn.fromStrings(ids);
      repeated.lineage = { from: column.lineage!.from, runs: column.lineage!.runs };
      expect(repeatsNoneThroughLineage(repeated), repeat).toBe(false);
    }
  });

  it('carries the join kept for the old ids over to the new ones, as hashing them would', () => {
    const record = (due: number): CardRecord => ({ due, s: 3, d: 5, st: 2, reps: 1, lapses: 0, sd: 3, ls: 0, ed: 3, lrt: due - 86_400_000 });
    for (let seed = 1; seed <= 10; seed++) {
      const { from, column, newIds } = edit(seed);
      from.origin = 'old index';
      const random = rng(seed + 100);
      // Histories for most old cards; in odd seeds, also for some edited ids already, and one no card has.
      const extra = seed % 2 ? [...newIds.filter((id) => id.endsWith('-edited') && random() < 0.5), 'gone-card'] : [];
      const ids = [...from.toArray().filter(() => random() < 0.8), ...extra];
      const live = new ProgressStore();
      ids.forEach((id, i) => live.set(id, record(1000 + i)));
      const columns = JSON.parse(JSON.stringify(live.toColumns())) as ProgressColumns;
      const plain = new ProgressStore(columns);
      const oldRows = plain.rowsOf(from);
      let matched = 0;
      for (const row of oldRows) if (row !== -1) matched++;
      const st = columns.columns.st as number[];
      const due = columns.columns.due as number[];
      for (const [withCount, withDue] of [[matched, true], [undefined, false]] as const) {
        const reviewDue = withDue ? () => reviewDueOfCards(oldRows, st, due) : undefined;
        const store = new ProgressStore({ ...columns, joined: { origin: 'old index', rows: () => oldRows, matched: withCount, reviewDue } });
        const carried = store.rowsOf(column);
        expect([...carried]).toEqual([...new ProgressStore(columns).rowsOf(WordColumn.fromStrings(newIds))]);
        expect([...store.scan(column).reviewDue!]).toEqual([...reviewDueOfCards(carried, st, due)]);
        expect(store.matchedOf(column)).toBe(carried.filter((r) => r !== -1).length);
        for (const id of newIds) expect(store.peek(id)?.due, id).toBe(plain.peek(id)?.due);
      }
    }
  });
});

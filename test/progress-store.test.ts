// The columnar progress store behaves as the Map it stands for.
import { describe, expect, it } from 'vitest';
import type { CardRecord } from '../src/core/events.js';
import { ProgressStore } from '../src/core/progress-store.js';
import { WordColumn } from '../src/core/word-column.js';

const record = (due: number, extra: Partial<CardRecord> = {}): CardRecord => ({ due, s: 3.5, d: 5.25, st: 2, reps: 4, lapses: 1, sd: 3, ls: 0, ed: 2, lrt: due - 86_400_000, ...extra });

function fromRecords(entries: [string, CardRecord][]): ProgressStore {
  const live = new ProgressStore();
  for (const [id, r] of entries) live.set(id, r);
  const columns = live.toColumns();
  return new ProgressStore(JSON.parse(JSON.stringify(columns)));
}

describe('ProgressStore', () => {
  const entries: [string, CardRecord][] = [
    ['a', record(1000, { file: 'x.md', sk: 'b:00ff' })],
    ['b', record(2000, { suspended: 'leech', buriedUntil: 5000, first: 10, lrv: 20 })],
    ['c', record(3000, { file: 'y.md' })],
  ];

  it('round-trips through columns and reads like a Map', () => {
    const store = fromRecords(entries);
    expect(store.size).toBe(3);
    expect(store.has('b')).toBe(true);
    expect(store.has('z')).toBe(false);
    expect(store.get('z')).toBeUndefined();
    expect(new Map(store)).toEqual(new Map(entries));
  });

  it('peeks without keeping, and get gives a record to keep', () => {
    const store = fromRecords(entries);
    const first = store.peek('a')!;
    expect(first.due).toBe(1000);
    const second = store.peek('c')!;
    expect(second).toBe(first); // the same view, refilled
    expect(second.due).toBe(3000);
    const kept = store.get('a')!;
    expect(store.peek('c')!.due).toBe(3000);
    expect(kept.due).toBe(1000);
    expect(kept.sk).toBe('b:00ff');
  });

  it('sets and deletes over the columns, and writes the changes back', () => {
    const store = fromRecords(entries);
    store.set('a', record(9999));
    store.delete('b');
    store.set('d', record(4000));
    expect(store.size).toBe(3);
    expect([...store.keys()].sort()).toEqual(['a', 'c', 'd']);
    const again = new ProgressStore(JSON.parse(JSON.stringify(store.toColumns())));
    expect(again.get('a')!.due).toBe(9999);
    expect(again.has('b')).toBe(false);
    expect(again.get('c')!.file).toBe('y.md');
  });

  it('counts the cards with a record from a kept join, and counts again once a record changed', () => {
    const columns = JSON.parse(JSON.stringify(fromRecords(entries).toColumns()));
    const cards = WordColumn.fromStrings(['c', 'x', 'a']);
    cards.origin = 'deck index';
    const rows = new ProgressStore(columns).rowsOf(cards);
    // A kept count that the rows would not give: it is the one used while nothing changed.
    const kept = new ProgressStore({ ...columns, joined: { origin: 'deck index', rows: () => rows, matched: 7 } });
    expect(kept.matchedOf(cards)).toBe(7);
    kept.set('x', record(5000));
    expect(kept.matchedOf(cards)).toBe(3);
    expect(new ProgressStore(columns).matchedOf(cards)).toBe(2);
  });

  it('gives the records no card has, made from their rows', () => {
    const store = fromRecords(entries);
    const orphans = store.orphanRecordsOf(WordColumn.fromStrings(['a']));
    expect([...orphans.keys()]).toEqual(['b', 'c']);
    expect(orphans.get('c')!.file).toBe('y.md');
    expect(orphans.get('b')!.suspended).toBe('leech');
    expect(store.get('c')).toBe(orphans.get('c'));
  });
});

// Backups bigger than one string: written in pieces, read back value by value.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupText, type BackupHead } from '../src/export/backup.js';
import { JsonSyntaxError, readJsonObject } from '../src/store/large-json.js';
import { runCli } from './pty.js';

const head: BackupHead = {
  format: 'recall-backup',
  version: 1,
  exportedAt: '2026-11-29T00:00:00.000Z',
  decks: [{ file: 'a.md', text: '---\ndeck: a\n---\n## Q "quoted" \\ \n\nA\n' }],
  cards: [],
  progress: {},
  settings: '{ "new_per_day": 5 }\n',
};

describe('the backup written in pieces', () => {
  it('is the same text as JSON.stringify of the whole backup, with or without log lines and settings', () => {
    const lines = ['{"id":"a","at":1}', '{"id":"b","file":"x\\"}]{[.md"}'];
    for (const log of [[], lines])
      for (const settings of [head.settings, undefined]) {
        let counted = -1;
        const pieces = [...backupText({ ...head, settings }, log, (n) => (counted = n))];
        const { settings: _, ...rest } = head;
        // The order of makeBackup's object before the log was split out: ..., progress, log, settings.
        expect(pieces.join('')).toBe(JSON.stringify({ ...rest, log, settings }, null, 1) + '\n');
        expect(counted).toBe(log.length);
      }
  });

  it('is that same text with cards and progress, written an element at a time', () => {
    const card = (i: number) => ({ id: `c${i}`, kind: 'basic' as const, deck: 'a', file: 'a.md', line: i, section: i % 2 ? 'Part "1"' : undefined, heading: undefined, front: `Q${i}?\n- a\n- b`, back: 'A\n\n```\ncode\n```', cloze: undefined, tags: ['x', 'y'] });
    const full: BackupHead = {
      ...head,
      decks: [...head.decks, { file: 'b.md', text: '' }],
      cards: Array.from({ length: 2500 }, (_, i) => card(i)),
      progress: Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`c${i}`, { due: i, s: 1.5, d: 5, st: 2, reps: 1, lapses: 0, sd: 1, ls: 0, ed: 1, lrt: undefined, file: 'a.md' }])),
    };
    const log = ['{"id":"a","at":1}'];
    const pieces = [...backupText(full, log, () => undefined)];
    const { settings, ...rest } = full;
    expect(pieces.join('')).toBe(JSON.stringify({ ...rest, log, settings }, null, 1) + '\n');
    // No piece holds the cards whole.
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(JSON.stringify(full.cards, null, 1).length / 2);
  });

  it('sends a long log in batches, never as one string', () => {
    const log = Array.from({ length: 25_000 }, (_, i) => `{"id":"${i}"}`);
    const pieces = [...backupText(head, log, () => undefined)];
    expect(pieces.length).toBeGreaterThan(2);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(JSON.stringify(log).length / 2);
  });
});

describe('readJsonObject', () => {
  it('reads every value, and the lazy arrays element by element', () => {
    const value = { a: [1, { b: '}]"\\' }], log: ['x', 'y"]}', '\u4e2d'], n: null, t: true, s: 'é' };
    for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2), '\ufeff' + JSON.stringify(value)]) {
      const { values, arrays } = readJsonObject(Buffer.from(text), ['log']);
      expect(Object.fromEntries(values)).toEqual({ a: value.a, n: null, t: true, s: 'é' });
      const log = arrays.get('log')!;
      expect(Array.from({ length: log.length }, (_, i) => log.at(i))).toEqual(value.log);
    }
    expect(readJsonObject(Buffer.from('{"log": []}'), ['log']).arrays.get('log')!.length).toBe(0);
    expect(Object.fromEntries(readJsonObject(Buffer.from(' {} '), []).values)).toEqual({});
  });

  it('names the line of what is not JSON', () => {
    const cases: [string, number, RegExp][] = [
      ['[1, 2]', 1, /expected a JSON object/],
      ['{\n "a": 1,\n "b" 2\n}', 3, /expected ':' after "b"/],
      ['{\n "a": [1,\n 2\n', 2, /never ends/],
      ['{"a": 1} x', 1, /text after the end/],
      ['{\n "log": [\n  "a",\n  nope\n ]\n}', 4, /./],
    ];
    for (const [text, line, message] of cases) {
      let error: unknown;
      try {
        const { arrays } = readJsonObject(Buffer.from(text), ['log']);
        const log = arrays.get('log');
        for (let i = 0; log && i < log.length; i++) log.at(i);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(JsonSyntaxError);
      expect((error as JsonSyntaxError).line, text).toBe(line);
      expect((error as JsonSyntaxError).message, text).toMatch(message);
    }
  });
});

describe('recall import of a damaged backup', () => {
  it('says which line is wrong and restores nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recall-backup-'));
    writeFileSync(join(dir, 'b.json'), '{\n "format": "recall-backup",\n "decks": [],\n "progress": {},\n "log": [\n  "{\\"id\\":\\"a\\",\\"type\\":\\"bury\\",\\"at\\":1,\\"card\\":\\"c\\"}",\n  oops\n ]\n}\n');
    const r = runCli(['import', join(dir, 'b.json'), '--decks', join(dir, 'decks'), '--state', join(dir, 'state')], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/b\.json:7: not a recall backup/);
    expect(existsSync(join(dir, 'state', 'reviews.jsonl'))).toBe(false);
    const missing = runCli(['import', join(dir, 'none.json'), '--decks', join(dir, 'decks'), '--state', join(dir, 'state')], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/none\.json/);
    expect(missing.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

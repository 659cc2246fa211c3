// `recall export`: each format is the real one its reader takes. The .apkg is opened and checked
// the way Anki checks a collection; the text export is read back by Anki's header rules.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../src/import/sql-js.js';
import { ankiStripHtml, markdownToHtml } from '../src/export/html.js';
import { parseAnkiText } from '../src/import/anki-text.js';
import { DAY, FakeClock, openSession, tempDir, writeDecks } from './helpers.js';
import { runCli } from './pty.js';

const DECK = [
  '---',
  'tags: [llm, gpt]',
  '---',
  '# Sizes',
  '',
  'GPT-3 has {{c1::175 billion}} parameters in {{c2::96}} layers.',
  '',
  '- Alignment tax ::: the drop in benchmark scores after RLHF',
  '',
  '## What does **GPT** stand for?',
  'Generative Pre-trained Transformer: a `decoder-only` model.',
  '',
  '- 12 layers',
  '- 117M parameters',
].join('\n');

function setup() {
  const decks = writeDecks({ 'llm/gpt.md': DECK, 'other.md': '## Unrelated?\nyes\n' });
  return { decks, cwd: dirname(decks), state: join(dirname(decks), 'state') };
}

/** Opens the collection of a package: collection.anki2, or .anki21 when it carries scheduling. */
async function openApkg(path: string, collection = 'collection.anki2') {
  const files = unzipSync(readFileSync(path));
  expect(Object.keys(files).sort()).toEqual([collection, 'media']);
  expect(JSON.parse(strFromU8(files.media!))).toEqual({});
  const SQL = await loadSqlJs();
  const db = new (SQL as unknown as { Database: new (data: Uint8Array) => SqlDb }).Database(files[collection]!);
  return db;
}
interface SqlDb {
  exec(sql: string): { columns: string[]; values: unknown[][] }[];
  close(): void;
}
const rows = (db: SqlDb, sql: string) => {
  const [r] = db.exec(sql);
  return r ? r.values.map((v) => Object.fromEntries(r.columns.map((c, i) => [c, v[i]]))) : [];
};

describe('recall export --format apkg', () => {
  it('writes a collection Anki reads: schema 11, linked notes, cards, decks and note types', async () => {
    const { decks, cwd, state } = setup();
    const r = runCli(['export', '--decks', decks, '--state', state, '--format', 'apkg', '--out', 'x.apkg'], { cwd });
    expect(r).toMatchObject({ code: 0, stderr: 'wrote x.apkg: 4 notes, 6 cards\n' });
    const db = await openApkg(join(cwd, 'x.apkg'));

    // Anki's schema 11 (rslib/src/storage/schema11.sql): these tables, columns, in this order.
    const columns = (t: string) => rows(db, `pragma table_info(${t})`).map((c) => `${c.name}:${String(c.type).toLowerCase()}:${c.notnull}`);
    expect(columns('col')).toEqual(['id:integer:0', ...'crt mod scm ver dty usn ls'.split(' ').map((c) => `${c}:integer:1`), ...'conf models decks dconf tags'.split(' ').map((c) => `${c}:text:1`)]);
    expect(columns('notes').map((c) => c.split(':')[0])).toEqual('id guid mid mod usn tags flds sfld csum flags data'.split(' '));
    expect(columns('cards').map((c) => c.split(':')[0])).toEqual('id nid did ord mod usn type queue due ivl factor reps lapses left odue odid flags data'.split(' '));
    expect(columns('revlog').map((c) => c.split(':')[0])).toEqual('id cid usn ease ivl lastIvl factor time type'.split(' '));
    expect(columns('graves').map((c) => c.split(':')[0])).toEqual(['usn', 'oid', 'type']);
    expect(rows(db, "select name from sqlite_master where type = 'index' order by name").map((i) => i.name)).toEqual([
      'ix_cards_nid', 'ix_cards_sched', 'ix_cards_usn', 'ix_notes_csum', 'ix_notes_usn', 'ix_revlog_cid', 'ix_revlog_usn',
    ]);

    const [col] = rows(db, 'select * from col');
    expect(col!.ver).toBe(11);
    const models = JSON.parse(col!.models as string) as Record<string, { id: number; name: string; type: number; flds: { name: string; ord: number }[]; tmpls: { ord: number; qfmt: string }[] }>;
    const deckMap = JSON.parse(col!.decks as string) as Record<string, { id: number; name: string }>;
    expect(Object.values(deckMap).map((d) => d.name).sort()).toEqual(['Default', 'llm', 'llm::gpt', 'other']);
    for (const [id, d] of Object.entries(deckMap)) expect(String(d.id)).toBe(id);
    for (const [id, m] of Object.entries(models)) expect(String(m.id)).toBe(id);
    expect(Object.values(models).map((m) => m.name).sort()).toEqual(['recall Basic (optional reversed card)', 'recall Cloze']);
    // The v2 scheduler, and days counted from a 4 am rollover in the exporter's time zone.
    expect(JSON.parse(col!.conf as string)).toMatchObject({ schedVer: 2, rollover: 4, creationOffset: expect.any(Number) });

    const notes = rows(db, 'select * from notes');
    const cards = rows(db, 'select * from cards');
    for (const card of cards) {
      const note = notes.find((n) => n.id === card.nid);
      expect(note, 'every card has its note').toBeDefined();
      expect(deckMap[String(card.did)], 'every card has its deck').toBeDefined();
      const model = models[String(note!.mid)]!;
      if (model.type === 0) expect(model.tmpls.map((t) => t.ord)).toContain(card.ord);
      // Every card is one Anki would generate from the note's fields: the reverse needs "Add Reverse".
      if (model.type === 0 && card.ord === 1) expect(String(note!.flds).split('\x1f')[3]).not.toBe('');
    }
    for (const note of notes) {
      const model = models[String(note.mid)];
      expect(model, 'every note has its type').toBeDefined();
      const fields = (note.flds as string).split('\x1f');
      expect(fields).toHaveLength(model!.flds.length);
      // sfld and csum as Anki computes them: HTML stripped, then SHA-1's first 4 bytes.
      expect(note.sfld).toBe(ankiStripHtml(fields[0]!));
      expect(note.csum).toBe(createHash('sha1').update(String(note.sfld)).digest().readUInt32BE(0));
    }
    const gpt = notes.find((n) => String(n.flds).startsWith('What does'))!;
    expect(gpt.sfld).toBe('What does GPT stand for?');
    expect(gpt.csum).toBe(parseInt(createHash('sha1').update('What does GPT stand for?').digest('hex').slice(0, 8), 16));
    expect(String(gpt.flds).split('\x1f')[1]).toBe('<p>Generative Pre-trained Transformer: a <code>decoder-only</code> model.</p><ul><li>12 layers</li><li>117M parameters</li></ul>');
    expect(gpt.tags).toBe(' llm gpt ');

    // Cloze ords are the cloze numbers minus one; the reverse card is template 2, made because the
    // note's "Add Reverse" field is filled.
    const cloze = notes.find((n) => String(n.flds).startsWith('GPT-3'))!;
    expect(cards.filter((c) => c.nid === cloze.id).map((c) => c.ord)).toEqual([0, 1]);
    const reverse = notes.find((n) => String(n.flds).startsWith('Alignment tax'))!;
    expect(cards.filter((c) => c.nid === reverse.id).map((c) => c.ord)).toEqual([0, 1]);
    expect(String(reverse.flds).split('\x1f')).toEqual(['Alignment tax', 'the drop in benchmark scores after RLHF', '<span class="recall-section">Sizes</span>', 'y']);
    expect(reverse.mid).toBe(gpt.mid);
    expect(cards.every((c) => c.type === 0 && c.queue === 0)).toBe(true);
    db.close();
  });

  it('gives every note the same GUID in every export, also after its answer is edited', async () => {
    const { decks, cwd, state } = setup();
    const guids = async (out: string) => {
      runCli(['export', '--decks', decks, '--state', state, '--format', 'apkg', '--out', out], { cwd });
      const db = await openApkg(join(cwd, out));
      const g = rows(db, 'select guid, sfld from notes order by sfld').map((n) => `${n.sfld}=${n.guid}`);
      db.close();
      return g;
    };
    const first = await guids('a.apkg');
    expect(await guids('b.apkg')).toEqual(first);
    writeFileSync(join(decks, 'llm/gpt.md'), DECK.replace('a `decoder-only` model', 'a decoder-only Transformer'));
    expect(await guids('c.apkg')).toEqual(first);
  });

  it('keeps a note’s GUID when its front is edited, before and after the next session (issue 14: 1, 7)', async () => {
    const { decks, cwd, state } = setup();
    const session = openSession(decks, state, new FakeClock(Date.now() - DAY));
    while (session.review.session.current) session.review.answer(4);
    session.close();
    const notes = async (out: string) => {
      expect(runCli(['export', '--decks', decks, '--state', state, '--format', 'apkg', '--out', out], { cwd }).code).toBe(0);
      const db = await openApkg(join(cwd, out));
      const n = rows(db, 'select guid, sfld, mod from notes');
      db.close();
      return n;
    };
    const before = await notes('a.apkg');
    const gpt = before.find((n) => String(n.sfld).startsWith('What does GPT'))!;
    writeFileSync(join(decks, 'llm/gpt.md'), DECK.replace('What does **GPT** stand for?', 'What does **GPT** stand for, exactly?'));
    // Right after the edit, no session in between: the export follows the history itself.
    const edited = await notes('b.apkg');
    expect(edited).toHaveLength(before.length);
    expect(edited.find((n) => String(n.sfld).startsWith('What does GPT stand for, exactly'))!.guid).toBe(gpt.guid);
    // After a session logged the move, the same.
    openSession(decks, state, new FakeClock(Date.now())).close();
    expect((await notes('c.apkg')).find((n) => String(n.sfld).startsWith('What does GPT stand for, exactly'))!.guid).toBe(gpt.guid);
  });

  it('moves a note’s mod only when its text changed, so Anki updates that note and no other (issue 14: 8)', async () => {
    const { decks, cwd, state } = setup();
    const mods = async (out: string) => {
      expect(runCli(['export', '--decks', decks, '--state', state, '--format', 'apkg', '--out', out], { cwd }).code).toBe(0);
      const db = await openApkg(join(cwd, out));
      const m = Object.fromEntries(rows(db, 'select guid, mod from notes').map((n) => [String(n.guid), Number(n.mod)]));
      db.close();
      return m;
    };
    const first = await mods('a.apkg');
    await new Promise((r) => setTimeout(r, 1100));
    expect(await mods('b.apkg')).toEqual(first);
    writeFileSync(join(decks, 'llm/gpt.md'), DECK.replace('a `decoder-only` model', 'a decoder-only Transformer'));
    const after = await mods('c.apkg');
    const changed = Object.keys(after).filter((g) => after[g] !== first[g]);
    expect(changed).toHaveLength(1);
    expect(after[changed[0]!]).toBeGreaterThan(first[changed[0]!]!);
  });

  it('--with-progress carries scheduling, FSRS memory state and the review log', async () => {
    const { decks, cwd, state } = setup();
    const clock = new FakeClock(Date.now() - 3 * DAY);
    const session = openSession(decks, state, clock);
    for (let i = 0; i < 3; i++) session.review.answer(3);
    session.close();
    const r = runCli(['export', '--decks', decks, '--state', state, '--format', 'apkg', '--with-progress', '--out', 'p.apkg'], { cwd });
    expect(r.stderr).toMatch(/6 cards, 3 reviews/);
    const db = await openApkg(join(cwd, 'p.apkg'), 'collection.anki21');
    const reviewed = rows(db, 'select * from cards where reps > 0');
    expect(reviewed).toHaveLength(3);
    for (const c of reviewed) {
      expect([1, 2]).toContain(c.type);
      const data = JSON.parse(String(c.data));
      expect(data.s).toBeGreaterThan(0);
      expect(data.d).toBeGreaterThan(0);
      expect(data.dr).toBe(0.9);
      expect(data.decay).toBe(0.154);
      expect(data.lrt).toBeGreaterThan(1_600_000_000);
    }
    const revlog = rows(db, 'select * from revlog');
    expect(revlog).toHaveLength(3);
    expect(revlog.every((l) => l.ease === 3 && reviewed.some((c) => c.id === l.cid))).toBe(true);
    db.close();
  });
});

describe('recall export --format csv', () => {
  it("is read back by Anki's header rules: guid, note type, deck and tags columns, HTML fields", () => {
    const { decks, cwd } = setup();
    runCli(['export', '--decks', decks, '--format', 'csv', '--out', 'x.txt'], { cwd });
    const file = parseAnkiText(readFileSync(join(cwd, 'x.txt'), 'utf8'));
    expect(file).toMatchObject({ separator: '\t', html: true, special: { guid: 1, notetype: 2, deck: 3, tags: 4 } });
    const byType = file.rows.map((r) => [r.fields[1], r.fields[2], r.fields[3]]);
    expect(byType).toEqual([
      ['Cloze', 'llm::gpt', 'llm gpt'],
      ['Basic (optional reversed card)', 'llm::gpt', 'llm gpt'],
      ['Basic (optional reversed card)', 'llm::gpt', 'llm gpt'],
      ['Basic (optional reversed card)', 'other', ''],
    ]);
    // Fields as the stock types have them: Text and Back Extra; Front, Back and Add Reverse.
    expect(file.rows.map((r) => r.fields.length)).toEqual([6, 7, 7, 7]);
    expect(file.rows.every((r) => r.fields[0]!.startsWith('recall-'))).toBe(true);
    // The first field is the card's own text (Anki sorts and finds duplicates by it); the section
    // is shown with the answer.
    expect(file.rows[0]!.fields[4]).toBe('GPT-3 has {{c1::175 billion}} parameters in {{c2::96}} layers.');
    expect(file.rows[0]!.fields[5]).toMatch(/^<div class="recall-context"[^>]*><span class="recall-section">Sizes<\/span><\/div>$/);
    expect(file.rows[1]!.fields.slice(4)).toEqual(['Alignment tax', expect.stringMatching(/Sizes<\/span><\/div>the drop in benchmark scores after RLHF$/), 'y']);
    expect(file.rows[3]!.fields.slice(4)).toEqual(['Unrelated?', 'yes', '']);
  });
});

describe('recall export --format md', () => {
  it('prints a cheat sheet grouped by deck and section, clozes filled in bold', () => {
    const { decks, cwd } = setup();
    const r = runCli(['export', '--decks', decks, '--format', 'md', '--out', '-'], { cwd });
    expect(r.stdout).toBe(
      [
        '# recall cheat sheet', '',
        '## llm::gpt', '', '### Sizes', '',
        '- GPT-3 has **175 billion** parameters in **96** layers.', '',
        '- **Alignment tax**', '', '  the drop in benchmark scores after RLHF', '',
        '- **What does **GPT** stand for?**', '', '  Generative Pre-trained Transformer: a `decoder-only` model.', '  ', '  - 12 layers', '  - 117M parameters', '',
        '## other', '', '- **Unrelated?**', '', '  yes', '',
      ].join('\n'),
    );
  });

  it('--sort weakest puts the lowest predicted recall first and unreviewed cards last', () => {
    const { decks, cwd, state } = setup();
    const clock = new FakeClock(Date.now() - 10 * DAY);
    const s = openSession(decks, state, clock);
    // The first note (the cloze) is forgotten, the next one remembered easily.
    const first = s.review.session.current!.card;
    s.review.answer(1);
    while (s.review.session.current?.card.noteKey === first.noteKey) s.review.bury();
    s.review.answer(4);
    s.close();
    const r = runCli(['export', '--decks', decks, '--state', state, '--format', 'md', '--sort', 'weakest', '--out', '-'], { cwd });
    const order = r.stdout.split('\n').filter((l) => l.startsWith('- ') || l.startsWith('## '));
    expect(order[0]).toBe('## Weakest first');
    expect(order.indexOf('## Not reviewed yet')).toBe(3);
    expect(order[1]).toMatch(/GPT-3 has/);
    expect(order[2]).toMatch(/Alignment tax/);
  });
});

describe('recall export --format json and import of the backup', () => {
  it('round-trips into an empty state folder exactly', () => {
    const { decks, cwd, state } = setup();
    const s = openSession(decks, state, new FakeClock(Date.now() - 2 * DAY));
    s.review.answer(3);
    s.review.answer(1);
    s.review.undo();
    s.review.bury();
    s.close();
    writeFileSync(join(decks, 'recall.config.json'), '{ "new_per_day": 5 }\n');
    expect(runCli(['export', '--decks', decks, '--state', state, '--format', 'json', '--out', 'backup.json'], { cwd }).code).toBe(0);

    const fresh = tempDir();
    const restore = runCli(['import', join(cwd, 'backup.json'), '--decks', join(fresh, 'decks'), '--state', join(fresh, 'state')], { cwd: fresh });
    expect(restore.stderr).toMatch(/restored llm\/gpt.md\nrestored other.md\nrestored recall.config.json\nrestored 4 review log lines/);
    expect(readFileSync(join(fresh, 'state/reviews.jsonl'), 'utf8')).toBe(readFileSync(join(state, 'reviews.jsonl'), 'utf8'));
    runCli(['export', '--decks', join(fresh, 'decks'), '--state', join(fresh, 'state'), '--format', 'json', '--out', 'again.json'], { cwd: fresh });
    const strip = (p: string) => ({ ...JSON.parse(readFileSync(p, 'utf8')), exportedAt: undefined });
    expect(strip(join(fresh, 'again.json'))).toEqual(strip(join(cwd, 'backup.json')));

    // Never over existing progress.
    const again = runCli(['import', join(cwd, 'backup.json'), '--decks', join(fresh, 'decks'), '--state', join(fresh, 'state')], { cwd: fresh });
    expect(again).toMatchObject({ code: 1, stderr: expect.stringMatching(/already holds progress/) });
  });
});

describe('recall export, writing the file', () => {
  it('refuses to overwrite without --force, explains bad options, and leaves no temporary file', () => {
    const { decks, cwd } = setup();
    const run = (...args: string[]) => runCli(['export', '--decks', decks, ...args], { cwd });
    expect(run('--format', 'csv', '--out', 'x.txt').code).toBe(0);
    const before = readFileSync(join(cwd, 'x.txt'), 'utf8');
    expect(run('--format', 'md', '--out', 'x.txt')).toMatchObject({ code: 1, stderr: expect.stringMatching(/x.txt already exists\n {2}.*--force/) });
    expect(readFileSync(join(cwd, 'x.txt'), 'utf8')).toBe(before);
    expect(run('--format', 'md', '--out', 'x.txt', '--force').code).toBe(0);
    expect(readFileSync(join(cwd, 'x.txt'), 'utf8')).toMatch(/^# recall cheat sheet/);
    expect(run('--format', 'pdf').code).toBe(2);
    expect(run('--format', 'json', '--deck', 'llm').code).toBe(2);
    expect(run('--format', 'apkg', '--out', '-').code).toBe(2);
    expect(run('--format', 'csv', '--out', join(cwd, 'no/such/dir.txt')).stderr).toMatch(/does not exist/);
    expect(run('--format', 'csv', '--deck', 'nothing', '--out', 'y.txt').stderr).toMatch(/no card is in a deck named 'nothing'/);
    expect(readdirSync(cwd).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(cwd, 'y.txt'))).toBe(false);
  });

  it('never writes into the decks or the state folder, even with --force (issue 11: 11)', () => {
    const { decks, cwd, state } = setup();
    const session = openSession(decks, state, new FakeClock(Date.now()));
    session.review.answer(3);
    session.close();
    const deck = readFileSync(join(decks, 'llm/gpt.md'));
    const log = readFileSync(join(state, 'reviews.jsonl'));
    const run = (...args: string[]) => runCli(['export', '--decks', decks, '--state', state, ...args], { cwd });
    for (const out of ['decks/llm/gpt.md', 'state/reviews.jsonl', 'state/progress.json', 'decks/new.md', 'decks', 'state/cache']) {
      const r = run('--format', 'md', '--out', out, '--force');
      expect(r, out).toMatchObject({ code: 2, stderr: expect.stringMatching(/is inside the (decks|state) folder/) });
    }
    expect(readFileSync(join(decks, 'llm/gpt.md'))).toEqual(deck);
    expect(readFileSync(join(state, 'reviews.jsonl'))).toEqual(log);
    expect(existsSync(join(decks, 'new.md'))).toBe(false);
  });

  it('says why it cannot write under /proc or /sys, with no stack trace (issue 11: 13)', () => {
    const { decks, cwd } = setup();
    for (const out of ['/proc/x.csv', '/sys/x.csv']) {
      const r = runCli(['export', '--decks', decks, '--format', 'csv', '--out', out], { cwd });
      expect(r.code, out).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^recall: could not (open|write) ${out.replace('.', '\\.')}: `));
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    // The current folder cannot take a file: the default output name lands there.
    const inProc = runCli(['export', '--decks', decks, '--format', 'csv'], { cwd: '/proc' });
    expect(inProc.code).toBe(1);
    expect(inProc.stderr).toMatch(/^recall: could not (open|write) \/proc\/recall-.*\.txt: /);
  });

  it('gives each card its deck’s own desired retention in the FSRS memory it carries (issue 11: 16)', async () => {
    const decks = writeDecks({ 'strict.md': '---\nretention: 0.97\n---\n## Strict?\nyes\n', 'plain.md': '## Plain?\nyes\n' });
    const cwd = dirname(decks);
    const state = join(cwd, 'state');
    const session = openSession(decks, state, new FakeClock(Date.now() - DAY));
    session.review.answer(3);
    session.review.answer(3);
    session.close();
    expect(runCli(['export', '--decks', decks, '--state', state, '--format', 'apkg', '--with-progress', '--out', 'r.apkg'], { cwd }).code).toBe(0);
    const db = await openApkg(join(cwd, 'r.apkg'), 'collection.anki21');
    const byFront = rows(db, 'select n.sfld as front, c.data as data from cards c join notes n on c.nid = n.id');
    expect(byFront.map((r) => [r.front, JSON.parse(String(r.data)).dr]).sort()).toEqual([['Plain?', 0.9], ['Strict?', 0.97]]);
    db.close();
  });

  it('renders Markdown to the HTML Anki shows', () => {
    expect(markdownToHtml('**bold** and `{{c1::x}}`')).toBe('<b>bold</b> and <code>&#123;&#123;c1::x&#125;&#125;</code>');
    expect(markdownToHtml('| a | b |\n| --- | :-: |\n| 1 | 2 |')).toBe('<table><tr><th>a</th><th style="text-align:center">b</th></tr><tr><td>1</td><td style="text-align:center">2</td></tr></table>');
    expect(markdownToHtml('```py\nx < 1\n```')).toBe('<pre><code class="language-py">x &lt; 1</code></pre>');
    expect(ankiStripHtml('<img src="a.png"> x&nbsp;&amp;<br>y')).toBe(' a.png  x &y');
  });
});

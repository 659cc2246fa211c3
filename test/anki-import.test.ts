// Anki packages of every format become deck files recall parses without a problem, media next to
// them, and history recomputed by recall's scheduler from each answer in the review log.
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { replay, type ReviewEvent } from '../src/core/events.js';
import { parseDeck } from '../src/core/parse-deck.js';
import { convertAnkiPackage, describeConversion, type ConvertResult } from '../src/import/anki-convert.js';
import { PackageError, readAnkiPackage } from '../src/import/anki-package.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './pty.js';
import { htmlToMarkdown } from '../src/import/html-markdown.js';
import { BASIC, CLOZE, OPTIONAL, REVERSED, VOCAB, buildCollection, buildPackage, proto, testPolicy, zstdStored, type Format, type TestPackage } from './anki-packages.js';

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;
const policy = testPolicy();
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

/** A small collection: every kind of note, a deck tree, media, and a review log. */
function sample(format: Format): TestPackage {
  return {
    format,
    noteTypes: [BASIC, REVERSED, OPTIONAL, CLOZE, VOCAB],
    decks: [
      { id: 1, name: 'Default' },
      { id: 2, name: 'ML' },
      { id: 3, name: 'ML::Transformers' },
    ],
    notes: [
      { id: 1, mid: BASIC.id, tags: ['attention'], fields: ['What does <b>attention</b> compute?', '<div>A weighted sum of values:</div><ul><li>weights from <code>softmax(QK^T/√d)</code></li><li>one per query</li></ul><img src="attn map.png">'] },
      { id: 2, mid: REVERSED.id, tags: ['attention'], fields: ['MHA', 'multi-head attention'] },
      { id: 3, mid: OPTIONAL.id, tags: ['attention'], fields: ['FFN', 'the position-wise feed-forward network', ''] },
      { id: 4, mid: OPTIONAL.id, tags: ['attention'], fields: ['RoPE', 'rotary position embedding', 'y'] },
      { id: 5, mid: CLOZE.id, tags: ['attention'], fields: ['Scaled by \\(1/\\sqrt{d_k}\\) to keep {{c1::the softmax}} out of {{c2::saturation}}', 'Vaswani et al.'] },
      { id: 6, mid: VOCAB.id, tags: ['zh'], fields: ['注意力', 'zhù yì lì', 'attention'] },
      { id: 7, mid: BASIC.id, fields: ['Is the back empty?', ''] },
    ],
    cards: [
      { id: 101, nid: 1, did: 3, ord: 0, type: 2, queue: 2, ivl: 3 },
      { id: 201, nid: 2, did: 3, ord: 0 },
      { id: 202, nid: 2, did: 3, ord: 1, type: 2, queue: -1 },
      { id: 301, nid: 3, did: 3, ord: 0 },
      { id: 401, nid: 4, did: 3, ord: 0 },
      { id: 402, nid: 4, did: 3, ord: 1 },
      { id: 501, nid: 5, did: 3, ord: 0, type: 2, queue: 2 },
      { id: 502, nid: 5, did: 3, ord: 1 },
      { id: 601, nid: 6, did: 2, ord: 0 },
      { id: 602, nid: 6, did: 2, ord: 1 },
      { id: 701, nid: 7, did: 1, ord: 0 },
    ],
    revlog: [
      { id: T0, cid: 101, ease: 1, type: 0 },
      { id: T0 + MIN, cid: 101, ease: 3, type: 0 },
      { id: T0 + 11 * MIN, cid: 101, ease: 3, type: 0 },
      { id: T0 + 3 * DAY, cid: 101, ease: 4, type: 1 },
      // A preview in a filtered deck that did not reschedule: not an answer that counts.
      { id: T0 + 4 * DAY, cid: 101, ease: 3, type: 3, factor: 0 },
      { id: T0 + 2 * MIN, cid: 501, ease: 3, type: 0 },
      { id: T0 + 12 * MIN, cid: 501, ease: 3, type: 0 },
      // A manual reschedule (ease 0): no answer.
      { id: T0 + 5 * DAY, cid: 501, ease: 0, type: 4, factor: 2500 },
    ],
    media: [
      { name: 'attn map.png', bytes: PNG },
      { name: 'unused.mp3', bytes: new Uint8Array([9]) },
    ],
  };
}

function expectParsesCleanly(result: ConvertResult) {
  for (const d of result.decks) expect(parseDeck(d.file, d.text).problems, d.file).toEqual([]);
}

describe('reading Anki packages', () => {
  it.each(['anki2', 'anki21', 'anki21b'] as const)('%s: notes, decks, media and review log become the same deck files and history', async (format) => {
    const result = await convertAnkiPackage(await buildPackage(sample(format)), { policy });
    expectParsesCleanly(result);
    expect(result.report).toMatchObject({ format, notes: 6, cards: 9, reviews: 8, answers: 6 });
    expect(result.decks.map((d) => d.file)).toEqual(['ML/Transformers.md', 'ML.md']);
    expect(result.decks[0]!.text).toBe(
      [
        '---',
        'tags: ["attention"]',
        '---',
        '',
        'MHA ::: multi-head attention',
        '',
        'RoPE ::: rotary position embedding',
        '',
        'Scaled by $1/\\sqrt{d_k}$ to keep {{c1::the softmax}} out of {{c2::saturation}}',
        '*Vaswani et al.*',
        '',
        '## What does **attention** compute?',
        'A weighted sum of values:',
        '',
        '- weights from `softmax(QK^T/√d)`',
        '- one per query',
        '',
        '![](../media/attn%20map.png)',
        '',
        '## FFN',
        'the position-wise feed-forward network',
        '',
      ].join('\n'),
    );
    expect(result.decks[1]!.text).toBe('---\ntags: ["zh"]\n---\n\n## 注意力\n**Reading**\nzhù yì lì\n\n**Meaning**\nattention\n');
    expect(result.media).toEqual([{ file: 'media/attn map.png', bytes: PNG }]);
    expect(result.report.remarks).toEqual([
      '1 note(s) left out: its back is empty (note 7 in Default)',
      'note type "Vocabulary" is not a Basic or Cloze type: its 1 note(s) became heading cards, the first field as the front and the other fields, each under its name, as the back',
      '1 card(s) were studied in Anki but have no answers in its review log: they start as new',
      '1 media file(s) in the package are used by no note: left out',
    ]);
    expect(describeConversion(result)[0]).toBe(`Anki collection (${format}): 6 notes -> 9 cards in 2 deck file(s), 1 media file(s), 6 of 8 review log rows as history`);
  });

  it("recomputes each card's FSRS state from its answers, and keeps a suspension", async () => {
    const result = await convertAnkiPackage(await buildPackage(sample('anki21b')), { policy });
    const cards = result.decks.flatMap((d) => parseDeck(d.file, d.text).cards);
    const attention = cards.find((c) => c.front === 'What does **attention** compute?')!;
    const reviews = result.events.filter((e): e is ReviewEvent => e.type === 'review');
    expect(reviews.filter((e) => e.card === attention.id).map((e) => [e.at - T0, e.grade, e.before?.st ?? null, e.after.st])).toEqual([
      [0, 1, null, 1],
      [MIN, 3, 1, 1],
      [11 * MIN, 3, 1, 2],
      [3 * DAY, 4, 2, 2],
    ]);
    expect(reviews.every((e) => e.file === 'ML/Transformers.md' && e.sk)).toBe(true);
    const progress = replay(result.events, policy);
    const last = reviews.filter((e) => e.card === attention.id).at(-1)!;
    expect(progress.get(attention.id)).toMatchObject({ st: 2, reps: 4, lapses: 0, due: last.after.due, s: last.after.s });
    // The reverse card of MHA was suspended in Anki.
    const mhaReverse = cards.find((c) => c.kind === 'reverse' && c.front === 'multi-head attention')!;
    expect(progress.get(mhaReverse.id)).toMatchObject({ suspended: 'user', st: 0 });
    // Event ids are fixed by the package: importing it twice gives the same log lines.
    const again = await convertAnkiPackage(await buildPackage(sample('anki21b')), { policy });
    expect(again.events.map((e) => e.id)).toEqual(result.events.map((e) => e.id));
    // Without the policy (--no-history): cards only.
    const cardsOnly = await convertAnkiPackage(await buildPackage(sample('anki2')));
    expect(cardsOnly.events).toEqual([]);
    expect(cardsOnly.decks).toEqual(result.decks);
  });

  it('leaves suspending to Anki: a card failed often enough to be a leech stays active when Anki kept it active', async () => {
    // Card 101 learnt, then failed eight times after a day each: recall's replay makes it a leech.
    const pkg = sample('anki21b');
    const lapses = Array.from({ length: 8 }, (_, k) => [
      { id: T0 + (2 * k + 1) * DAY + 7, cid: 101, ease: 1, type: 1 },
      { id: T0 + (2 * k + 1) * DAY + 10 * MIN, cid: 101, ease: 3, type: 2 },
    ]).flat();
    const revlog = [...pkg.revlog!.filter((r) => r.cid !== 101), { id: T0, cid: 101, ease: 3, type: 0 }, { id: T0 + 10 * MIN, cid: 101, ease: 3, type: 0 }, ...lapses];
    const kept = await convertAnkiPackage(await buildPackage({ ...pkg, revlog }), { policy });
    const cards = kept.decks.flatMap((d) => parseDeck(d.file, d.text).cards);
    const attention = cards.find((c) => c.front === 'What does **attention** compute?')!;
    const reviews = kept.events.filter((e): e is ReviewEvent => e.type === 'review' && e.card === attention.id);
    expect(reviews.at(-1)!.after.suspended).toBe('leech');
    expect(replay(kept.events, policy).get(attention.id)?.suspended).toBeUndefined();
    expect(kept.report.remarks).toContain('1 card(s) failed often enough to be leeches but were not suspended in Anki: they stay active here too');
    // Suspended in Anki too: suspended here, with no word about it.
    const suspended = await convertAnkiPackage(await buildPackage({ ...pkg, revlog, cards: pkg.cards.map((c) => (c.id === 101 ? { ...c, queue: -1 } : c)) }), { policy });
    expect(replay(suspended.events, policy).get(attention.id)?.suspended).toBe('leech');
    expect(suspended.report.remarks.join('\n')).not.toMatch(/leeches/);
  });

  it('reads learning answers of the old scheduler as Anki upgrades them, and drops answers before a reset', async () => {
    const pkg: TestPackage = {
      format: 'anki2',
      schedVer: 1,
      noteTypes: [BASIC],
      decks: [{ id: 1, name: 'Default' }],
      notes: [{ id: 1, mid: BASIC.id, fields: ['Old?', 'scheduler'] }, { id: 2, mid: BASIC.id, fields: ['Forgotten?', 'yes'] }],
      cards: [{ id: 11, nid: 1, did: 1, ord: 0, type: 2, queue: 2 }, { id: 21, nid: 2, did: 1, ord: 0, type: 1, queue: 1 }],
      revlog: [
        // v1 learning: 2 was Good, 3 Easy; review answers already had four buttons.
        { id: T0, cid: 11, ease: 2, type: 0 },
        { id: T0 + MIN, cid: 11, ease: 3, type: 0 },
        { id: T0 + 5 * DAY, cid: 11, ease: 2, type: 1 },
        { id: T0 + 7, cid: 21, ease: 3, type: 0 },
        { id: T0 + DAY, cid: 21, ease: 0, type: 4, factor: 0 },
        { id: T0 + DAY + MIN, cid: 21, ease: 1, type: 0 },
      ],
    };
    const result = await convertAnkiPackage(await buildPackage(pkg), { policy });
    const grades = (front: string) => {
      const card = result.decks.flatMap((d) => parseDeck(d.file, d.text).cards).find((c) => c.front === front)!;
      return result.events.filter((e): e is ReviewEvent => e.type === 'review' && e.card === card.id).map((e) => e.grade);
    };
    expect(grades('Old?')).toEqual([3, 4, 2]);
    expect(grades('Forgotten?')).toEqual([1]);
  });

  it('turns field HTML into the Markdown recall shows: math, code, tables, line breaks, sounds', () => {
    const link = (name: string) => `media/${name}`;
    expect(htmlToMarkdown('E = \\(mc^2\\) and \\[\\sum_{i&lt;n} x_i\\]')).toBe('E = $mc^2$ and $$\\sum_{i<n} x_i$$');
    expect(htmlToMarkdown('<pre><code class="language-py">x = 1<br>if x &lt; 2:<br>    y()</code></pre>')).toBe('```py\nx = 1\nif x < 2:\n    y()\n```');
    expect(htmlToMarkdown('<table><tr><th>a</th><th align="right">b</th></tr><tr><td>1</td><td>2 | 3</td></tr></table>')).toBe('| a | b |\n| --- | --: |\n| 1 | 2 \\| 3 |');
    expect(htmlToMarkdown('one<br>two<div>three</div><div>four&nbsp;&amp; more</div>')).toBe('one\ntwo\n\nthree\n\nfour & more');
    expect(htmlToMarkdown('say [sound:hello world.mp3] <img src="a.png" alt="A">', { mediaLink: link })).toBe('say [sound: hello world.mp3](media/hello world.mp3) ![A](media/a.png)');
    expect(htmlToMarkdown('a * b, x_y_z and <s>gone</s>')).toBe('a * b, x_y_z and ~~gone~~');
  });

  it('keeps duplicate fronts apart with a pinned id, and keeps only shared tags when a deck has many tag sets', async () => {
    const notes = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, mid: BASIC.id, tags: ['common', `t${i}`], fields: [i < 2 ? 'Same front?' : `Front ${i}?`, `back ${i}`] }));
    const pkg: TestPackage = {
      format: 'anki21',
      noteTypes: [BASIC],
      decks: [{ id: 1, name: 'Default' }],
      notes,
      cards: notes.map((n) => ({ id: n.id * 10, nid: n.id, did: 1, ord: 0 })),
    };
    const result = await convertAnkiPackage(await buildPackage(pkg));
    expectParsesCleanly(result);
    expect(result.decks.map((d) => d.file)).toEqual(['Default.md']);
    const text = result.decks[0]!.text;
    expect(text).toMatch(/^---\ntags: \["common"\]\n---\n/);
    expect(text).toContain('## Same front?\nback 0\n\n## Same front?\n<!-- id: anki-2-note2 -->\nback 1');
    expect(result.report.remarks).toContain('1 note(s) have the same front as another note: each got an "<!-- id: -->" line to keep them apart');
    expect(result.report.remarks).toContain('Default: its notes have 10 different sets of tags; the deck format keeps tags per file, so only the tags all its notes share (common) are kept');
  });

  it('splits a deck by tag set when there are few, and puts multi-line reversed notes in a reverse file', async () => {
    const pkg: TestPackage = {
      format: 'anki2',
      noteTypes: [BASIC, REVERSED],
      decks: [{ id: 1, name: 'Default' }, { id: 5, name: 'A/B: notes' }],
      notes: [
        { id: 1, mid: BASIC.id, tags: ['x'], fields: ['One?', '1'] },
        { id: 2, mid: BASIC.id, tags: ['y', 'z'], fields: ['Two?', '2'] },
        { id: 3, mid: REVERSED.id, tags: ['x'], fields: ['Three', 'line 1<br>line 2'] },
      ],
      cards: [{ id: 10, nid: 1, did: 5, ord: 0 }, { id: 20, nid: 2, did: 5, ord: 0 }, { id: 30, nid: 3, did: 5, ord: 0 }, { id: 31, nid: 3, did: 5, ord: 1 }],
    };
    const result = await convertAnkiPackage(await buildPackage(pkg));
    expectParsesCleanly(result);
    expect(result.decks).toEqual([
      { file: 'A-B- notes.md', text: '---\ndeck: "A/B: notes"\ntags: ["x"]\n---\n\n## One?\n1\n' },
      { file: 'A-B- notes-reversed.md', text: '---\ndeck: "A/B: notes"\ntags: ["x"]\nreverse: true\n---\n\n## Three\nline 1\nline 2\n' },
      { file: 'A-B- notes-y-z.md', text: '---\ndeck: "A/B: notes"\ntags: ["y", "z"]\n---\n\n## Two?\n2\n' },
    ]);
    const all = result.decks.flatMap((d) => parseDeck(d.file, d.text).cards);
    expect(all.map((c) => [c.deck, c.kind, c.front, c.tags.join(' ')])).toEqual([
      ['A/B: notes', 'basic', 'One?', 'x'],
      ['A/B: notes', 'basic', 'Three', 'x'],
      ['A/B: notes', 'reverse', 'line 1\nline 2', 'x'],
      ['A/B: notes', 'basic', 'Two?', 'y z'],
    ]);
  });

  it('leaves out image occlusion notes, saying why', async () => {
    const io = { id: 1006, name: 'Image Occlusion', cloze: true, fields: ['Occlusion', 'Image', 'Header'], templates: [{ name: 'Cloze', qfmt: '{{#Header}}{{Header}}{{/Header}}{{cloze:Occlusion}}{{image-occlusion:Occlusion}}', afmt: '{{cloze:Occlusion}}' }] };
    const pkg: TestPackage = {
      format: 'anki21b',
      noteTypes: [io, BASIC],
      decks: [{ id: 1, name: 'Default' }],
      notes: [{ id: 1, mid: io.id, fields: ['{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.4}}', '<img src="a.png">', ''] }, { id: 2, mid: BASIC.id, fields: ['Q?', 'A'] }],
      cards: [{ id: 10, nid: 1, did: 1, ord: 0 }, { id: 20, nid: 2, did: 1, ord: 0 }],
    };
    const result = await convertAnkiPackage(await buildPackage(pkg));
    expect(result.decks).toEqual([{ file: 'Default.md', text: '## Q?\nA\n' }]);
    expect(result.report.remarks).toContain('note type "Image Occlusion": its 1 note(s) left out: image occlusion notes are masks drawn on an image, which a terminal cannot show');
  });

  it("reads the collection the package's meta names, or without a meta the newest one present", async () => {
    const real = await buildCollection({ ...sample('anki21'), format: 'anki21' });
    const dummy = await buildCollection({ format: 'anki2', noteTypes: [BASIC], decks: [{ id: 1, name: 'Default' }], notes: [{ id: 1, mid: BASIC.id, fields: ['Please update Anki', 'x'] }], cards: [{ id: 1, nid: 1, did: 1, ord: 0 }] });
    const layouts: Record<string, Uint8Array>[] = [{ 'collection.anki2': dummy, 'collection.anki21': real }, { meta: proto([[1, 2]]), 'collection.anki2': dummy, 'collection.anki21': real }];
    for (const files of layouts) {
      const result = await convertAnkiPackage(zipSync(files));
      expect(result.report).toMatchObject({ format: 'anki21', notes: 6 });
    }
  });

  it('says what is wrong with a file that is not a readable package', async () => {
    const fail = (bytes: Uint8Array) => convertAnkiPackage(bytes).then(() => 'read', (e: unknown) => (e instanceof PackageError ? e.message : `other: ${String(e)}`));
    expect(await fail(strToU8('just text'))).toMatch(/^not a zip archive \(an Anki package is one\)/);
    expect(await fail(zipSync({ 'notes.txt': strToU8('x') }))).toBe('no Anki collection in it (no collection.anki2, .anki21 or .anki21b): is it an Anki package?');
    expect(await fail(zipSync({ meta: proto([[1, 3]]), 'collection.anki21b': strToU8('SQLite format 3') }))).toBe('collection.anki21b is not zstd-compressed as a collection.anki21b package\'s must be');
    expect(await fail(zipSync({ meta: proto([[1, 9]]) }))).toMatch(/newer than recall knows/);
    expect(await fail(zipSync({ 'collection.anki2': strToU8('not a database at all, really not') }))).toMatch(/^collection.anki2 is not (a readable SQLite database|an Anki collection)/);
    expect(await fail(zipSync({ meta: proto([[1, 3]]), 'collection.anki21b': zstdStored(strToU8('x')).subarray(0, 8) }))).toMatch(/^collection.anki21b is damaged/);
  });
});

describe('a note from Anki goes back to Anki as the same note', () => {
  it('exports the cards of an imported package under their notes\' GUIDs, through the CLI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recall-guid-'));
    const pkg: TestPackage = {
      format: 'anki21b',
      noteTypes: [BASIC, CLOZE, REVERSED],
      decks: [{ id: 1, name: 'Default' }, { id: 2, name: 'ML' }],
      notes: [
        { id: 11, guid: 'Bq3#x!Kz9a', mid: BASIC.id, fields: ['What is RoPE?', 'Rotary position embedding'] },
        { id: 12, guid: 'c7Lm,P2qwe', mid: CLOZE.id, fields: ['LayerNorm sits {{c1::before}} each {{c2::sub-layer}} in pre-LN', ''] },
        { id: 13, guid: 'zz-reversed', mid: REVERSED.id, fields: ['MHA', 'multi-head attention'] },
      ],
      cards: [
        { id: 101, nid: 11, did: 2, ord: 0, type: 2, queue: 2, ivl: 3, reps: 1 },
        { id: 102, nid: 12, did: 2, ord: 0 },
        { id: 103, nid: 12, did: 2, ord: 1 },
        { id: 104, nid: 13, did: 2, ord: 0 },
        { id: 105, nid: 13, did: 2, ord: 1 },
      ],
      revlog: [{ id: Date.now() - 3 * 86_400_000, cid: 101, ease: 3, ivl: 3, type: 0 }],
    };
    writeFileSync(join(dir, 'ml.apkg'), await buildPackage(pkg));
    const run = (...args: string[]) => runCli([...args, '--decks', join(dir, 'decks'), '--state', join(dir, 'state')], { cwd: dir });
    expect(run('import', 'ml.apkg', '--yes').code).toBe(0);
    // An edit of a reviewed card's front in recall: the note keeps its GUID (its history began under the old id).
    const deck = join(dir, 'decks', 'ML.md');
    writeFileSync(deck, readFileSync(deck, 'utf8').replace('What is RoPE?', 'What is RoPE (rotary embedding)?'));
    expect(run('export', '--format', 'apkg', '--out', 'back.apkg').code).toBe(0);
    const back = await readAnkiPackage(readFileSync(join(dir, 'back.apkg')));
    expect(back.notes.map((n) => n.guid).sort()).toEqual(['Bq3#x!Kz9a', 'c7Lm,P2qwe', 'zz-reversed']);
    // A card written in recall gets recall's own GUID.
    writeFileSync(deck, readFileSync(deck, 'utf8') + '\n## A new card\nmade in recall\n');
    expect(run('export', '--format', 'apkg', '--out', 'back.apkg', '--force').code).toBe(0);
    const again = await readAnkiPackage(readFileSync(join(dir, 'back.apkg')));
    expect(again.notes.map((n) => n.guid).filter((g) => g.startsWith('recall-'))).toHaveLength(1);
  });
});

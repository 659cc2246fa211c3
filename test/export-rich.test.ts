// Formulas and images through the Anki exports and the Markdown sheet (issue 15: 5), as the user
// runs them: the .apkg carries every image a card shows and Anki's MathJax delimiters, the text
// export the same delimiters with the images in a folder beside it, the Markdown sheet `$…$`.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../src/import/sql-js.js';
import { markdownToHtml } from '../src/export/html.js';
import { parseAnkiText } from '../src/import/anki-text.js';
import { writeDecks } from './helpers.js';
import { png } from './png.js';
import { runCli } from './pty.js';

const ATTENTION = [
  '---',
  'tags: [llm]',
  '---',
  '# Attention',
  '',
  '## What is scaled dot-product attention?',
  '$$',
  '\\mathrm{Attention}(Q,K,V)=\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V',
  '$$',
  '',
  'Dividing by $\\sqrt{d_k}$ keeps the logits near unit variance when $a<b$.',
  '',
  '![attention map](media/attention%20map.png)',
  '',
  '## Which head is shown here?',
  'The same map: <img src="media/attention map.png" alt="again">',
  '',
  '# Formulas',
  '',
  '- Softmax of $z_i$ ::: $\\frac{e^{z_i}}{\\sum_j e^{z_j}}$',
  '',
  'The temperature divides the {{c1::logits $z_i/T$}} before the {{c2::softmax}}.',
  '',
  '## Which picture is missing?',
  '![gone](media/nothing.png)',
  '',
].join('\n');

const MISSING_LINE = ATTENTION.split('\n').indexOf('## Which picture is missing?') + 1;

const OTHER = ['## Another deck, the same picture?', '![map](../llm/media/attention%20map.png)', ''].join('\n');

/** The decks above; `complete` leaves out the card whose image is missing. */
function setup({ complete = false } = {}) {
  const attention = complete ? ATTENTION.slice(0, ATTENTION.indexOf('## Which picture is missing?')) : ATTENTION;
  const decks = writeDecks({ 'llm/attention.md': attention, 'more/other.md': OTHER });
  const image = png(12, 6, [40, 120, 200]);
  mkdirSync(join(decks, 'llm/media'));
  writeFileSync(join(decks, 'llm/media/attention map.png'), image);
  return { decks, cwd: dirname(decks), state: join(dirname(decks), 'state'), image };
}

interface SqlDb {
  exec(sql: string): { columns: string[]; values: unknown[][] }[];
  close(): void;
}

async function readApkg(path: string) {
  const files = unzipSync(readFileSync(path));
  const SQL = await loadSqlJs();
  const db = new (SQL as unknown as { Database: new (data: Uint8Array) => SqlDb }).Database(files['collection.anki2']!);
  const [r] = db.exec('select sfld, flds from notes order by id');
  db.close();
  const notes = r!.values.map(([sfld, flds]) => ({ sfld: String(sfld), fields: String(flds).split('\x1f') }));
  return { files, media: JSON.parse(strFromU8(files.media!)) as Record<string, string>, notes };
}

const hashName = (bytes: Buffer, name: string) => `${createHash('sha1').update(bytes).digest('hex').slice(0, 12)}-${name}`;

describe('formulas in the Anki HTML', () => {
  it("become MathJax's \\(…\\) inline and \\[…\\] display, escaped as HTML", () => {
    expect(markdownToHtml('Scale by $\\sqrt{d_k}$ when $a<b$.')).toBe('Scale by \\(\\sqrt{d_k}\\) when \\(a&lt;b\\).');
    expect(markdownToHtml('Attention:\n$$\nQK^\\top\n$$')).toBe('<p>Attention:</p>\\[QK^\\top\\]');
    expect(markdownToHtml('inline display $$x^2$$ and \\(y\\) and \\[z\\]')).toBe('inline display \\[x^2\\] and \\(y\\) and \\[z\\]');
    // Prices stay prices; a formula inside code stays code.
    expect(markdownToHtml('$5 and $10.')).toBe('$5 and $10.');
    expect(markdownToHtml('Code: `$x$`')).toBe('Code: <code>$x$</code>');
  });

  it('inside a cloze, separate the braces and colons Anki would read as the end of the deletion or a hint', () => {
    expect(markdownToHtml('The {{c1::softmax $\\frac{e^{z_i}}{\\sum_j e^{z_j}}$}} of $e^{x}$')).toBe(
      'The {{c1::softmax \\(\\frac{e^{z_i} }{\\sum_j e^{z_j} }\\)}} of \\(e^{x}\\)',
    );
    expect(markdownToHtml('{{c1::$a::b$}} then $c::d$')).toBe('{{c1::\\(a: :b\\)}} then \\(c::d\\)');
    // A display formula inside a deletion, on lines of its own.
    expect(markdownToHtml('{{c2::the loss\n$$\n\\log{\\sigma{x}}\n$$\n}}')).toBe('<p>{{c2::the loss</p>\\[\\log{\\sigma{x} }\\]<p>}}</p>');
  });
});

describe('recall export --format apkg with images and formulas', () => {
  it('puts every image a card shows in the package: numbered files, the media map and <img> by that name', async () => {
    const { decks, cwd, state, image } = setup();
    const r = runCli(['export', '--decks', decks, '--state', state, '--format', 'apkg', '--out', 'x.apkg'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const name = hashName(image, 'attention_map.png');
    // One file, however many cards (and decks, and ways of writing the link) show it.
    const { files, media, notes } = await readApkg(join(cwd, 'x.apkg'));
    expect(media).toEqual({ 0: name });
    expect(Object.keys(files).sort()).toEqual(['0', 'collection.anki2', 'media']);
    expect(Buffer.from(files['0']!)).toEqual(image);
    const withImages = notes.filter((n) => n.fields.some((f) => f.includes('<img')));
    expect(withImages.map((n) => n.sfld)).toEqual(['What is scaled dot-product attention?', 'Which head is shown here?', 'Which picture is missing?', 'Another deck, the same picture?']);
    expect(withImages[0]!.fields[1]).toContain(`<img src="${name}" alt="attention map">`);
    expect(withImages[1]!.fields[1]).toContain(`The same map: <img src="${name}" alt="again">`);
    expect(withImages[3]!.fields[1]).toBe(`<img src="${name}" alt="map">`);
    // Formulas in MathJax delimiters, in the fields and the cloze.
    expect(withImages[0]!.fields[1]).toContain('\\[\\mathrm{Attention}(Q,K,V)=\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V\\]');
    expect(withImages[0]!.fields[1]).toContain('Dividing by \\(\\sqrt{d_k}\\) keeps the logits near unit variance when \\(a&lt;b\\).');
    const softmax = notes.find((n) => n.sfld.startsWith('Softmax'))!;
    expect(softmax.fields.slice(0, 2)).toEqual(['Softmax of \\(z_i\\)', '\\(\\frac{e^{z_i}}{\\sum_j e^{z_j}}\\)']);
    expect(notes.find((n) => n.fields[0]!.includes('{{c1::'))!.fields[0]).toBe('The temperature divides the {{c1::logits \\(z_i/T\\)}} before the {{c2::softmax}}.');

    // The missing image: which card, where, and the export went on without it.
    expect(r.stderr).toContain(`recall: llm/attention.md:${MISSING_LINE}: image media/nothing.png is missing (no file decks/llm/media/nothing.png): the card "Which picture is missing?" is exported without it\n`);
    expect(r.stderr).toMatch(/wrote x\.apkg: 6 notes, 8 cards, 1 image\n$/);
    expect(withImages[2]!.fields[1]).toBe('<img src="media/nothing.png" alt="gone">');
  });

  it('names each image by its bytes: the same names in every export, a new name when the picture changes', async () => {
    const { decks, cwd, state, image } = setup();
    const exportMedia = async (out: string) => {
      expect(runCli(['export', '--decks', decks, '--state', state, '--format', 'apkg', '--out', out], { cwd }).code).toBe(0);
      return (await readApkg(join(cwd, out))).media;
    };
    const first = await exportMedia('a.apkg');
    expect(await exportMedia('b.apkg')).toEqual(first);
    const changed = png(12, 6, [200, 40, 40]);
    writeFileSync(join(decks, 'llm/media/attention map.png'), changed);
    expect(await exportMedia('c.apkg')).toEqual({ 0: hashName(changed, 'attention_map.png') });
    expect(first).toEqual({ 0: hashName(image, 'attention_map.png') });
  });

  it('keeps the media map empty for cards without images, and leaves web images as links', async () => {
    const decks = writeDecks({ 'a.md': '## Web?\n![logo](https://example.org/logo.png)\n' });
    const cwd = dirname(decks);
    expect(runCli(['export', '--decks', decks, '--format', 'apkg', '--out', 'w.apkg'], { cwd }).stderr).toBe('wrote w.apkg: 1 notes, 1 cards\n');
    const { media, notes } = await readApkg(join(cwd, 'w.apkg'));
    expect(media).toEqual({});
    expect(notes[0]!.fields[1]).toBe('<img src="https://example.org/logo.png" alt="logo">');
  });
});

describe('an .apkg with images and formulas, imported back into recall', () => {
  it('gives the same formulas as $…$ and the same image bytes, beside the new deck', () => {
    const { decks, cwd, image } = setup({ complete: true });
    expect(runCli(['export', '--decks', decks, '--format', 'apkg', '--out', 'x.apkg'], { cwd }).code).toBe(0);
    const r = runCli(['import', 'x.apkg', '--decks', 'back/decks', '--state', 'back/state', '--yes'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const name = hashName(image, 'attention_map.png');
    expect(readFileSync(join(cwd, 'back/decks/media', name))).toEqual(image);
    const deck = readFileSync(join(cwd, 'back/decks/llm/attention.md'), 'utf8');
    expect(deck).toContain('$$\\mathrm{Attention}(Q,K,V)=\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$');
    expect(deck).toContain('Dividing by $\\sqrt{d_k}$ keeps the logits near unit variance when $a<b$.');
    expect(deck).toContain(`![attention map](../media/${name})`);
    expect(runCli(['check', '--decks', 'back/decks', '--state', 'back/state'], { cwd }).code).toBe(0);
  });
});

describe('recall export --format csv with images and formulas', () => {
  it('converts formulas the same way and writes the images to a folder beside the file, saying so', () => {
    const { decks, cwd, state, image } = setup();
    const r = runCli(['export', '--decks', decks, '--state', state, '--format', 'csv', '--out', 'notes.txt'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const name = hashName(image, 'attention_map.png');
    expect(r.stderr).toContain("recall: 1 image in notes.media/: copy it into your Anki profile's collection.media folder before importing");
    expect(r.stderr).toContain(`llm/attention.md:${MISSING_LINE}: image media/nothing.png is missing`);
    expect(readdirSync(join(cwd, 'notes.media'))).toEqual([name]);
    expect(readFileSync(join(cwd, 'notes.media', name))).toEqual(image);
    const rows = parseAnkiText(readFileSync(join(cwd, 'notes.txt'), 'utf8')).rows;
    const attention = rows.find((row) => row.fields[4] === 'What is scaled dot-product attention?')!;
    expect(attention.fields[5]).toContain('\\[\\mathrm{Attention}(Q,K,V)');
    expect(attention.fields[5]).toContain(`Dividing by \\(\\sqrt{d_k}\\)`);
    expect(attention.fields[5]).toContain(`<img src="${name}" alt="attention map">`);
    expect(rows.find((row) => row.fields[4]!.startsWith('The temperature'))!.fields[4]).toBe('The temperature divides the {{c1::logits \\(z_i/T\\)}} before the {{c2::softmax}}.');

    // Again: the folder is there with the same file; nothing else changes.
    expect(runCli(['export', '--decks', decks, '--state', state, '--format', 'csv', '--out', 'notes.txt', '--force'], { cwd }).code).toBe(0);
    expect(readdirSync(join(cwd, 'notes.media'))).toEqual([name]);
  });

  it('to stdout, says that the images are not included', () => {
    const { decks, cwd } = setup();
    const r = runCli(['export', '--decks', decks, '--format', 'csv', '--out', '-'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\\(\\sqrt{d_k}\\)');
    expect(r.stderr).toContain('recall: the cards show 1 image, which a text export cannot carry: export to a file (--out FILE.txt)');
    expect(existsSync(join(cwd, '-.media'))).toBe(false);
  });
});

describe('recall export --format md with formulas', () => {
  it('keeps $…$ and $$…$$ exactly as written, for Markdown viewers', () => {
    const { decks, cwd } = setup();
    const r = runCli(['export', '--decks', decks, '--format', 'md', '--out', '-'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(['  $$', '  \\mathrm{Attention}(Q,K,V)=\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V', '  $$'].join('\n'));
    expect(r.stdout).toContain('Dividing by $\\sqrt{d_k}$ keeps the logits near unit variance when $a<b$.');
    expect(r.stdout).toContain('- **Softmax of $z_i$**\n\n  $\\frac{e^{z_i}}{\\sum_j e^{z_j}}$');
    expect(r.stdout).toContain('The temperature divides the **logits $z_i/T$** before the **softmax**.');
    expect(r.stdout).not.toContain('\\(');
  });
});

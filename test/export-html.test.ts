// `recall export --format html` (issue 15: 5): one self-contained, printable page. Its structure is
// read back with a DOM parser; then a real headless Chromium opens the file and shows that the
// formulas are laid out as MathML, the code is coloured, the image decoded, and that nothing
// left the page.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDocument } from '@mixmark-io/domino';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../src/export/formats/index.js';
import { DAY, FakeClock, openSession, writeDecks } from './helpers.js';
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
  'Dividing by $\\sqrt{d_k}$ keeps the logits near unit variance.',
  '',
  '![attention map](media/attention%20map.png)',
  '',
  '## Write softmax in NumPy.',
  '```python',
  'import numpy as np',
  '',
  'def softmax(x, axis=-1):',
  '    # subtract the max for stability',
  '    e = np.exp(x - x.max(axis=axis, keepdims=True))',
  '    return e / e.sum(axis=axis, keepdims=True)',
  '```',
  '',
  '# RLHF',
  '',
  'The reward model is trained with the {{c1::Bradley–Terry}} loss $-\\log\\sigma(r(x,y_w)-r(x,y_l))$.',
  '',
  '## What is the DPO loss?',
  '$$\\mathcal{L}_{\\mathrm{DPO}} = -\\mathbb{E}\\left[\\log\\sigma\\left(\\beta\\log\\frac{\\pi_\\theta(y_w\\mid x)}{\\pi_{\\mathrm{ref}}(y_w\\mid x)}-\\beta\\log\\frac{\\pi_\\theta(y_l\\mid x)}{\\pi_{\\mathrm{ref}}(y_l\\mid x)}\\right)\\right]$$',
  '',
  '## A formula that does not parse?',
  'It stays as written: $\\frac{a}{$ here.',
  '',
  '## Where do the logos live?',
  '![logo](https://example.org/logo.png) and ![gone](media/nothing.png)',
  '',
].join('\n');

const PLAIN = ['## Plain question?', 'A plain answer with `code` and no formula.', ''].join('\n');

function setup() {
  const decks = writeDecks({ 'llm/attention.md': ATTENTION, 'plain.md': PLAIN });
  const image = png(24, 12, [40, 120, 200]);
  mkdirSync(join(decks, 'llm/media'));
  writeFileSync(join(decks, 'llm/media/attention map.png'), image);
  return { decks, cwd: dirname(decks), state: join(dirname(decks), 'state'), image };
}

function exportHtml(args: string[] = []) {
  const ws = setup();
  const r = runCli(['export', '--decks', ws.decks, '--state', ws.state, '--format', 'html', '--out', 'sheet.html', ...args], { cwd: ws.cwd });
  expect(r.code, r.stderr).toBe(0);
  const path = join(ws.cwd, 'sheet.html');
  return { ...ws, r, path, html: readFileSync(path, 'utf8') };
}

const all = (root: ParentNode, selector: string) => Array.from(root.querySelectorAll(selector));
const texts = (doc: Document, selector: string) => all(doc, selector).map((e) => e.textContent?.trim());

describe('recall export --format html', () => {
  it('is one page grouped by deck and section, with MathML, highlighted code and embedded images', () => {
    const { html, r, image } = exportHtml();
    expect(r.stderr).toMatch(/wrote sheet\.html: 7 entries, 1 image embedded\n$/);
    const doc = createDocument(html) as unknown as Document;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(texts(doc, 'h1')).toEqual(['recall cheat sheet']);
    expect(texts(doc, 'main > h2, main > h3')).toEqual(['llm::attention', 'Attention', 'RLHF', 'plain']);
    expect(texts(doc, '.card .q')).toEqual([
      'What is scaled dot-product attention?',
      'Write softmax in NumPy.',
      'What is the DPO loss?',
      'A formula that does not parse?',
      'Where do the logos live?',
      'Plain question?',
    ]);

    // Formulas as MathML: display ones as blocks, inline ones in the text, the cloze filled in.
    const maths = all(doc, 'math');
    expect(maths.map((m) => m.getAttribute('display') ?? 'inline')).toEqual(['block', 'inline', 'inline', 'block']);
    expect(maths[0]!.querySelector('mfrac msqrt')).not.toBeNull();
    const cloze = doc.querySelector('.card .cloze')!;
    expect(cloze.querySelector('b')!.textContent).toBe('Bradley–Terry');
    expect(cloze.querySelector('math')).not.toBeNull();
    // A formula Temml cannot read is its TeX, as written.
    expect(texts(doc, 'code.tex-source')).toEqual(['$\\frac{a}{$']);

    // Code with highlight.js classes, and its stylesheet.
    const code = doc.querySelector('pre code.hljs.language-python')!;
    expect(all(code, '.hljs-keyword').map((k) => k.textContent)).toEqual(expect.arrayContaining(['import', 'def', 'return']));
    expect(code.querySelector('.hljs-comment')!.textContent).toBe('# subtract the max for stability');
    expect(html).toMatch(/\.hljs-keyword[^{]*\{[^}]*color:#d73a49/);

    // The image inside the page; a web image as a link (nothing is fetched); a missing one said.
    const img = doc.querySelector('img')!;
    expect(img.getAttribute('alt')).toBe('attention map');
    expect(Buffer.from(img.getAttribute('src')!.replace(/^data:image\/png;base64,/, ''), 'base64')).toEqual(image);
    expect(doc.querySelectorAll('img')).toHaveLength(1);
    expect(doc.querySelector('a[href="https://example.org/logo.png"]')!.textContent).toBe('[image: logo]');
    expect(texts(doc, '.missing')).toEqual(['[missing image: media/nothing.png]']);
    expect(r.stderr).toMatch(/llm\/attention\.md:\d+: image media\/nothing\.png is missing/);
  });

  it('names its language, so a browser picks CJK glyphs for a Chinese sheet, and lists Chinese fonts to fall back on', () => {
    const en = createDocument(exportHtml().html) as unknown as Document;
    expect(en.documentElement.getAttribute('lang')).toBe('en');
    const zh = exportHtml(['--lang', 'zh']);
    expect((createDocument(zh.html) as unknown as Document).documentElement.getAttribute('lang')).toBe('zh-CN');
    expect(zh.html).toMatch(/body \{ font: [^}]*'PingFang SC'[^}]*'Microsoft YaHei'[^}]*'Noto Sans CJK SC'/);
  });

  it('needs nothing from the network: a policy forbidding it, fonts and images as data: URLs, no script', () => {
    const { html } = exportHtml();
    const doc = createDocument(html) as unknown as Document;
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:",
    );
    expect(doc.querySelectorAll('script, link, iframe, object')).toHaveLength(0);
    // Every url() in the styles is inline data (or, inside an inline SVG, a reference to its own part).
    const urls = [...html.matchAll(/url\(\s*['"]?([^'")]+)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(1);
    expect(urls.filter((u) => !u.startsWith('data:') && !u.startsWith('%23'))).toEqual([]);
    // The math font, with the MATH table browsers lay formulas out with.
    expect(html).toMatch(/@font-face \{ font-family: 'Noto Sans Math'; [^}]*src: url\(data:font\/woff2;base64,/);
  });

  it('prints a card whole on one page, and headings with the card after them', () => {
    const { html } = exportHtml();
    const css = (createDocument(html) as unknown as Document).querySelector('style')!.textContent!;
    expect(css).toMatch(/\.card \{[^}]*break-inside: avoid;[^}]*page-break-inside: avoid;/);
    expect(css).toMatch(/h2, h3 \{ break-after: avoid;/);
    expect(css).toMatch(/@media print \{/);
  });

  it('leaves the math font and code styles out of a sheet without formulas or code', () => {
    const decks = writeDecks({ 'a.md': '## Plain?\nyes\n' });
    const r = runCli(['export', '--decks', decks, '--format', 'html', '--out', '-'], { cwd: dirname(decks) });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('@font-face');
    expect(r.stdout).not.toContain('.hljs-keyword');
    expect(r.stdout.length).toBeLessThan(8000);
  });

  it('--sort weakest lists the lowest predicted recall first, with deck, section and recall', () => {
    const { decks, cwd, state } = setup();
    const s = openSession(decks, state, new FakeClock(Date.now() - 10 * DAY));
    const first = s.review.session.current!.card;
    s.review.answer(1);
    while (s.review.session.current?.card.noteKey === first.noteKey) s.review.bury();
    s.review.answer(4);
    s.close();
    const r = runCli(['export', '--decks', decks, '--state', state, '--format', 'html', '--sort', 'weakest', '--out', '-'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const doc = createDocument(r.stdout) as unknown as Document;
    expect(texts(doc, 'main > h2')).toEqual(['Weakest first', 'Not reviewed yet']);
    const where = texts(doc, '.card .where');
    expect(where[0]).toMatch(/^llm::attention › Attention · \d+% predicted recall$/);
    expect(where[1]).toMatch(/^llm::attention › Attention · \d+% predicted recall$/);
    expect(Number(/(\d+)%/.exec(where[0]!)![1])).toBeLessThan(Number(/(\d+)%/.exec(where[1]!)![1]));
    expect(where.at(-1)).toBe('plain');
  });

  it('is in --help, as every format of the registry is', () => {
    const r = runCli(['export', '--help'], { cwd: tmpdir() });
    const line = r.stdout.split('\n').find((l) => l.trim().startsWith('--format F'))!;
    expect(Object.keys(FORMATS)).toContain('html');
    for (const format of Object.values(FORMATS)) expect(line).toContain(format.help);
    expect(r.stdout).toMatch(/--sort ORDER +md, html:/);
  });
});

// --- in a real browser -------------------------------------------------------------------------

const CHROMIUM = [process.env.RECALL_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p): p is string => Boolean(p && existsSync(p)));

const SCREENSHOT = join(tmpdir(), 'recall-html-export.png');

describe('the HTML cheat sheet in headless Chromium', () => {
  it('lays out the formulas as MathML, colours the code, shows the image and fetches nothing', { timeout: 60_000 }, async (ctx) => {
    if (!CHROMIUM) ctx.skip('no Chromium: install it (apt-get install chromium, as .ci/run does) or set RECALL_CHROMIUM to run this test');
    const { path } = exportHtml();
    const { chromium } = await import('playwright-core');
    const profile = mkdtempSync(join(tmpdir(), 'recall-chromium-'));
    let context;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        viewport: { width: 900, height: 1200 },
      });
    } catch (error) {
      rmSync(profile, { recursive: true, force: true });
      ctx.skip(`Chromium at ${CHROMIUM} cannot start here: ${(error as Error).message.split('\n')[0]}`);
    }
    try {
      const requests: string[] = [];
      context!.on('request', (request) => requests.push(request.url()));
      const page = context!.pages()[0] ?? (await context!.newPage());
      const url = pathToFileURL(path).href;
      await page.goto(url, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);

      const seen = await page.evaluate(() => {
        const box = (e: Element) => e.getBoundingClientRect();
        const maths = Array.from(document.querySelectorAll('math'));
        const fraction = document.querySelector('math mfrac')!;
        // Chromium lays MathML out itself: its elements have the display types of MathML Core.
        const mathDisplays = [...new Set(Array.from(document.querySelectorAll('math mfrac, math msqrt, math mrow, math mi')).map((e) => getComputedStyle(e).display))];
        const [num, den] = Array.from(fraction.children);
        const style = (selector: string) => getComputedStyle(document.querySelector(selector)!).color;
        const img = document.querySelector('img')!;
        let mathFontLoaded = false;
        document.fonts.forEach((f) => {
          if (f.family.includes('Noto Sans Math') && f.status === 'loaded') mathFontLoaded = true;
        });
        return {
          maths: maths.map((m) => ({ width: box(m).width, height: box(m).height })),
          mathDisplays,
          numeratorAboveDenominator: box(num!).bottom <= box(den!).top + 1,
          mathFont: document.fonts.check('16px "Noto Sans Math"', '∑') && mathFontLoaded,
          colours: { keyword: style('.hljs-keyword'), comment: style('.hljs-comment'), code: style('pre code') },
          image: { complete: img.complete, naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight, width: box(img).width },
        };
      });
      // Each formula drawn with a size, laid out as MathML: a numerator above its denominator.
      expect(seen.mathDisplays.length).toBeGreaterThan(0);
      for (const display of seen.mathDisplays) expect(display).toMatch(/math/);
      expect(seen.maths).toHaveLength(4);
      for (const m of seen.maths) {
        expect(m.width).toBeGreaterThan(5);
        expect(m.height).toBeGreaterThan(5);
      }
      expect(seen.maths[0]!.height).toBeGreaterThan(30);
      expect(seen.numeratorAboveDenominator).toBe(true);
      expect(seen.mathFont).toBe(true);
      // Keywords and comments in their own colours, apart from the code's.
      expect(new Set(Object.values(seen.colours)).size).toBe(3);
      expect(seen.colours.keyword).toBe('rgb(215, 58, 73)');
      expect(seen.image).toEqual({ complete: true, naturalWidth: 24, naturalHeight: 12, width: 24 });
      // Only the page itself was asked for.
      expect(requests.filter((u) => !u.startsWith('data:'))).toEqual([url]);

      // Printed: each card whole on a page.
      await page.emulateMedia({ media: 'print' });
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.card')!).breakInside)).toBe('avoid');
      await page.emulateMedia({ media: 'screen' });
      await page.screenshot({ path: SCREENSHOT, fullPage: false });
      console.log(`screenshot of the exported sheet: ${SCREENSHOT}`);
    } finally {
      await context!.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

// The cheat sheet as one self-contained, printable HTML file: formulas as MathML (Temml) drawn
// with an embedded math font (Noto Sans Math, which has the OpenType MATH table browsers lay
// MathML out with), code highlighted by highlight.js with its GitHub stylesheet, images embedded
// as data: URLs. Nothing is fetched when the page is viewed: a Content-Security-Policy forbids it,
// and a URL image is shown as a link. The same grouping and order as the Markdown sheet.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Card } from '../core/types.js';
import { exportText } from '../i18n/export.js';
import { language } from '../i18n/index.js';
import { codeEngine, texEngine } from '../render/engines.js';
import { filledCloze, sheetLayout, type SheetOptions } from './cheatsheet.js';
import { escapeAttr, escapeHtml, renderHtml, type HtmlHooks } from './html.js';
import { isExternal } from '../core/markdown.js';
import { mimeType, type DeckMedia } from './media.js';

export interface HtmlSheetOptions extends SheetOptions {
  /** Reads the images cards show (and reports the missing ones). */
  media: DeckMedia;
  /** When the sheet was made (ms), shown under the title. */
  now: number;
}

const packages = createRequire(import.meta.url);
/** A file a package ships (a stylesheet, a font), read from node_modules at export time. */
const asset = (name: string) => readFileSync(packages.resolve(name));
const dataUrl = (mime: string, data: Uint8Array) => `data:${mime};base64,${Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')}`;

/** Temml's stylesheet for its MathML, with its small font inlined, and the math font. */
function mathStyles(): string {
  const temml = asset('temml/dist/Temml-Local.css')
    .toString('utf8')
    .replace(/url\(['"]?Temml\.woff2['"]?\)/g, `url(${dataUrl('font/woff2', asset('temml/dist/Temml.woff2'))})`);
  const font = dataUrl('font/woff2', asset('@fontsource/noto-sans-math/files/noto-sans-math-latin-400-normal.woff2'));
  // not-ui: CSS
  return `${temml}\n@font-face { font-family: 'Noto Sans Math'; font-style: normal; font-weight: 400; src: url(${font}) format('woff2'); }\nmath { font-family: 'Noto Sans Math', math; }`;
}

// not-ui: CSS
const PAGE_STYLES = `
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif; color: #1f2328; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
header h1 { font-size: 1.6rem; margin: 0; }
header p { color: #656d76; margin: .2rem 0 1.5rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #d0d7de; padding-bottom: .2rem; margin: 2rem 0 .6rem; }
h3 { font-size: 1.05rem; color: #424a53; margin: 1.2rem 0 .4rem; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
.card { border: 1px solid #d0d7de; border-radius: 6px; padding: .55rem .85rem; margin: .55rem 0; break-inside: avoid; page-break-inside: avoid; }
.card .q { font-weight: 600; }
.card .a { margin-top: .3rem; }
.card .q > :first-child, .card .a > :first-child { margin-top: 0; }
.card .q > :last-child, .card .a > :last-child { margin-bottom: 0; }
.card .q h3, .card .q h4, .card .q h5, .card .q h6, .card .a h4, .card .a h5, .card .a h6 { font-size: 1em; margin: .6rem 0 .2rem; }
.card .where { color: #656d76; font-size: .85em; margin-top: .35rem; }
.card .cloze b { color: #0550ae; }
p { margin: .35rem 0; }
ul, ol { margin: .3rem 0; padding-left: 1.4rem; }
pre { background: #f6f8fa; border-radius: 4px; padding: .5rem .7rem; overflow-x: auto; font-size: .85em; line-height: 1.45; }
pre code.hljs { padding: 0; background: transparent; display: inline; }
code { font-family: ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace; }
:not(pre) > code { background: #eff1f3; border-radius: 3px; padding: .05em .3em; font-size: .9em; }
code.tex-source { color: #656d76; }
img { max-width: 100%; height: auto; }
.missing { color: #a40e26; font-style: italic; }
table { border-collapse: collapse; margin: .4rem 0; }
th, td { border: 1px solid #d0d7de; padding: .2rem .5rem; }
blockquote { margin: .4rem 0; padding-left: .8rem; border-left: 3px solid #d0d7de; color: #424a53; }
math[display="block"] { margin: .5rem 0; overflow-x: auto; overflow-y: hidden; }
@page { margin: 14mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  .card { border-color: #aaa; }
  pre { white-space: pre-wrap; overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`;

/** Only data: URLs and the page's own styles: a sheet opened in a browser asks the network for nothing. */
// not-ui: HTML
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

const imageTag = (src: string, alt: string) => `<img src="${escapeAttr(src)}" alt="${escapeAttr(alt)}">`; // not-ui: HTML
const div = (classes: string, html: string) => `<div class="${classes}">${html}</div>`; // not-ui: HTML

class SheetWriter {
  hasMath = false;
  hasCode = false;
  images = 0;

  constructor(private readonly media: DeckMedia) {}

  private hooks(card: Card): HtmlHooks {
    return {
      headingShift: 3,
      codeClass: 'hljs',
      math: (node) => {
        const markup = texEngine().texToMathML(node.tex, node.display);
        // A formula Temml cannot read is shown as its TeX, as the terminal shows it.
        if (markup.includes('temml-error')) return `<code class="tex-source">${escapeHtml(node.source)}</code>`; // not-ui: HTML
        this.hasMath = true;
        return markup;
      },
      code: (text, lang) => {
        const html = codeEngine().highlightHtml(text, lang);
        if (html !== undefined) this.hasCode = true;
        return html;
      },
      image: (src, alt) => {
        if (isExternal(src) && !src.startsWith('data:')) return `<a href="${escapeAttr(src)}">${escapeHtml(exportText.sheet.webImage(alt || src))}</a>`;
        if (src.startsWith('data:')) return imageTag(src, alt);
        const file = this.media.file(card, src);
        if (!file) return `<span class="missing">${escapeHtml(exportText.sheet.missingImage(src))}</span>`; // not-ui: HTML
        this.images++;
        return imageTag(dataUrl(mimeType(file.path), file.data), alt);
      },
    };
  }

  entry(card: Card, where: string | undefined, recall: number | undefined): string {
    const html = (markdown: string) => renderHtml(markdown, this.hooks(card));
    const parts: string[] = [];
    if (card.kind === 'cloze') {
      if (card.heading) parts.push(div('q', html(card.heading)));
      parts.push(div('a cloze', html(filledCloze(card.front))));
    } else {
      parts.push(div('q', html(card.front)), div('a', html(card.back)));
    }
    if (where !== undefined) parts.push(div('where', escapeHtml(recall !== undefined ? `${where} · ${exportText.sheet.recall(Math.round(recall * 100))}` : where)));
    return `<article class="card">${parts.join('')}</article>`; // not-ui: HTML
  }
}

export function htmlSheet(cards: Card[], options: HtmlSheetOptions): { html: string; entries: number; images: number } {
  const writer = new SheetWriter(options.media);
  const body: string[] = [];
  let entries = 0;
  for (const item of sheetLayout(cards, options)) {
    if (item.t === 'heading') body.push(`<h${item.level}>${escapeHtml(item.text)}</h${item.level}>`);
    else {
      body.push(writer.entry(item.card, item.where, item.recall));
      entries++;
    }
  }
  // The packages' stylesheets first: the page's own rules (spacing in a card) come after them.
  const styles: string[] = [];
  if (writer.hasCode) styles.push(asset('highlight.js/styles/github.min.css').toString('utf8'));
  if (writer.hasMath) styles.push(mathStyles());
  styles.push(PAGE_STYLES);
  const date = new Date(options.now).toISOString().slice(0, 10);
  const title = escapeHtml(options.title);
  // not-ui: HTML
  const html = `<!DOCTYPE html>
<html lang="${language() === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="recall">
<title>${title}</title>
<style>${styles.join('\n')}</style>
</head>
<body>
<header><h1>${title}</h1><p>${escapeHtml(exportText.sheet.entries(entries, date))}</p></header>
<main>
${body.join('\n')}
</main>
</body>
</html>
`;
  return { html, entries, images: writer.images };
}

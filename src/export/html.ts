// Card Markdown as HTML: the same parse the terminal renders, so a card looks the same everywhere.
// One renderer, with hooks for what differs between its readers: Anki gets formulas in MathJax
// delimiters and images by their media name (markdownToHtml); the HTML cheat sheet gets MathML,
// highlighted code and embedded images (html-sheet.ts). Cloze markup passes through as text;
// inside code it is escaped so Anki never reads it.

import { parseMarkdown, type MathBlock, type MathInline, type MathNode } from '../core/markdown.js';

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeCode = (s: string) => escapeHtml(s).replace(/\{/g, '&#123;').replace(/\}/g, '&#125;');
export const escapeAttr = (s: string) => escapeHtml(s).replace(/"/g, '&quot;');

export interface HtmlHooks {
  /** A formula as HTML; `inCloze` when it sits inside a `{{c1::…}}` deletion. Without it, formulas stay text. */
  math?: (node: MathNode, inCloze: boolean) => string;
  /** The HTML inside `<pre><code>` for a fenced block, or undefined for the plain escaped text. */
  code?: (text: string, lang: string) => string | undefined;
  /** The HTML of an image (Markdown `![alt](src)` or an `<img src>` tag in the text). Default: `<img src alt>`. */
  image?: (src: string, alt: string) => string;
  /** Headings inside card text are shown this many levels lower (default 2: `#` is `<h3>`). */
  headingShift?: number;
  /** Code classes: `language-x` always, and these before it (the sheet's `hljs`). */
  codeClass?: string;
}

const imageHtml = (src: string, alt: string) => `<img src="${escapeAttr(src)}" alt="${escapeAttr(alt)}">`; // not-ui: HTML

/** `<img>` tags written into card text (the notes importer keeps HTML images as they were). */
const IMG_TAG = /<img\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag);
  if (!m) return undefined;
  return (m[1] ?? m[2] ?? m[3]!).replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const CLOZE_MARK = /\{\{c\d+::|\}\}/g;

class Renderer {
  /** Inside a cloze deletion: Anki ends it at the first `}}`, even inside a formula. */
  private inCloze = false;

  constructor(private readonly hooks: HtmlHooks) {}

  private text(text: string): string {
    if (text.includes('{{') || text.includes('}}')) {
      for (const m of text.matchAll(CLOZE_MARK)) this.inCloze = m[0] !== '}}';
    }
    if (!/<img\b/i.test(text)) return escapeHtml(text);
    let out = '';
    let at = 0;
    for (const m of text.matchAll(IMG_TAG)) {
      const src = attribute(m[0], 'src');
      if (src === undefined) continue;
      out += escapeHtml(text.slice(at, m.index)) + this.image(src, attribute(m[0], 'alt') ?? '');
      at = m.index! + m[0].length;
    }
    return out + escapeHtml(text.slice(at));
  }

  private image(src: string, alt: string): string {
    return (this.hooks.image ?? imageHtml)(src, alt);
  }

  inline(nodes: MathInline[]): string {
    return nodes
      .map((n) => {
        switch (n.t) {
          case 'text':
            return this.text(n.text);
          case 'strong':
            return `<b>${this.inline(n.children)}</b>`;
          case 'em':
            return `<i>${this.inline(n.children)}</i>`;
          case 'del':
            return `<s>${this.inline(n.children)}</s>`;
          case 'code':
            return `<code>${escapeCode(n.text)}</code>`;
          case 'br':
            return '<br>';
          case 'image':
            return this.image(n.src, n.alt);
          case 'link':
            return `<a href="${escapeAttr(n.href)}">${this.inline(n.children)}</a>`;
          case 'math':
            return this.hooks.math ? this.hooks.math(n, this.inCloze) : escapeHtml(n.source);
        }
      })
      .join('');
  }

  block(b: MathBlock): string {
    switch (b.t) {
      case 'paragraph':
        return `<p>${this.inline(b.inline)}</p>`;
      case 'heading': {
        const level = Math.min(6, b.level + (this.hooks.headingShift ?? 2));
        return `<h${level}>${this.inline(b.inline)}</h${level}>`;
      }
      case 'code': {
        const classes = [this.hooks.codeClass, b.lang ? `language-${b.lang}` : ''].filter(Boolean).join(' ');
        const highlighted = b.lang ? this.hooks.code?.(b.text, b.lang) : undefined;
        const body = highlighted ?? escapeCode(b.text);
        return `<pre><code${classes ? ` class="${escapeAttr(classes)}"` : ''}>${body.replace(/\n/g, '<br>')}</code></pre>`;
      }
      case 'list': {
        const tag = b.ordered ? 'ol' : 'ul';
        const start = b.ordered && b.start !== 1 ? ` start="${b.start}"` : '';
        return `<${tag}${start}>${b.items.map((item) => `<li>${this.blocks(item, true)}</li>`).join('')}</${tag}>`;
      }
      case 'table': {
        const cell = (tag: string, c: MathInline[], i: number) => `<${tag}${b.align[i] ? ` style="text-align:${b.align[i]}"` : ''}>${this.inline(c)}</${tag}>`;
        return `<table><tr>${b.header.map((c, i) => cell('th', c, i)).join('')}</tr>${b.rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('')}</table>`;
      }
      case 'quote':
        return `<blockquote>${this.blocks(b.blocks)}</blockquote>`;
      case 'hr':
        return '<hr>';
      case 'math':
        return this.hooks.math ? this.hooks.math(b, this.inCloze) : `<p>${escapeHtml(b.source).replace(/\n/g, '<br>')}</p>`;
    }
  }

  blocks(list: MathBlock[], tight = false): string {
    // A one-paragraph list item or field needs no <p>: it would add margins in Anki.
    if (list.length === 1 && list[0]!.t === 'paragraph' && tight) return this.inline(list[0]!.inline);
    return list.map((b) => this.block(b)).join('');
  }
}

/** Card Markdown as one line of HTML (no newlines outside formulas), rendered with the given hooks. */
export function renderHtml(markdown: string, hooks: HtmlHooks = {}): string {
  const blocks: MathBlock[] = hooks.math ? parseMarkdown(markdown, { math: true }) : parseMarkdown(markdown);
  return new Renderer(hooks).blocks(blocks, true);
}

/**
 * A formula in the delimiters Anki's MathJax reads: `\(…\)` inline, `\[…\]` display. Inside a
 * cloze, Anki ends the deletion at the first `}}` and reads `::` as the start of a hint, so those
 * pairs get a space between them: TeX ignores spaces in math, so the formula is the same.
 */
export function mathJax(node: MathNode, inCloze: boolean): string {
  let tex = node.tex;
  if (inCloze) tex = tex.replace(/\}(?=\})/g, '} ').replace(/:(?=:)/g, ': ');
  const [open, close] = node.display ? ['\\[', '\\]'] : ['\\(', '\\)'];
  return escapeHtml(`${open}${tex}${close}`).replace(/\n/g, ' ');
}

export interface AnkiHtmlOptions {
  /** The media file name Anki knows an image by, or undefined to keep its source as written. */
  image?: (src: string) => string | undefined;
}

/** Card Markdown as the HTML Anki shows: one line (so it fits a tab-separated row unquoted). */
export function markdownToHtml(markdown: string, options: AnkiHtmlOptions = {}): string {
  return renderHtml(markdown, {
    math: mathJax,
    image: (src, alt) => imageHtml(options.image?.(src) ?? src, alt),
  });
}

/** What Anki stores as a note's sort field and hashes for its checksum (text.rs: strip_html_preserving_media_filenames). */
export function ankiStripHtml(html: string): string {
  const media = html.replace(/<\b(?:img|audio|video|object|source)\b(?:[^>]|"[^"]+?"|'[^']+?')*?\bsrc\s*=\s*(?:"([^"]+?)"|'([^']+?)'|([^ ="'>]+))[^>]*>/gis, (_m, a, b, c) => ` ${a ?? b ?? c} `);
  const stripped = media.replace(/(<!--.*?-->)|(<style.*?>.*?<\/style>)|(<script.*?>.*?<\/script>)|(<.*?>)/gis, '');
  if (!stripped.includes('&')) return stripped;
  return stripped
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
      if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[e.toLowerCase()] ?? whole;
    })
    .replace(/\u00a0/g, ' ');
}

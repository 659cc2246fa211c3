// Card Markdown as HTML for Anki: the same parse the terminal renders, so a card looks the same
// in both. Cloze markup passes through as text; inside code it is escaped so Anki never reads it.

import { parseMarkdown, type Block, type Inline } from '../core/markdown.js';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeCode = (s: string) => escapeHtml(s).replace(/\{/g, '&#123;').replace(/\}/g, '&#125;');
const escapeAttr = (s: string) => escapeHtml(s).replace(/"/g, '&quot;');

function inline(nodes: Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.t) {
        case 'text':
          return escapeHtml(n.text);
        case 'strong':
          return `<b>${inline(n.children)}</b>`;
        case 'em':
          return `<i>${inline(n.children)}</i>`;
        case 'del':
          return `<s>${inline(n.children)}</s>`;
        case 'code':
          return `<code>${escapeCode(n.text)}</code>`;
        case 'br':
          return '<br>';
        case 'image':
          return `<img src="${escapeAttr(n.src)}" alt="${escapeAttr(n.alt)}">`;
        case 'link':
          return `<a href="${escapeAttr(n.href)}">${inline(n.children)}</a>`;
      }
    })
    .join('');
}

function block(b: Block): string {
  switch (b.t) {
    case 'paragraph':
      return `<p>${inline(b.inline)}</p>`;
    case 'heading':
      return `<h${Math.min(6, b.level + 2)}>${inline(b.inline)}</h${Math.min(6, b.level + 2)}>`;
    case 'code':
      return `<pre><code${b.lang ? ` class="language-${escapeAttr(b.lang)}"` : ''}>${escapeCode(b.text).replace(/\n/g, '<br>')}</code></pre>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      const start = b.ordered && b.start !== 1 ? ` start="${b.start}"` : '';
      return `<${tag}${start}>${b.items.map((item) => `<li>${blocks(item, true)}</li>`).join('')}</${tag}>`;
    }
    case 'table': {
      const cell = (tag: string, c: Inline[], i: number) => `<${tag}${b.align[i] ? ` style="text-align:${b.align[i]}"` : ''}>${inline(c)}</${tag}>`;
      return `<table><tr>${b.header.map((c, i) => cell('th', c, i)).join('')}</tr>${b.rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('')}</table>`;
    }
    case 'quote':
      return `<blockquote>${blocks(b.blocks)}</blockquote>`;
    case 'hr':
      return '<hr>';
  }
}

function blocks(list: Block[], tight = false): string {
  // A one-paragraph list item or field needs no <p>: it would add margins in Anki.
  if (list.length === 1 && list[0]!.t === 'paragraph' && tight) return inline(list[0]!.inline);
  return list.map(block).join('');
}

/** One line of HTML (no newlines, so it fits a tab-separated row unquoted). */
export function markdownToHtml(markdown: string): string {
  return blocks(parseMarkdown(markdown), true);
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

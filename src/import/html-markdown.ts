// Anki field HTML -> Markdown in the subset recall renders, with turndown (which parses the HTML
// with its own server-side DOM, domino). Shared by the package and the text importers.
// Math in MathJax delimiters becomes $…$ and $$…$$; images point at the imported media; text is
// not backslash-escaped, so a card's words (and so its id) come back as they were written.
import { createDocument } from '@mixmark-io/domino';
import TurndownService from 'turndown';
import { mapOutsideFences } from '../core/fences.js';

/** The DOM node members the rules below read (domino's nodes have them). */
interface DomNode {
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
  getAttribute(name: string): string | null;
  innerHTML?: string;
}

export interface HtmlOptions {
  /** The Markdown link target for a media file the field names (an image or a sound). */
  mediaLink?: (name: string) => string;
  /** Each media file the field uses, as named in the field. */
  onMedia?: (name: string) => void;
}

const MATH = /\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g;
const PLACEHOLDER = /\u2063M(\d+)\u2063/g;
const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Text of math as MathJax saw it: tags (line breaks the editor added) out, entities decoded. */
function mathText(html: string): string {
  return decodeEntities(html.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, '')).replace(/\u00a0/g, ' ').trim();
}

const cellText = (content: string) => content.replace(/\n+/g, ' ').replace(/\|/g, '\\|').trim();

function makeService(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    fence: '```',
    emDelimiter: '*',
    strongDelimiter: '**',
    br: '',
  });
  // recall reads Markdown the way it was typed: no backslashes added to the text.
  service.escape = (s: string) => s;
  service.remove(['script', 'style', 'head', 'title', 'meta'] as never);
  service.addRule('strikethrough', { filter: ['del', 's', 'strike'] as never, replacement: (content: string) => `~~${content}~~` });
  service.addRule('preformatted', {
    filter: 'pre' as never,
    replacement: (_content: string, node: unknown) => {
      const pre = node as DomNode;
      const code = pre.childNodes.length === 1 && pre.childNodes[0]!.nodeName === 'CODE' ? pre.childNodes[0]! : pre;
      const language = /language-(\S+)/.exec(code.getAttribute?.('class') ?? '')?.[1] ?? '';
      const text = (code.textContent ?? '').replace(/\u00a0/g, ' ').replace(/\n$/, '');
      let fence = '```';
      while (text.includes(fence)) fence += '`';
      return `\n\n${fence}${language}\n${text}\n${fence}\n\n`;
    },
  });
  // List items with one space after the marker, as people type them.
  service.addRule('listItem', {
    filter: 'li' as never,
    replacement: (content: string, node: unknown) => {
      const n = node as DomNode & { nextSibling: unknown };
      const parent = n.parentNode;
      let marker = '-';
      if (parent?.nodeName === 'OL') {
        const start = Number(parent.getAttribute('start') ?? '1') || 1;
        const items = Array.from(parent.childNodes).filter((c) => c.nodeName === 'LI');
        marker = `${start + items.indexOf(n)}.`;
      }
      const indent = ' '.repeat(marker.length + 1);
      const body = content.replace(/^\n+/, '').replace(/\n+$/, '\n').replace(/\n/g, `\n${indent}`);
      return `${marker} ${body}${n.nextSibling && !/\n$/.test(body) ? '\n' : ''}`;
    },
  });
  // Tables as GFM tables (recall renders those): the first row is the header, and each column
  // keeps the alignment of its header cell.
  service.addRule('tableCell', {
    filter: ['th', 'td'] as never,
    replacement: (content: string, node: unknown) => {
      const n = node as DomNode;
      const first = n.parentNode?.childNodes[0] === n;
      return `${first ? '| ' : ' '}${cellText(content)} |`;
    },
  });
  service.addRule('tableRow', {
    filter: 'tr' as never,
    replacement: (content: string, node: unknown) => {
      const row = node as DomNode;
      const align = Array.from(row.childNodes)
        .filter((c) => c.nodeName === 'TH' || c.nodeName === 'TD')
        .map((c) => (c.getAttribute('align') ?? /text-align:\s*(left|right|center)/i.exec(c.getAttribute('style') ?? '')?.[1] ?? '').toLowerCase());
      return `${content}\u2063${align.join(',')}\n`;
    },
  });
  service.addRule('tableSection', { filter: ['thead', 'tbody', 'tfoot'] as never, replacement: (content: string) => content });
  service.addRule('table', {
    filter: 'table' as never,
    replacement: (content: string) => {
      const rows = content.split('\n').filter((r) => r.trim() !== '');
      if (rows.length === 0) return '';
      const [head, align = ''] = rows[0]!.split('\u2063');
      const cells = rows.map((r) => r.split('\u2063')[0]!);
      const columns = Math.max(1, ...cells.map((r) => r.split(' |').length - 1));
      const aligns = align.split(',');
      const divider = `|${Array.from({ length: columns }, (_, i) => ({ left: ' :-- |', right: ' --: |', center: ' :-: |' })[aligns[i] as 'left'] ?? ' --- |').join('')}`;
      return `\n\n${head}\n${divider}\n${cells.slice(1).join('\n')}\n\n`;
    },
  });
  service.addRule('image', {
    filter: 'img' as never,
    replacement: (_c: string, node: unknown) => {
      const n = node as DomNode;
      const src = n.getAttribute('src') ?? '';
      if (!src) return '';
      const local = !/^[a-z][a-z0-9+.-]*:/i.test(src);
      if (local) current.onMedia?.(src);
      const alt = (n.getAttribute('alt') ?? '').replace(/[[\]]/g, '');
      return `![${alt}](${local && current.mediaLink ? current.mediaLink(src) : src})`;
    },
  });
  return service;
}

/** The options of the conversion under way (the image rule is added once, for every call). */
let current: HtmlOptions = {};
let shared: TurndownService | undefined;
/**
 * One element, in one document, that each field is parsed into: turndown given a string makes a
 * new document for it, which costs more than the conversion itself.
 */
let holder: { innerHTML: string; nodeType: number } | undefined;

/**
 * One field's HTML as Markdown. Line breaks the author made (<br>, <div> lines) stay line breaks;
 * blocks are separated by a blank line.
 */
export function htmlToMarkdown(html: string, options: HtmlOptions = {}): string {
  // Plain text (many fields are) needs no HTML parser: only its spaces fold as HTML's do.
  if (!/[<>&\\[\]`*_#|{]/.test(html) && !/^\s*(?:[-+>]|\d+[.)])\s/m.test(html)) return html.replace(/\s+/g, ' ').trim();
  const service = (shared ??= makeService());
  const math: string[] = [];
  let source = html.replace(MATH, (_m, inline: string | undefined, display: string | undefined) => {
    math.push(inline !== undefined ? `$${mathText(inline)}$` : `$$${mathText(display!)}$$`);
    return `\u2063M${math.length - 1}\u2063`;
  });
  // Inside <pre>, the editor's <br> are the code's line breaks.
  source = source.replace(/<pre\b[\s\S]*?<\/pre>/gi, (pre) => pre.replace(/<br\s*\/?>/gi, '\n'));
  current = options;
  holder ??= createDocument('<!doctype html><html><body></body></html>').createElement('x-turndown'); // not-ui: HTML
  holder.innerHTML = source;
  let md = service.turndown(holder as never);
  holder.innerHTML = '';
  md = md.replace(/\[sound:([^\]]+)\]/g, (_m, name: string) => {
    options.onMedia?.(name);
    return `[sound: ${name}](${options.mediaLink ? options.mediaLink(name) : name})`;
  });
  md = md.replace(PLACEHOLDER, (_m, i: string) => math[Number(i)] ?? '');
  return md
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * recall writes a heading inside a card two levels down in HTML (`###` as <h5>, see
 * src/export/html.ts, so it stays below the card's own heading): Markdown from recall's own
 * export gets its levels back.
 */
export function raiseHeadings(md: string): string {
  return mapOutsideFences(md.split('\n'), (line) => line.replace(/^(#{5,6})(?=\s)/, (h) => '#'.repeat(h.length - 2))).join('\n');
}

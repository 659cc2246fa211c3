// Anki's plain-text notes (File > Export > Notes in Plain Text, or a hand-made import file):
// header lines (#separator:, #html:, #columns:, #notetype column:, ...) then one note per row.
// Basic and Cloze notes become cards in the deck format.
import { cardsOf, type Proposal } from '../core/propose.js';

const SEPARATORS: Record<string, string> = { tab: '\t', comma: ',', semicolon: ';', space: ' ', pipe: '|', colon: ':' };

export interface AnkiTextFile {
  separator: string;
  html: boolean;
  columns?: string[];
  special: { notetype?: number; deck?: number; tags?: number; guid?: number };
  notetype?: string;
  deck?: string;
  rows: { line: number; fields: string[] }[];
}

/** True when a text file looks like Anki's text format (it has Anki header lines). */
export function isAnkiText(text: string): boolean {
  return /^#(separator|html|columns|notetype|deck|tags|guid)[ a-z]*:/im.test(text.slice(0, 2000));
}

/** Splits rows, honouring double-quoted fields that hold separators, quotes ("") and line breaks. */
function splitRows(text: string, from: number, startLine: number, sep: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let atFieldStart = true;
  let line = startLine;
  let rowLine = line;
  for (let i = from; i <= text.length; i++) {
    const c = i < text.length ? text[i]! : '\n';
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
      continue;
    }
    if (c === sep) {
      fields.push(field);
      field = '';
      atFieldStart = true;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') continue;
    if (c === '\n') {
      fields.push(field);
      if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      atFieldStart = true;
      line++;
      rowLine = line;
      if (i >= text.length) break;
      continue;
    }
    field += c;
    atFieldStart = false;
  }
  return rows;
}

export function parseAnkiText(text: string): AnkiTextFile {
  const clean = text.replace(/^\uFEFF/, '');
  const lines = clean.split('\n');
  const headers = new Map<string, string>();
  let offset = 0;
  let n = 0;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const m = /^#([a-z ]+):(.*)$/i.exec(line);
    if (!m) break;
    headers.set(m[1]!.trim().toLowerCase(), m[2]!);
    offset += raw.length + 1;
    n++;
  }
  const sepHeader = headers.get('separator')?.trim();
  const firstRow = lines[n] ?? '';
  const separator = sepHeader
    ? (SEPARATORS[sepHeader.toLowerCase()] ?? sepHeader)
    : firstRow.includes('\t') ? '\t' : firstRow.includes(';') ? ';' : ',';
  const column = (key: string) => {
    const v = Number(headers.get(`${key} column`));
    return Number.isInteger(v) && v > 0 ? v : undefined;
  };
  return {
    separator,
    html: (headers.get('html') ?? 'false').trim().toLowerCase() === 'true',
    columns: headers.get('columns')?.split(separator).map((c) => c.trim()),
    special: { notetype: column('notetype'), deck: column('deck'), tags: column('tags'), guid: column('guid') },
    notetype: headers.get('notetype')?.trim(),
    deck: headers.get('deck')?.trim(),
    rows: splitRows(clean, offset, n + 1, separator),
  };
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Anki field HTML -> Markdown: line breaks, bold, italics, code, lists, images as links. */
export function htmlToMarkdown(html: string, notes: string[] = []): string {
  let s = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(div|p|li|pre)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '- ')
    .replace(/<(b|strong)(\s[^>]*)?>/gi, '**')
    .replace(/<\/(b|strong)>/gi, '**')
    .replace(/<(i|em)(\s[^>]*)?>/gi, '*')
    .replace(/<\/(i|em)>/gi, '*')
    .replace(/<code[^>]*>/gi, '`')
    .replace(/<\/code>/gi, '`')
    .replace(/<img[^>]*src=["']?([^"' >]+)["']?[^>]*>/gi, (_m, src: string) => {
      notes.push(`an image (${src}) is kept as a link: its file is in Anki's media folder`);
      return `[image](${src})`;
    })
    .replace(/<a\s[^>]*href=["']([^"']+)["'][^>]*>(.*?)<\/a>/gi, '[$2]($1)')
    .replace(/<[^>]+>/g, '');
  s = s.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
  return s.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

export interface AnkiImport {
  proposals: Proposal[];
  /** Every tag the rows carry (the deck format keeps tags per file, not per card). */
  tags: string[];
  skipped: { line: number; reason: string }[];
}

/** Anki rows -> proposals. Deck names become section titles; tags are listed, not kept per card. */
export function proposeFromAnkiText(text: string): AnkiImport {
  const file = parseAnkiText(text);
  const proposals: Proposal[] = [];
  const skipped: AnkiImport['skipped'] = [];
  const tags = new Set<string>();
  const specialCols = new Set(Object.values(file.special).filter((v): v is number => v !== undefined).map((v) => v - 1));
  for (const row of file.rows) {
    const notes: string[] = [];
    if (file.special.tags) for (const t of (row.fields[file.special.tags - 1] ?? '').split(/\s+/)) if (t) tags.add(t);
    const type = (file.special.notetype ? row.fields[file.special.notetype - 1] : file.notetype) ?? 'Basic';
    const deck = (file.special.deck ? row.fields[file.special.deck - 1] : file.deck)?.trim() || undefined;
    const fields = row.fields.filter((_, i) => !specialCols.has(i)).map((f) => (file.html ? htmlToMarkdown(f, notes) : f.trim()));
    const [first = '', second = ''] = fields;
    let snippet: string;
    let kind: Proposal['kind'];
    if (/cloze/i.test(type) || /\{\{c\d+::/.test(first)) {
      kind = 'cloze';
      snippet = second ? `${first}\n*${second.replace(/\n+/g, ' ')}*` : first;
    } else {
      kind = 'question';
      if (first === '' || second === '') {
        skipped.push({ line: row.line, reason: 'a field is empty' });
        continue;
      }
      const front = first.replace(/\s*\n\s*/g, ' ');
      if (/revers/i.test(type) && !second.includes('\n')) {
        kind = 'term';
        snippet = `${front} ::: ${second}`;
      } else {
        if (/revers/i.test(type)) notes.push('the reverse card is not kept: its answer spans several lines');
        snippet = `## ${front}\n${second.replace(/^ {0,3}#{1,2}(\s)/gm, '###$1')}`;
      }
    }
    const cards = cardsOf(snippet);
    if (!cards) {
      skipped.push({ line: row.line, reason: `not a valid ${kind === 'cloze' ? 'cloze' : 'card'} in the deck format` });
      continue;
    }
    proposals.push({ kind, line: row.line, section: deck, snippet, cards, notes });
  }
  return { proposals, tags: [...tags], skipped };
}

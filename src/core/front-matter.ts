// YAML front matter: parsed by gray-matter, validated here so a typo is reported with its line.
import { matterEngine } from './matter.js';
import type { DeckMeta, Problem } from './types.js';
import { m } from '../i18n/index.js';

export interface FrontMatter {
  meta: DeckMeta;
  /** Index (0-based) of the first body line. */
  bodyStart: number;
  problems: Problem[];
}

const KNOWN_KEYS = [
  'deck', 'tags', 'source', 'description', 'reverse', 'retention', 'new_per_day',
  'title', 'authors', 'year', 'venue', 'lang',
] as const;

function emptyMeta(): DeckMeta {
  return { tags: [], reverse: false };
}

/** Edit distance, to suggest the key a typo meant. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

function keyLine(lines: string[], key: string, fallback: number): number {
  const at = lines.findIndex((l) => l.startsWith(`${key}:`));
  return at === -1 ? fallback : at + 1;
}

export function parseFrontMatter(file: string, lines: string[]): FrontMatter {
  const meta = emptyMeta();
  const problems: Problem[] = [];
  if (lines[0]?.trimEnd() !== '---') return { meta, bodyStart: 0, problems };

  const close = lines.findIndex((l, i) => i > 0 && (l.trimEnd() === '---' || l.trimEnd() === '...'));
  if (close === -1) {
    problems.push({ file, line: 1, message: m.parse.frontMatter.unclosed });
    return { meta, bodyStart: 1, problems };
  }

  let data: Record<string, unknown>;
  try {
    // An options object bypasses gray-matter's cache, which would hide a repeated error.
    data = matterEngine()(lines.slice(0, close + 1).join('\n'), {}).data as Record<string, unknown>;
  } catch (error) {
    const e = error as { reason?: string; mark?: { line?: number }; message?: string };
    const line = e.mark?.line !== undefined ? e.mark.line + 1 : 1;
    problems.push({ file, line, message: m.parse.frontMatter.badYaml(e.reason ?? e.message ?? '') });
    return { meta, bodyStart: close + 1, problems };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ file, line: 2, message: m.parse.frontMatter.notMapping });
    return { meta, bodyStart: close + 1, problems };
  }

  const at = (key: string) => keyLine(lines, key, 1);
  const want = m.parse.frontMatter.want;
  const bad = (key: string, what: string) => problems.push({ file, line: at(key), message: m.parse.frontMatter.mustBe(key, what) });
  const text = (key: string): string | undefined => {
    const value = data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    bad(key, want.text);
    return undefined;
  };

  for (const key of Object.keys(data)) {
    if ((KNOWN_KEYS as readonly string[]).includes(key)) continue;
    const near = KNOWN_KEYS.find((k) => distance(k, key.toLowerCase()) <= 2);
    problems.push({
      file,
      line: at(key),
      message: m.parse.frontMatter.unknownKey(key, near, KNOWN_KEYS.join(', ')),
    });
  }

  const deck = text('deck');
  if (deck !== undefined) {
    if (deck.split('::').some((part) => part.trim() === '')) bad('deck', want.deck);
    else meta.deck = deck.split('::').map((p) => p.trim()).join('::');
  }
  const tags = data.tags;
  if (typeof tags === 'string') meta.tags = tags.split(',').map((t) => t.trim()).filter(Boolean);
  else if (Array.isArray(tags) && tags.every((t) => typeof t === 'string' || typeof t === 'number')) {
    meta.tags = tags.map((t) => String(t).trim()).filter(Boolean);
  } else if (tags !== undefined && tags !== null) bad('tags', want.tags);
  if (meta.tags.some((t) => /\s/.test(t))) bad('tags', want.tagWords);

  meta.source = text('source');
  meta.description = text('description');
  meta.title = text('title');
  meta.authors = text('authors');
  meta.venue = text('venue');
  const year = data.year;
  if (typeof year === 'number' || typeof year === 'string') meta.year = year;
  else if (year !== undefined && year !== null) bad('year', want.year);

  if (data.reverse !== undefined) {
    if (typeof data.reverse === 'boolean') meta.reverse = data.reverse;
    else bad('reverse', want.boolean);
  }
  if (data.retention !== undefined) {
    const r = data.retention;
    if (typeof r === 'number' && r >= 0.7 && r <= 0.99) meta.retention = r;
    else bad('retention', want.retention);
  }
  if (data.lang !== undefined) {
    const lang = typeof data.lang === 'string' ? data.lang.trim().toLowerCase() : '';
    if (/^[a-z]{2}$/.test(lang)) meta.lang = lang;
    else bad('lang', want.lang);
  }
  if (data.new_per_day !== undefined) {
    const n = data.new_per_day;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 9999) meta.newPerDay = n;
    else bad('new_per_day', want.newPerDay);
  }
  return { meta, bodyStart: close + 1, problems };
}

// Anki's plain-text import format with every header Anki reads (Anki 2.1.54 and later), so a file
// imports without touching the import dialog: the note type, deck, tags and a GUID per row (a
// second import updates instead of duplicating). It uses Anki's stock note types, which a text
// import can only name: Anki looks a row's note type up by name or by id
// (rslib/src/import_export/text/import.rs), stock types get a random id in each collection, and
// their names are the ones of the language the collection was created in
// (rslib/src/notetype/stock.rs), so the names are written in the language asked for.
import { REVERSE_MARK, contextHtml, toAnkiNotes, type NoteOptions } from './anki-notes.js';
import type { Card } from '../core/types.js';

/**
 * Anki's names of its stock types, by the language of the collection (Anki's translations,
 * core/<lang>/notetypes.ftl of ankitects/anki-core-i18n). The export uses the optional-reverse
 * type and Cloze; the importer knows them all.
 */
export interface StockNames {
  basic: string;
  reversed: string;
  optional: string;
  cloze: string;
}

// Anki's own names of its stock note types, by the language a collection was made in: a text
// import finds a type only by its name, so these are data Anki reads, never said by recall.
export const STOCK_NAMES: Record<string, StockNames> = {
  en: { basic: 'Basic', reversed: 'Basic (and reversed card)', optional: 'Basic (optional reversed card)', cloze: 'Cloze' }, // not-ui: Anki's note type names
  'zh-CN': { basic: '问答题', reversed: '问答题（同时生成翻转的卡片）', optional: '问答题（同时生成翻转的卡片<可选>）', cloze: '填空题' }, // not-ui: Anki's note type names
  'zh-TW': { basic: '基本型', reversed: '基本型 (含反向卡片)', optional: '基本型 (可選用反向卡片)', cloze: '克漏字' }, // not-ui: Anki's note type names
  ja: { basic: '基本', reversed: 'Basic (裏表反転カード付き)', optional: 'Basic (裏表反転カード追加可能)', cloze: '穴埋め' }, // not-ui: Anki's note type names
  ko: { basic: '기본', reversed: '기본 (역방향 카드 포함)', optional: '기본 (선택적 역방향 카드)', cloze: '빈칸 뚫기' }, // not-ui: Anki's note type names
};

/**
 * The language code of STOCK_NAMES for a locale such as `zh_CN.UTF-8`, `zh-Hant-TW` or `ja_JP`;
 * English for anything else.
 */
export function stockLanguage(locale: string | undefined): string {
  const l = (locale ?? '').toLowerCase().replace(/_/g, '-').split('.')[0]!;
  if (l.startsWith('zh')) return /-(tw|hk|mo|hant)/.test(l) ? 'zh-TW' : 'zh-CN';
  if (l.startsWith('ja')) return 'ja';
  if (l.startsWith('ko')) return 'ko';
  return 'en';
}

/** Quotes a field when it holds the separator, a quote or a line break (Anki reads CSV quoting). */
function csvField(s: string): string {
  return /[\t"\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The section and heading, above the answer: the first field stays the card's own text. */
export function contextBlock(card: Card): string {
  const context = contextHtml(card);
  return context ? `<div class="recall-context" style="color:#888;font-size:0.8em">${context}</div>` : ''; // not-ui: HTML
}

export interface TextOptions extends NoteOptions {
  /** A key of STOCK_NAMES (see stockLanguage); default English. */
  language?: string;
}

export function ankiText(cards: Card[], options: TextOptions = {}): { text: string; notes: number } {
  const names = STOCK_NAMES[options.language ?? 'en'] ?? STOCK_NAMES.en!;
  const notes = toAnkiNotes(cards, options);
  // not-ui: Anki's text import headers
  const lines = ['#separator:tab', '#html:true', '#guid column:1', '#notetype column:2', '#deck column:3', '#tags column:4'];
  for (const note of notes) {
    const first = note.cards.find((c) => c.ord === 0)?.card ?? note.cards[0]!.card;
    // Fields as the stock types have them: Front, Back, Add Reverse / Text, Back Extra.
    const [text, back] = note.fields as [string, string];
    const fields =
      note.kind === 'cloze'
        ? [text, contextBlock(first)]
        : [text, contextBlock(first) + back, note.fields[3] === REVERSE_MARK ? REVERSE_MARK : ''];
    lines.push([note.guid, note.kind === 'cloze' ? names.cloze : names.optional, note.deck, note.tags.join(' '), ...fields].map(csvField).join('\t'));
  }
  return { text: lines.join('\n') + '\n', notes: notes.length };
}

// The interface language. Every user-facing string comes from a catalog (./en.ts, ./zh.ts), read
// through `m`: English until the command line chose another language. Each command bundle has
// its own copy of this module, so the chosen catalog also rides on a global the CLI sets before
// it loads the command: a bundle picks it up when it starts.
import { en, type Catalog } from './en.js';

export type { Catalog } from './en.js';
export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'zh'];

const GLOBAL = Symbol.for('recall.catalog');
type Holder = { [GLOBAL]?: { lang: Lang; catalog: Catalog } };

/** The messages of the interface language. */
export const m: Catalog = { ...en };
let current: Lang = 'en';

const given = (globalThis as Holder)[GLOBAL];
if (given) {
  Object.assign(m, given.catalog);
  current = given.lang;
}

/** Makes `catalog` the interface's messages, here and in every bundle loaded after this. */
export function useCatalog(lang: Lang, catalog: Catalog): void {
  Object.assign(m, catalog);
  current = lang;
  (globalThis as Holder)[GLOBAL] = { lang, catalog };
}

export function language(): Lang {
  return current;
}

/** `zh_CN.UTF-8`, `zh_TW`, `zh` -> zh; anything else -> en. The first of LC_ALL, LC_MESSAGES, LANG that is set decides. */
export function localeLanguage(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh([_.@-]|$)/i.test(locale) ? 'zh' : 'en';
}

/** A YYYY-MM-DD day key as the interface language writes a date: 2026-11-29, 2026年11月29日. */
export function formatDayKey(key: string): string {
  const [y, mo, d] = key.split('-').map(Number) as [number, number, number];
  return m.format.date(y, mo, d);
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

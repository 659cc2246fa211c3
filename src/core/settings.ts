// Scheduling settings: defaults, overridden by recall.config.json at the decks root.
import type { Problem } from './types.js';
import { m, type Catalog } from '../i18n/index.js';

export interface Settings {
  /** Desired retention: the probability of recall FSRS aims for when a card comes due. */
  retention: number;
  newPerDay: number;
  reviewsPerDay: number;
  /** Local hour at which a new day starts (Anki's "next day starts at"). */
  rolloverHour: number;
  learningSteps: string[];
  relearningSteps: string[];
  maximumInterval: number;
  fuzz: boolean;
  /** A learning card due within this many minutes is shown rather than ending the session. */
  learnAheadMinutes: number;
  /** Lapses at which a card is suspended as a leech (and every half of it after that). */
  leechThreshold: number;
  /** FSRS parameters fitted by `recall optimize` (kept in the state folder); defaults when absent. */
  weights?: readonly number[];
  /** The interface language, when the config names one (else --lang or the locale decides). */
  language?: 'en' | 'zh';
  /**
   * Which edition of decks written in a language (front matter `lang:`) a session shows: the one
   * of the interface language (`auto`), one named, or `all`. Decks without `lang` always show.
   */
  edition: 'auto' | 'all' | 'en' | 'zh';
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  retention: 0.9,
  newPerDay: 20,
  reviewsPerDay: 200,
  rolloverHour: 4,
  learningSteps: ['1m', '10m'],
  relearningSteps: ['10m'],
  maximumInterval: 36500,
  fuzz: true,
  learnAheadMinutes: 20,
  leechThreshold: 8,
  edition: 'auto',
}) as Settings;

export const CONFIG_FILE = 'recall.config.json';

type Check = (value: unknown) => boolean;
const int = (min: number, max: number): Check => (v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const steps: Check = (v) => Array.isArray(v) && v.every((s) => typeof s === 'string' && /^\d+(\.\d+)?[mhd]$/.test(s));

/** Each setting's field and check; what a wrong value should be is said by m.config.want. */
const KEYS: Record<keyof Catalog['config']['want'], { field: keyof Settings; check: Check }> = {
  retention: { field: 'retention', check: (v) => typeof v === 'number' && v >= 0.7 && v <= 0.99 },
  new_per_day: { field: 'newPerDay', check: int(0, 9999) },
  reviews_per_day: { field: 'reviewsPerDay', check: int(0, 99999) },
  rollover_hour: { field: 'rolloverHour', check: int(0, 23) },
  learning_steps: { field: 'learningSteps', check: steps },
  relearning_steps: { field: 'relearningSteps', check: steps },
  maximum_interval: { field: 'maximumInterval', check: int(1, 36500) },
  fuzz: { field: 'fuzz', check: (v) => typeof v === 'boolean' },
  learn_ahead_minutes: { field: 'learnAheadMinutes', check: int(0, 1440) },
  leech_threshold: { field: 'leechThreshold', check: int(1, 999) },
  language: { field: 'language', check: (v) => v === 'en' || v === 'zh' },
  edition: { field: 'edition', check: (v) => ['auto', 'all', 'en', 'zh'].includes(v as string) },
};

/** Reads the text of recall.config.json; every problem names the key and its line. */
export function parseSettings(text: string, file = CONFIG_FILE): { settings: Settings; problems: Problem[] } {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const problems: Problem[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : 1;
    problems.push({ file, line, message: m.config.notJson((error as Error).message) });
    return { settings, problems };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ file, line: 1, message: m.config.notObject });
    return { settings, problems };
  }
  const lines = text.split('\n');
  const lineOf = (key: string) => Math.max(1, lines.findIndex((l) => l.includes(`"${key}"`)) + 1);
  for (const [key, value] of Object.entries(data)) {
    const spec = Object.hasOwn(KEYS, key) ? KEYS[key as keyof typeof KEYS] : undefined;
    if (!spec) {
      problems.push({ file, line: lineOf(key), message: m.config.unknownKey(key, Object.keys(KEYS).join(', ')) });
      continue;
    }
    if (!spec.check(value)) {
      problems.push({ file, line: lineOf(key), message: m.config.mustBe(key, m.config.want[key as keyof typeof KEYS]) });
      continue;
    }
    (settings as unknown as Record<string, unknown>)[spec.field] = value;
  }
  return { settings, problems };
}

// recall.config.json at the decks root: optional; every problem names its line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE, DEFAULT_SETTINGS, parseSettings, type Settings } from '../core/settings.js';
import type { Problem } from '../core/types.js';

/** The settings from recall.config.json (the defaults where it is missing). */
export function loadSettings(decksDir: string): { settings: Settings; problems: Problem[] } {
  const path = join(decksDir, CONFIG_FILE);
  return existsSync(path) ? parseSettings(readFileSync(path, 'utf8'), CONFIG_FILE) : { settings: { ...DEFAULT_SETTINGS }, problems: [] };
}

// recall.config.json at the decks root: optional; every problem names its line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE, DEFAULT_SETTINGS, parseSettings, type Settings } from '../core/settings.js';
import type { Problem } from '../core/types.js';
import { loadScheduling } from './scheduling-file.js';

/** The settings from recall.config.json, with the FSRS parameters fitted for this state folder. */
export function loadSettings(decksDir: string, stateDir?: string): { settings: Settings; problems: Problem[] } {
  const path = join(decksDir, CONFIG_FILE);
  const loaded = existsSync(path) ? parseSettings(readFileSync(path, 'utf8'), CONFIG_FILE) : { settings: { ...DEFAULT_SETTINGS }, problems: [] };
  if (stateDir !== undefined) {
    const params = loadScheduling(stateDir).params;
    if (params) loaded.settings = { ...loaded.settings, weights: params.w };
  }
  return loaded;
}

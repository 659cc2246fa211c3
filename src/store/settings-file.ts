// recall.config.json at the decks root: optional; every problem names its line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE, DEFAULT_SETTINGS, parseSettings, type Settings } from '../core/settings.js';
import type { Problem } from '../core/types.js';

export function loadSettings(decksDir: string): { settings: Settings; problems: Problem[] } {
  const path = join(decksDir, CONFIG_FILE);
  if (!existsSync(path)) return { settings: { ...DEFAULT_SETTINGS }, problems: [] };
  return parseSettings(readFileSync(path, 'utf8'), CONFIG_FILE);
}

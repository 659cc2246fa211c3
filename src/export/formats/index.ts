// The export formats, by their --format name: one line each (see ../format.ts).
import type { ExportFormat } from '../format.js';
import { ankiTextFormat } from './anki-text.js';
import { apkg } from './apkg.js';
import { backup } from './backup.js';
import { htmlSheetFormat } from './html.js';
import { markdownSheet } from './markdown.js';

export const FORMATS: Record<string, ExportFormat> = {
  apkg,
  csv: ankiTextFormat,
  md: markdownSheet,
  html: htmlSheetFormat,
  json: backup,
};

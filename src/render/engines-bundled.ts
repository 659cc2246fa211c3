// engines.ts as the CLI's build has it (scripts/build.js swaps the module): each engine is its
// own bundle beside the command bundles (dist/render/*.cjs), loaded on first use through the
// same V8 code cache as the commands. `__dirname` is the folder of the command bundle running.
import { join } from 'node:path';
import { loadBundleFile } from '../bundle-loader.js';
import type { CodeEngine, TexEngine } from './engines.js';

let tex: TexEngine | undefined;
let code: CodeEngine | undefined;

export function texEngine(): TexEngine {
  return (tex ??= loadBundleFile<TexEngine>(join(__dirname, '..', 'render', 'tex.cjs')));
}

export function codeEngine(): CodeEngine {
  return (code ??= loadBundleFile<CodeEngine>(join(__dirname, '..', 'render', 'highlight.cjs')));
}

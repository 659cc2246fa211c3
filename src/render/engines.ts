// The heavy renderers: Temml for formulas, highlight.js for code. Run from the TypeScript sources
// (tests, tools) they are plain imports. The CLI's build (scripts/build.js, lazy-engines) puts
// each in a bundle of its own and swaps this module for engines-bundled.ts, which loads a bundle
// only when a card on screen first needs it: a session without formulas or code never pays for them.
import * as code from './highlight.js';
import * as tex from './tex.js';

export type TexEngine = typeof tex;
export type CodeEngine = typeof code;

export function texEngine(): TexEngine {
  return tex;
}

export function codeEngine(): CodeEngine {
  return code;
}

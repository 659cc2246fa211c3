// gray-matter, which parses the YAML of a deck's front matter. Run from the TypeScript sources
// (tests, tools) it is a plain import. The CLI's build (scripts/build.js, lazy-engines) swaps this
// module for matter-bundled.ts, which loads it as a bundle of its own when a deck file is first
// parsed: a start from the deck cache parses none, and skipped js-yaml's code and schemas (half a
// millisecond of every start).
import matter from 'gray-matter';

export type Matter = typeof matter;

export function matterEngine(): Matter {
  return matter;
}

// Loads a command bundle with a V8 code cache. Node 20 has no compile cache of its own, and
// compiling the review screen's bundle (Ink, React, the UI) costs tens of milliseconds at every
// start; with cached data V8 skips parsing and compiling what the last run already compiled.
// The cache sits beside the bundle and is rewritten only when V8 rejects it (a new Node).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/**
 * A command's bundle (dist/commands/NAME.cjs), from dist/cli.cjs. `screen`: the command opens a
 * full-screen session, whose start allocates megabytes of objects that live on (the bundle's
 * code, the decks' and the progress's headers): with the default growth of the young generation
 * it went through eight scavenges and a mark-compact before its first card, so the young
 * generation is let grow fast. The sizes cannot change once the process runs, but the growth
 * factor can. Only for screens: a command that reads the whole history (stats) peaked 12 MB
 * higher with it.
 */
export function loadBundle<T>(name: string, options: { screen?: boolean } = {}): T {
  if (options.screen) setFlagsFromString('--semi-space-growth-factor=16');
  return loadBundleFile<T>(join(__dirname, 'commands', `${name}.cjs`));
}

/** Any bundle by its path: the lazily loaded renderers load this way from a command's bundle. */
export function loadBundleFile<T>(file: string): T {
  const cacheFile = `${file}.v8cache`;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: this run makes one.
  }
  const source = readFileSync(file, 'utf8');
  // not-ui: JavaScript (the CommonJS wrapper)
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as T };
  const wrapper = script.runInThisContext() as (e: unknown, r: NodeRequire, m: unknown, f: string, d: string) => void;
  wrapper(module.exports, createRequire(file), module, file, dirname(file));
  if (cachedData === undefined || script.cachedDataRejected) {
    // After the run, so that the functions it compiled are in the cache too.
    process.once('exit', () => {
      try {
        writeFileSync(cacheFile, script.createCachedData());
      } catch {
        // A read-only install only loses the speed-up.
      }
    });
  }
  return module.exports;
}

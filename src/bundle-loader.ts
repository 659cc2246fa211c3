// Loads a command bundle with a V8 code cache. Node 20 has no compile cache of its own, and
// compiling the review screen's bundle (Ink, React, the UI) costs tens of milliseconds at every
// start; with cached data V8 skips parsing and compiling what the last run already compiled.
// The cache sits beside the bundle and is rewritten only when V8 rejects it (a new Node).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** A command's bundle (dist/commands/NAME.cjs), from dist/cli.cjs. */
export function loadBundle<T>(name: string): T {
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

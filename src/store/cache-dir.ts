// <state>/cache: what recall can rebuild by itself (parsed decks, the review history's and the
// progress snapshot's columns). It ignores itself in git, so a state folder kept in git never
// commits it.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDir } from './make-dir.js';

/** The cache folder, made if missing; throws when it cannot be (a read-only state folder). */
export function makeCacheDir(stateDir: string): string {
  const dir = join(stateDir, 'cache');
  makeDir(dir);
  const ignore = join(dir, '.gitignore');
  // not-ui: a .gitignore git reads (its comment is for anyone browsing the folder)
  if (!existsSync(ignore)) writeFileSync(ignore, '# A cache recall rebuilds by itself: never commit it.\n*\n');
  return dir;
}

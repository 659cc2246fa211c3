// `mkdir -p`, one level at a time. Node 20's recursive mkdirSync loops forever where a parent
// exists but cannot hold folders (under /proc, say: mkdir answers ENOENT there); this one stops
// with that error.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function makeDir(path: string): void {
  const missing: string[] = [];
  let dir = path;
  for (;;) {
    try {
      if (statSync(dir).isDirectory()) break;
      mkdirSync(dir); // a file there: mkdir fails with EEXIST, which names the path
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

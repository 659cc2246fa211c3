// Takes a run's files out of the kernel's page cache, so that a cold start reads them from the
// disk. posix_fadvise(DONTNEED) per file, through GNU dd (`iflag=nocache count=0` is exactly that
// call for the whole file): it touches only these files, where `echo 3 > drop_caches` would empty
// the cache of everyone on this shared machine. Dirty pages cannot be dropped, so `sync` first.
// Pages mapped by a live process stay: the node binary itself (this harness runs on it) is
// always cached, as it is on any machine that has run node recently.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function filesUnder(paths) {
  const out = [];
  const walk = (p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
    else if (st.isFile()) out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

/** Drops every file under `paths` from the page cache. */
export function evict(paths) {
  spawnSync('sync');
  for (const file of filesUnder(paths)) {
    const r = spawnSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none']);
    if (r.status !== 0) throw new Error(`could not drop ${file} from the page cache: ${r.stderr}`);
  }
}

/** The share (0..1) of the bytes under `paths` that are in the page cache (util-linux fincore). */
export function residentShare(paths) {
  const files = filesUnder(paths);
  let resident = 0;
  let total = 0;
  for (let i = 0; i < files.length; i += 200) {
    const r = spawnSync('fincore', ['--bytes', '--raw', '--noheadings', '--output', 'RES,SIZE', ...files.slice(i, i + 200)], { encoding: 'utf8' });
    if (r.status !== 0) return undefined;
    for (const line of r.stdout.trim().split('\n').filter(Boolean)) {
      const [res, size] = line.split(/\s+/).map(Number);
      resident += Math.min(res, size); // the last page of a file counts whole
      total += size;
    }
  }
  return total === 0 ? 0 : resident / total;
}

/** Whether eviction can work here (GNU dd with iflag=nocache and fincore to check it). */
export function canEvict() {
  const dd = spawnSync('dd', ['if=/dev/null', 'iflag=nocache', 'count=0', 'status=none']);
  const fincore = spawnSync('fincore', ['--version']);
  return dd.status === 0 && fincore.status === 0;
}

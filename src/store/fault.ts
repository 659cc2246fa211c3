// Fault injection for the crash tests; inert unless RECALL_FAULT is set. `point:n:how` makes the
// n-th write at that point stop halfway: `kill` (SIGKILL, as a power cut or kill -9 would) or
// `enospc` (the write fails as on a full disk).
export type FaultPoint = 'log-append' | 'file-write';

const spec = process.env.RECALL_FAULT?.split(':');
let seen = 0;

export function fault(point: FaultPoint): 'kill' | 'enospc' | undefined {
  if (!spec || spec[0] !== point) return undefined;
  seen++;
  if (seen !== Number(spec[1] ?? 1)) return undefined;
  return spec[2] === 'enospc' ? 'enospc' : 'kill';
}

/** Called after half of the data is written: dies, or fails like a full disk. */
export function injectFault(how: 'kill' | 'enospc'): never {
  if (how === 'kill') process.kill(process.pid, 'SIGKILL');
  const error = new Error('ENOSPC: no space left on device, write') as NodeJS.ErrnoException;
  error.code = 'ENOSPC';
  throw error;
}

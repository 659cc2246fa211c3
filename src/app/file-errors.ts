// A file-system error that reaches the command line (a folder that cannot be written, a path
// under /proc) is the user's to fix: it is said in words, with the path, never as a stack trace.
import { UserError } from '../errors.js';
import { m } from '../i18n/index.js';

/** The error as a UserError when it is a file-system error about a path; otherwise undefined. */
export function describeFileError(error: unknown): UserError | undefined {
  const e = error as NodeJS.ErrnoException & { dest?: string };
  const why = typeof e.code === 'string' && Object.hasOwn(m.fileError.why, e.code) ? m.fileError.why[e.code] : undefined;
  if (!(error instanceof Error) || why === undefined) return undefined;
  const path = e.dest ?? e.path;
  if (typeof path !== 'string') return undefined;
  const verbs = m.fileError.verb;
  const verb = e.syscall && Object.hasOwn(verbs, e.syscall) ? verbs[e.syscall]! : verbs.other!;
  return new UserError(m.fileError.message(verb, path, why, e.code!), m.fileError.hint);
}

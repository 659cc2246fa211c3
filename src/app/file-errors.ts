// A file-system error that reaches the command line (a folder that cannot be written, a path
// under /proc) is the user's to fix: it is said in words, with the path, never as a stack trace.
import { UserError } from '../errors.js';

const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EEXIST: 'it already exists',
  EINVAL: 'the file system does not allow it there',
  EIO: 'the disk reported an input/output error',
  EBUSY: 'the file is busy',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'the path has a loop of symbolic links',
  EMFILE: 'too many files are open',
  EXDEV: 'the path crosses file systems',
};

const VERB: Record<string, string> = {
  open: 'open',
  write: 'write',
  rename: 'write',
  mkdir: 'create the folder',
  unlink: 'remove',
  scandir: 'read the folder',
  read: 'read',
  stat: 'read',
  fsync: 'write',
  copyfile: 'copy',
};

/** The error as a UserError when it is a file-system error about a path; otherwise undefined. */
export function describeFileError(error: unknown): UserError | undefined {
  const e = error as NodeJS.ErrnoException & { dest?: string };
  if (!(error instanceof Error) || typeof e.code !== 'string' || !WHY[e.code]) return undefined;
  const path = e.dest ?? e.path;
  if (typeof path !== 'string') return undefined;
  const verb = VERB[e.syscall ?? ''] ?? 'use';
  return new UserError(`could not ${verb} ${path}: ${WHY[e.code]} (${e.code})`, 'nothing was changed there; choose another place (or fix its permissions) and run the command again');
}

// Runs the real `recall` binary in a pseudo-terminal (util-linux `script`), types keys, reads the screen.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/recall.js', import.meta.url));

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>()][0-9A-Za-z]?/g;

export class Pty {
  private output = '';
  private exited: Promise<number | null>;
  readonly child: ChildProcessWithoutNullStreams;

  /** Every pseudo-terminal still open: a test that fails mid-way must not leave a session behind. */
  static readonly open = new Set<Pty>();

  constructor(args: string[], options: { cwd: string; env?: Record<string, string>; columns?: number; rows?: number }) {
    const command = `stty cols ${options.columns ?? 80} rows ${options.rows ?? 30}; exec ${shellQuote(process.execPath)} ${shellQuote(BIN)} ${args.map(shellQuote).join(' ')}`;
    this.child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: options.cwd,
      env: { ...process.env, TERM: 'xterm-256color', ...options.env },
    });
    this.child.stdout.on('data', (d: Buffer) => (this.output += d.toString('utf8')));
    this.child.stderr.on('data', (d: Buffer) => (this.output += d.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    Pty.open.add(this);
    void this.exited.then(() => Pty.open.delete(this));
  }

  /** Everything printed so far, escape codes included. */
  raw(): string {
    return this.output;
  }

  /** Everything printed so far, escape codes removed. */
  text(): string {
    return this.output.replace(ANSI, '');
  }

  /** Output since `mark` (a length of text() taken earlier). */
  since(mark: number): string {
    return this.text().slice(mark);
  }

  async waitFor(pattern: RegExp | string, timeoutMs = 10_000, from = 0): Promise<void> {
    const start = Date.now();
    const found = () => (typeof pattern === 'string' ? this.since(from).includes(pattern) : pattern.test(this.since(from)));
    while (!found()) {
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${String(pattern)}; screen so far:\n${this.text().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async type(keys: string): Promise<void> {
    this.child.stdin.write(keys);
    await new Promise((r) => setTimeout(r, 40));
  }

  wait(): Promise<number | null> {
    return this.exited;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  /** The pid of recall itself (the child of `script`). */
  appPid(): number | undefined {
    const r = spawnSync('pgrep', ['-P', String(this.child.pid)], { encoding: 'utf8' });
    const pid = Number(r.stdout.split('\n').filter(Boolean)[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  /** Resizes the terminal recall runs in, as a window resize would: the kernel sends it SIGWINCH. */
  resize(columns: number, rows: number): void {
    const pid = this.appPid();
    if (!pid) throw new Error('recall is not running');
    const tty = readlinkSync(`/proc/${pid}/fd/0`);
    const r = spawnSync('stty', ['-F', tty, 'cols', String(columns), 'rows', String(rows)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`stty failed: ${r.stderr}`);
  }

  /** SIGKILL to recall itself (the child of `script`), as a crash or kill -9 would. */
  killApp(): void {
    const r = spawnSync('pgrep', ['-P', String(this.child.pid)], { encoding: 'utf8' });
    for (const pid of r.stdout.split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

export function runCli(args: string[], options: { cwd: string; env?: Record<string, string>; input?: string }) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

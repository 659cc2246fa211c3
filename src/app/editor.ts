// The one way recall hands a file to the user's editor ($VISUAL, then $EDITOR, then vi) and waits
// for it: at a line when there is one. Editors that open a window and return at once (VS Code,
// Sublime, Zed) are told to wait, or the caller would read the file before it was edited.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { m } from '../i18n/index.js';

/** `+LINE FILE` works for vi, vim, nvim, nano, emacs, micro, kak; VS Code-like editors want `-g FILE:LINE`. */
export function editorCommand(editor: string, file: string, line?: number): string[] {
  const parts = editor.split(/\s+/).filter(Boolean);
  const name = parts[0]?.split('/').pop() ?? '';
  const waits = parts.includes('--wait') || parts.includes('-w');
  if (/^(code|code-insiders|codium|cursor|windsurf)$/.test(name)) return [...parts, ...(waits ? [] : ['--wait']), ...(line ? ['-g', `${file}:${line}`] : [file])];
  if (/^(subl|zed|mate)$/.test(name)) return [...parts, ...(waits ? [] : ['--wait']), line ? `${file}:${line}` : file];
  return [...parts, ...(line ? [`+${line}`] : []), file];
}

export function chosenEditor(env: NodeJS.ProcessEnv = process.env): string {
  return env.VISUAL || env.EDITOR || 'vi';
}

/** Runs the editor on the file and waits; returns why it could not start, or undefined. */
export function openInEditor(file: string, line?: number): string | undefined {
  const editor = chosenEditor();
  const [cmd, ...args] = editorCommand(editor, file, line);
  // Loaded here, not at start-up: child_process brings net and dgram with it. (A require: a
  // command bundle runs in a vm.Script, which has no dynamic import.)
  const { spawnSync } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  const result = spawnSync(cmd!, args, { stdio: 'inherit' });
  if (result.error) return m.review.editorFailed(editor, result.error.message);
  if (result.status !== 0 && result.status !== null) return m.review.editorStatus(editor, result.status);
  return undefined;
}

/** Text edited in the user's editor, through a temporary Markdown file; throws when the editor cannot run. */
export function editText(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'recall-edit-'));
  const file = join(dir, 'card.md');
  writeFileSync(file, text + '\n');
  try {
    const problem = openInEditor(file);
    if (problem) throw new Error(problem);
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

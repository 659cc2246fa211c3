// The images of a card, for the `o` key: drawn in the terminal where it can draw them (kitty's
// graphics protocol, iTerm2's inline images; told by the terminal's own variables, never
// guessed), otherwise opened in the system's viewer.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { imageSources, listImages } from '../core/markdown.js';
import type { Card } from '../core/types.js';
import { m } from '../i18n/index.js';

export interface CardImage {
  alt: string;
  /** An absolute path, or a URL for an image on the web. */
  target: string;
  external: boolean;
  exists: boolean;
}

/** `exists` may remember answers: a check of 100k cards asks about the same few images again and again. */
export function cardImages(card: Card, decksDir: string, exists: (path: string) => boolean = existsSync): CardImage[] {
  const found = [card.front, card.back].flatMap((text) => listImages(text));
  if (found.length === 0) return [];
  const base = dirname(join(decksDir, card.file));
  return found.map((image) => {
    if (image.external) return { alt: image.alt, target: image.src, external: true, exists: true };
    // The same paths, in the same order, the exports take the image from (DeckMedia).
    const paths = imageSources(image.src).map((src) => join(base, src));
    const target = paths.find(exists);
    return { alt: image.alt, target: target ?? paths[0]!, external: false, exists: target !== undefined };
  });
}

export type InlineProtocol = 'kitty' | 'iterm2';

/** The inline image protocol this terminal says it speaks, if any. */
export function inlineProtocol(env: NodeJS.ProcessEnv = process.env): InlineProtocol | undefined {
  if (env.KITTY_WINDOW_ID || env.TERM === 'xterm-kitty' || env.TERM_PROGRAM === 'ghostty') return 'kitty';
  if (env.TERM_PROGRAM === 'iTerm.app' || env.LC_TERMINAL === 'iTerm2' || env.TERM_PROGRAM === 'WezTerm') return 'iterm2';
  return undefined;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/** The escape sequence that draws the image, or undefined when this protocol cannot draw its format. */
export function inlineImage(bytes: Buffer, name: string, protocol: InlineProtocol): string | undefined {
  const data = bytes.toString('base64');
  if (protocol === 'iterm2') {
    return `\x1b]1337;File=name=${Buffer.from(name).toString('base64')};size=${bytes.length};inline=1;preserveAspectRatio=1:${data}\x07`;
  }
  // kitty reads PNG as it is (f=100); other formats would need decoding first.
  if (!bytes.subarray(0, 4).equals(PNG)) return undefined;
  const chunks: string[] = [];
  for (let i = 0; i < data.length; i += 4096) {
    const more = i + 4096 < data.length ? 1 : 0;
    chunks.push(i === 0 ? `\x1b_Gf=100,a=T,m=${more};${data.slice(i, i + 4096)}\x1b\\` : `\x1b_Gm=${more};${data.slice(i, i + 4096)}\x1b\\`);
  }
  return chunks.join('');
}

/** The command that opens a file or URL in the system's viewer. */
export function viewerCommand(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string[] {
  if (env.BROWSER) return env.BROWSER.split(/\s+/).filter(Boolean);
  return platform === 'darwin' ? ['open'] : platform === 'win32' ? ['cmd', '/c', 'start', ''] : ['xdg-open'];
}

/**
 * Shows the images: inline when the terminal draws them (returns true: the caller waits for a
 * key), else each opened in the viewer, which runs on its own. Returns what happened, in words.
 */
export function showImages(images: CardImage[], write: (s: string) => void, env: NodeJS.ProcessEnv = process.env): { inline: boolean; lines: string[] } {
  const protocol = inlineProtocol(env);
  const lines: string[] = [];
  const missing = images.filter((i) => !i.exists);
  for (const image of missing) lines.push(m.review.imageNotFound(image.target));
  const present = images.filter((i) => i.exists);
  if (protocol) {
    let drawn = 0;
    for (const image of present.filter((i) => !i.external)) {
      const sequence = inlineImage(readFileSync(image.target), basename(image.target), protocol);
      if (!sequence) continue;
      write(`${image.alt || basename(image.target)}\n${sequence}\n`);
      drawn++;
    }
    if (drawn > 0) return { inline: true, lines };
  }
  const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  const [cmd, ...args] = viewerCommand(env);
  for (const image of present) {
    try {
      const child = spawn(cmd!, [...args, image.target], { stdio: 'ignore', detached: true });
      child.on('error', () => undefined);
      child.unref();
      lines.push(m.review.imageOpened(image.external ? image.target : basename(image.target), cmd!));
    } catch (error) {
      lines.push(m.review.imageNotOpened(image.target, cmd!, (error as Error).message));
    }
  }
  return { inline: false, lines };
}

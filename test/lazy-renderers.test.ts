// The real `recall` in a terminal: formulas and highlighted code on screen, and the two heavy
// renderers (Temml, highlight.js) kept out of the review bundle and loaded only when a card on
// screen needs them. A preload script records every bundle file the process reads.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Pty } from './pty.js';
import { tempDir, writeDecks } from './helpers.js';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

const MATH_AND_CODE = [
  '## What is scaled dot-product attention?',
  '$$\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{QK^T}{\\sqrt{d_k}}\\right)V$$',
  '',
  '```python',
  'def attention(q, k, v):',
  '    return softmax(q @ k.T / math.sqrt(d)) @ v',
  '```',
  '',
].join('\n');

const PLAIN = '## What does T5 stand for?\nText-to-Text Transfer Transformer\n';

/**
 * A session on one deck, with every read of dist/render/ written to a log; the log's lines.
 * `dir` holds the state and the log (a second session in it starts from its caches).
 */
async function session(deck: string, env: Record<string, string> = {}, dir = tempDir(), decks = writeDecks({ 'ml.md': deck })) {
  const log = join(dir, 'reads.log');
  const preload = join(dir, 'record-reads.cjs');
  writeFileSync(log, '');
  writeFileSync(
    preload,
    `const fs = require('node:fs');
const read = fs.readFileSync;
fs.readFileSync = function (path, ...rest) {
  if (typeof path === 'string' && path.includes('/dist/render/') && path.endsWith('.cjs')) fs.appendFileSync(${JSON.stringify(log)}, require('node:path').basename(path) + '\\n');
  return read.call(this, path, ...rest);
};
`,
  );
  const pty = new Pty(['--decks', decks, '--state', join(dir, 'state')], { cwd: dirname(decks), env: { NODE_OPTIONS: `--require ${preload}`, ...env } });
  await pty.waitFor('Space reveal');
  const mark = pty.text().length;
  await pty.type(' ');
  await pty.waitFor(/1 Again/, 10_000, mark);
  const screen = pty.since(mark);
  const raw = pty.raw();
  await pty.type('q');
  expect(await pty.wait()).toBe(0);
  return { screen, raw, reads: readFileSync(log, 'utf8').split('\n').filter(Boolean), dir, decks };
}

describe('formulas and code in the terminal', () => {
  it('keeps gray-matter (the front matter\'s YAML) out of the review bundle: a start from the deck cache never loads it', async () => {
    expect(readFileSync(join(DIST, 'commands', 'review.cjs'), 'utf8')).not.toMatch(/safeLoad|js-yaml/);
    const deck = `---\ntags: [t5]\n---\n${PLAIN}`;
    const first = await session(deck);
    expect(first.screen).toContain('Text-to-Text Transfer Transformer');
    expect(first.reads).toEqual(['matter.cjs']);
    const again = await session(deck, {}, first.dir, first.decks);
    expect(again.reads).toEqual([]);
  });

  it('keeps Temml and highlight.js out of the review bundle, in bundles of their own', () => {
    const review = readFileSync(join(DIST, 'commands', 'review.cjs'), 'utf8');
    expect(review).not.toMatch(/temml|Temml/);
    expect(review).not.toMatch(/hljs/);
    expect(review).toContain('tex.cjs');
    expect(statSync(join(DIST, 'render', 'tex.cjs')).size).toBeGreaterThan(100_000);
    expect(readFileSync(join(DIST, 'render', 'highlight.cjs'), 'utf8')).toMatch(/hljs/);
  });

  it('reads neither renderer for a card without formulas or code', async () => {
    const { screen, reads } = await session(PLAIN);
    expect(screen).toContain('Text-to-Text Transfer Transformer');
    expect(reads).toEqual([]);
  });

  it('draws a display formula in Unicode and highlights Python, loading both renderers once', async () => {
    const { screen, raw, reads } = await session(MATH_AND_CODE);
    expect(screen).toContain('Attention(Q, K, V) = softmax⎜─────⎟V');
    expect(screen).toContain('⎝ √dₖ ⎠');
    expect(screen).toContain('return softmax(q @ k.T / math.sqrt(d)) @ v');
    // "def" in magenta: the keyword colour.
    expect(raw).toMatch(/\x1b\[35mdef\x1b\[39m/);
    expect(reads.sort()).toEqual(['highlight.cjs', 'tex.cjs']);
  });

  it('shows code without colours and never loads the highlighter under NO_COLOR', async () => {
    const { screen, raw, reads } = await session(MATH_AND_CODE, { NO_COLOR: '1' });
    expect(screen).toContain('def attention(q, k, v):');
    expect(raw).not.toMatch(/\x1b\[3\dm/);
    expect(reads).toEqual(['tex.cjs']);
  });
});

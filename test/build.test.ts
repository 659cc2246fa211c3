// dist/ holds what scripts/build.js promises: each command's bundle, and the start-up patches
// applied (checked on the bundles themselves, as they run, not on the build script's word).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/app/commands.js';
import { tempDir, writeDecks } from './helpers.js';
import { Pty } from './pty.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const bundles = () => readdirSync(`${dist}commands`).filter((f) => f.endsWith('.cjs'));

describe('the built bundles', () => {
  it('are one per command the CLI routes to, plus the engines loaded when first needed (renderers, YAML)', () => {
    expect(bundles().map((f) => f.replace(/\.cjs$/, '')).sort()).toEqual(Object.keys(COMMANDS).sort());
    expect(readdirSync(`${dist}render`).filter((f) => f.endsWith('.cjs')).sort()).toEqual(['highlight.cjs', 'matter.cjs', 'tex.cjs']);
  });

  it('carry no React devtools and no esprima (cut from Ink and js-yaml)', () => {
    for (const file of [...bundles().map((f) => `commands/${f}`), 'cli.cjs', 'render/matter.cjs']) {
      const text = readFileSync(`${dist}${file}`, 'utf8');
      expect(text, file).not.toMatch(/devtools\.js|react-devtools-core/);
      expect(text, file).not.toMatch(/require\)?\(["']esprima["']\)/);
    }
  });

  it('start a review without fetch (yoga decodes its WebAssembly itself) and without a grapheme segmenter', async () => {
    // The real binary in a terminal, with fetch and Intl.Segmenter watched from a preload.
    const dir = tempDir();
    const probe = join(dir, 'probe.cjs');
    const report = join(dir, 'report.json');
    writeFileSync(probe, `
      let fetched = 0, segmenters = 0;
      globalThis.fetch = () => { fetched++; return Promise.reject(new Error('no network')); };
      const Segmenter = Intl.Segmenter;
      Intl.Segmenter = class extends Segmenter { constructor(...a) { super(...a); segmenters++; } };
      process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify({ fetched, segmenters })));
    `);
    const decks = writeDecks({ 'a.md': '## What does T5 stand for?\nText-to-Text Transfer Transformer\n' });
    const pty = new Pty(['--decks', decks, '--state', join(dir, 'state')], { cwd: dir, env: { NODE_OPTIONS: `--require ${probe}` } });
    await pty.waitFor('Space reveal');
    await pty.type(' ');
    await pty.waitFor('1 Again');
    await pty.type('q');
    expect(await pty.wait()).toBe(0);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual({ fetched: 0, segmenters: 0 });
  });
});

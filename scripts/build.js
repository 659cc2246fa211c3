// Bundles the CLI so start-up reads a few files instead of hundreds of modules.
// Commands are split into chunks loaded on demand: `recall check` never loads Ink or React.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const outdir = new URL('../dist/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Ink imports react-devtools-core statically; it is only used when DEV=true.
  alias: { 'react-devtools-core': './scripts/empty-module.js' },
  define: { 'process.env.NODE_ENV': '"production"' },
  // Bundled CommonJS dependencies (React) call require() for Node built-ins.
  banner: { js: "import { createRequire as __recallRequire } from 'node:module'; const require = __recallRequire(import.meta.url);" },
});

// Bundles bench/anki-import.ts into bench/.cache and runs it: `node bench/anki-import.js`.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}bench/.cache/anki-import.mjs`;
await build({
  entryPoints: [`${root}bench/anki-import.ts`],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile,
  logLevel: 'warning',
  external: ['sql.js'],
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
});
await import(outfile);

// Bundles bench/find.ts into bench/.cache and runs it: `node bench/find.js` (RUNS=N to change the count).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}bench/.cache/find.mjs`;
await build({
  entryPoints: [`${root}bench/find.ts`],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
});
await import(outfile);

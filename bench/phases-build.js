// Bundles bench/phases.ts (the start-up phase probe) into bench/.cache/phases.mjs.
import { build } from 'esbuild';

await build({
  entryPoints: ['bench/phases.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: 'bench/.cache/phases.mjs',
  logLevel: 'warning',
  alias: { 'yoga-layout': './scripts/yoga-shim.js', esprima: './scripts/empty-module.js', 'react-devtools-core': './scripts/empty-module.js' },
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
});

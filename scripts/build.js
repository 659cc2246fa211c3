// Bundles the CLI so start-up reads a few files instead of hundreds of modules.
// Commands are split into chunks loaded on demand: `recall check` never loads Ink or React.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

// yoga-layout (Ink's layout engine) is Emscripten output that loads its inlined WASM with
// fetch() on a data: URL when fetch exists. That pulls in undici and a URL parser at every
// start (about 15 ms). Shadowing fetch in that one module makes it decode the base64 itself.
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /yoga-wasm-base64-esm\.js$/ }, (args) => ({
      contents: 'const fetch = undefined;\n' + readFileSync(args.path, 'utf8'),
      loader: 'js',
    }));
  },
};

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
  minify: process.env.RECALL_DEBUG_BUILD ? false : true,
  plugins: [yogaWithoutFetch],
  legalComments: 'none',
  logLevel: 'warning',
  // Ink imports react-devtools-core statically; it is only used when DEV=true.
  alias: { 'react-devtools-core': './scripts/empty-module.js' },
  define: { 'process.env.NODE_ENV': '"production"' },
  // Bundled CommonJS dependencies (React) call require() for Node built-ins.
  banner: { js: "import { createRequire as __recallRequire } from 'node:module'; const require = __recallRequire(import.meta.url);" },
});

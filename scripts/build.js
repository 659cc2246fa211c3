// Bundles the CLI so start-up reads a few files instead of hundreds of modules.
// dist/cli.cjs parses the command line; each command is its own bundle in dist/commands/,
// loaded on demand through a V8 code cache (src/bundle-loader.ts): `recall check` never loads
// Ink, and `recall review` skips compiling its 400 KB of UI code after the first run.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const outdir = new URL('../dist/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

// Each patch below counts the modules it changed: a patch whose module was renamed or moved
// would otherwise stop applying without a word. The build fails if any applied fewer times than
// it should.
const applied = new Map();
const expected = new Map();
function patched(name, times = 1) {
  expected.set(name, times);
  return () => applied.set(name, (applied.get(name) ?? 0) + 1);
}

// yoga-layout (Ink's layout engine) is Emscripten output that loads its inlined WASM with
// fetch() on a data: URL when fetch exists. That pulls in undici and a URL parser at every
// start (about 15 ms). Shadowing fetch in that one module makes it decode the base64 itself.
const yogaApplied = patched('yoga-without-fetch');
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /yoga-wasm-base64-esm\.js$/ }, (args) => {
      yogaApplied();
      return { contents: 'const fetch = undefined;\n' + readFileSync(args.path, 'utf8'), loader: 'js' };
    });
  },
};

// Ink's reconciler awaits two imports at top level, both only when DEV=true (React devtools),
// and a CommonJS bundle cannot hold a top-level await. Those two branches are cut; the build
// stops if a new Ink changes them, so the patch is never silently wrong.
const inkApplied = patched('ink-without-devtools');
const inkWithoutDevtools = {
  name: 'ink-without-devtools',
  setup(b) {
    b.onLoad({ filter: /ink[\\/]build[\\/]reconciler\.js$/ }, (args) => {
      inkApplied();
      const source = readFileSync(args.path, 'utf8');
      const cuts = [
        ["await import('./devtools.js');", 'void 0;'],
        ['? await loadPackageJson()', '? { name: undefined, version: undefined }'],
      ];
      if (!cuts.every(([from]) => source.includes(from))) {
        throw new Error('ink/build/reconciler.js changed: update the ink-without-devtools patch in scripts/build.js');
      }
      return { contents: cuts.reduce((text, [from, to]) => text.replace(from, to), source), loader: 'js' };
    });
  },
};

// js-yaml 3 loads esprima with `_require = require; _require('esprima')`, a call no bundler
// alias sees, so every start read and compiled 146 KB from node_modules (about 7 ms). Its
// !!js/function type is unsafe and gray-matter parses with safeLoad, so esprima is never used.
const yamlApplied = patched('yaml-without-esprima');
const yamlWithoutEsprima = {
  name: 'yaml-without-esprima',
  setup(b) {
    b.onLoad({ filter: /js-yaml[\\/]lib[\\/]js-yaml[\\/]type[\\/]js[\\/]function\.js$/ }, (args) => {
      yamlApplied();
      const source = readFileSync(args.path, 'utf8');
      const cut = "esprima = _require('esprima');";
      if (!source.includes(cut)) throw new Error('js-yaml type/js/function.js changed: update yaml-without-esprima in scripts/build.js');
      return { contents: source.replace(cut, 'esprima = undefined;'), loader: 'js' };
    });
  },
};

// Ink segments every line it draws into graphemes, and the first Intl.Segmenter of a process
// loads ICU's break rules (about 9 ms). Both segmenters it uses start lazily instead, and plain
// text is segmented without ICU: see scripts/grapheme-shim.js. The build stops if either module
// changes the line this replaces.
const graphemeShim = new URL('./grapheme-shim.js', import.meta.url).pathname;
const graphemesApplied = patched('lazy-graphemes', 2);
const lazyGraphemes = {
  name: 'lazy-graphemes',
  setup(b) {
    const sites = [
      [/slice-ansi[\\/]tokenize-ansi\.js$/, "new Intl.Segmenter(undefined, {granularity: 'grapheme'})"],
      [/@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/, 'new Intl.Segmenter(undefined, { granularity: "grapheme" })'],
    ];
    for (const [filter, construct] of sites) {
      b.onLoad({ filter }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (source.split(construct).length !== 2) throw new Error(`${args.path} changed: update the lazy-graphemes patch in scripts/build.js`);
        graphemesApplied();
        const patched = `import { graphemeSegmenter as __graphemes } from ${JSON.stringify(graphemeShim)};\n` + source.replace(construct, '__graphemes');
        return { contents: patched, loader: 'js' };
      });
    }
  },
};

// Formulas (Temml) and code highlighting (highlight.js) are bundles of their own, dist/render/*.cjs,
// loaded when a card on screen first needs them, and so is gray-matter (the front matter's YAML),
// loaded when a deck file is first parsed: the command bundles get engines-bundled.ts in place of
// src/render/engines.ts and matter-bundled.ts in place of src/core/matter.ts, which import them
// directly (for tests and tools).
const lazyEngines = {
  name: 'lazy-engines',
  setup(b) {
    const swaps = new Map([
      [new URL('../src/render/engines.js', import.meta.url).pathname, new URL('../src/render/engines-bundled.ts', import.meta.url).pathname],
      [new URL('../src/core/matter.js', import.meta.url).pathname, new URL('../src/core/matter-bundled.ts', import.meta.url).pathname],
    ]);
    // Whoever imports them, by any relative path.
    b.onResolve({ filter: /(engines|matter)\.js$/ }, (args) => (args.path.startsWith('.') && swaps.has(join(args.resolveDir, args.path)) ? { path: swaps.get(join(args.resolveDir, args.path)) } : undefined));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  minify: !process.env.RECALL_DEBUG_BUILD,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [yogaWithoutFetch, inkWithoutDevtools, yamlWithoutEsprima, lazyGraphemes],
  alias: {
    // Ink imports react-devtools-core statically; it is only used when DEV=true.
    'react-devtools-core': './scripts/empty-module.js',
    'yoga-layout': './scripts/yoga-shim.js',
    'terminal-size': './scripts/terminal-size-shim.js',
    'is-in-ci': './scripts/is-in-ci-shim.js',
    'node:process': './scripts/process-shim.js',
    // One string-width for all (wrap-ansi pins 7, Ink uses 8), which starts only when text
    // needs it: see the shim.
    'string-width': './scripts/string-width-shim.js',
  },
  define: { 'process.env.NODE_ENV': '"production"', 'import.meta.url': '__recallModuleUrl' },
  banner: { js: 'var __recallModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
};

// One bundle per file in src/commands/, each named after its command.
const commandsDir = new URL('../src/commands/', import.meta.url).pathname;
const commands = Object.fromEntries(
  readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [f.slice(0, -3), `src/commands/${f}`]),
);

await build({ ...common, entryPoints: { cli: 'src/cli.ts' }, outdir, outExtension: { '.js': '.cjs' } });
await build({
  ...common,
  entryPoints: commands,
  outdir: `${outdir}commands`,
  outExtension: { '.js': '.cjs' },
  plugins: [...common.plugins, lazyEngines],
  // sql.js finds its WebAssembly file beside itself, and the FSRS optimizer is a native addon:
  // both load from node_modules.
  external: ['sql.js', '@open-spaced-repetition/binding-linux-x64-gnu'],
});
// The catalogs of languages other than English (built into every bundle), loaded when chosen.
await build({ ...common, entryPoints: { zh: 'src/i18n/zh-bundle.ts' }, outdir: `${outdir}i18n`, outExtension: { '.js': '.cjs' } });
// Heavy renderers a card may need (formulas, code), each a bundle of its own loaded on demand.
await build({ ...common, entryPoints: { tex: 'src/render/tex.ts', highlight: 'src/render/highlight.ts', matter: 'src/render/matter.ts' }, outdir: `${outdir}render`, outExtension: { '.js': '.cjs' } });

for (const [name, times] of expected) {
  const n = applied.get(name) ?? 0;
  if (n < times) throw new Error(`build patch ${name} applied ${n} times, expected ${times}: the module it patches was renamed or moved; update scripts/build.js`);
}

// The CLI routes to the commands of COMMANDS (src/app/commands.ts): each must have its bundle,
// and each bundle its command, or a command would fail only when someone runs it.
const specs = await build({ entryPoints: ['src/app/commands.ts'], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'warning' });
const { COMMANDS } = await import(`data:text/javascript;base64,${Buffer.from(specs.outputFiles[0].text).toString('base64')}`);
const routed = Object.keys(COMMANDS).sort().join(', ');
const bundled = Object.keys(commands).sort().join(', ');
if (routed !== bundled) throw new Error(`COMMANDS in src/app/commands.ts (${routed}) and the files of src/commands/ (${bundled}) differ: each command needs both`);

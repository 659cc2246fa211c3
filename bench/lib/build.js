// Builds dist/ by running scripts/build.js as it is, and records the esbuild options it uses,
// so that the Ink floor is bundled with the very same settings, plugins, aliases and shims: when
// the build changes, the floor follows. (This module is also the resolve hook that hands
// scripts/build.js this module in place of esbuild, and the recording `build` it then calls.)
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Resolve hook (runs in Node's loader thread): scripts/build.js gets this module as 'esbuild'. */
export async function resolve(specifier, context, next) {
  if (specifier === 'esbuild' && context.parentURL === new URL('scripts/build.js', `file://${root}`).href) {
    return { url: import.meta.url, shortCircuit: true };
  }
  return next(specifier, context);
}

const recorded = (globalThis.__recallBenchBuilds ??= []);

/** What scripts/build.js calls: the real build, with its options kept. */
export function build(options) {
  recorded.push(options);
  return esbuild.build(options);
}

/**
 * Runs scripts/build.js (dist/ as `npm run build` makes it), then builds the Ink floor into
 * `floorDir` with the options of its two builds: the launcher (bin/recall.js, copied as it is),
 * a command line built like dist/cli.cjs, and a one-line Ink app built like dist/commands/*.cjs.
 * Returns the path of the floor's launcher.
 */
export async function buildProjectAndFloor(floorDir) {
  register(import.meta.url);
  const cwd = process.cwd();
  process.chdir(root); // scripts/build.js names its shims relative to the project root
  try {
    await import(new URL('scripts/build.js', `file://${root}`).href);
    const cli = recorded.find((o) => o.entryPoints && 'cli' in o.entryPoints);
    const commands = recorded.find((o) => o.entryPoints && 'review' in o.entryPoints);
    if (!cli || !commands) throw new Error('scripts/build.js no longer builds a "cli" and a "review" entry: update bench/lib/build.js');
    rmSync(floorDir, { recursive: true, force: true });
    mkdirSync(`${floorDir}/bin`, { recursive: true });
    copyFileSync(`${root}bin/recall.js`, `${floorDir}/bin/recall.js`);
    writeFileSync(`${floorDir}/package.json`, '{ "type": "module" }\n');
    await esbuild.build({ ...cli, entryPoints: { cli: `${root}bench/floor/cli.ts` }, outdir: `${floorDir}/dist` });
    await esbuild.build({ ...commands, entryPoints: { hello: `${root}bench/floor/hello.tsx` }, outdir: `${floorDir}/dist/commands` });
    return `${floorDir}/bin/recall.js`;
  } finally {
    process.chdir(cwd);
  }
}

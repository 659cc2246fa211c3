// matter.ts as the CLI's build has it (scripts/build.js swaps the module): gray-matter is its own
// bundle beside the command bundles (dist/render/matter.cjs, with the other engines loaded on
// first use), read through the same V8 code cache. `__dirname` is the folder of the command bundle running.
import { join } from 'node:path';
import { loadBundleFile } from '../bundle-loader.js';
import type { Matter } from './matter.js';

let matter: Matter | undefined;

export function matterEngine(): Matter {
  return (matter ??= loadBundleFile<{ matter: Matter }>(join(__dirname, '..', 'render', 'matter.cjs')).matter);
}

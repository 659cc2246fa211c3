// The Ink floor's command line: loads its one bundle the way dist/cli.cjs loads a command
// (src/bundle-loader.ts, with its V8 code cache), so the floor pays what recall pays to get there.
import { loadBundle } from '../../src/bundle-loader.js';

void loadBundle<typeof import('./hello.js')>('hello', { screen: true }).hello();

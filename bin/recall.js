#!/usr/bin/env node
// A larger young generation: start-up allocates tens of MB of short-lived objects (parsed
// decks, the progress snapshot), and the default size spends 20-30 ms in scavenges on them.
import v8 from 'node:v8';
import { createRequire } from 'node:module';

v8.setFlagsFromString('--max-semi-space-size=32');
v8.setFlagsFromString('--min-semi-space-size=16');
createRequire(import.meta.url)('../dist/cli.cjs');

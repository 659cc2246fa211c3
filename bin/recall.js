#!/usr/bin/env node
// A young generation that grows fast: start-up allocates megabytes of objects that live on (the
// bundle's code, the decks' and the progress's headers), and with the default growth the
// process went through eight scavenges and a mark-compact before its first card. The sizes of
// the young generation cannot change once the process runs (a --max-semi-space-size set here
// is ignored), but how fast it grows when most of it survives can.
import v8 from 'node:v8';
import { createRequire } from 'node:module';

v8.setFlagsFromString('--semi-space-growth-factor=16');
createRequire(import.meta.url)('../dist/cli.cjs');

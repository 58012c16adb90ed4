#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=32768 node --max-semi-space-size=4 --expose-gc
// --max-semi-space-size caps V8's young generation at 4 MB a half: a check makes a lot of
// short-lived garbage (bodies, pages, rows), and by default V8 lets the young generation grow to
// tens of MB under that load, which shows as ~100 MB more resident memory on a big run with no
// gain in speed. --expose-gc lets a big check or sweep collect its set-up garbage once before it
// starts fetching, and collect again when its memory climbs (src/cli/memory.ts).
// MALLOC_MMAP_THRESHOLD_ has glibc's malloc map every block of 32 KB or more on its own, so a
// page's bytes go back to the system the moment they are freed; by default they stay in the
// process heap, scattered among small blocks that pin it (some 20-40 MB more on a big check).
// All measured in bench/RESULTS.md.
// On a system whose env has no -S, run:
//   MALLOC_MMAP_THRESHOLD_=32768 node --max-semi-space-size=4 --expose-gc bin/takedown.js
import * as nodeModule from 'node:module';
import { requireNode } from '../scripts/require-node.js';
requireNode();
// Node keeps the type-stripped sources and V8's compiled code here between runs: start-up is
// faster and smaller (some 25 MB for the main thread and 20 MB for each page-reading worker
// thread, which find the folder through NODE_COMPILE_CACHE). The folder is inside this
// installation, owned by whoever installed it (a cache in a shared temporary folder could be
// planted by another user); where it cannot be written, Node goes on without it. (node:module is
// imported whole: a named import of a function an older Node lacks would fail before the check above.)
const cacheDir = new URL('../node_modules/.cache/takedown-compile', import.meta.url).pathname;
process.env.NODE_COMPILE_CACHE ??= cacheDir;
nodeModule.enableCompileCache(process.env.NODE_COMPILE_CACHE);
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

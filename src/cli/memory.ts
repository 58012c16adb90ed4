// Memory housekeeping between setting up a big run and running it.

/** Below this many URLs the set-up leaves too little garbage to be worth a collection. */
const MIN_URLS = 5_000;

/**
 * One full garbage collection, when Node runs with --expose-gc (bin/takedown.js's #! line; without
 * the flag this does nothing). Reading tens of thousands of URLs, syncing them with the store and
 * building the jobs leaves tens of MB of garbage; V8 would carry it into the run, grow its heap
 * past it while the first pages arrive, and never hand the pages back. Collected here, once, it
 * costs some 50 ms: the bench's 50,000 URLs peaked at 341-345 MB instead of 378-381 (bench/RESULTS.md).
 */
export function collectSetupGarbage(urls: number): void {
  if (urls < MIN_URLS) return;
  (globalThis as { gc?: () => void }).gc?.();
}

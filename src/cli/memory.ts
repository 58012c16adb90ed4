// Memory housekeeping for big runs: the set-up's garbage collected before fetching starts, and a
// governor that keeps the resident size from climbing far past where it last settled.
// Both need Node's --expose-gc (bin/takedown.js's #! line); without it they do nothing.

/** Below this many URLs a run leaves too little garbage to be worth a collection. */
const MIN_URLS = 5_000;

type Gc = () => void;

function exposedGc(): Gc | undefined {
  return (globalThis as { gc?: Gc }).gc;
}

/**
 * One full garbage collection. Reading tens of thousands of URLs, syncing them with the store and
 * building the jobs leaves tens of MB of garbage; V8 would carry it into the run, grow its heap
 * past it while the first pages arrive, and never hand the pages back. Collected here, once, it
 * costs some 50 ms: the bench's 50,000 URLs peaked at 341-345 MB instead of 378-381 (bench/RESULTS.md).
 */
export function collectSetupGarbage(urls: number): void {
  if (urls < MIN_URLS) return;
  exposedGc()?.();
}

export interface MemoryGovernorOptions {
  /** Growth of the resident size above its lowest level since the last collection that calls for one. */
  stepBytes?: number;
  /** How often the resident size is read. */
  intervalMs?: number;
  /** Least time between two collections. */
  minGapMs?: number;
  /** The process's resident size in bytes (default: process.memoryUsage.rss). */
  rss?: () => number;
  gc?: Gc;
  /** Collections elsewhere to make with each one here (the page-reading worker threads). */
  also?: () => void;
  now?: () => number;
}

export interface MemoryGovernor {
  /** One look at the resident size (the timer calls it; tests call it directly). */
  tick(): void;
  /** Collections made so far. */
  collections(): number;
  stop(): void;
}

const STEP_BYTES = 10 * 1024 * 1024;

/**
 * Watches a big run's resident size and makes one full collection, here and in the page-reading
 * workers (`also`), when it has grown by `stepBytes` (10 MB) above its lowest level since the last
 * one. V8 starts a full collection by the size of its own heap and of Buffer memory, each on its
 * own; when a run starts fetching, both fill with finished pages at once, and the process grew
 * some 30 MB past its working size before V8 collected. Memory given back after a peak does not
 * undo the peak (what a small machine or a container limit feels). A collection costs 30-60 ms
 * on a big run, at most one a second. The bench's 50,000 URLs: some 30 collections (1-2 s of CPU
 * in all) and a peak of 238-245 MB in three runs, against 4-9 collections and 242-257 MB with a
 * 16 MB step.
 */
export function startMemoryGovernor(urls: number, options: MemoryGovernorOptions = {}): MemoryGovernor {
  const gc = options.gc ?? exposedGc();
  const rss = options.rss ?? (() => process.memoryUsage.rss());
  const now = options.now ?? (() => performance.now());
  const step = options.stepBytes ?? STEP_BYTES;
  const minGap = options.minGapMs ?? 1000;
  let count = 0;
  if (gc === undefined || urls < MIN_URLS) return { tick: () => undefined, collections: () => count, stop: () => undefined };

  let floor = rss();
  let last = -Infinity;
  const tick = (): void => {
    const size = rss();
    floor = Math.min(floor, size);
    if (size - floor < step || now() - last < minGap) return;
    gc();
    options.also?.();
    count++;
    last = now();
    // What the collection could not free is the working size from now on.
    floor = rss();
  };
  const timer = setInterval(tick, options.intervalMs ?? 250);
  timer.unref();
  return { tick, collections: () => count, stop: () => clearInterval(timer) };
}

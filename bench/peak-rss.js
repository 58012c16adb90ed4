// Preloaded with --import into a benchmarked process: on exit it writes the process's peak RSS, CPU time and
// sampled peaks of the V8 heap and of external (Buffer) memory to $BENCH_USAGE_FILE.
// Plain JavaScript on purpose: a TypeScript preload runs before takedown turns on Node's compile cache, so
// Node would load its TypeScript stripper (about 15 MB) into the measured process for this file alone.
import { writeFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  let heapTotal = 0;
  let heapUsed = 0;
  let external = 0;
  // v8 statistics, not process.memoryUsage(): that one opens /proc/self/stat and would throw EMFILE in a process
  // that has run out of file descriptors (linkinator as shipped does at 50,000 URLs).
  /** @returns {void} */
  const sample = () => {
    const h = getHeapStatistics();
    heapTotal = Math.max(heapTotal, h.total_heap_size);
    heapUsed = Math.max(heapUsed, h.used_heap_size);
    external = Math.max(external, h.external_memory);
  };
  // Sampled, so the heap peaks are lower bounds; maxRSS below is exact.
  setInterval(sample, 500).unref();
  // How late the main thread's event loop runs its callbacks: every answer waits that long to be read.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  process.on('exit', () => {
    sample();
    const usage = process.resourceUsage();
    // maxRSS is in kilobytes; the CPU times in microseconds.
    writeFileSync(
      file,
      JSON.stringify({
        maxRssKb: usage.maxRSS, userUs: usage.userCPUTime, systemUs: usage.systemCPUTime, heapTotal, heapUsed, external,
        loopDelayMs: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
        // The main thread alone; the rest of the process's CPU is worker threads, GC helpers and libuv's pool.
        mainThreadUs: (() => {
          const main = process.threadCpuUsage();
          return main.user + main.system;
        })(),
      }),
    );
  });
}

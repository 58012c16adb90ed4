// Politeness for discovery: one request at a time per host, and a pause between two requests to
// the same host. A sweep can share one set of lanes across all its cases.
import PQueue from 'p-queue';

export interface HostLanes {
  /** Runs `task` when the host of `url` is free and its interval has passed. */
  run<T>(url: string, task: () => Promise<T>): Promise<T>;
}

export interface LaneOptions {
  /** Minimum time between the starts of two requests to one host. */
  intervalMs: number;
  /** Per-host overrides by exact host name (the workspace's check.hosts). */
  hosts?: Readonly<Record<string, { intervalMs?: number }>>;
}

export function createHostLanes(options: LaneOptions): HostLanes {
  const lanes = new Map<string, PQueue>();
  function lane(url: string): PQueue {
    const parsed = new URL(url);
    let queue = lanes.get(parsed.host);
    if (queue === undefined) {
      const intervalMs = options.hosts?.[parsed.hostname]?.intervalMs ?? options.intervalMs;
      queue = new PQueue(intervalMs > 0 ? { concurrency: 1, interval: intervalMs, intervalCap: 1 } : { concurrency: 1 });
      lanes.set(parsed.host, queue);
    }
    return queue;
  }
  return {
    run: <T>(url: string, task: () => Promise<T>): Promise<T> => lane(url).add(task),
  };
}

// The slots of a run: per host a concurrency limit and a minimum interval between request starts,
// and a global concurrency limit. An exchange (one request and its answer) takes its host's slot
// first and a global one inside it, never the other way round, and holds them until it settles.
import PQueue from 'p-queue';
import type { Provider } from '../core/provider.ts';

export interface SlotLimits {
  concurrency: number;
  perHost: number;
  intervalMs: number;
  /** Per-host overrides from the workspace settings (exact host names). */
  hosts: Record<string, { perHost?: number; intervalMs?: number }>;
}

export interface Slots {
  /** Runs `fn` inside a slot of `url`'s host and a global one; rejects with the abort reason if dropped. */
  exchange<T>(url: string, fn: () => Promise<T>): Promise<T>;
  /** How many exchanges `url`'s host may have under way at once. */
  perHost(url: string): number;
  /** Stops listening to the run's signal. */
  close(): void;
}

/**
 * On abort every queued exchange is dropped at once (its promise rejects with the abort reason)
 * and nothing new starts, so an interrupted run stops in moments instead of draining its
 * intervals; running exchanges stop through the signal their own request carries. One listener
 * serves the whole run: p-queue's `signal` option adds one per queued entry, and Node's listener
 * list makes each addition cost as much as the entries already queued.
 */
export function createSlots(limits: SlotLimits, match: (url: string) => Provider | null, signal?: AbortSignal): Slots {
  const global = new PQueue({ concurrency: limits.concurrency });
  const hosts = new Map<string, PQueue>();
  const queued = new Set<(reason: unknown) => void>();
  const reason = (): unknown => signal?.reason ?? new Error('the run was interrupted');
  const onAbort = (): void => {
    global.clear();
    for (const queue of hosts.values()) queue.clear();
    for (const drop of [...queued]) drop(reason());
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  function hostQueue(url: string): PQueue {
    const host = new URL(url).host;
    let queue = hosts.get(host);
    if (!queue) {
      const provider = match(url);
      const override = limits.hosts[new URL(url).hostname] ?? {};
      const perHost = override.perHost ?? provider?.politeness?.perHost ?? limits.perHost;
      const intervalMs = override.intervalMs ?? provider?.politeness?.intervalMs ?? limits.intervalMs;
      queue = new PQueue(intervalMs > 0 ? { concurrency: perHost, interval: intervalMs, intervalCap: 1 } : { concurrency: perHost });
      hosts.set(host, queue);
    }
    return queue;
  }

  return {
    exchange<T>(url: string, fn: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (signal?.aborted) {
          reject(reason());
          return;
        }
        const drop = (why: unknown): void => {
          queued.delete(drop);
          reject(why);
        };
        queued.add(drop);
        const run = async (): Promise<void> => {
          // Dropped while it waited: the abort came first.
          if (!queued.delete(drop)) return;
          try {
            resolve(await fn());
          } catch (error) {
            reject(error);
          }
        };
        void hostQueue(url).add(() => global.add(run));
      });
    },
    perHost: (url) => hostQueue(url).concurrency,
    close: () => signal?.removeEventListener('abort', onAbort),
  };
}

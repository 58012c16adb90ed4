// Checks many URLs politely: a global concurrency limit, and per host a concurrency limit and a
// minimum interval between request starts. Results are handed out one by one as they finish.
import PQueue from 'p-queue';
import type { CheckResult } from '../core/check-result.ts';
import type { Clock } from '../core/clock.ts';
import type { HttpClient, HttpOutcome } from '../core/http-types.ts';
import type { Provider } from '../core/provider.ts';
import { checkTargetExchange } from './check-target.ts';
import { deepProbeKey, deepProbeUrlFor, probeKey, probeUrlFor, type ProbeSummary } from './soft-404.ts';
import { inThreadClassifier, type Classifier } from './classifier.ts';

const MAX_PROBES_PER_ORIGIN = 8;

export interface Politeness {
  concurrency: number;
  perHost: number;
  intervalMs: number;
  /** Per-host overrides from the workspace settings (exact host names). */
  hosts: Record<string, { perHost?: number; intervalMs?: number }>;
  retries: number;
}

export interface CheckJob<K> {
  key: K;
  url: string;
  skipMedia: boolean;
}

export interface RunChecksDeps {
  http: HttpClient;
  /** Where pages are read and judged (default: on this thread). */
  classifier?: Classifier;
  clock: Clock;
  random: () => number;
  matchProvider: (url: string) => Provider | null;
  signal?: AbortSignal;
}

export interface RunChecksSummary {
  completed: number;
  aborted: boolean;
  probes: number;
}

export async function runChecks<K>(
  jobs: readonly CheckJob<K>[],
  politeness: Politeness,
  deps: RunChecksDeps,
  /** `outcome` is the final answer as received (evidence capture); drop it once handled. */
  onResult: (job: CheckJob<K>, result: CheckResult, outcome: HttpOutcome) => void | Promise<void>,
): Promise<RunChecksSummary> {
  const global = new PQueue({ concurrency: politeness.concurrency });
  const hostQueues = new Map<string, PQueue>();
  const probes = new Map<string, Promise<ProbeSummary | null>>();
  const probesPerOrigin = new Map<string, string[]>();
  let completed = 0;
  let nextKey = 0;
  const classifier = deps.classifier ?? inThreadClassifier();

  // Queued work is dropped at once on abort (p-queue rejects it), so an interrupted run stops
  // in moments instead of draining its per-host intervals.
  const withSlot = <T>(fn: () => Promise<T>): Promise<T> => global.add(fn, { signal: deps.signal }) as Promise<T>;
  // One probe per kind of address (same folder or same query keys) compares like with like; past
  // a few per site, the site's first probe stands in, so a probe never doubles a run's requests.
  const probeFor = (url: string, deep: boolean): Promise<ProbeSummary | null> => {
    const origin = new URL(url).origin;
    const token = (): string => randomToken(deps.random);
    const probeUrl = deep ? deepProbeUrlFor(url, token) : probeUrlFor(url, token);
    if (probeUrl === null) return Promise.resolve(null);
    const keys = probesPerOrigin.get(origin) ?? [];
    let key = deep ? deepProbeKey(url) : probeKey(url);
    if (!deep && !probes.has(key) && keys.length >= MAX_PROBES_PER_ORIGIN) key = keys[0] ?? key;
    let probe = probes.get(key);
    if (!probe) {
      if (!deep) probesPerOrigin.set(origin, [...keys, key]);
      probe = withSlot(() => deps.http.get(probeUrl, { skipMediaBody: true, signal: deps.signal }))
        .then((outcome: HttpOutcome) => classifier.summariseProbe(outcome))
        .catch(() => null);
      probes.set(key, probe);
    }
    return probe;
  };

  const task = (job: CheckJob<K>) => async (): Promise<void> => {
    if (deps.signal?.aborted) return;
    const provider = deps.matchProvider(job.url);
    const { result, outcome } = await checkTargetExchange(
      job.url,
      { provider, skipMedia: job.skipMedia },
      {
        http: deps.http, clock: deps.clock, random: deps.random, maxRetries: politeness.retries,
        withSlot, probeFor, signal: deps.signal, classifier, key: nextKey++,
      },
    );
    // An interrupted fetch is not an observation: it is left for the next run instead of recorded.
    if (deps.signal?.aborted) return;
    completed++;
    await onResult(job, result, outcome);
  };
  await feedLanes(lanesOf(jobs, hostQueues, deps.matchProvider, politeness), task, Math.max(politeness.concurrency * 4, 256), deps.signal);
  return { completed, aborted: deps.signal?.aborted ?? false, probes: probes.size };
}

interface Lane<K> {
  queue: PQueue;
  jobs: CheckJob<K>[];
  next: number;
  queued: number;
  /** Tasks this host may have waiting in its queue at once. */
  depth: number;
  waiting: boolean;
}

/** The jobs by host, in their order, each host with its politeness queue. */
function lanesOf<K>(jobs: readonly CheckJob<K>[], queues: Map<string, PQueue>, match: (url: string) => Provider | null, p: Politeness): Lane<K>[] {
  const lanes = new Map<string, Lane<K>>();
  for (const job of jobs) {
    const host = new URL(job.url).host;
    let lane = lanes.get(host);
    if (!lane) {
      const queue = hostQueue(queues, job.url, match(job.url), p);
      lane = { queue, jobs: [], next: 0, queued: 0, depth: queue.concurrency + 1, waiting: false };
      lanes.set(host, lane);
    }
    lane.jobs.push(job);
  }
  return [...lanes.values()];
}

/**
 * Hands jobs to the per-host queues a few at a time, round robin over hosts, with at most
 * `window` tasks queued in all: a run of 50,000 URLs then holds a few hundred tasks in memory
 * rather than one closure per URL, and every host still gets its share. Queued tasks are dropped
 * at once on abort. Resolves when every task settled; rethrows the first real error.
 */
function feedLanes<K>(
  lanes: Lane<K>[],
  task: (job: CheckJob<K>) => () => Promise<void>,
  window: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const ready: Lane<K>[] = [];
    let inFlight = 0;
    let failure: { error: unknown } | null = null;
    const offer = (lane: Lane<K>): void => {
      if (!lane.waiting && lane.next < lane.jobs.length && lane.queued < lane.depth) {
        lane.waiting = true;
        ready.push(lane);
      }
    };
    const finish = (): void => {
      if (inFlight > 0 || (ready.length > 0 && !signal?.aborted && !failure)) return;
      if (failure && !signal?.aborted) reject(failure.error);
      else resolve();
    };
    const fill = (): void => {
      while (inFlight < window && ready.length > 0 && !signal?.aborted && !failure) {
        const lane = ready.shift() as Lane<K>;
        lane.waiting = false;
        const job = lane.jobs[lane.next++] as CheckJob<K>;
        lane.queued++;
        inFlight++;
        lane.queue
          .add(task(job), { signal })
          .catch((error: unknown) => {
            // After an abort, rejections are the dropped queue entries.
            if (!signal?.aborted && !failure) failure = { error };
          })
          .finally(() => {
            lane.queued--;
            inFlight--;
            offer(lane);
            fill();
            finish();
          });
        offer(lane);
      }
    };
    for (const lane of lanes) offer(lane);
    fill();
    finish();
  });
}

function hostQueue(queues: Map<string, PQueue>, url: string, provider: Provider | null, p: Politeness): PQueue {
  const host = new URL(url).host;
  let queue = queues.get(host);
  if (!queue) {
    const override = p.hosts[new URL(url).hostname] ?? {};
    const perHost = override.perHost ?? provider?.politeness?.perHost ?? p.perHost;
    const intervalMs = override.intervalMs ?? provider?.politeness?.intervalMs ?? p.intervalMs;
    queue = new PQueue(
      intervalMs > 0 ? { concurrency: perHost, interval: intervalMs, intervalCap: 1 } : { concurrency: perHost },
    );
    queues.set(host, queue);
  }
  return queue;
}

function randomToken(random: () => number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let token = '';
  for (let i = 0; i < 20; i++) token += alphabet[Math.floor(random() * alphabet.length)];
  return token;
}

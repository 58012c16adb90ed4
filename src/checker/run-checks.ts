// Checks many URLs politely: a global concurrency limit, and per host a concurrency limit and a
// minimum interval between request starts. Results are handed out one by one as they finish.
import PQueue from 'p-queue';
import type { CheckResult } from '../core/check-result.ts';
import type { Clock } from '../core/clock.ts';
import type { HttpClient, HttpOutcome } from '../core/http-types.ts';
import type { Provider } from '../core/provider.ts';
import { checkTarget } from './check-target.ts';
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
  onResult: (job: CheckJob<K>, result: CheckResult) => void | Promise<void>,
): Promise<RunChecksSummary> {
  const global = new PQueue({ concurrency: politeness.concurrency });
  const hostQueues = new Map<string, PQueue>();
  const probes = new Map<string, Promise<ProbeSummary | null>>();
  const probesPerOrigin = new Map<string, string[]>();
  let completed = 0;
  let nextKey = 0;
  const classifier = deps.classifier ?? inThreadClassifier();

  // Queued work is dropped at once on abort (p-queue rejects it), so an interrupted run of
  // 50,000 URLs stops in moments instead of draining its per-host intervals.
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

  const tasks = jobs.map((job) => {
    const provider = deps.matchProvider(job.url);
    const queue = hostQueue(hostQueues, job.url, provider, politeness);
    return queue.add(async () => {
      if (deps.signal?.aborted) return;
      const result = await checkTarget(
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
      await onResult(job, result);
    }, { signal: deps.signal });
  });
  const settled = await Promise.allSettled(tasks);
  // After an abort, the rejections are the dropped queue entries; anything else is a real error.
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure && !deps.signal?.aborted) throw failure.reason;
  return { completed, aborted: deps.signal?.aborted ?? false, probes: probes.size };
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

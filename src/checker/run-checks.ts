// Checks many URLs politely: a global concurrency limit, and per host a concurrency limit and a
// minimum interval between request starts. Results are handed out one by one as they finish.
// The limits hold the exchanges with a site (each attempt, each soft-404 probe), not whole
// checks: a check that sleeps before a retry or waits for its page to be read holds no slot, so
// the host's other URLs go ahead meanwhile, and never more than `perHost` requests are in flight.
import type { CheckResult } from '../core/check-result.ts';
import type { Clock } from '../core/clock.ts';
import type { HttpClient, HttpOutcome } from '../core/http-types.ts';
import type { Provider } from '../core/provider.ts';
import { releaseOutcomeBody } from '../core/body-release.ts';
import { checkTargetExchange } from './check-target.ts';
import { deepProbeKey, deepProbeUrlFor, probeKey, probeUrlFor, type ProbeSummary } from './soft-404.ts';
import { inThreadClassifier, type Classifier } from './classifier.ts';
import { createSlots, type Slots } from './slots.ts';

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
  const slots = createSlots(politeness, deps.matchProvider, deps.signal);
  const probes = new Map<string, Promise<ProbeSummary | null>>();
  // The probes' answers once they are in, by the same keys.
  const settled = new Map<string, ProbeSummary | null>();
  const probesPerOrigin = new Map<string, string[]>();
  let completed = 0;
  let nextKey = 0;
  const classifier = deps.classifier ?? inThreadClassifier();

  // One probe per kind of address (same folder or same query keys) compares like with like; past
  // a few per site, the site's first probe stands in, so a probe never doubles a run's requests.
  const keyFor = (url: string, deep: boolean): string => {
    const key = deep ? deepProbeKey(url) : probeKey(url);
    const keys = probesPerOrigin.get(new URL(url).origin) ?? [];
    return !deep && !probes.has(key) && keys.length >= MAX_PROBES_PER_ORIGIN ? (keys[0] ?? key) : key;
  };
  const knownProbe = (url: string): ProbeSummary | null | undefined => settled.get(keyFor(url, false));
  const probeFor = (url: string, deep: boolean): Promise<ProbeSummary | null> => {
    const origin = new URL(url).origin;
    const token = (): string => randomToken(deps.random);
    const probeUrl = deep ? deepProbeUrlFor(url, token) : probeUrlFor(url, token);
    if (probeUrl === null) return Promise.resolve(null);
    const keys = probesPerOrigin.get(origin) ?? [];
    const key = keyFor(url, deep);
    let probe = probes.get(key);
    if (!probe) {
      if (!deep) probesPerOrigin.set(origin, [...keys, key]);
      probe = slots.exchange(url, () => deps.http.get(probeUrl, { skipMediaBody: true, signal: deps.signal }))
        .then(async (outcome: HttpOutcome) => {
          try {
            return await classifier.summariseProbe(outcome);
          } finally {
            releaseOutcomeBody(outcome);
          }
        })
        .catch(() => null)
        .then((summary) => {
          settled.set(key, summary);
          return summary;
        });
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
        withSlot: (fn) => slots.exchange(job.url, fn), probeFor, knownProbe, signal: deps.signal, classifier, key: nextKey++,
      },
    );
    // An interrupted fetch is not an observation: it is left for the next run instead of recorded.
    if (deps.signal?.aborted) return;
    completed++;
    try {
      await onResult(job, result, outcome);
    } finally {
      // The page has been judged, digested and kept as evidence: its bytes go now, not at V8's next full collection.
      releaseOutcomeBody(outcome);
    }
  };
  // Room for every exchange the global limit allows and as many checks again sleeping or having
  // their page read: a check that has its answer holds the body, so this bounds the bodies in memory.
  const window = Math.max(politeness.concurrency * 2, 128);
  try {
    await feedLanes(lanesOf(jobs, slots), task, window, deps.signal);
  } finally {
    slots.close();
  }
  return { completed, aborted: deps.signal?.aborted ?? false, probes: probes.size };
}

export interface Lane<K> {
  jobs: CheckJob<K>[];
  next: number;
  /** Checks of this host under way. */
  started: number;
  /** Checks this host may have under way at once. */
  depth: number;
  waiting: boolean;
}

/** The jobs by host, in their order. */
function lanesOf<K>(jobs: readonly CheckJob<K>[], slots: Slots): Lane<K>[] {
  const lanes = new Map<string, Lane<K>>();
  for (const job of jobs) {
    const host = new URL(job.url).host;
    let lane = lanes.get(host);
    if (!lane) {
      // Its slots in exchanges, as many again sleeping before a retry or having their page read,
      // and one waiting for a slot.
      lane = { jobs: [], next: 0, started: 0, depth: 2 * slots.perHost(job.url) + 1, waiting: false };
      lanes.set(host, lane);
    }
    lane.jobs.push(job);
  }
  return [...lanes.values()];
}

/**
 * Starts checks a few per host at a time, with at most `window` under way in all: a run of 50,000
 * URLs then holds a few hundred tasks in memory rather than one closure per URL. The next check
 * goes to the host with the most URLs left (of those with room): a host slowed down by slow or
 * hanging pages is caught up as it falls behind instead of being left to finish alone at the end,
 * and every host still gets its share. Nothing new starts after an abort. Resolves when every
 * started task settled; rethrows the first real error.
 */
function feedLanes<K>(
  lanes: Lane<K>[],
  task: (job: CheckJob<K>) => () => Promise<void>,
  window: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const ready = new LaneHeap<K>();
    let inFlight = 0;
    let failure: { error: unknown } | null = null;
    const offer = (lane: Lane<K>): void => {
      if (!lane.waiting && lane.next < lane.jobs.length && lane.started < lane.depth) {
        lane.waiting = true;
        ready.push(lane);
      }
    };
    const finish = (): void => {
      if (inFlight > 0 || (ready.size > 0 && !signal?.aborted && !failure)) return;
      if (failure && !signal?.aborted) reject(failure.error);
      else resolve();
    };
    const fill = (): void => {
      while (inFlight < window && ready.size > 0 && !signal?.aborted && !failure) {
        const lane = ready.pop() as Lane<K>;
        lane.waiting = false;
        const job = lane.jobs[lane.next++] as CheckJob<K>;
        lane.started++;
        inFlight++;
        task(job)()
          .catch((error: unknown) => {
            // After an abort, rejections are the exchanges dropped from the queues.
            if (!signal?.aborted && !failure) failure = { error };
          })
          .finally(() => {
            lane.started--;
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

/**
 * The lanes waiting for a turn, the one with the most URLs left on top (ties: the one that waited
 * longest). A lane's count does not change while it waits, so its place in the heap stays right.
 */
export class LaneHeap<K> {
  private readonly items: { lane: Lane<K>; left: number; order: number }[] = [];
  private counter = 0;

  get size(): number {
    return this.items.length;
  }

  push(lane: Lane<K>): void {
    const items = this.items;
    items.push({ lane, left: lane.jobs.length - lane.next, order: this.counter++ });
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): Lane<K> | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined) return undefined;
    if (items.length > 0) {
      items[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < items.length && this.above(left, best)) best = left;
        if (right < items.length && this.above(right, best)) best = right;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top.lane;
  }

  private above(a: number, b: number): boolean {
    const x = this.items[a] as { left: number; order: number };
    const y = this.items[b] as { left: number; order: number };
    return x.left > y.left || (x.left === y.left && x.order < y.order);
  }

  private swap(a: number, b: number): void {
    const items = this.items;
    [items[a], items[b]] = [items[b] as (typeof items)[number], items[a] as (typeof items)[number]];
  }
}

function randomToken(random: () => number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let token = '';
  for (let i = 0; i < 20; i++) token += alphabet[Math.floor(random() * alphabet.length)];
  return token;
}

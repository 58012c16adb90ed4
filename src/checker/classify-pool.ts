// A pool of classification worker threads. Each answer goes to the worker its key picks, so the
// second look at an answer (after the soft-404 probe) finds the body that worker already has.
import { Worker } from 'node:worker_threads';
import type { HttpOutcome } from '../core/http-types.ts';
import type { Provider } from '../core/provider.ts';
import type { Classification } from './classify.ts';
import type { Classifier } from './classifier.ts';
import type { ProbeSummary } from './soft-404.ts';

export type PoolRequest =
  | { id: number; type: 'classify'; key: number; url: string; outcome: HttpOutcome | null; providerId: string | null; probe: ProbeSummary | null }
  | { id: number; type: 'probe'; outcome: HttpOutcome }
  | { id: number; type: 'release'; key: number };

export type PoolReply =
  | { id: number; type: 'verdict'; verdict: Classification }
  | { id: number; type: 'probe'; probe: ProbeSummary }
  | { id: number; type: 'miss' }
  | { id: number; type: 'released' }
  | { id: number; type: 'error'; message: string };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  resolve: (reply: PoolReply) => void;
  reject: (error: Error) => void;
}

export function createClassifyPool(providers: readonly Provider[], size: number): Classifier {
  const workers = Array.from({ length: Math.max(1, size) }, () =>
    new Worker(new URL('./classify-worker.ts', import.meta.url), { workerData: { providers } }),
  );
  const pending = new Map<number, Pending>();
  // Keys whose body the chosen worker already holds.
  const sent = new Set<number>();
  let nextId = 1;
  let probeTurn = 0;

  for (const worker of workers) {
    worker.on('message', (reply: PoolReply) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      waiting?.resolve(reply);
    });
    worker.on('error', (error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
  }

  function ask(worker: Worker, request: WithoutId<PoolRequest>): Promise<PoolReply> {
    const id = nextId++;
    return new Promise<PoolReply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    }).then((reply) => {
      if (reply.type === 'error') throw new Error(`classification failed in a worker thread: ${reply.message}`);
      return reply;
    });
  }

  const workerFor = (key: number): Worker => workers[key % workers.length] as Worker;

  return {
    async classify(input, key) {
      const worker = workerFor(key);
      const base = { type: 'classify' as const, key, url: input.url, providerId: input.provider?.id ?? null, probe: input.probe ?? null };
      let reply = await ask(worker, { ...base, outcome: sent.has(key) ? null : input.outcome });
      if (reply.type === 'miss') reply = await ask(worker, { ...base, outcome: input.outcome });
      sent.add(key);
      if (reply.type !== 'verdict') throw new Error(`unexpected reply from a classification worker: ${reply.type}`);
      return reply.verdict;
    },
    async summariseProbe(outcome) {
      const reply = await ask(workers[probeTurn++ % workers.length] as Worker, { type: 'probe', outcome });
      if (reply.type !== 'probe') throw new Error(`unexpected reply from a classification worker: ${reply.type}`);
      return reply.probe;
    },
    release(key) {
      if (!sent.delete(key)) return;
      void ask(workerFor(key), { type: 'release', key }).catch(() => undefined);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

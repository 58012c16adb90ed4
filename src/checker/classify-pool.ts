// A pool of classification worker threads. Each answer goes to the worker its key picks, so the
// second look at an answer (after the soft-404 probe) finds the body that worker already has.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HttpOutcome } from '../core/http-types.ts';
import type { Provider } from '../core/provider.ts';
import type { Classification, ClassifyInput } from './classify.ts';
import { inThreadClassifier, type Classifier, type Looks } from './classifier.ts';
import type { ProbeSummary } from './soft-404.ts';

export type PoolRequest =
  // 'looks' asks for both looks in one go (bothLooks): `probe` is then weighed on the second look only.
  | { id: number; type: 'classify' | 'looks'; key: number; url: string; outcome: HttpOutcome | null; providerId: string | null; probe: ProbeSummary | null }
  | { id: number; type: 'probe'; outcome: HttpOutcome }
  | { id: number; type: 'release'; key: number }
  | { id: number; type: 'gc' };

export type PoolReply =
  | { id: number; type: 'verdict'; verdict: Classification; /** The worker keeps the answer for another look. */ kept: boolean }
  | { id: number; type: 'looks'; looks: Looks; kept: boolean }
  | { id: number; type: 'probe'; probe: ProbeSummary }
  | { id: number; type: 'miss' }
  | { id: number; type: 'released' }
  | { id: number; type: 'collected' }
  | { id: number; type: 'error'; message: string };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  resolve: (reply: PoolReply) => void;
  reject: (error: Error) => void;
}

// Each worker's heap is capped: reading pages makes much short-lived garbage, and V8 would
// otherwise let every heap grow to hundreds of megabytes before collecting it. A page too big
// for the cap kills its worker; the pool starts a new one and that page is read on this thread.
// The streaming page reader's garbage dies young: a young generation of 8 MB (24 before it)
// collects it as cheaply and keeps each worker some 10 MB smaller.
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 };
// Requests a worker may have waiting at once; more wait here, on the caller's own copy of the
// body, instead of as copies in the worker's queue. A few keep a worker from ever waiting.
const MAX_OUTSTANDING = 4;

/**
 * The request with the answer's body copied into a buffer of its own, to be moved to the worker
 * rather than cloned: one copy here instead of a serialisation here and another in the worker.
 * The caller keeps its body (evidence and the digest are made from it after classification).
 * The raw request and response heads (`wire`, kept for evidence) stay here: classification never
 * reads them, and cloning them for every page cost the main thread more than the copy.
 */
function withMovableBody(request: PoolRequest): { message: PoolRequest; transfer: ArrayBuffer[] } {
  if (request.type === 'release' || request.type === 'gc') return { message: request, transfer: [] };
  const outcome = request.outcome;
  if (!outcome?.ok) return { message: request, transfer: [] };
  const { wire: _wire, ...response } = outcome.response;
  if (response.body.byteLength === 0) return { message: { ...request, outcome: { ...outcome, response } }, transfer: [] };
  const body = new Uint8Array(response.body);
  const moved = { ...outcome, response: { ...response, body } };
  return { message: { ...request, outcome: moved }, transfer: [body.buffer] };
}

/**
 * How many page-reading workers a big run starts: one per core beside the main thread's (which
 * fetches, writes the store and the evidence), at least one. On 2 cores, two workers measured
 * 100 s and 425 MB for the bench's 50,000 URLs and one 103 s and 379 MB (bench/RESULTS.md).
 */
export function classifyWorkerCount(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

export function createClassifyPool(providers: readonly Provider[], size: number): Classifier {
  const local = inThreadClassifier();
  const pending = new Map<number, Pending & { worker: Worker }>();
  let closed = false;
  const start = (): Worker => {
    const worker = new Worker(new URL('./classify-worker.ts', import.meta.url), { workerData: { providers }, resourceLimits: WORKER_LIMITS });
    worker.on('message', (reply: PoolReply) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      waiting?.resolve(reply);
    });
    worker.on('error', (error) => retire(worker, error));
    worker.on('exit', () => retire(worker, new Error('a classification worker stopped')));
    return worker;
  };
  const workers = Array.from({ length: Math.max(1, size) }, start);
  // Per worker slot: requests posted and not answered, and who waits for one to be answered.
  const outstanding = workers.map(() => 0);
  const waiters = workers.map((): (() => void)[] => []);
  // Keys whose answer the chosen worker holds for another look.
  const sent = new Set<number>();
  let nextId = 1;
  let probeTurn = 0;

  function retire(worker: Worker, error: Error): void {
    for (const [id, waiting] of pending) {
      if (waiting.worker !== worker) continue;
      pending.delete(id);
      waiting.reject(error);
    }
    const index = workers.indexOf(worker);
    if (index !== -1 && !closed) {
      workers[index] = start();
      // The new worker holds no bodies: every key of that slot must be sent again.
      for (const key of sent) if (key % workers.length === index) sent.delete(key);
    }
  }

  async function turn(index: number): Promise<void> {
    if ((outstanding[index] ?? 0) < MAX_OUTSTANDING) {
      outstanding[index] = (outstanding[index] ?? 0) + 1;
      return;
    }
    await new Promise<void>((resolve) => waiters[index]?.push(resolve));
  }

  // The answered request's turn goes to the next in line, if any.
  function done(index: number): void {
    const next = waiters[index]?.shift();
    if (next) next();
    else outstanding[index] = (outstanding[index] ?? 1) - 1;
  }

  /** Asks the worker in slot `index` (the one there when the request's turn comes: a dead one is replaced). */
  async function ask(index: number, request: WithoutId<PoolRequest>): Promise<PoolReply> {
    // A release or a collection carries no body and needs no answer soon: it never waits its turn.
    const queued = request.type !== 'release' && request.type !== 'gc';
    if (queued) await turn(index);
    try {
      const reply = await new Promise<PoolReply>((resolve, reject) => {
        const worker = workers[index] as Worker;
        const id = nextId++;
        pending.set(id, { resolve, reject, worker });
        const { message, transfer } = withMovableBody({ ...request, id } as PoolRequest);
        worker.postMessage(message, transfer);
      });
      if (reply.type === 'error') throw new Error(`classification failed in a worker thread: ${reply.message}`);
      return reply;
    } finally {
      if (queued) done(index);
    }
  }

  const slotFor = (key: number): number => key % workers.length;

  /**
   * Asks the key's worker about an answer, sending the body unless the worker kept it. Null when
   * the worker died (a page beyond its memory cap): the caller reads that page on this thread.
   */
  async function answer(type: 'classify' | 'looks', input: ClassifyInput, key: number, probe: ProbeSummary | null): Promise<PoolReply | null> {
    const base = { type, key, url: input.url, providerId: input.provider?.id ?? null, probe };
    try {
      let reply = await ask(slotFor(key), { ...base, outcome: sent.has(key) ? null : input.outcome });
      if (reply.type === 'miss') reply = await ask(slotFor(key), { ...base, outcome: input.outcome });
      if (reply.type === 'verdict' || reply.type === 'looks') {
        if (reply.kept) sent.add(key);
        else sent.delete(key);
        return reply;
      }
    } catch {
      // Read here instead (see above).
    }
    sent.delete(key);
    return null;
  }

  return {
    async classify(input, key) {
      const reply = await answer('classify', input, key, input.probe ?? null);
      return reply?.type === 'verdict' ? reply.verdict : local.classify(input, key);
    },
    async classifyWithProbe(input, key, probe) {
      const reply = await answer('looks', input, key, probe);
      return reply?.type === 'looks' ? reply.looks : local.classifyWithProbe(input, key, probe);
    },
    async summariseProbe(outcome) {
      try {
        const reply = await ask(probeTurn++ % workers.length, { type: 'probe', outcome });
        if (reply.type === 'probe') return reply.probe;
      } catch {
        // As above: a worker that died leaves the probe to this thread.
      }
      return local.summariseProbe(outcome);
    },
    release(key) {
      // A page read here (a worker had died) is let go here.
      local.release(key);
      if (!sent.delete(key)) return;
      void ask(slotFor(key), { type: 'release', key }).catch(() => undefined);
    },
    collectGarbage() {
      for (let index = 0; index < workers.length; index++) void ask(index, { type: 'gc' }).catch(() => undefined);
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

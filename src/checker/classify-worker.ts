// A classification worker thread: receives answers, returns verdicts (see classify-pool.ts).
// Bodies are kept by key for a second look after the soft-404 probe, so the page is read once.
import { parentPort, workerData } from 'node:worker_threads';
import { releaseOutcomeBody } from '../core/body-release.ts';
import type { HttpOutcome } from '../core/http-types.ts';
import type { Provider } from '../core/provider.ts';
import { classify } from './classify.ts';
import { summariseProbe, type ProbeSummary } from './soft-404.ts';
import type { PoolReply, PoolRequest } from './classify-pool.ts';

const providers = new Map<string, Provider>((workerData as { providers: Provider[] }).providers.map((p) => [p.id, p]));
const MAX_KEPT = 512;
const kept = new Map<number, HttpOutcome>();

// The bodies here are this thread's own copies (moved in by the pool): each is freed as soon as
// it is let go, not at this thread's next full collection.
function forget(key: number): void {
  const outcome = kept.get(key);
  if (outcome === undefined) return;
  kept.delete(key);
  releaseOutcomeBody(outcome);
}

function remember(key: number, outcome: HttpOutcome): void {
  const before = kept.get(key);
  kept.set(key, outcome);
  if (before !== undefined && before !== outcome) releaseOutcomeBody(before);
  if (kept.size > MAX_KEPT) forget(kept.keys().next().value as number);
}

function handle(request: PoolRequest): PoolReply {
  if (request.type === 'release') {
    forget(request.key);
    return { id: request.id, type: 'released' };
  }
  if (request.type === 'gc') {
    // Present when Node runs with --expose-gc (bin/takedown.js): the flag reaches every thread.
    (globalThis as { gc?: () => void }).gc?.();
    return { id: request.id, type: 'collected' };
  }
  if (request.type === 'probe') {
    const probe = summariseProbe(request.outcome);
    releaseOutcomeBody(request.outcome);
    return { id: request.id, type: 'probe', probe };
  }
  const outcome = request.outcome ?? kept.get(request.key);
  if (!outcome) return { id: request.id, type: 'miss' };
  remember(request.key, outcome);
  const provider = request.providerId ? (providers.get(request.providerId) ?? null) : null;
  const verdict = classify({ url: request.url, outcome, provider, probe: request.probe as ProbeSummary | null });
  return { id: request.id, type: 'verdict', verdict };
}

parentPort?.on('message', (request: PoolRequest) => {
  let reply: PoolReply;
  try {
    reply = handle(request);
  } catch (error) {
    reply = { id: request.id, type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort?.postMessage(reply);
});

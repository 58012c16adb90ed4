// A classification worker thread: receives answers, returns verdicts (see classify-pool.ts).
// Bodies are kept by key for a second look after the soft-404 probe, so the page is read once.
import { parentPort, workerData } from 'node:worker_threads';
import type { HttpOutcome } from '../core/http-types.ts';
import type { Provider } from '../core/provider.ts';
import { classify } from './classify.ts';
import { summariseProbe, type ProbeSummary } from './soft-404.ts';
import type { PoolReply, PoolRequest } from './classify-pool.ts';

const providers = new Map<string, Provider>((workerData as { providers: Provider[] }).providers.map((p) => [p.id, p]));
const MAX_KEPT = 512;
const kept = new Map<number, HttpOutcome>();

function remember(key: number, outcome: HttpOutcome): void {
  kept.set(key, outcome);
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value as number);
}

function handle(request: PoolRequest): PoolReply {
  if (request.type === 'release') {
    kept.delete(request.key);
    return { id: request.id, type: 'released' };
  }
  if (request.type === 'probe') {
    return { id: request.id, type: 'probe', probe: summariseProbe(request.outcome) };
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

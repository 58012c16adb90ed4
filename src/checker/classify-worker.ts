// A classification worker thread: receives answers, returns verdicts (see classify-pool.ts).
// Answers that may be looked at again (after the soft-404 probe) are kept by key with their
// pages, so a page is read once.
import { parentPort, workerData } from 'node:worker_threads';
import { releaseOutcomeBody } from '../core/body-release.ts';
import type { HttpOutcome } from '../core/http-types.ts';
import type { Provider } from '../core/provider.ts';
import { bothLooks, classifyKeeping, type KeptPage } from './classifier.ts';
import { summariseProbe, type ProbeSummary } from './soft-404.ts';
import type { PoolReply, PoolRequest } from './classify-pool.ts';

const providers = new Map<string, Provider>((workerData as { providers: Provider[] }).providers.map((p) => [p.id, p]));
const MAX_KEPT = 512;
// The answers that may be asked about again (see mayLookAgain), with their pages as read.
const kept = new Map<number, KeptPage>();

// The bodies here are this thread's own copies (moved in by the pool): each is freed as soon as
// it is let go, not at this thread's next full collection.
function forget(key: number): void {
  const entry = kept.get(key);
  if (entry === undefined) return;
  kept.delete(key);
  releaseOutcomeBody(entry.outcome);
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
  const before = kept.get(request.key);
  const outcome = request.outcome ?? before?.outcome;
  if (!outcome) return { id: request.id, type: 'miss' };
  const provider = request.providerId ? (providers.get(request.providerId) ?? null) : null;
  const probe = request.probe as ProbeSummary | null;
  const input = { url: request.url, outcome, provider, probe };
  const looks = request.type === 'looks' ? bothLooks(input, request.key, probe, kept) : null;
  const verdict = looks === null ? classifyKeeping(input, request.key, kept) : looks.verdict;
  // A page that will not be asked about again is let go at once; one that may be stays, with its
  // answer, until its check releases it.
  if (before !== undefined && before.outcome !== outcome) releaseOutcomeBody(before.outcome);
  if (!kept.has(request.key)) releaseOutcomeBody(outcome);
  else if (kept.size > MAX_KEPT) forget(kept.keys().next().value as number);
  const keep = kept.has(request.key);
  if (looks !== null) return { id: request.id, type: 'looks', looks, kept: keep };
  return { id: request.id, type: 'verdict', verdict, kept: keep };
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

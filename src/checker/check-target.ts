// Checks one URL: fetch (with retries for transient failures only), classify, and when the
// generic rules say "live", compare with the host's answer to a URL that cannot exist.
import { bodySha256 } from '../core/body-digest.ts';
import { releaseOutcomeBody } from '../core/body-release.ts';
import type { CheckResult } from '../core/check-result.ts';
import type { Clock } from '../core/clock.ts';
import type { HttpClient, HttpOutcome } from '../core/http-types.ts';
import type { Provider } from '../core/provider.ts';
import { shouldRetry } from './retry-policy.ts';
import type { ProbeSummary } from './soft-404.ts';
import type { Classification } from './classify.ts';
import { mayLookAgain, probeMayChange, type Classifier } from './classifier.ts';

export interface TargetCheckDeps {
  http: HttpClient;
  clock: Clock;
  /** Uniform random number in [0, 1), for retry jitter. */
  random: () => number;
  maxRetries: number;
  /** Runs one HTTP exchange inside the per-host and global limits (held for that exchange only). */
  withSlot: <T>(fn: () => Promise<T>) => Promise<T>;
  /**
   * The soft-404 probe summary for this kind of URL (fetched at most once per run); `deep` asks
   * for the confirming probe (see deepProbeUrlFor), null when there is none.
   */
  probeFor: (url: string, deep: boolean) => Promise<ProbeSummary | null>;
  /** probeFor(url, false)'s answer when it is in already (undefined while it is not). */
  knownProbe?: (url: string) => ProbeSummary | null | undefined;
  signal?: AbortSignal;
  classifier: Classifier;
  /** Names this check's answer for the classifier (unique within a run). */
  key: number;
}

export interface TargetCheckOptions {
  provider: Provider | null;
  /** Never read media bodies (minors' cases; DESIGN.md section 2). */
  skipMedia: boolean;
}

export async function checkTarget(url: string, options: TargetCheckOptions, deps: TargetCheckDeps): Promise<CheckResult> {
  return (await checkTargetExchange(url, options, deps)).result;
}

/** checkTarget, also handing back the final answer as it came over the wire (for evidence). */
export async function checkTargetExchange(
  url: string,
  options: TargetCheckOptions,
  deps: TargetCheckDeps,
): Promise<{ result: CheckResult; outcome: HttpOutcome }> {
  const { outcome, attempts, started } = await fetchWithRetries(url, options, deps);
  const input = { url, outcome, provider: options.provider };
  const judge = (probe: ProbeSummary | null) => deps.classifier.classify({ ...input, probe }, deps.key);
  try {
    // The site's soft-404 probe is in already (it is fetched once per site and kind of address):
    // both looks at the page are taken in one go.
    const known = deps.knownProbe?.(url);
    const looks = known !== undefined ? await deps.classifier.classifyWithProbe(input, deps.key, known) : null;
    let verdict = looks?.verdict ?? (await judge(null));
    const first = looks?.first ?? verdict;
    // Only a generic "live" can turn out to be the site's soft 404; everything else is already decided.
    if (mayLookAgain(first, false) && outcome.ok && !outcome.response.bodySkipped) {
      // A probe that cannot change the verdict would only give the first one back (most sites
      // answer an address that cannot exist with 404): the page is not judged again then.
      const judgeWith = (probe: ProbeSummary): Promise<Classification> => (probeMayChange(first, outcome, probe) ? judge(probe) : Promise.resolve(first));
      if (looks === null) {
        const probe = await deps.probeFor(url, false);
        if (probe) verdict = await judgeWith(probe);
      }
      // A verdict that rests on the probe alone must hold against the confirming probe too: a
      // site that ignores the last segment serves the live page under the first probe's address.
      if (mayLookAgain(verdict, true)) {
        const deep = await deps.probeFor(url, true);
        if (deep) verdict = await judgeWith(deep);
      }
    }
    return { result: toResult(url, outcome, verdict, options.provider, started, deps.clock.now(), attempts), outcome };
  } finally {
    deps.classifier.release(deps.key);
  }
}

async function fetchWithRetries(
  url: string,
  options: TargetCheckOptions,
  deps: TargetCheckDeps,
): Promise<{ outcome: HttpOutcome; attempts: number; started: Date }> {
  // The check starts with its first request, not while it waits for a slot.
  let started: Date | null = null;
  for (let attempt = 1; ; attempt++) {
    const outcome = await deps.withSlot(() => {
      started ??= deps.clock.now();
      return deps.http.get(url, { skipMediaBody: options.skipMedia, signal: deps.signal });
    });
    const at = started ?? deps.clock.now();
    const decision = shouldRetry(outcome, attempt, deps.maxRetries, deps.clock.now(), deps.random());
    if (!decision.retry || deps.signal?.aborted) return { outcome, attempts: attempt, started: at };
    releaseOutcomeBody(outcome);
    // No slot is held while waiting: the host's other URLs and the other hosts go ahead meanwhile.
    await deps.clock.sleep(decision.delayMs, deps.signal).catch(() => undefined);
    if (deps.signal?.aborted) return { outcome, attempts: attempt, started: at };
  }
}

function toResult(
  url: string,
  outcome: HttpOutcome,
  verdict: { state: CheckResult['state']; reason: CheckResult['reason']; detail: string },
  provider: Provider | null,
  started: Date,
  finished: Date,
  attempts: number,
): CheckResult {
  const base = {
    url,
    state: verdict.state,
    reason: verdict.reason,
    detail: verdict.detail,
    providerId: provider?.id ?? null,
    checkedAt: started.toISOString(),
    durationMs: Math.max(0, finished.getTime() - started.getTime()),
    attempts,
  };
  if (!outcome.ok) {
    return {
      ...base,
      httpStatus: null,
      finalUrl: outcome.failure.redirects.length > 0 ? outcome.failure.url : null,
      redirects: outcome.failure.redirects,
      contentType: null,
      bodySha256: null,
      bodyBytes: 0,
      truncated: false,
    };
  }
  const r = outcome.response;
  const read = !r.bodySkipped;
  return {
    ...base,
    httpStatus: r.status,
    finalUrl: r.finalUrl,
    redirects: r.redirects,
    contentType: r.headers['content-type'] ?? null,
    // The digest identifies what was seen; the bytes themselves are dropped after this.
    bodySha256: read ? bodySha256(r.body) : null,
    bodyBytes: r.body.byteLength,
    truncated: r.truncated,
  };
}

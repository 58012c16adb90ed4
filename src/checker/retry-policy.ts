// Whether to try a URL again: only transient failures, with exponential backoff and jitter, and
// Retry-After honoured up to a cap. Pure: the time and the random number are passed in.
// A site that hangs (no headers, or no complete answer before the total deadline) is asked once
// more at most: each try costs the whole timeout, and three of them only make a run slow.
import type { HttpOutcome } from '../core/http-types.ts';

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
  /** Why (not), for logs and tests. */
  why: string;
}

export interface RetryTuning {
  /** Delay before the first retry, doubled for each further one. */
  baseDelayMs: number;
  /** Ceiling of the backoff delay. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the result stays blocked or unreachable. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_TUNING: RetryTuning = { baseDelayMs: 1_000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const RETRY_FAILURES = new Set(['reset', 'timeout', 'refused']);
// EAI_AGAIN is a resolver that did not answer in time; ENOTFOUND is a name that does not exist.
const RETRY_DNS_CODES = new Set(['EAI_AGAIN']);
// Failures that used up a whole waiting period; retried at most SLOW_FAILURE_RETRIES times.
const SLOW_FAILURE_CODES = new Set(['ERR_TOTAL_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);
export const SLOW_FAILURE_RETRIES = 1;

/** How many retries this outcome may have, given the configured `maxRetries`. */
export function retryLimit(outcome: HttpOutcome, maxRetries: number): number {
  const slow = !outcome.ok && outcome.failure.kind === 'timeout' && SLOW_FAILURE_CODES.has(outcome.failure.code ?? '');
  return slow ? Math.min(maxRetries, SLOW_FAILURE_RETRIES) : maxRetries;
}

/** Milliseconds a Retry-After value asks for (delta-seconds or an HTTP date), or null when unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

/** Equal jitter: half the exponential delay fixed, half random, so retries never bunch at zero. */
export function backoffDelay(attempt: number, random: number, tuning: RetryTuning = DEFAULT_RETRY_TUNING): number {
  const exponential = Math.min(tuning.maxDelayMs, tuning.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const r = Math.min(1, Math.max(0, random));
  return Math.round(exponential / 2 + (exponential / 2) * r);
}

function transient(outcome: HttpOutcome): string | null {
  if (!outcome.ok) {
    const { kind, code } = outcome.failure;
    if (RETRY_FAILURES.has(kind)) return code === undefined ? kind : `${kind} ${code}`;
    if (kind === 'dns' && code !== undefined && RETRY_DNS_CODES.has(code)) return `dns ${code}`;
    return null;
  }
  const { status, headers } = outcome.response;
  if (!RETRY_STATUSES.has(status)) return null;
  // A challenge does not go away by asking again.
  if ((headers['cf-mitigated'] ?? '').toLowerCase().includes('challenge')) return null;
  return `status ${status}`;
}

/**
 * `attempt` is the number of attempts made so far (1 after the first request); a retry is
 * allowed while `attempt <= maxRetries` (at most SLOW_FAILURE_RETRIES for a total or headers
 * timeout). `random` is a uniform number in [0, 1).
 */
export function shouldRetry(
  outcome: HttpOutcome,
  attempt: number,
  maxRetries: number,
  now: Date,
  random: number,
  tuning: RetryTuning = DEFAULT_RETRY_TUNING,
): RetryDecision {
  const cause = transient(outcome);
  if (cause === null) return { retry: false, delayMs: 0, why: 'not transient' };
  const limit = retryLimit(outcome, maxRetries);
  if (attempt > limit) return { retry: false, delayMs: 0, why: `${cause}; ${limit} ${limit === 1 ? 'retry' : 'retries'} used` };
  const backoff = backoffDelay(attempt, random, tuning);
  const retryAfter = outcome.ok ? parseRetryAfter(outcome.response.headers['retry-after'], now) : null;
  if (retryAfter === null) return { retry: true, delayMs: backoff, why: `${cause}; backoff` };
  if (retryAfter > tuning.maxRetryAfterMs) {
    return { retry: false, delayMs: 0, why: `${cause}; Retry-After ${Math.round(retryAfter / 1000)} s is over the cap` };
  }
  // Never sooner than the server asked, never sooner than our own backoff.
  return { retry: true, delayMs: Math.max(retryAfter, backoff), why: `${cause}; Retry-After` };
}

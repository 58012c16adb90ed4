import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_TUNING, parseRetryAfter, retryLimit, shouldRetry } from '../../src/checker/retry-policy.ts';
import type { HttpOutcome } from '../../src/core/http-types.ts';
import { failed, ok } from './helpers.ts';

const NOW = new Date('2026-05-04T10:00:00.000Z');

describe('shouldRetry: what is transient', () => {
  it.each<[string, HttpOutcome, boolean]>([
    ['reset', failed('reset', 'ECONNRESET'), true],
    ['timeout', failed('timeout', 'UND_ERR_HEADERS_TIMEOUT'), true],
    ['refused', failed('refused', 'ECONNREFUSED'), true],
    ['dns EAI_AGAIN', failed('dns', 'EAI_AGAIN'), true],
    ['dns ENOTFOUND', failed('dns', 'ENOTFOUND'), false],
    ['dns without a code', failed('dns'), false],
    ['tls', failed('tls', 'CERT_HAS_EXPIRED'), false],
    ['private address', failed('private-address'), false],
    ['too many redirects', failed('too-many-redirects'), false],
    ['redirect loop', failed('redirect-loop'), false],
    ['bad redirect', failed('bad-redirect'), false],
    ['protocol', failed('protocol', 'HPE_INVALID_HEADER_TOKEN'), false],
    ['aborted', failed('aborted'), false],
    ['502', ok({ status: 502 }), true],
    ['503', ok({ status: 503 }), true],
    ['504', ok({ status: 504 }), true],
    ['429', ok({ status: 429 }), true],
    ['500', ok({ status: 500 }), false],
    ['200', ok({ status: 200 }), false],
    ['401', ok({ status: 401 }), false],
    ['403', ok({ status: 403 }), false],
    ['404', ok({ status: 404 }), false],
    ['410', ok({ status: 410 }), false],
    ['451', ok({ status: 451 }), false],
    ['a Cloudflare challenge on 503', ok({ status: 503, headers: { 'cf-mitigated': 'challenge' } }), false],
  ])('%s -> retry %s', (_, outcome, retry) => {
    expect(shouldRetry(outcome, 1, 3, NOW, 0.5).retry).toBe(retry);
  });
});

describe('shouldRetry: how long to wait', () => {
  it('backs off exponentially with equal jitter and stops after maxRetries', () => {
    const outcome = failed('reset');
    expect(shouldRetry(outcome, 1, 3, NOW, 0).delayMs).toBe(500);
    expect(shouldRetry(outcome, 1, 3, NOW, 1).delayMs).toBe(1_000);
    expect(shouldRetry(outcome, 2, 3, NOW, 0.5).delayMs).toBe(1_500);
    expect(shouldRetry(outcome, 3, 3, NOW, 0.5).delayMs).toBe(3_000);
    expect(shouldRetry(outcome, 4, 3, NOW, 0.5)).toMatchObject({ retry: false, delayMs: 0 });
    expect(shouldRetry(outcome, 1, 0, NOW, 0.5).retry).toBe(false);
  });

  it('caps the backoff', () => {
    expect(backoffDelay(20, 1)).toBe(DEFAULT_RETRY_TUNING.maxDelayMs);
  });

  it.each([
    ['seconds', '30', 30_000],
    ['an HTTP date', 'Mon, 04 May 2026 10:01:00 GMT', 60_000],
    ['a date in the past', 'Mon, 04 May 2026 09:00:00 GMT', 1_000],
  ])('honours Retry-After given as %s', (_, value, delay) => {
    const decision = shouldRetry(ok({ status: 429, headers: { 'retry-after': value } }), 1, 3, NOW, 1);
    expect(decision).toMatchObject({ retry: true, delayMs: delay });
  });

  it('does not retry when Retry-After asks for more than the cap', () => {
    expect(shouldRetry(ok({ status: 503, headers: { 'retry-after': '3600' } }), 1, 3, NOW, 0.5)).toMatchObject({ retry: false, delayMs: 0 });
    expect(shouldRetry(ok({ status: 429, headers: { 'retry-after': '121' } }), 1, 3, NOW, 0.5).retry).toBe(false);
    expect(shouldRetry(ok({ status: 429, headers: { 'retry-after': '120' } }), 1, 3, NOW, 0.5)).toMatchObject({ retry: true, delayMs: 120_000 });
  });

  it('falls back to backoff when Retry-After is unreadable', () => {
    expect(shouldRetry(ok({ status: 503, headers: { 'retry-after': 'soon' } }), 1, 3, NOW, 1)).toMatchObject({ retry: true, delayMs: 1_000 });
  });
});

// A hanging site costs the whole timeout per try: it is asked once more at most.
describe('shouldRetry: slow failures are retried once at most', () => {
  const total = failed('timeout', 'ERR_TOTAL_TIMEOUT');
  const headers = failed('timeout', 'UND_ERR_HEADERS_TIMEOUT');
  it.each<[string, HttpOutcome, number, number, boolean]>([
    ['total timeout, first try, 3 retries allowed', total, 1, 3, true],
    ['total timeout, second try, 3 retries allowed', total, 2, 3, false],
    ['total timeout, second try, 10 retries allowed', total, 2, 10, false],
    ['total timeout, first try, no retries allowed', total, 1, 0, false],
    ['headers timeout, first try', headers, 1, 3, true],
    ['headers timeout, second try', headers, 2, 3, false],
    ['total timeout after earlier resets', total, 3, 3, false],
    ['connect timeout keeps the configured retries', failed('timeout', 'UND_ERR_CONNECT_TIMEOUT'), 3, 3, true],
    ['body timeout keeps the configured retries', failed('timeout', 'UND_ERR_BODY_TIMEOUT'), 3, 3, true],
    ['a timeout without a code keeps the configured retries', failed('timeout'), 3, 3, true],
    ['reset keeps the configured retries', failed('reset', 'ECONNRESET'), 3, 3, true],
    ['refused keeps the configured retries', failed('refused', 'ECONNREFUSED'), 3, 3, true],
    ['503 keeps the configured retries', ok({ status: 503 }), 3, 3, true],
    ['reset past the configured retries', failed('reset', 'ECONNRESET'), 4, 3, false],
  ])('%s (attempt %i of max %i retries) -> retry %s', (_, outcome, attempt, maxRetries, retry) => {
    expect(shouldRetry(outcome, attempt, maxRetries, NOW, 0.5).retry).toBe(retry);
  });

  it.each<[string, HttpOutcome, number, number]>([
    ['total timeout', total, 3, 1],
    ['headers timeout', headers, 5, 1],
    ['total timeout with retries off', total, 0, 0],
    ['body timeout', failed('timeout', 'UND_ERR_BODY_TIMEOUT'), 3, 3],
    ['reset', failed('reset', 'ECONNRESET'), 3, 3],
    ['a 200', ok(), 2, 2],
  ])('retryLimit: %s with maxRetries %i -> %i', (_, outcome, maxRetries, limit) => {
    expect(retryLimit(outcome, maxRetries)).toBe(limit);
  });

  it('says why it stopped', () => {
    expect(shouldRetry(total, 2, 3, NOW, 0.5).why).toBe('timeout ERR_TOTAL_TIMEOUT; 1 retry used');
  });
});

describe('parseRetryAfter', () => {
  it.each<[string | undefined, number | null]>([
    [undefined, null],
    ['0', 0],
    [' 12 ', 12_000],
    ['-5', null],
    ['1.5', null],
    ['Mon, 04 May 2026 10:00:10 GMT', 10_000],
    ['not a date', null],
  ])('%j -> %j', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });
});

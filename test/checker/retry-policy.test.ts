import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_TUNING, parseRetryAfter, shouldRetry } from '../../src/checker/retry-policy.ts';
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

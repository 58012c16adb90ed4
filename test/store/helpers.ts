// Shared test helpers for the store: temp folders, a stepping clock, sample check results.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckResult } from '../../src/core/check-result.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { CheckState, Reason } from '../../src/core/states.ts';

export interface TempDir {
  path: string;
  remove(): void;
}

export function tempDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), 'takedown-store-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A clock that moves one second forward on every reading, from a fixed start. */
export function steppingClock(start = '2026-01-01T00:00:00.000Z'): Clock {
  let ms = Date.parse(start);
  return {
    now: () => {
      const date = new Date(ms);
      ms += 1000;
      return date;
    },
    sleep: () => Promise.resolve(),
  };
}

const REASON_OF: Record<CheckState, Reason> = {
  live: 'ok',
  removed: 'http-404',
  'soft-removed': 'provider-marker',
  redirected: 'redirect-to-root',
  'legal-block': 'http-451',
  blocked: 'http-403',
  unreachable: 'timeout',
};

export function result(
  url: string,
  state: CheckState,
  checkedAt: string,
  extra: Partial<CheckResult> = {},
): CheckResult {
  return {
    url,
    state,
    reason: REASON_OF[state],
    detail: `detail for ${state}`,
    providerId: null,
    httpStatus: state === 'unreachable' ? null : 200,
    finalUrl: url,
    redirects: [],
    contentType: 'text/html',
    bodySha256: 'ab'.repeat(32),
    bodyBytes: 1234,
    truncated: false,
    checkedAt,
    durationMs: 12.6,
    attempts: 1,
    ...extra,
  };
}

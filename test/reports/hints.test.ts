// hintsFor: advice from a run's results, per host.
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/check-result.ts';
import { REASONS, type Reason } from '../../src/core/states.ts';
import type { CaseResult } from '../../src/reports/check-report.ts';
import { hintsFor } from '../../src/reports/hints.ts';

function result(url: string, reason: Reason): CaseResult {
  const checked: CheckResult = {
    url, state: REASONS[reason].state, reason, detail: 'x', providerId: null, httpStatus: null, finalUrl: null,
    redirects: [], contentType: null, bodySha256: null, bodyBytes: 0, truncated: false,
    checkedAt: '2026-05-04T10:00:00.000Z', durationMs: 1, attempts: 1,
  };
  return { caseId: 'c1', result: checked };
}

const TIMEOUT_HINT = (n: number, host: string): string =>
  `${n} URL(s) on ${host} did not answer in time: the site may be down or slow; they count as not seen, and the next check will try again (a longer --timeout helps only a slow site).`;
const DNS_HINT = (n: number, host: string): string =>
  `${n} URL(s) on ${host} failed because the host name could not be found: check the spelling, or the site is gone from DNS (not proof the content is removed).`;

describe('hintsFor', () => {
  it.each<[string, CaseResult[], string[]]>([
    ['nothing to say', [result('https://a.example/1', 'ok'), result('https://b.example/1', 'http-404')], []],
    ['timeouts on one host', [result('https://slow.example/1', 'timeout'), result('https://slow.example/2', 'timeout'), result('https://slow.example/3', 'ok')], [TIMEOUT_HINT(2, 'slow.example')]],
    ['every URL of a host without DNS', [result('https://gone.example/1', 'dns'), result('https://gone.example/2', 'dns')], [DNS_HINT(2, 'gone.example')]],
    ['a DNS failure beside a URL that answered: no DNS hint', [result('https://flaky.example/1', 'dns'), result('https://flaky.example/2', 'ok')], []],
    ['DNS hints per host', [result('https://gone.example/1', 'dns'), result('https://typo.exmaple/a', 'dns'), result('https://ok.example/', 'ok')], [DNS_HINT(1, 'gone.example'), DNS_HINT(1, 'typo.exmaple')]],
    ['rate limits, then timeouts, in rule order', [result('https://slow.example/1', 'timeout'), result('https://busy.example/1', 'http-429')], [
      '1 URL(s) on busy.example were rate limited (429): raise check.hosts."busy.example".interval_ms in takedown.yaml and check again later.',
      TIMEOUT_HINT(1, 'slow.example'),
    ]],
  ])('%s', (_, results, hints) => {
    expect(hintsFor(results)).toEqual(hints);
  });

  it('no longer advises a longer timeout as the fix', () => {
    const [hint] = hintsFor([result('https://slow.example/1', 'timeout')]);
    expect(hint).not.toContain('try --timeout');
  });

  it('groups many URLs quickly', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => result(`https://gone.example/${i}`, 'dns'));
    const started = performance.now();
    expect(hintsFor(many)).toEqual([DNS_HINT(50_000, 'gone.example')]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

// probeMayDecide lets the checker skip judging a page a second time: whenever it says no, the
// verdict with that probe must be the verdict without one, for every page, status and probe here.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/checker/classify.ts';
import { probeMayDecide, summariseProbe, type ProbeSummary } from '../../src/checker/soft-404.ts';
import type { HttpOutcome } from '../../src/core/http-types.ts';
import { buildPages, splice } from '../../bench/pages.ts';
import { failed, ok, redirected } from './helpers.ts';

const PAGES = new URL('./pages/', import.meta.url);
const bench = buildPages(20260, 8);
const bodies: [string, Uint8Array][] = [
  ...readdirSync(PAGES).filter((n) => n.endsWith('.html')).map((n): [string, Uint8Array] => [n, new Uint8Array(readFileSync(new URL(n, PAGES)))]),
  ['bench live', Buffer.concat(splice(bench.live[1] ?? [], 1001).chunks)],
  ['bench home', bench.home(3)],
  ['bench 404', bench.status.get(404) ?? new Uint8Array(0)],
];
const SITE = 'https://tube.example';
const TARGET = `${SITE}/video/8812`;
const PROBE = `${SITE}/video/takedown-probe-abc`;

const probes: [string, ProbeSummary][] = [
  ['404 page', summariseProbe(ok({ url: PROBE, status: 404, body: bench.status.get(404) }))],
  ['home page with 200', summariseProbe(ok({ url: PROBE, body: bench.home(3) }))],
  ['soft 404 with 200', summariseProbe(ok({ url: PROBE, body: bodies.find(([n]) => n === 'soft404-en.html')?.[1] }))],
  ['the same page with 200', summariseProbe(ok({ url: PROBE, body: bodies.find(([n]) => n === 'bench live')?.[1] }))],
  ['redirected home', summariseProbe(redirected(PROBE, `${SITE}/`, { body: bench.home(3) }))],
  ['redirected to a 404', summariseProbe(redirected(PROBE, `${SITE}/missing`, { status: 404, body: bench.status.get(404) }))],
  ['no answer', summariseProbe(failed('timeout', 'ERR_TOTAL_TIMEOUT', PROBE))],
  ['refused after a redirect', { ...summariseProbe(failed('refused', 'ECONNREFUSED', `${SITE}/`)), redirected: true }],
];

function targets(body: Uint8Array): [string, HttpOutcome][] {
  return [
    ['200', ok({ url: TARGET, body })],
    ['404', ok({ url: TARGET, status: 404, body })],
    ['410', ok({ url: TARGET, status: 410, body })],
    ['403', ok({ url: TARGET, status: 403, body })],
    ['redirected home', redirected(TARGET, `${SITE}/`, { body })],
    ['redirected elsewhere', redirected(TARGET, `${SITE}/other/1`, { body })],
    ['redirected to a 404', redirected(TARGET, `${SITE}/missing`, { status: 404, body })],
  ];
}

describe('probeMayDecide', () => {
  let skipped = 0;
  let changed = 0;

  it.each(bodies)('%s: a probe it rules out never changes the verdict', (_, body) => {
    for (const [, outcome] of targets(body)) {
      if (!outcome.ok) continue;
      const without = classify({ url: TARGET, outcome, provider: null, probe: null });
      for (const [, probe] of probes) {
        const withProbe = classify({ url: TARGET, outcome, provider: null, probe });
        if (!probeMayDecide(probe, outcome.response)) {
          skipped++;
          expect(withProbe).toEqual(without);
        } else if (JSON.stringify(withProbe) !== JSON.stringify(without)) {
          changed++;
        }
      }
    }
  });

  it('rules out most pairs here and leaves those where the probe decides', () => {
    expect(skipped).toBeGreaterThan(500);
    expect(changed).toBeGreaterThan(5);
  });
});

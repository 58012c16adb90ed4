// Pages, target answers and soft-404 probes for the tests of the second look against the probe
// (probe-may-decide.test.ts, both-looks.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { summariseProbe, type ProbeSummary } from '../../src/checker/soft-404.ts';
import type { HttpOutcome } from '../../src/core/http-types.ts';
import { buildPages, splice } from '../../bench/pages.ts';
import { failed, ok, redirected } from './helpers.ts';

const PAGES = new URL('./pages/', import.meta.url);
const bench = buildPages(20260, 8);
export const bodies: [string, Uint8Array][] = [
  ...readdirSync(PAGES).filter((n) => n.endsWith('.html')).map((n): [string, Uint8Array] => [n, new Uint8Array(readFileSync(new URL(n, PAGES)))]),
  ['bench live', Buffer.concat(splice(bench.live[1] ?? [], 1001).chunks)],
  ['bench home', bench.home(3)],
  ['bench 404', bench.status.get(404) ?? new Uint8Array(0)],
];
const SITE = 'https://tube.example';
export const TARGET = `${SITE}/video/8812`;
const PROBE = `${SITE}/video/takedown-probe-abc`;

export const probes: [string, ProbeSummary][] = [
  ['404 page', summariseProbe(ok({ url: PROBE, status: 404, body: bench.status.get(404) }))],
  ['home page with 200', summariseProbe(ok({ url: PROBE, body: bench.home(3) }))],
  ['soft 404 with 200', summariseProbe(ok({ url: PROBE, body: bodies.find(([n]) => n === 'soft404-en.html')?.[1] }))],
  ['the same page with 200', summariseProbe(ok({ url: PROBE, body: bodies.find(([n]) => n === 'bench live')?.[1] }))],
  ['redirected home', summariseProbe(redirected(PROBE, `${SITE}/`, { body: bench.home(3) }))],
  ['redirected to a 404', summariseProbe(redirected(PROBE, `${SITE}/missing`, { status: 404, body: bench.status.get(404) }))],
  ['no answer', summariseProbe(failed('timeout', 'ERR_TOTAL_TIMEOUT', PROBE))],
  ['refused after a redirect', { ...summariseProbe(failed('refused', 'ECONNREFUSED', `${SITE}/`)), redirected: true }],
];

export function targets(body: Uint8Array): [string, HttpOutcome][] {
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

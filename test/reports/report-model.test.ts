// The report model from a real store: history per URL, outcome per request, figures per provider.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASONS, type Reason } from '../../src/core/states.ts';
import { anonymise } from '../../src/reports/anonymise.ts';
import { buildReport } from '../../src/reports/build-report.ts';
import { durationStats, quantile } from '../../src/reports/provider-stats.ts';
import { readReportInput } from '../../src/reports/report-data.ts';
import type { Report, ReportCheckInput } from '../../src/reports/report-types.ts';
import { removalAfter, urlHistory } from '../../src/reports/url-history.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../cli/helpers.ts';
import { buildReportStore, FORMULA_URL, hours, HOSTILE_URL, NOW } from './report-fixture.ts';

let dir: ReturnType<typeof tempDir>;
let report: Report;

beforeAll(() => {
  dir = tempDir();
  const path = join(dir.path, 'takedown.db');
  buildReportStore(path, { secondCase: true });
  const store = openStore(path);
  try {
    report = buildReport(readReportInput(store, ['c-1', 'c-2'], NOW, { confirmHours: 1 }));
  } finally {
    store.close();
  }
});
afterAll(() => dir.remove());

const checks = (...items: [number, Reason][]): ReportCheckInput[] =>
  items.map(([h, reason]) => ({ checkedAt: hours(h), state: REASONS[reason].state, reason }));

describe('quantile (PERCENTILE.INC)', () => {
  it.each<[number[], number, number | null]>([
    [[], 0.5, null],
    [[7], 0.9, 7],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[6, 24], 0.9, 22.2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
  ])('%j at %d is %d', (values, p, expected) => {
    expect(quantile(values, p)).toBe(expected);
  });

  it('ignores requests with no duration', () => {
    expect(durationStats([null, 10, null, 30])).toEqual({ count: 2, medianHours: 20, p90Hours: 28 });
  });
});

describe('removalAfter', () => {
  it.each<[string, ReportCheckInput[], string | null, string | null]>([
    ['confirmed by the next check', checks([0, 'ok'], [5, 'http-404'], [9, 'http-404']), hours(5), hours(9)],
    ['a single sighting stays unconfirmed', checks([0, 'ok'], [5, 'http-404']), hours(5), null],
    ['a glitch, then a confirmed run: the run counts', checks([0, 'ok'], [3, 'http-404'], [4, 'ok'], [6, 'http-410'], [8, 'soft-404']), hours(6), hours(8)],
    ['a timeout in between neither confirms nor breaks', checks([2, 'http-404'], [3, 'timeout'], [4, 'http-404']), hours(2), hours(4)],
    ['blocked is never gone', checks([2, 'http-403'], [3, 'challenge']), null, null],
    ['checks before the notice do not count', checks([0, 'http-404'], [0.5, 'http-404'], [2, 'ok']), null, null],
    ['a second check too soon does not confirm; a later one does', checks([2, 'http-404'], [2.5, 'http-404'], [3.2, 'http-404']), hours(2), hours(3.2)],
    ['too soon, then live: never confirmed', checks([2, 'http-404'], [2.5, 'http-404'], [4, 'ok']), hours(2), null],
  ])('%s', (_name, list, goneAt, confirmedAt) => {
    expect(removalAfter(list, hours(1), 3_600_000)).toEqual({ goneAt, confirmedAt });
  });
});

describe('urlHistory', () => {
  it('runs of states, first and last sightings, and a reappearance after an unreachable spell', () => {
    const h = urlHistory(checks([0, 'ok'], [1, 'http-404'], [2, 'timeout'], [3, 'ok'], [4, 'ok']));
    expect(h.spans.map((s) => [s.state, s.from, s.to])).toEqual([
      ['live', hours(0), hours(1)],
      ['removed', hours(1), hours(2)],
      ['unreachable', hours(2), hours(3)],
      ['live', hours(3), null],
    ]);
    expect(h).toMatchObject({ firstSeenLive: hours(0), lastSeenLive: hours(4), firstSeenGone: hours(1), goneSince: null, reappearedAt: [hours(3)] });
  });
});

describe('buildReport', () => {
  const url = (u: string) => report.cases[0]?.urls.find((x) => x.url === u);
  const request = (id: string) => report.cases.flatMap((c) => c.requests).find((r) => r.id === id);

  it('gives each URL its state, history, requests and evidence', () => {
    expect(url('https://alpha.example/p/1')).toMatchObject({
      state: 'removed',
      firstSeenLive: hours(0),
      firstSeenGone: hours(25),
      requests: ['R-0001', 'R-0004'],
      removal: { request: 'R-0001', sentAt: hours(1), goneAt: hours(25), hours: 24 },
      evidence: [{ file: '2026-11.warc', offset: 712, state: 'live', record: '<urn:uuid:0b6c7a1e-0000-4000-8000-000000000002>', digest: 'sha256:9f2c0e' }],
    });
    expect(url(FORMULA_URL)).toMatchObject({ state: 'live', firstSeenGone: hours(50), reappearedAt: [hours(61)], removal: null });
    expect(url('https://delta.example/gone')).toMatchObject({ firstSeenLive: null, firstSeenGone: hours(0), goneSince: hours(0) });
    expect(url('https://echo.example/new')).toMatchObject({ state: null, checks: 0, addedAt: hours(60) });
    expect(report.cases[0]?.counts).toEqual({ live: 2, removed: 2, unchecked: 1 });
  });

  it('tells what became of each request: deadlines kept and missed, answers and removals', () => {
    expect(request('R-0001')).toMatchObject({ status: 'resolved', resolvedAt: hours(30), hoursToRemoval: 24, hoursToAnswer: 29, overdue: false, missedDeadline: false, ticket: '=1+1' });
    expect(request('R-0002')).toMatchObject({ status: 'sent', overdue: true, missedDeadline: true, removedAt: null });
    // Refused at once; the page went later but came back before a second check confirmed it.
    expect(request('R-0003')).toMatchObject({ status: 'refused', refusedAt: hours(10), hoursToAnswer: 8, removedAt: null, missedDeadline: false });
    // A search engine delists: the page stays up, so there is no time to removal to measure.
    expect(request('R-0004')).toMatchObject({ rung: 'search', acknowledgedAt: hours(5), hoursToAnswer: 4, hoursToRemoval: null, overdue: false });
    expect(request('R-0005')).toMatchObject({ status: 'draft', sentAt: null, urls: [{ goneAt: null, goneBeforeSent: false }] });
    // Removed in six hours, confirmed, never marked resolved: not overdue, and the deadline was kept.
    expect(request('R-0006')).toMatchObject({ caseId: 'c-2', status: 'sent', hoursToRemoval: 6, overdue: false, missedDeadline: false });
  });

  it('sums sent requests per provider, in each case and over all cases', () => {
    const alpha = report.providers.find((p) => p.providerId === 'alpha');
    expect(alpha).toMatchObject({ sent: 2, resolved: 1, removed: 2, timeToRemoval: { count: 2, medianHours: 15, p90Hours: 22.2 } });
    expect(report.cases[0]?.providers.map((p) => [p.label, p.sent, p.overdue, p.refused])).toEqual([
      ['Alpha Pics', 1, 0, 0],
      ['Bravo "Tube" <Ltd>', 1, 1, 0],
      ['Charlie', 1, 0, 1],
      ['Google Search', 1, 0, 0],
    ]);
  });

  it('samples URL states over time, ending at the time of the report', () => {
    const series = report.cases[0]?.series;
    expect(series?.stepHours).toBe(6);
    expect(series?.points.at(-1)).toEqual({ at: NOW.toISOString(), counts: expect.objectContaining({ live: 2, removed: 2, unchecked: 1 }) });
    // It starts at the first check, not when the URLs were added an hour before: no false "unchecked" block.
    expect(series?.points[0]).toEqual({ at: hours(0), counts: expect.objectContaining({ live: 3, removed: 1, unchecked: 0 }) });
  });

  it("takes the sweep's recorded removals as they are", () => {
    const input = {
      generatedAt: NOW.toISOString(),
      confirmHours: 1,
      chain: report.chain,
      cases: [{
        id: 'x', title: null, minor: false, events: [],
        targets: [{ id: 1, url: 'https://a.example/1', note: null, active: true, addedAt: hours(0), checks: checks([0, 'ok'], [10, 'http-404']) }],
        requests: [{
          id: 1, kind: 'take-it-down' as const, rung: 'site' as const, providerId: 'a', channelKind: 'email' as const, recipientName: 'A',
          status: 'resolved' as const, createdAt: hours(0), sentAt: hours(1), acknowledgedAt: null, closedAt: hours(12), deadlineAt: hours(49),
          deadlineRule: '48 h', ticket: null, note: null, supersededBy: null, targetIds: [1],
        }],
        removals: [{ requestId: 1, targetId: 1, goneAt: hours(10), confirmedAt: hours(12) }],
      }],
    };
    const built = buildReport(input);
    expect(built.cases[0]?.requests[0]).toMatchObject({ removedAt: hours(10), hoursToRemoval: 9 });
    expect(built.cases[0]?.urls[0]?.removal).toEqual({ request: 'R-0001', sentAt: hours(1), goneAt: hours(10), hours: 9 });
    // Without the sweep's record, one gone check is not a removal.
    expect(buildReport({ ...input, cases: [{ ...input.cases[0]!, removals: [] }] }).cases[0]?.requests[0]?.removedAt).toBeNull();
  });

  it('anchors the report to the head of a verified event chain', () => {
    expect(report.chain).toMatchObject({ ok: true, problem: null });
    expect(report.chain.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.chain.headSeq).toBe(report.chain.events);
  });
});

describe('anonymise', () => {
  it('keeps providers, notice kinds, counts and durations, and nothing that points to a person', () => {
    const outcomes = anonymise(report, new Set(['alpha', 'google-search']));
    expect(outcomes.rows.map((r) => [r.provider, r.noticeKind, r.sent, r.removed, r.timeToRemoval.medianHours])).toEqual([
      ['alpha', 'take-it-down', 2, 2, 15],
      ['google-search', 'search-delisting', 1, 0, null],
      ['other', 'policy-ncii', 1, 0, null],
      ['other', 'take-it-down', 1, 0, null],
    ]);
    const text = JSON.stringify(outcomes);
    for (const secret of ['c-1', 'c-2', 'Jane', 'alpha.example', 'bravo', 'Bravo', 'Charlie', 'T-<b>', '=1+1', 'R-000', HOSTILE_URL, 'T09:', 'T10:']) {
      expect(text).not.toContain(secret);
    }
    expect(outcomes).toMatchObject({ kind: 'takedown-outcomes', cases: 2, generatedOn: '2026-11-23' });
  });
});

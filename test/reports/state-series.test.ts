// URL states over time: the series starts at the first check, its step follows the span it
// covers, and checks all within a minute make one point (and one bar, one label).
import { describe, expect, it } from 'vitest';
import { statesOverTimeChart } from '../../src/reports/report-charts.ts';
import type { ReportTargetInput } from '../../src/reports/report-types.ts';
import { stateSeries } from '../../src/reports/state-series.ts';

const T0 = Date.parse('2026-11-21T12:00:00.000Z');
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

function target(id: number, addedAt: string, checks: [string, 'live' | 'removed'][]): ReportTargetInput {
  return {
    id,
    url: `https://x.example/${id}`,
    note: null,
    active: true,
    addedAt,
    checks: checks.map(([checkedAt, state]) => ({ checkedAt, state, reason: state === 'live' ? 'ok' : 'http-404' })),
  };
}

describe('stateSeries', () => {
  it('a case checked a second after it was made, reported at once: one point, nothing unchecked', () => {
    const series = stateSeries([target(1, at(0), [[at(1), 'live']]), target(2, at(0), [[at(1), 'removed']])], at(0), at(20));
    expect(series.points).toEqual([{ at: at(20), counts: expect.objectContaining({ live: 1, removed: 1, unchecked: 0 }) }]);
  });

  it('starts at the first check, not at the creation of the case, with a step in minutes for a short span', () => {
    const series = stateSeries([target(1, at(-3600), [[at(0), 'live'], [at(20 * 60), 'removed']])], at(-3600), at(30 * 60));
    expect(series.stepHours).toBe(1 / 60);
    expect(series.points[0]).toEqual({ at: at(0), counts: expect.objectContaining({ live: 1, unchecked: 0 }) });
    expect(series.points).toHaveLength(31);
    expect(series.points.at(-1)).toEqual({ at: at(30 * 60), counts: expect.objectContaining({ removed: 1 }) });
  });

  it.each<[string, number, number]>([
    ['two hours', 2 * 3600, 5 / 60],
    ['ten hours', 10 * 3600, 15 / 60],
    ['two days', 48 * 3600, 1],
    ['a month', 30 * 24 * 3600, 24],
  ])('a span of %s gets a step of %d h', (_name, seconds, step) => {
    const series = stateSeries([target(1, at(0), [[at(0), 'live']])], at(0), at(seconds));
    expect(series.stepHours).toBe(step);
    expect(series.points.length).toBeLessThanOrEqual(61);
  });

  it('with nothing checked, is the URLs as unchecked from the start given', () => {
    const series = stateSeries([target(1, at(0), [])], at(0), at(3 * 3600));
    expect(series.points[0]).toEqual({ at: at(0), counts: expect.objectContaining({ unchecked: 1 }) });
  });
});

describe('statesOverTimeChart', () => {
  it('draws one point as one bar with one time under it, not two equal axis labels', () => {
    const svg = statesOverTimeChart(stateSeries([target(1, at(0), [[at(1), 'live']])], at(0), at(20)));
    expect(svg).toContain('aria-label="URLs by state at 2026-11-21 12:00 UTC"');
    expect(svg.match(/<text class="ax" [^>]*y="204"/g)).toHaveLength(1);
    const width = Number(/<rect class="st-live" x="[\d.]+" y="[\d.]+" width="([\d.]+)"/.exec(svg)?.[1]);
    expect(width).toBeLessThanOrEqual(48);
  });

  it('labels both ends of a span of minutes with different minutes', () => {
    const svg = statesOverTimeChart(stateSeries([target(1, at(0), [[at(0), 'live']])], at(0), at(5 * 60)));
    const labels = [...svg.matchAll(/<text class="ax" [^>]*y="204"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(['2026-11-21 12:00', '2026-11-21 12:05']);
  });
});

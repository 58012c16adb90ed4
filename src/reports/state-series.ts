// URLs by state over time, sampled at even steps for the "states over time" chart. Pure.
import { CHECK_STATES } from '../core/states.ts';
import type { ReportTargetInput, SeriesKey, SeriesPoint, StateSeries } from './report-types.ts';

export const SERIES_KEYS: readonly SeriesKey[] = [...CHECK_STATES, 'unchecked'];

const MINUTE = 60_000;
/**
 * The step is the first of these (minutes) that keeps the chart to MAX_POINTS bars: a case
 * checked over half an hour gets minutes, one watched for a year gets months.
 */
const STEPS = [1, 5, 15, 30, 60, 6 * 60, 24 * 60, 7 * 24 * 60, 30 * 24 * 60, 365 * 24 * 60];
const MAX_POINTS = 60;

function emptyCounts(): Record<SeriesKey, number> {
  return Object.fromEntries(SERIES_KEYS.map((k) => [k, 0])) as Record<SeriesKey, number>;
}

/** Where a set of URLs' timelines begin: the first URL added or observed. */
export function seriesStart(targets: readonly ReportTargetInput[], fallback: string): string {
  const times = targets.flatMap((t) => [t.addedAt, ...(t.checks[0] ? [t.checks[0].checkedAt] : [])]);
  if (times.length === 0) return fallback;
  return times.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

/**
 * Counts of each URL still in its case file by its state as last observed at each point in time.
 * The series begins at the first check (before it, every URL is merely unchecked, which says
 * nothing), or at `start` when nothing was checked; the step follows the span it covers. A span
 * under a minute is one point, at `end`.
 */
export function stateSeries(targets: readonly ReportTargetInput[], start: string, end: string): StateSeries {
  const active = targets.filter((t) => t.active);
  let firstCheck = Infinity;
  for (const t of active) if (t.checks[0]) firstCheck = Math.min(firstCheck, Date.parse(t.checks[0].checkedAt));
  const to = Math.max(Date.parse(end), Number.isFinite(firstCheck) ? firstCheck : Date.parse(start));
  const from = Number.isFinite(firstCheck) ? firstCheck : Math.min(Date.parse(start), to);
  const stepMinutes = STEPS.find((s) => (to - from) / (s * MINUTE) < MAX_POINTS) ?? (STEPS.at(-1) as number);
  const stepHours = stepMinutes / 60;
  const times: number[] = [];
  if (to - from >= MINUTE) for (let t = from; t < to; t += stepMinutes * MINUTE) times.push(t);
  times.push(to);
  const points: SeriesPoint[] = times.map((t) => ({ at: new Date(t).toISOString(), counts: emptyCounts() }));
  // One walk through each URL's checks across the (sorted) points: linear in checks, not checks x points.
  for (const target of active) {
    const appears = Math.min(Date.parse(target.addedAt), target.checks[0] ? Date.parse(target.checks[0].checkedAt) : Infinity);
    let next = 0;
    let state: SeriesKey = 'unchecked';
    times.forEach((t, i) => {
      if (appears > t) return;
      while (next < target.checks.length && Date.parse((target.checks[next] as ReportTargetInput['checks'][number]).checkedAt) <= t) {
        state = (target.checks[next] as ReportTargetInput['checks'][number]).state;
        next += 1;
      }
      (points[i] as SeriesPoint).counts[state] += 1;
    });
  }
  return { stepHours, points };
}

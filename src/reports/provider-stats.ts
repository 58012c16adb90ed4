// Per-provider outcomes of sent requests: counts, and median and 90th-percentile durations. Pure.
import type { DurationStats, ProviderStats, RequestReport } from './report-types.ts';

/**
 * The p-quantile (0..1) of sorted values, interpolated between the closest ranks: what a
 * spreadsheet's PERCENTILE.INC (and MEDIAN, for 0.5) gives, so readers can check the figures.
 */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lower = Math.floor(h);
  const low = sorted[lower] as number;
  const high = sorted[Math.min(lower + 1, sorted.length - 1)] as number;
  return Math.round((low + (h - lower) * (high - low)) * 10) / 10;
}

export function durationStats(values: readonly (number | null)[]): DurationStats {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return { count: sorted.length, medianHours: quantile(sorted, 0.5), p90Hours: quantile(sorted, 0.9) };
}

/**
 * Groups the sent requests by `keyOf` (drafts and superseded drafts never reached anyone).
 * Rows come most-asked first, then by label.
 */
export function providerStats(
  requests: readonly RequestReport[],
  keyOf: (r: RequestReport) => { providerId: string; label: string } = (r) => ({ providerId: r.providerId, label: r.recipientName }),
): ProviderStats[] {
  const groups = new Map<string, { providerId: string; label: string; requests: RequestReport[] }>();
  for (const request of requests) {
    if (request.sentAt === null) continue;
    const key = keyOf(request);
    const id = `${key.providerId}\u0000${key.label}`;
    const group = groups.get(id) ?? { ...key, requests: [] };
    group.requests.push(request);
    groups.set(id, group);
  }
  const count = (rs: readonly RequestReport[], test: (r: RequestReport) => boolean): number => rs.filter(test).length;
  return [...groups.values()]
    .map(({ providerId, label, requests: rs }) => ({
      providerId,
      label,
      sent: rs.length,
      acknowledged: count(rs, (r) => r.acknowledgedAt !== null),
      resolved: count(rs, (r) => r.resolvedAt !== null),
      refused: count(rs, (r) => r.refusedAt !== null),
      expired: count(rs, (r) => r.expiredAt !== null),
      escalated: count(rs, (r) => r.escalatedAt !== null),
      overdue: count(rs, (r) => r.overdue),
      missedDeadline: count(rs, (r) => r.missedDeadline),
      removed: count(rs, (r) => r.removedAt !== null),
      timeToRemoval: durationStats(rs.map((r) => r.hoursToRemoval)),
      timeToAnswer: durationStats(rs.map((r) => r.hoursToAnswer)),
    }))
    .sort((a, b) => b.sent - a.sent || a.label.localeCompare(b.label, 'en') || a.providerId.localeCompare(b.providerId, 'en'));
}

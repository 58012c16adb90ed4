// What became of each request: its lifecycle from the event log, deadline kept or missed, time to removal. Pure.
import type { RequestStatus } from '../core/notice.ts';
import { formatRequestId } from '../core/request-id.ts';
import { isGone } from '../core/states.ts';
import type { ReportEventInput, ReportRemovalInput, ReportRequestInput, ReportTargetInput, RequestReport, RequestUrl } from './report-types.ts';
import { definiteStateBefore, hoursBetween, removalAfter } from './url-history.ts';

const WAITING: readonly RequestStatus[] = ['sent', 'acknowledged'];

/**
 * A search engine delists: the page stays up at its address, so a check of the URL cannot see
 * whether the notice worked. Those requests get no time to removal.
 */
export function removalVisible(request: Pick<ReportRequestInput, 'rung'>): boolean {
  return request.rung !== 'search';
}

export type StatusTimes = Partial<Record<RequestStatus, string>>;

/**
 * When each request first reached each status, from the `request.<status>` events, by request
 * id (R-0001). The row keeps only the latest move (a refused request later escalated shows
 * `escalated`); the log keeps them all.
 */
export function statusTimes(events: readonly ReportEventInput[]): Map<string, StatusTimes> {
  const all = new Map<string, StatusTimes>();
  for (const event of events) {
    if (!event.kind.startsWith('request.')) continue;
    const data = event.data as { request?: unknown; at?: unknown } | null;
    if (data === null || typeof data !== 'object' || typeof data.request !== 'string') continue;
    const times = all.get(data.request) ?? {};
    const status = event.kind.slice('request.'.length) as RequestStatus;
    times[status] ??= typeof data.at === 'string' ? data.at : event.at;
    all.set(data.request, times);
  }
  return all;
}

function earliest(times: readonly (string | null | undefined)[]): string | null {
  const known = times.filter((t): t is string => typeof t === 'string');
  if (known.length === 0) return null;
  return known.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}

export function requestOutcome(
  caseId: string,
  request: ReportRequestInput,
  targets: ReadonlyMap<number, ReportTargetInput>,
  allTimes: ReadonlyMap<string, StatusTimes>,
  context: { now: string; confirmHours: number; recorded: readonly ReportRemovalInput[] },
): RequestReport {
  const { now, recorded } = context;
  const times = allTimes.get(formatRequestId(request.id)) ?? {};
  const sentAt = request.sentAt ?? times.sent ?? null;
  const urls: RequestUrl[] = request.targetIds.map((targetId) => {
    const target = targets.get(targetId);
    const checks = target?.checks ?? [];
    const before = sentAt === null ? null : definiteStateBefore(checks, sentAt);
    const goneBeforeSent = before !== null && isGone(before);
    const url = target?.url ?? `(URL ${targetId})`;
    const swept = recorded.find((r) => r.requestId === request.id && r.targetId === targetId);
    if (swept !== undefined) return { targetId, url, goneAt: swept.goneAt, confirmedAt: swept.confirmedAt, goneBeforeSent: false };
    const sighting = sentAt === null || goneBeforeSent ? { goneAt: null, confirmedAt: null } : removalAfter(checks, sentAt, context.confirmHours * 3_600_000);
    return { targetId, url, ...sighting, goneBeforeSent };
  });
  const measured = urls.filter((u) => !u.goneBeforeSent);
  const allGone = measured.length > 0 && measured.every((u) => u.goneAt !== null && u.confirmedAt !== null);
  const removedAt =
    sentAt !== null && removalVisible(request) && allGone
      ? measured.map((u) => u.goneAt as string).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a))
      : null;

  const resolvedAt = times.resolved ?? (request.status === 'resolved' ? request.closedAt : null);
  const refusedAt = times.refused ?? (request.status === 'refused' ? request.closedAt : null);
  const acknowledgedAt = request.acknowledgedAt ?? times.acknowledged ?? null;
  const answeredAt = earliest([acknowledgedAt, resolvedAt, refusedAt]);
  const outcomeAt = earliest([removedAt, resolvedAt, refusedAt]);
  const deadline = request.deadlineAt === null ? null : Date.parse(request.deadlineAt);
  // Content seen gone is not waiting on anyone, even before the request is marked resolved.
  const overdue = WAITING.includes(request.status) && deadline !== null && deadline < Date.parse(now) && removedAt === null;
  const missedDeadline =
    sentAt !== null && deadline !== null && (outcomeAt === null ? deadline < Date.parse(now) : Date.parse(outcomeAt) > deadline);

  return {
    id: formatRequestId(request.id),
    caseId,
    providerId: request.providerId,
    recipientName: request.recipientName,
    kind: request.kind,
    rung: request.rung,
    channelKind: request.channelKind,
    status: request.status,
    createdAt: request.createdAt,
    sentAt,
    acknowledgedAt,
    resolvedAt,
    refusedAt,
    expiredAt: times.expired ?? (request.status === 'expired' ? request.closedAt : null),
    escalatedAt: times.escalated ?? (request.status === 'escalated' ? request.closedAt : null),
    closedAt: request.closedAt,
    deadlineAt: request.deadlineAt,
    deadlineRule: request.deadlineRule,
    ticket: request.ticket,
    note: request.note,
    supersededBy: request.supersededBy === null ? null : formatRequestId(request.supersededBy),
    overdue,
    missedDeadline,
    urls,
    removedAt,
    hoursToRemoval: removedAt === null || sentAt === null ? null : hoursBetween(sentAt, removedAt),
    hoursToAnswer: answeredAt === null || sentAt === null ? null : hoursBetween(sentAt, answeredAt),
  };
}

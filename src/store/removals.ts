// Confirmed removals per request and URL (time to removal), and the request lookups a sweep needs.
import type { RequestStatus } from '../core/notice.ts';
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { int, intOrNull, text, textOrNull } from './columns.ts';
import type { Row } from './columns.ts';

export interface RemovalRow {
  requestId: number;
  targetId: number;
  caseId: string;
  providerId: string;
  channelId: string;
  kind: string;
  rung: string;
  /** When the notice was sent or filed; null when it never was. */
  sentAt: string | null;
  /** The last check that saw it live before it went (a lower bound of the removal time). */
  lastLiveAt: string | null;
  /** The first check that saw it gone (an upper bound of the removal time). */
  goneAt: string;
  confirmedAt: string;
  /** goneAt - sentAt; null when it went before the notice was sent, or for search delisting. */
  secondsToRemoval: number | null;
}

const COLUMNS =
  'request_id, target_id, case_id, provider_id, channel_id, kind, rung, sent_at, last_live_at, gone_at, confirmed_at, seconds_to_removal';

/** Records one removal; a second record for the same request and URL is ignored. */
export function recordRemoval(store: Store, r: RemovalRow): void {
  sql(store, `INSERT INTO removals (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id, target_id) DO NOTHING`).run(
    r.requestId,
    r.targetId,
    r.caseId,
    r.providerId,
    r.channelId,
    r.kind,
    r.rung,
    r.sentAt,
    r.lastLiveAt,
    r.goneAt,
    r.confirmedAt,
    r.secondsToRemoval,
  );
}

/** Removals, oldest confirmation first; filtered by case or provider. */
export function listRemovals(store: Store, filter: { caseId?: string; providerId?: string } = {}): RemovalRow[] {
  if (filter.caseId !== undefined) {
    return sql(store, `SELECT ${COLUMNS} FROM removals WHERE case_id = ? ORDER BY confirmed_at, request_id, target_id`).all(filter.caseId).map(toRemoval);
  }
  if (filter.providerId !== undefined) {
    return sql(store, `SELECT ${COLUMNS} FROM removals WHERE provider_id = ? ORDER BY confirmed_at, request_id, target_id`).all(filter.providerId).map(toRemoval);
  }
  return sql(store, `SELECT ${COLUMNS} FROM removals ORDER BY confirmed_at, request_id, target_id`).all().map(toRemoval);
}

/** A request's time to removal: that of its last URL to go; null when none of its URLs has one. */
export function requestRemovalSeconds(store: Store, requestId: number): number | null {
  const row = sql(store, 'SELECT MAX(seconds_to_removal) AS s FROM removals WHERE request_id = ?').get(requestId);
  return row === undefined ? null : intOrNull(row, 's');
}

/** A request as a confirmed removal needs it: without its URL list, which can run to thousands. */
export interface RequestBrief {
  id: number;
  caseId: string;
  kind: string;
  rung: string;
  providerId: string;
  channelId: string;
  recipientName: string;
  status: RequestStatus;
  sentAt: string | null;
  sendStartedAt: string | null;
  urls: number;
}

/** The requests about this URL in these statuses, oldest first. */
export function requestBriefsForTarget(store: Store, targetId: number, statuses: readonly RequestStatus[]): RequestBrief[] {
  if (statuses.length === 0) return [];
  return sql(
    store,
    `SELECT r.id, r.case_id, r.kind, r.rung, r.provider_id, r.channel_id, r.recipient_name, r.status, r.sent_at, r.send_started_at,
       (SELECT COUNT(*) FROM request_targets n WHERE n.request_id = r.id) AS urls
     FROM request_targets rt JOIN requests r ON r.id = rt.request_id
     WHERE rt.target_id = ? AND r.status IN (${statuses.map(() => '?').join(', ')})
     ORDER BY r.id`,
  )
    .all(targetId, ...statuses)
    .map((row) => ({
      id: int(row, 'id'),
      caseId: text(row, 'case_id'),
      kind: text(row, 'kind'),
      rung: text(row, 'rung'),
      providerId: text(row, 'provider_id'),
      channelId: text(row, 'channel_id'),
      recipientName: text(row, 'recipient_name'),
      status: text(row, 'status') as RequestStatus,
      sentAt: textOrNull(row, 'sent_at'),
      sendStartedAt: textOrNull(row, 'send_started_at'),
      urls: int(row, 'urls'),
    }));
}

/** Whether a URL of the request, other than `except`, is not (yet) confirmed gone. */
export function requestHasUnconfirmedTarget(store: Store, requestId: number, except: number): boolean {
  const row = sql(
    store,
    `SELECT 1 AS x FROM request_targets rt LEFT JOIN target_watch w ON w.target_id = rt.target_id
     WHERE rt.request_id = ? AND rt.target_id <> ? AND (w.phase IS NULL OR w.phase <> 'confirmed') LIMIT 1`,
  ).get(requestId, except);
  return row !== undefined;
}

/** Whether any request in these statuses is about this URL (cheaper than reading the requests). */
export function targetHasRequest(store: Store, targetId: number, statuses: readonly RequestStatus[]): boolean {
  if (statuses.length === 0) return false;
  const row = sql(
    store,
    `SELECT 1 AS x FROM request_targets rt JOIN requests r ON r.id = rt.request_id
     WHERE rt.target_id = ? AND r.status IN (${statuses.map(() => '?').join(', ')}) LIMIT 1`,
  ).get(targetId, ...statuses);
  return row !== undefined;
}

/** Sent or acknowledged requests of these cases whose deadline is before `now`. */
export function overdueRequests(store: Store, caseIds: readonly string[], now: string): { id: number; caseId: string; deadlineAt: string }[] {
  const read = sql(
    store,
    `SELECT id, case_id, deadline_at FROM requests
     WHERE case_id = ? AND status IN ('sent', 'acknowledged') AND deadline_at IS NOT NULL AND deadline_at < ?
     ORDER BY id`,
  );
  return caseIds.flatMap((caseId) =>
    read.all(caseId, now).map((row) => ({ id: int(row, 'id'), caseId: text(row, 'case_id'), deadlineAt: text(row, 'deadline_at') })),
  );
}

function toRemoval(row: Row): RemovalRow {
  return {
    requestId: int(row, 'request_id'),
    targetId: int(row, 'target_id'),
    caseId: text(row, 'case_id'),
    providerId: text(row, 'provider_id'),
    channelId: text(row, 'channel_id'),
    kind: text(row, 'kind'),
    rung: text(row, 'rung'),
    sentAt: textOrNull(row, 'sent_at'),
    lastLiveAt: textOrNull(row, 'last_live_at'),
    goneAt: text(row, 'gone_at'),
    confirmedAt: text(row, 'confirmed_at'),
    secondsToRemoval: intOrNull(row, 'seconds_to_removal'),
  };
}

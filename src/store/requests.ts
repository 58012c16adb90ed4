// Requests (one notice to one recipient about some URLs) and their lifecycle; every change is an event.
import { canMove, TRANSITIONS } from '../core/notice.ts';
import type { ChannelKind, NoticeKind, RequestStatus, Rung } from '../core/notice.ts';
import { UserError } from '../core/errors.ts';
import { formatRequestId } from '../core/request-id.ts';
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { appendEvent } from './events.ts';
import { int, intOrNull, text, textOrNull } from './columns.ts';
import type { Row } from './columns.ts';

export interface RequestRow {
  id: number;
  caseId: string;
  kind: NoticeKind;
  rung: Rung;
  providerId: string;
  channelId: string;
  channelKind: ChannelKind;
  recipientName: string;
  /** Email address or form URL; null when the user must find it (e.g. a site's own contact page). */
  recipient: string | null;
  status: RequestStatus;
  subject: string;
  body: string;
  /** The drafted .eml or filing packet, relative to the workspace. */
  file: string | null;
  messageId: string | null;
  /** How the deadline is set, in words: "TAKE IT DOWN Act: 48 hours from receipt". */
  deadlineRule: string;
  createdAt: string;
  updatedAt: string;
  sendStartedAt: string | null;
  sentAt: string | null;
  transport: string | null;
  serverResponse: string | null;
  acknowledgedAt: string | null;
  closedAt: string | null;
  deadlineAt: string | null;
  ticket: string | null;
  supersededBy: number | null;
  note: string | null;
  /** The URLs this request is about. */
  targets: { targetId: number; url: string }[];
}

export type RequestInput = Pick<
  RequestRow,
  | 'caseId'
  | 'kind'
  | 'rung'
  | 'providerId'
  | 'channelId'
  | 'channelKind'
  | 'recipientName'
  | 'recipient'
  | 'subject'
  | 'body'
  | 'messageId'
  | 'deadlineRule'
> & { targetIds: number[] };

const COLUMNS = `id, case_id, kind, rung, provider_id, channel_id, channel_kind, recipient_name, recipient, status,
  subject, body, file, message_id, deadline_rule, created_at, updated_at, send_started_at, sent_at, transport,
  server_response, acknowledged_at, closed_at, deadline_at, ticket, superseded_by, note`;

function fromRow(store: Store, row: Row): RequestRow {
  const id = int(row, 'id');
  return {
    id,
    caseId: text(row, 'case_id'),
    kind: text(row, 'kind') as NoticeKind,
    rung: text(row, 'rung') as Rung,
    providerId: text(row, 'provider_id'),
    channelId: text(row, 'channel_id'),
    channelKind: text(row, 'channel_kind') as ChannelKind,
    recipientName: text(row, 'recipient_name'),
    recipient: textOrNull(row, 'recipient'),
    status: text(row, 'status') as RequestStatus,
    subject: text(row, 'subject'),
    body: text(row, 'body'),
    file: textOrNull(row, 'file'),
    messageId: textOrNull(row, 'message_id'),
    deadlineRule: text(row, 'deadline_rule'),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
    sendStartedAt: textOrNull(row, 'send_started_at'),
    sentAt: textOrNull(row, 'sent_at'),
    transport: textOrNull(row, 'transport'),
    serverResponse: textOrNull(row, 'server_response'),
    acknowledgedAt: textOrNull(row, 'acknowledged_at'),
    closedAt: textOrNull(row, 'closed_at'),
    deadlineAt: textOrNull(row, 'deadline_at'),
    ticket: textOrNull(row, 'ticket'),
    supersededBy: intOrNull(row, 'superseded_by'),
    note: textOrNull(row, 'note'),
    targets: sql(
      store,
      `SELECT t.id AS target_id, t.url AS url FROM request_targets rt JOIN targets t ON t.id = rt.target_id
       WHERE rt.request_id = ? ORDER BY t.id`,
    )
      .all(id)
      .map((r) => ({ targetId: int(r, 'target_id'), url: text(r, 'url') })),
  };
}

/** Records a new draft and its URLs; the event carries what a later reader needs to know who was asked what. */
export function insertRequest(store: Store, input: RequestInput, actor = 'user'): RequestRow {
  return store.transaction(() => {
    const now = store.clock.now().toISOString();
    const inserted = sql(
      store,
      `INSERT INTO requests (case_id, kind, rung, provider_id, channel_id, channel_kind, recipient_name, recipient,
         status, subject, body, message_id, deadline_rule, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?) RETURNING id`,
    ).get(
      input.caseId,
      input.kind,
      input.rung,
      input.providerId,
      input.channelId,
      input.channelKind,
      input.recipientName,
      input.recipient,
      input.subject,
      input.body,
      input.messageId,
      input.deadlineRule,
      now,
      now,
    );
    if (inserted === undefined) throw new Error('store: INSERT ... RETURNING gave no row');
    const id = int(inserted, 'id');
    const link = sql(store, 'INSERT INTO request_targets (request_id, target_id) VALUES (?, ?)');
    for (const targetId of [...new Set(input.targetIds)]) link.run(id, targetId);
    appendEvent(store, {
      actor,
      kind: 'request.drafted',
      caseId: input.caseId,
      data: {
        request: formatRequestId(id),
        kind: input.kind,
        rung: input.rung,
        provider: input.providerId,
        channel: input.channelId,
        recipient: input.recipient,
        targets: [...new Set(input.targetIds)],
      },
    });
    return mustGet(store, id);
  });
}

export function getRequest(store: Store, id: number): RequestRow | null {
  const row = sql(store, `SELECT ${COLUMNS} FROM requests WHERE id = ?`).get(id);
  return row === undefined ? null : fromRow(store, row);
}

function mustGet(store: Store, id: number): RequestRow {
  const row = getRequest(store, id);
  if (row === null) throw new UserError('NO_SUCH_REQUEST', `no request ${formatRequestId(id)} in this workspace`);
  return row;
}

export function listRequests(store: Store, filter: { caseIds?: readonly string[]; statuses?: readonly RequestStatus[] } = {}): RequestRow[] {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.caseIds !== undefined) {
    if (filter.caseIds.length === 0) return [];
    where.push(`case_id IN (${filter.caseIds.map(() => '?').join(', ')})`);
    params.push(...filter.caseIds);
  }
  if (filter.statuses !== undefined) {
    if (filter.statuses.length === 0) return [];
    where.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`);
    params.push(...filter.statuses);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return sql(store, `SELECT ${COLUMNS} FROM requests ${clause} ORDER BY id`)
    .all(...params)
    .map((row) => fromRow(store, row));
}

/** The rendered notice of a draft, set in the transaction that created it (the text names the request id). */
export function setRequestContent(store: Store, id: number, subject: string, body: string, messageId: string | null): void {
  sql(store, 'UPDATE requests SET subject = ?, body = ?, message_id = ? WHERE id = ? AND status = ?').run(subject, body, messageId, id, 'draft');
}

export function setRequestFile(store: Store, id: number, file: string): void {
  sql(store, 'UPDATE requests SET file = ? WHERE id = ?').run(file, id);
}

export interface MoveOptions {
  actor?: string;
  /** When it happened (default: now). */
  at?: string;
  ticket?: string;
  note?: string;
  /** Set when the request becomes sent (its clock starts). */
  deadlineAt?: string | null;
  transport?: string;
  serverResponse?: string;
  supersededBy?: number;
  /** Why, for the event log. */
  why?: string;
}

const CLOSED: readonly RequestStatus[] = ['resolved', 'refused', 'escalated', 'superseded'];

/** Moves a request along its lifecycle, refusing moves the lifecycle does not allow. */
export function moveRequest(store: Store, id: number, to: RequestStatus, options: MoveOptions = {}): RequestRow {
  return store.transaction(() => {
    const current = mustGet(store, id);
    if (!canMove(current.status, to)) {
      const allowed = TRANSITIONS[current.status];
      const next = allowed.length === 0 ? 'it is final' : `it can become ${allowed.join(', ')}`;
      throw new UserError('BAD_TRANSITION', `${formatRequestId(id)} is ${current.status}; it cannot become ${to} (${next})`);
    }
    const now = store.clock.now().toISOString();
    const at = options.at ?? now;
    const sets: string[] = ['status = ?', 'updated_at = ?'];
    const params: (string | number | null)[] = [to, now];
    const set = (column: string, value: string | number | null): void => {
      sets.push(`${column} = ?`);
      params.push(value);
    };
    if (to === 'sent') {
      set('sent_at', at);
      set('deadline_at', options.deadlineAt ?? null);
      if (options.transport !== undefined) set('transport', options.transport);
      if (options.serverResponse !== undefined) set('server_response', options.serverResponse);
    }
    if (to === 'acknowledged') set('acknowledged_at', at);
    if (CLOSED.includes(to)) set('closed_at', at);
    if (options.ticket !== undefined) set('ticket', options.ticket);
    if (options.note !== undefined) set('note', options.note);
    if (options.supersededBy !== undefined) set('superseded_by', options.supersededBy);
    params.push(id);
    sql(store, `UPDATE requests SET ${sets.join(', ')} WHERE id = ?`).run(...params);
    appendEvent(store, {
      actor: options.actor ?? 'user',
      kind: `request.${to}`,
      caseId: current.caseId,
      data: {
        request: formatRequestId(id),
        from: current.status,
        at,
        ...(options.ticket === undefined ? {} : { ticket: options.ticket }),
        ...(options.note === undefined ? {} : { note: options.note }),
        ...(options.why === undefined ? {} : { why: options.why }),
        ...(options.transport === undefined ? {} : { transport: options.transport }),
        ...(options.supersededBy === undefined ? {} : { supersededBy: formatRequestId(options.supersededBy) }),
        ...(to === 'sent' && options.deadlineAt ? { deadline: options.deadlineAt } : {}),
      },
    });
    return mustGet(store, id);
  });
}

/**
 * Claims a draft for sending, committed before the mail server is contacted. Returns false when
 * the request is no longer an unclaimed draft (another process sent it, or an earlier send was
 * cut off): the caller must not send it.
 */
export function claimForSending(store: Store, id: number, actor = 'user'): boolean {
  return store.transaction(() => {
    const now = store.clock.now().toISOString();
    const changed = sql(
      store,
      `UPDATE requests SET send_started_at = ?, updated_at = ? WHERE id = ? AND status = 'draft' AND send_started_at IS NULL`,
    ).run(now, now, id);
    if (Number(changed.changes) !== 1) return false;
    const row = mustGet(store, id);
    appendEvent(store, { actor, kind: 'request.sending', caseId: row.caseId, data: { request: formatRequestId(id), messageId: row.messageId } });
    return true;
  });
}

/** Gives a claimed draft back after the server refused it for certain (nothing was delivered). */
export function releaseClaim(store: Store, id: number, why: string, actor = 'user'): void {
  store.transaction(() => {
    const row = mustGet(store, id);
    sql(store, 'UPDATE requests SET send_started_at = NULL, updated_at = ? WHERE id = ?').run(store.clock.now().toISOString(), id);
    appendEvent(store, { actor, kind: 'request.send-failed', caseId: row.caseId, data: { request: formatRequestId(id), why } });
  });
}

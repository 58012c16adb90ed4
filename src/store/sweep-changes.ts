// Changes a sweep found (sweep_changes), each recorded once under a stable id, with its rows in
// the notification outbox written in the same transaction.
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { canonicalJson } from './canonical-json.ts';
import { bool, int, intOrNull, json, text, textOrNull } from './columns.ts';
import type { Row } from './columns.ts';

export interface ChangeInput {
  /** Made from what changed (e.g. `confirmed:12:345`), never from when it was seen. */
  id: string;
  kind: string;
  caseId: string;
  targetId?: number | null;
  requestId?: number | null;
  /** Someone must act on it. */
  attention: boolean;
  /** Everything needed to describe it later (a notification may go out runs after). */
  data: Record<string, unknown>;
  /** The case must be drafted again because of it (a reappearance, an overdue request). */
  needsDraft?: boolean;
  at: string;
}

export interface ChangeRow {
  id: string;
  runId: number | null;
  at: string;
  kind: string;
  caseId: string;
  targetId: number | null;
  requestId: number | null;
  attention: boolean;
  data: Record<string, unknown>;
  needsDraft: boolean;
  draftedAt: string | null;
}

const FIELDS = ['id', 'run_id', 'at', 'kind', 'case_id', 'target_id', 'request_id', 'attention', 'data', 'needs_draft', 'drafted_at'];
const COLUMNS = FIELDS.join(', ');

/** The change columns for a SELECT, each with a table prefix (`c.`) when joined. */
export function changeColumns(prefix = ''): string {
  return FIELDS.map((f) => `${prefix}${f} AS ${f}`).join(', ');
}

/**
 * Records a change and queues it on each notification channel. Recording the same id again
 * does nothing and returns false, so a change found twice (a resumed run) is told once.
 */
export function recordChange(store: Store, runId: number | null, change: ChangeInput, channels: readonly string[]): boolean {
  return store.transaction(() => {
    const inserted = sql(
      store,
      `INSERT INTO sweep_changes (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
    ).get(
      change.id,
      runId,
      change.at,
      change.kind,
      change.caseId,
      change.targetId ?? null,
      change.requestId ?? null,
      change.attention ? 1 : 0,
      canonicalJson(change.data),
      change.needsDraft === true ? 1 : 0,
    );
    if (inserted === undefined) return false;
    const queue = sql(
      store,
      `INSERT INTO notifications (change_id, channel, attempts, created_at) VALUES (?, ?, 0, ?)
       ON CONFLICT (change_id, channel) DO NOTHING`,
    );
    for (const channel of channels) queue.run(change.id, channel, store.clock.now().toISOString());
    return true;
  });
}

/** The changes found by one run, in the order they were found. */
export function changesOfRun(store: Store, runId: number): ChangeRow[] {
  return sql(store, `SELECT ${COLUMNS} FROM sweep_changes WHERE run_id = ? ORDER BY seq`).all(runId).map(toChangeRow);
}

/** The cases among these with a change that still waits for the case to be drafted again. */
export function casesAwaitingDraft(store: Store, caseIds: readonly string[]): string[] {
  const read = sql(store, 'SELECT 1 AS x FROM sweep_changes WHERE needs_draft = 1 AND drafted_at IS NULL AND case_id = ? LIMIT 1');
  return caseIds.filter((id) => read.get(id) !== undefined);
}

/** The case's changes that still wait for it to be drafted again, in the order found. */
export function changesAwaitingDraft(store: Store, caseId: string): ChangeRow[] {
  return sql(store, `SELECT ${COLUMNS} FROM sweep_changes WHERE needs_draft = 1 AND drafted_at IS NULL AND case_id = ? ORDER BY seq`)
    .all(caseId)
    .map(toChangeRow);
}

/**
 * Adds to a change's data what became known after it was recorded (what drafting did about a
 * reappearance); its notifications, read at delivery, carry it.
 */
export function addChangeData(store: Store, id: string, data: Record<string, unknown>): void {
  const row = sql(store, 'SELECT data FROM sweep_changes WHERE id = ?').get(id);
  if (row === undefined) return;
  const merged = { ...(json(row, 'data') as Record<string, unknown>), ...data };
  sql(store, 'UPDATE sweep_changes SET data = ? WHERE id = ?').run(canonicalJson(merged), id);
}

export function markCaseDrafted(store: Store, caseId: string, at: string): void {
  sql(store, 'UPDATE sweep_changes SET drafted_at = ? WHERE needs_draft = 1 AND drafted_at IS NULL AND case_id = ?').run(at, caseId);
}

export interface SweepEventRow {
  seq: number;
  at: string;
  kind: string;
  caseId: string | null;
  data: Record<string, unknown>;
}

/**
 * Request events written by the sweep's own drafting after `afterSeq`, and the newest event seq
 * (a watermark that is only moved once what was read is recorded).
 */
export function sweepDraftEventsAfter(store: Store, afterSeq: number): { events: SweepEventRow[]; maxSeq: number } {
  const max = sql(store, 'SELECT COALESCE(MAX(seq), 0) AS m FROM events').get();
  const maxSeq = max === undefined ? 0 : int(max, 'm');
  const events = sql(
    store,
    `SELECT seq, at, kind, case_id, data FROM events
     WHERE seq > ? AND seq <= ? AND actor = 'sweep' AND kind IN ('request.drafted', 'request.escalated')
     ORDER BY seq`,
  )
    .all(afterSeq, maxSeq)
    .map((row) => ({
      seq: int(row, 'seq'),
      at: text(row, 'at'),
      kind: text(row, 'kind'),
      caseId: textOrNull(row, 'case_id'),
      data: json(row, 'data') as Record<string, unknown>,
    }));
  return { events, maxSeq };
}

export function toChangeRow(row: Row): ChangeRow {
  return {
    id: text(row, 'id'),
    runId: intOrNull(row, 'run_id'),
    at: text(row, 'at'),
    kind: text(row, 'kind'),
    caseId: text(row, 'case_id'),
    targetId: intOrNull(row, 'target_id'),
    requestId: intOrNull(row, 'request_id'),
    attention: bool(row, 'attention'),
    data: json(row, 'data') as Record<string, unknown>,
    needsDraft: int(row, 'needs_draft') !== 0,
    draftedAt: textOrNull(row, 'drafted_at'),
  };
}

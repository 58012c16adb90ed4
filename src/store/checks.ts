// Observations: one row per URL per run, written together with the target's last state and its event.
import type { CheckResult } from '../core/check-result.ts';
import type { RedirectHop } from '../core/http-types.ts';
import type { CheckState, Reason } from '../core/states.ts';
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { appendEvent } from './events.ts';
import { bool, int, intOrNull, json, text, textOrNull } from './columns.ts';
import type { Row } from './columns.ts';
import { TARGET_COLUMNS, toTargetRow } from './targets.ts';
import type { TargetRow } from './targets.ts';

/** One stored observation: the CheckResult without its URL (that is the target's), plus its keys. */
export interface CheckRow extends Omit<CheckResult, 'url'> {
  id: number;
  targetId: number;
  runId: number;
}

export interface RecordedCheck {
  /** The target's last state before this check (its current one when the check was already recorded). */
  previousState: CheckState | null;
  /** True when this call wrote the check and the state differs from the previous one. */
  changed: boolean;
}

const CHECK_FIELDS = [
  'id',
  'target_id',
  'run_id',
  'checked_at',
  'state',
  'reason',
  'detail',
  'provider_id',
  'http_status',
  'final_url',
  'redirects',
  'content_type',
  'body_sha256',
  'body_bytes',
  'truncated',
  'duration_ms',
  'attempts',
];
const CHECK_COLUMNS = CHECK_FIELDS.join(', ');

/**
 * Records one result in one transaction: the checks row, the target's last state, and a
 * 'target.state' event when the state changed. Recording the same (run, target) again does
 * nothing, so a resumed run can replay results safely.
 */
export function recordCheck(store: Store, runId: number, targetId: number, result: CheckResult): RecordedCheck {
  return store.transaction(() => {
    const target = sql(store, 'SELECT case_id, url, last_state FROM targets WHERE id = ?').get(targetId);
    if (target === undefined) throw new Error(`store: recordCheck for target ${targetId}, which does not exist`);
    const previousState = textOrNull(target, 'last_state') as CheckState | null;
    const inserted = sql(
      store,
      `INSERT INTO checks (${CHECK_FIELDS.slice(1).join(', ')})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, target_id) DO NOTHING
       RETURNING id`,
    ).get(
      targetId,
      runId,
      result.checkedAt,
      result.state,
      result.reason,
      result.detail,
      result.providerId,
      result.httpStatus,
      result.finalUrl,
      JSON.stringify(result.redirects),
      result.contentType,
      result.bodySha256,
      result.bodyBytes,
      result.truncated ? 1 : 0,
      // Timers give fractions; the column is whole milliseconds.
      Math.round(result.durationMs),
      result.attempts,
    );
    if (inserted === undefined) return { previousState, changed: false };

    sql(store, 'UPDATE targets SET last_state = ?, last_reason = ?, last_checked_at = ? WHERE id = ?').run(
      result.state,
      result.reason,
      result.checkedAt,
      targetId,
    );
    const changed = previousState !== result.state;
    if (changed) {
      appendEvent(store, {
        actor: 'checker',
        kind: 'target.state',
        caseId: text(target, 'case_id'),
        targetId,
        data: { url: text(target, 'url'), from: previousState, to: result.state, reason: result.reason },
      });
    }
    return { previousState, changed };
  });
}

/**
 * Records several results in one transaction. Each commit costs a WAL write (~0.1 ms), so a
 * checker that finishes hundreds of URLs a second should flush what it has every few hundred
 * milliseconds through this; a kill then loses at most that batch, which a resume re-checks.
 */
export function recordChecks(
  store: Store,
  runId: number,
  items: readonly { targetId: number; result: CheckResult }[],
): RecordedCheck[] {
  return store.transaction(() => items.map((item) => recordCheck(store, runId, item.targetId, item.result)));
}

/** Every check of one target, oldest first. */
export function checksForTarget(store: Store, targetId: number): CheckRow[] {
  return sql(store, `SELECT ${CHECK_COLUMNS} FROM checks WHERE target_id = ? ORDER BY checked_at, id`)
    .all(targetId)
    .map((row) => toCheckRow(row));
}

/** The case's targets, each with its most recent check (null when never checked), in the order added. */
export function latestChecks(
  store: Store,
  caseId: string,
  options: { activeOnly?: boolean } = {},
): Array<TargetRow & { check: CheckRow | null }> {
  const activeOnly = options.activeOnly ?? true;
  const targetColumns = TARGET_COLUMNS.split(', ').map((c) => `t.${c}`);
  const checkColumns = CHECK_FIELDS.map((c) => `c.${c} AS c_${c}`);
  const rows = sql(
    store,
    `SELECT ${[...targetColumns, ...checkColumns].join(', ')}
     FROM targets t
     LEFT JOIN checks c ON c.id = (
       SELECT id FROM checks WHERE target_id = t.id ORDER BY checked_at DESC, id DESC LIMIT 1
     )
     WHERE t.case_id = ?${activeOnly ? ' AND t.active = 1' : ''}
     ORDER BY t.id`,
  ).all(caseId);
  return rows.map((row) => ({ ...toTargetRow(row), check: row['c_id'] === null ? null : toCheckRow(row, 'c_') }));
}

function toCheckRow(row: Row, prefix = ''): CheckRow {
  const at = (column: string): string => prefix + column;
  return {
    id: int(row, at('id')),
    targetId: int(row, at('target_id')),
    runId: int(row, at('run_id')),
    checkedAt: text(row, at('checked_at')),
    state: text(row, at('state')) as CheckState,
    reason: text(row, at('reason')) as Reason,
    detail: text(row, at('detail')),
    providerId: textOrNull(row, at('provider_id')),
    httpStatus: intOrNull(row, at('http_status')),
    finalUrl: textOrNull(row, at('final_url')),
    redirects: json(row, at('redirects')) as RedirectHop[],
    contentType: textOrNull(row, at('content_type')),
    bodySha256: textOrNull(row, at('body_sha256')),
    bodyBytes: int(row, at('body_bytes')),
    truncated: bool(row, at('truncated')),
    durationMs: int(row, at('duration_ms')),
    attempts: int(row, at('attempts')),
  };
}

/** For each target of the case that was ever seen live, when that last happened. */
export function lastSeenLive(store: Store, caseId: string): Map<number, string> {
  const rows = sql(
    store,
    `SELECT c.target_id AS target_id, MAX(c.checked_at) AS at
     FROM checks c JOIN targets t ON t.id = c.target_id
     WHERE t.case_id = ? AND c.state = 'live'
     GROUP BY c.target_id`,
  ).all(caseId);
  return new Map(rows.map((row) => [int(row, 'target_id'), text(row, 'at')]));
}

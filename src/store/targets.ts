// A case's URLs: kept in step with the case file, never deleted, with the last observed state.
import type { CheckState, Reason } from '../core/states.ts';
import { urlKey } from '../core/url-key.ts';
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { appendEvent } from './events.ts';
import { bool, int, text, textOrNull } from './columns.ts';
import type { Row } from './columns.ts';

export interface TargetRow {
  id: number;
  caseId: string;
  url: string;
  /** The URL without its fragment: two URLs with the same key are the same target. */
  urlKey: string;
  note: string | null;
  /** False once the URL was taken out of the case file. */
  active: boolean;
  addedAt: string;
  lastState: CheckState | null;
  lastReason: Reason | null;
  lastCheckedAt: string | null;
}

export interface TargetInput {
  url: string;
  note?: string;
}

export interface SyncResult {
  added: number;
  reactivated: number;
  deactivated: number;
  /** Target id for every URL in the file, by url key. */
  ids: Map<string, number>;
}

export const TARGET_COLUMNS =
  'id, case_id, url, url_key, note, active, added_at, last_state, last_reason, last_checked_at';

/**
 * Makes the case's targets match the URLs in its file, in one transaction: new URLs are added,
 * URLs no longer in the file become inactive (their history stays), returning ones reactivate.
 * Each of those changes is an event (actor 'case-file'), so the log shows when a URL was in
 * the case. The URL text and note follow the file (a fragment may change; the key does not).
 */
export function syncTargets(store: Store, caseId: string, targets: readonly TargetInput[]): SyncResult {
  return store.transaction(() => {
    const existing = new Map<string, TargetRow>();
    for (const row of listTargets(store, caseId, { activeOnly: false })) existing.set(row.urlKey, row);
    const now = store.clock.now().toISOString();
    const result: SyncResult = { added: 0, reactivated: 0, deactivated: 0, ids: new Map() };

    for (const target of targets) {
      const key = urlKey(target.url);
      if (result.ids.has(key)) continue;
      const note = target.note ?? null;
      const row = existing.get(key);
      if (row === undefined) {
        const inserted = sql(
          store,
          `INSERT INTO targets (case_id, url, url_key, note, active, added_at) VALUES (?, ?, ?, ?, 1, ?) RETURNING id`,
        ).get(caseId, target.url, key, note, now);
        if (inserted === undefined) throw new Error('store: INSERT ... RETURNING gave no row');
        const id = int(inserted, 'id');
        result.ids.set(key, id);
        result.added += 1;
        logChange(store, 'target.added', caseId, id, target.url);
        continue;
      }
      result.ids.set(key, row.id);
      if (!row.active || row.url !== target.url || row.note !== note) {
        sql(store, 'UPDATE targets SET url = ?, note = ?, active = 1 WHERE id = ?').run(target.url, note, row.id);
      }
      if (!row.active) {
        result.reactivated += 1;
        logChange(store, 'target.reactivated', caseId, row.id, target.url);
      }
    }

    for (const row of existing.values()) {
      if (!row.active || result.ids.has(row.urlKey)) continue;
      sql(store, 'UPDATE targets SET active = 0 WHERE id = ?').run(row.id);
      result.deactivated += 1;
      logChange(store, 'target.deactivated', caseId, row.id, row.url);
    }
    return result;
  });
}

function logChange(store: Store, kind: string, caseId: string, targetId: number, url: string): void {
  appendEvent(store, { actor: 'case-file', kind, caseId, targetId, data: { url } });
}

/** The case's targets in the order they were added. */
export function listTargets(store: Store, caseId: string, options: { activeOnly?: boolean } = {}): TargetRow[] {
  const activeOnly = options.activeOnly ?? true;
  const where = activeOnly ? 'case_id = ? AND active = 1' : 'case_id = ?';
  return sql(store, `SELECT ${TARGET_COLUMNS} FROM targets WHERE ${where} ORDER BY id`).all(caseId).map(toTargetRow);
}

export function getTarget(store: Store, id: number): TargetRow | null {
  const row = sql(store, `SELECT ${TARGET_COLUMNS} FROM targets WHERE id = ?`).get(id);
  return row === undefined ? null : toTargetRow(row);
}

export function toTargetRow(row: Row): TargetRow {
  return {
    id: int(row, 'id'),
    caseId: text(row, 'case_id'),
    url: text(row, 'url'),
    urlKey: text(row, 'url_key'),
    note: textOrNull(row, 'note'),
    active: bool(row, 'active'),
    addedAt: text(row, 'added_at'),
    lastState: textOrNull(row, 'last_state') as CheckState | null,
    lastReason: textOrNull(row, 'last_reason') as Reason | null,
    lastCheckedAt: textOrNull(row, 'last_checked_at'),
  };
}

// The notification outbox: rows queued with their change, grouped into batches before delivery,
// marked delivered after it. A batch keeps its id and rows until it is delivered.
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { int, text, textOrNull } from './columns.ts';
import { changeColumns, toChangeRow } from './sweep-changes.ts';
import type { ChangeRow } from './sweep-changes.ts';

export interface PendingBatch {
  /** `email:17`: the channel and the batch's first outbox row; stable across retries. */
  id: string;
  channel: string;
  attempts: number;
  lastError: string | null;
  changes: ChangeRow[];
}

/**
 * Every undelivered batch of a channel, oldest first: earlier batches whose delivery failed or
 * was cut off (same id, same rows), then new ones made of the rows queued since, at most
 * `maxPerBatch` each. The grouping commits before anything is delivered.
 */
export function pendingBatches(store: Store, channel: string, maxPerBatch: number): PendingBatch[] {
  store.transaction(() => {
    const now = store.clock.now().toISOString();
    const next = sql(store, 'SELECT MIN(id) AS first FROM notifications WHERE channel = ? AND batch IS NULL');
    const assign = sql(
      store,
      `UPDATE notifications SET batch = ?, claimed_at = ?
       WHERE id IN (SELECT id FROM notifications WHERE channel = ? AND batch IS NULL ORDER BY id LIMIT ?)`,
    );
    for (;;) {
      const row = next.get(channel);
      const first = row === undefined || row['first'] === null ? null : int(row, 'first');
      if (first === null) break;
      assign.run(`${channel}:${first}`, now, channel, maxPerBatch);
    }
  });
  const batches = sql(
    store,
    `SELECT batch, MIN(id) AS first, MAX(attempts) AS attempts, MAX(last_error) AS last_error FROM notifications
     WHERE channel = ? AND delivered_at IS NULL AND batch IS NOT NULL GROUP BY batch ORDER BY first`,
  ).all(channel);
  const rows = sql(
    store,
    `SELECT ${changeColumns('c.')} FROM notifications n JOIN sweep_changes c ON c.id = n.change_id
     WHERE n.batch = ? ORDER BY n.id`,
  );
  return batches.map((b) => {
    const id = text(b, 'batch');
    return { id, channel, attempts: int(b, 'attempts'), lastError: textOrNull(b, 'last_error'), changes: rows.all(id).map((r) => toChangeRow(r)) };
  });
}

export function markBatchDelivered(store: Store, batch: string): void {
  const now = store.clock.now().toISOString();
  sql(store, 'UPDATE notifications SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE batch = ? AND delivered_at IS NULL').run(now, batch);
}

export function markBatchFailed(store: Store, batch: string, error: string): void {
  sql(store, 'UPDATE notifications SET attempts = attempts + 1, last_error = ? WHERE batch = ? AND delivered_at IS NULL').run(error, batch);
}

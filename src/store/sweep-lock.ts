// The workspace's sweep lock: one row, taken in a write transaction, refreshed by its holder.
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { appendEvent } from './events.ts';
import { int, intOrNull, text } from './columns.ts';

export interface LockHolder {
  /** Random per acquisition: only the holder knows it. */
  token: string;
  pid: number;
  host: string;
  runId: number | null;
  acquiredAt: string;
  heartbeatAt: string;
}

export function readSweepLock(store: Store): LockHolder | null {
  const row = sql(store, 'SELECT token, pid, host, run_id, acquired_at, heartbeat_at FROM sweep_lock WHERE id = 1').get();
  if (row === undefined) return null;
  return {
    token: text(row, 'token'),
    pid: int(row, 'pid'),
    host: text(row, 'host'),
    runId: intOrNull(row, 'run_id'),
    acquiredAt: text(row, 'acquired_at'),
    heartbeatAt: text(row, 'heartbeat_at'),
  };
}

/**
 * Takes the lock when it is free, or when `replaceable` says its holder is gone (the replaced
 * holder is written to the event log). Returns null on success, else the holder that keeps it.
 */
export function takeSweepLock(
  store: Store,
  me: Omit<LockHolder, 'runId'>,
  replaceable: (holder: LockHolder) => string | null,
): LockHolder | null {
  return store.transaction(() => {
    const holder = readSweepLock(store);
    if (holder !== null) {
      const why = replaceable(holder);
      if (why === null) return holder;
      sql(store, 'DELETE FROM sweep_lock WHERE id = 1').run();
      appendEvent(store, {
        actor: 'sweep',
        kind: 'sweep.lock-replaced',
        data: { pid: holder.pid, host: holder.host, run: holder.runId, heartbeat: holder.heartbeatAt, why },
      });
    }
    sql(store, 'INSERT INTO sweep_lock (id, token, pid, host, run_id, acquired_at, heartbeat_at) VALUES (1, ?, ?, ?, NULL, ?, ?)').run(
      me.token,
      me.pid,
      me.host,
      me.acquiredAt,
      me.heartbeatAt,
    );
    return null;
  });
}

/** Refreshes the holder's heartbeat (and run); false when the lock is no longer this holder's. */
export function beatSweepLock(store: Store, token: string, at: string, runId?: number): boolean {
  const result =
    runId === undefined
      ? sql(store, 'UPDATE sweep_lock SET heartbeat_at = ? WHERE id = 1 AND token = ?').run(at, token)
      : sql(store, 'UPDATE sweep_lock SET heartbeat_at = ?, run_id = ? WHERE id = 1 AND token = ?').run(at, runId, token);
  return Number(result.changes) === 1;
}

export function releaseSweepLock(store: Store, token: string): void {
  sql(store, 'DELETE FROM sweep_lock WHERE id = 1 AND token = ?').run(token);
}

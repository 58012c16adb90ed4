// The workspace's own random id, made once and kept in the database: what tells its
// notifications apart from another workspace's, whose batch counters start at 1 too.
import { randomBytes } from 'node:crypto';
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { text } from './columns.ts';

const KEY = 'workspace_id';

/**
 * The workspace id (16 lowercase hex digits), made on first use. Two processes asking at once
 * agree: the first insert wins and both read it back.
 */
export function workspaceId(store: Store): string {
  const read = sql(store, 'SELECT value FROM workspace_facts WHERE key = ?');
  const row = read.get(KEY);
  if (row !== undefined) return text(row, 'value');
  return store.transaction(() => {
    sql(store, 'INSERT INTO workspace_facts (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(KEY, randomBytes(8).toString('hex'));
    const made = read.get(KEY);
    if (made === undefined) throw new Error('store: the workspace id was not kept');
    return text(made, 'value');
  });
}

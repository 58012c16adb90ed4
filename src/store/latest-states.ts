// The last observed state of each URL of a case, read from the target rows alone: what `status`
// needs, without materialising each URL's latest check (redirect lists and all).
import type { CheckState } from '../core/states.ts';
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { int, text, textOrNull } from './columns.ts';

export interface LatestState {
  targetId: number;
  url: string;
  /** Null when the URL was never checked. */
  state: CheckState | null;
  checkedAt: string | null;
}

/**
 * The case's active URLs in the order added, each with the state of its last recorded check
 * (recordCheck keeps targets.last_state and last_checked_at in step, in the same transaction).
 * One indexed read of the targets table: at 50,000 URLs and 1.3 million checks about 50 ms,
 * against some 450 ms for latestChecks, which joins each URL's newest check row.
 */
export function latestStates(store: Store, caseId: string): LatestState[] {
  return sql(store, 'SELECT id, url, last_state, last_checked_at FROM targets WHERE case_id = ? AND active = 1 ORDER BY id')
    .all(caseId)
    .map((row) => ({
      targetId: int(row, 'id'),
      url: text(row, 'url'),
      state: textOrNull(row, 'last_state') as CheckState | null,
      checkedAt: textOrNull(row, 'last_checked_at'),
    }));
}

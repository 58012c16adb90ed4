// What a sweep keeps per URL (target_watch), the checks not yet folded into it, and the sweep's watermarks.
import type { CheckState, Reason } from '../core/states.ts';
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { bool, int, intOrNull, text, textOrNull } from './columns.ts';
import type { Row } from './columns.ts';

/**
 * Where a URL stands in its removal (the sweep folds checks into it: src/sweep/watch.ts):
 * - unknown: never seen (never checked, or only blocked or unreachable so far);
 * - live: last seen live;
 * - gone: seen gone, not yet confirmed;
 * - confirmed: seen gone on two checks at least the confirmation interval apart.
 */
export type WatchPhase = 'unknown' | 'live' | 'gone' | 'confirmed';

/** A URL's row in target_watch: what the sweep knows of it, up to the last check folded in. */
export interface WatchRow {
  phase: WatchPhase;
  /** Time of the first check that saw it gone, for the current (or last confirmed) removal. */
  goneSince: string | null;
  goneCheckId: number | null;
  confirmedAt: string | null;
  lastLiveAt: string | null;
  /** The last check that saw the content or its absence (not blocked, not unreachable). */
  lastSeenAt: string | null;
  /** First check of the current blocked/unreachable streak. */
  unseenSince: string | null;
  unseenCheckId: number | null;
  unseenCount: number;
  /** The current streak was reported already. */
  unseenReported: boolean;
  reappearances: number;
  /** The last check folded in. */
  throughCheckId: number;
}

/** One check as the sweep folds it. */
export interface ObservationRow {
  checkId: number;
  at: string;
  state: CheckState;
  reason: Reason;
}

/** A URL as the schedule sees it. */
export interface SweepTargetRow {
  targetId: number;
  caseId: string;
  url: string;
  phase: WatchPhase;
  lastState: CheckState | null;
  lastCheckedAt: string | null;
  unseenCount: number;
}

const WATCH_COLUMNS = `through_check_id, phase, gone_since, gone_check_id, confirmed_at, last_live_at, last_seen_at,
  unseen_since, unseen_check_id, unseen_count, unseen_reported, reappearances`;

export function getWatch(store: Store, targetId: number): WatchRow | null {
  const row = sql(store, `SELECT ${WATCH_COLUMNS} FROM target_watch WHERE target_id = ?`).get(targetId);
  return row === undefined ? null : toWatchRow(row);
}

export function putWatch(store: Store, targetId: number, w: WatchRow): void {
  sql(
    store,
    `INSERT INTO target_watch (target_id, ${WATCH_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (target_id) DO UPDATE SET
       through_check_id = excluded.through_check_id, phase = excluded.phase, gone_since = excluded.gone_since,
       gone_check_id = excluded.gone_check_id, confirmed_at = excluded.confirmed_at, last_live_at = excluded.last_live_at,
       last_seen_at = excluded.last_seen_at, unseen_since = excluded.unseen_since, unseen_check_id = excluded.unseen_check_id,
       unseen_count = excluded.unseen_count, unseen_reported = excluded.unseen_reported, reappearances = excluded.reappearances`,
  ).run(
    targetId,
    w.throughCheckId,
    w.phase,
    w.goneSince,
    w.goneCheckId,
    w.confirmedAt,
    w.lastLiveAt,
    w.lastSeenAt,
    w.unseenSince,
    w.unseenCheckId,
    w.unseenCount,
    w.unseenReported ? 1 : 0,
    w.reappearances,
  );
}

/** The target's checks after `afterCheckId`, in the order they were recorded. */
export function observationsAfter(store: Store, targetId: number, afterCheckId: number): ObservationRow[] {
  return sql(store, 'SELECT id, checked_at, state, reason FROM checks WHERE target_id = ? AND id > ? ORDER BY id')
    .all(targetId, afterCheckId)
    .map((row) => ({
      checkId: int(row, 'id'),
      at: text(row, 'checked_at'),
      state: text(row, 'state') as CheckState,
      reason: text(row, 'reason') as Reason,
    }));
}

/**
 * The active URLs of these cases with what the schedule needs, streamed: a workspace of 50,000
 * URLs is read row by row, whatever its history.
 */
export function* sweepTargets(store: Store, caseIds: readonly string[]): Generator<SweepTargetRow> {
  const read = sql(
    store,
    `SELECT t.id, t.case_id, t.url, t.last_state, t.last_checked_at, w.phase, w.unseen_count
     FROM targets t LEFT JOIN target_watch w ON w.target_id = t.id
     WHERE t.case_id = ? AND t.active = 1
     ORDER BY t.id`,
  );
  for (const caseId of caseIds) {
    for (const row of read.iterate(caseId)) {
      yield {
        targetId: int(row, 'id'),
        caseId: text(row, 'case_id'),
        url: text(row, 'url'),
        phase: (textOrNull(row, 'phase') ?? 'unknown') as WatchRow['phase'],
        lastState: textOrNull(row, 'last_state') as CheckState | null,
        lastCheckedAt: textOrNull(row, 'last_checked_at'),
        unseenCount: intOrNull(row, 'unseen_count') ?? 0,
      };
    }
  }
}

/**
 * Targets with checks recorded after `afterCheckId` that were not folded yet (checks made by
 * `takedown check`, or by a sweep cut off before it folded them), and the newest check id seen.
 */
export function unfoldedTargets(store: Store, afterCheckId: number): { targetIds: number[]; maxCheckId: number } {
  const max = sql(store, 'SELECT COALESCE(MAX(id), 0) AS m FROM checks').get();
  const maxCheckId = max === undefined ? 0 : int(max, 'm');
  const targetIds = sql(
    store,
    `SELECT DISTINCT c.target_id AS target_id
     FROM checks c LEFT JOIN target_watch w ON w.target_id = c.target_id
     WHERE c.id > ? AND c.id <= ? AND (w.through_check_id IS NULL OR c.id > w.through_check_id)
     ORDER BY c.target_id`,
  )
    .all(afterCheckId, maxCheckId)
    .map((row) => int(row, 'target_id'));
  return { targetIds, maxCheckId };
}

/** How many checks of a run ended in each state. */
export function runStateCounts(store: Store, runId: number): Map<CheckState, number> {
  const rows = sql(store, 'SELECT state, COUNT(*) AS n FROM checks WHERE run_id = ? GROUP BY state').all(runId);
  return new Map(rows.map((r) => [text(r, 'state') as CheckState, int(r, 'n')]));
}

export type SweepMark = 'folded_check_id' | 'draft_event_seq';

export function getSweepMark(store: Store, key: SweepMark): number {
  const row = sql(store, 'SELECT value FROM sweep_state WHERE key = ?').get(key);
  return row === undefined ? 0 : int(row, 'value');
}

export function setSweepMark(store: Store, key: SweepMark, value: number): void {
  sql(store, 'INSERT INTO sweep_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

function toWatchRow(row: Row): WatchRow {
  return {
    throughCheckId: int(row, 'through_check_id'),
    phase: text(row, 'phase') as WatchRow['phase'],
    goneSince: textOrNull(row, 'gone_since'),
    goneCheckId: intOrNull(row, 'gone_check_id'),
    confirmedAt: textOrNull(row, 'confirmed_at'),
    lastLiveAt: textOrNull(row, 'last_live_at'),
    lastSeenAt: textOrNull(row, 'last_seen_at'),
    unseenSince: textOrNull(row, 'unseen_since'),
    unseenCheckId: intOrNull(row, 'unseen_check_id'),
    unseenCount: int(row, 'unseen_count'),
    unseenReported: bool(row, 'unseen_reported'),
    reappearances: int(row, 'reappearances'),
  };
}

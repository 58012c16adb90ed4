// Runs: one row per `check` or `sweep`, so that a killed run can be found and resumed.
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { canonicalJson } from './canonical-json.ts';
import { int, json, jsonOrNull, text, textOrNull } from './columns.ts';
import type { Row } from './columns.ts';

export const RUN_KINDS = ['check', 'sweep'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export interface RunRow {
  id: number;
  kind: RunKind;
  /** The cases the run covers, sorted and without duplicates. */
  caseIds: string[];
  startedAt: string;
  finishedAt: string | null;
  summary: unknown;
  options: unknown;
}

export interface RunInput {
  kind: RunKind;
  caseIds: readonly string[];
  options: unknown;
}

const COLUMNS = 'id, kind, case_ids, started_at, finished_at, summary, options';

export function startRun(store: Store, input: RunInput): number {
  const row = sql(
    store,
    'INSERT INTO runs (kind, case_ids, started_at, options) VALUES (?, ?, ?, ?) RETURNING id',
  ).get(input.kind, caseSetJson(input.caseIds), store.clock.now().toISOString(), canonicalJson(input.options));
  if (row === undefined) throw new Error('store: INSERT ... RETURNING gave no row');
  return int(row, 'id');
}

export function finishRun(store: Store, runId: number, summary: unknown): void {
  const result = sql(store, 'UPDATE runs SET finished_at = ?, summary = ? WHERE id = ? AND finished_at IS NULL').run(
    store.clock.now().toISOString(),
    canonicalJson(summary),
    runId,
  );
  if (Number(result.changes) === 0) {
    const run = getRun(store, runId);
    throw new Error(`store: run ${runId} ${run === null ? 'does not exist' : 'is already finished'}`);
  }
}

export function getRun(store: Store, runId: number): RunRow | null {
  const row = sql(store, `SELECT ${COLUMNS} FROM runs WHERE id = ?`).get(runId);
  return row === undefined ? null : toRunRow(row);
}

/** The latest unfinished run of this kind over exactly this set of cases (order and repeats ignored). */
export function findUnfinishedRun(store: Store, kind: RunKind, caseIds: readonly string[]): RunRow | null {
  const row = sql(
    store,
    `SELECT ${COLUMNS} FROM runs WHERE kind = ? AND case_ids = ? AND finished_at IS NULL ORDER BY id DESC LIMIT 1`,
  ).get(kind, caseSetJson(caseIds));
  return row === undefined ? null : toRunRow(row);
}

export function checkedTargetIdsInRun(store: Store, runId: number): Set<number> {
  const ids = new Set<number>();
  for (const row of sql(store, 'SELECT target_id FROM checks WHERE run_id = ?').iterate(runId)) {
    ids.add(int(row, 'target_id'));
  }
  return ids;
}

// Stored sorted and deduplicated so that "the same set of cases" is a plain text comparison.
function caseSetJson(caseIds: readonly string[]): string {
  return JSON.stringify([...new Set(caseIds)].sort());
}

function toRunRow(row: Row): RunRow {
  return {
    id: int(row, 'id'),
    kind: text(row, 'kind') as RunKind,
    caseIds: json(row, 'case_ids') as string[],
    startedAt: text(row, 'started_at'),
    finishedAt: textOrNull(row, 'finished_at'),
    summary: jsonOrNull(row, 'summary'),
    options: json(row, 'options'),
  };
}

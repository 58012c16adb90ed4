// Cases as the store knows them: id, title, file and the minor flag, kept in step with the case file.
import type { Store } from './db.ts';
import { sql } from './db.ts';
import { bool, text, textOrNull } from './columns.ts';
import type { Row } from './columns.ts';

export interface CaseRow {
  id: string;
  title: string | null;
  file: string;
  minor: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CaseInput {
  id: string;
  title?: string;
  file: string;
  minor: boolean;
}

const COLUMNS = 'id, title, file, minor, created_at, updated_at';

/** Inserts the case or updates it; `updated_at` moves only when title, file or minor changed. */
export function upsertCase(store: Store, c: CaseInput): void {
  const now = store.clock.now().toISOString();
  sql(
    store,
    `INSERT INTO cases (id, title, file, minor, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET
       title = excluded.title, file = excluded.file, minor = excluded.minor, updated_at = excluded.updated_at
     WHERE cases.title IS DISTINCT FROM excluded.title
        OR cases.file IS DISTINCT FROM excluded.file
        OR cases.minor IS DISTINCT FROM excluded.minor`,
  ).run(c.id, c.title ?? null, c.file, c.minor ? 1 : 0, now, now);
}

export function getCase(store: Store, id: string): CaseRow | null {
  const row = sql(store, `SELECT ${COLUMNS} FROM cases WHERE id = ?`).get(id);
  return row === undefined ? null : toCaseRow(row);
}

export function listCases(store: Store): CaseRow[] {
  return sql(store, `SELECT ${COLUMNS} FROM cases ORDER BY id`).all().map(toCaseRow);
}

function toCaseRow(row: Row): CaseRow {
  return {
    id: text(row, 'id'),
    title: textOrNull(row, 'title'),
    file: text(row, 'file'),
    minor: bool(row, 'minor'),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  };
}

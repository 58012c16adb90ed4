// Numbered schema migrations, applied in order and recorded in schema_migrations.
import { UserError } from '../core/errors.ts';
import type { Store } from './db.ts';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

// DDL is written in the subset SQLite and PostgreSQL share, except for two things a PostgreSQL
// port replaces with the same version numbers: `INTEGER PRIMARY KEY` (an auto-numbered rowid
// here, `GENERATED ALWAYS AS IDENTITY` there) and the trigger syntax. Times are ISO-8601 UTC
// text, JSON is text, booleans are 0/1 integers.
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'cases, targets, runs, checks, events',
    up: `
      CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        title TEXT,
        file TEXT NOT NULL,
        minor INTEGER NOT NULL CHECK (minor IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- Rows are never deleted: a URL removed from the case file becomes active = 0, so its
      -- history stays attached to it and it reactivates if the URL comes back.
      CREATE TABLE targets (
        id INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id),
        url TEXT NOT NULL,
        url_key TEXT NOT NULL,
        note TEXT,
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        added_at TEXT NOT NULL,
        last_state TEXT,
        last_reason TEXT,
        last_checked_at TEXT,
        UNIQUE (case_id, url_key)
      );

      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        case_ids TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        summary TEXT,
        options TEXT NOT NULL
      );

      CREATE INDEX runs_unfinished ON runs (kind, finished_at);

      -- One row per observation. UNIQUE (run_id, target_id): a resumed run can never record
      -- the same URL twice.
      CREATE TABLE checks (
        id INTEGER PRIMARY KEY,
        target_id INTEGER NOT NULL REFERENCES targets (id),
        run_id INTEGER NOT NULL REFERENCES runs (id),
        checked_at TEXT NOT NULL,
        state TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT NOT NULL,
        provider_id TEXT,
        http_status INTEGER,
        final_url TEXT,
        redirects TEXT NOT NULL,
        content_type TEXT,
        body_sha256 TEXT,
        body_bytes INTEGER NOT NULL,
        truncated INTEGER NOT NULL CHECK (truncated IN (0, 1)),
        duration_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        UNIQUE (run_id, target_id)
      );

      CREATE INDEX checks_target_time ON checks (target_id, checked_at);

      -- Append-only and hash-chained (see events.ts). No foreign keys: the log must never
      -- refuse to record, and it outlives whatever it mentions.
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        case_id TEXT,
        target_id INTEGER,
        data TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );

      CREATE INDEX events_case ON events (case_id, seq);
      CREATE INDEX events_target ON events (target_id, seq);

      -- A guard against accidents (a stray UPDATE in a script or a bug), not a security
      -- boundary: anyone with the file can drop these triggers. Tamper-evidence comes from
      -- the hash chain, which verifyEventChain recomputes.
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN
        SELECT RAISE(ABORT, 'events are append-only: UPDATE refused');
      END;

      CREATE TRIGGER events_no_delete BEFORE DELETE ON events
      BEGIN
        SELECT RAISE(ABORT, 'events are append-only: DELETE refused');
      END;
    `,
  },
  {
    version: 2,
    name: 'requests',
    up: `
      -- One notice to one recipient about one or more URLs (DESIGN 5.4). The rendered subject
      -- and body are kept: they are the record of what was said, in the claimant's name.
      CREATE TABLE requests (
        id INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id),
        kind TEXT NOT NULL,
        rung TEXT NOT NULL,
        provider_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        channel_kind TEXT NOT NULL,
        recipient_name TEXT NOT NULL,
        recipient TEXT,
        status TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        file TEXT,
        message_id TEXT,
        deadline_rule TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        -- Set just before the mail server is contacted. With sent_at still empty it means the
        -- send was cut off: the message may or may not have left, so it is never re-sent blindly.
        send_started_at TEXT,
        sent_at TEXT,
        transport TEXT,
        server_response TEXT,
        acknowledged_at TEXT,
        closed_at TEXT,
        deadline_at TEXT,
        ticket TEXT,
        superseded_by INTEGER,
        note TEXT
      );

      CREATE INDEX requests_case_status ON requests (case_id, status);

      CREATE TABLE request_targets (
        request_id INTEGER NOT NULL REFERENCES requests (id),
        target_id INTEGER NOT NULL REFERENCES targets (id),
        PRIMARY KEY (request_id, target_id)
      );

      CREATE INDEX request_targets_target ON request_targets (target_id);
    `,
  },
  {
    version: 3,
    name: 'sweep',
    up: `
      -- Filled in by the sweep work (issue 4): confirmation, reappearance, schedules, notifications.
      SELECT 1;
    `,
  },
  {
    version: 4,
    name: 'evidence',
    up: `
      -- The index of WARC evidence (issue 5). A convenience for reports and lookups: the record
      -- of truth is the 'evidence.captured' events, which the hash chain protects and
      -- evidence verify compares with these rows.
      -- One capture: the records written for one check of one URL.
      CREATE TABLE evidence_captures (
        id INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id),
        target_id INTEGER REFERENCES targets (id),
        check_id INTEGER REFERENCES checks (id),
        run_id INTEGER,
        url TEXT NOT NULL,
        captured_at TEXT NOT NULL,
        state TEXT NOT NULL,
        reason TEXT NOT NULL,
        cause TEXT NOT NULL,
        file TEXT NOT NULL,
        event_seq INTEGER NOT NULL
      );

      CREATE INDEX evidence_captures_case ON evidence_captures (case_id, id);
      CREATE INDEX evidence_captures_target ON evidence_captures (target_id, id);

      -- One WARC record: where it is (file, offset, length) and what it must hash to.
      CREATE TABLE evidence_records (
        id INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id),
        capture_id INTEGER NOT NULL REFERENCES evidence_captures (id),
        file TEXT NOT NULL,
        byte_offset INTEGER NOT NULL,
        byte_length INTEGER NOT NULL,
        type TEXT NOT NULL,
        record_id TEXT NOT NULL UNIQUE,
        record_sha256 TEXT NOT NULL,
        block_digest TEXT NOT NULL,
        payload_digest TEXT,
        UNIQUE (case_id, file, byte_offset)
      );

      CREATE INDEX evidence_records_capture ON evidence_records (capture_id);
    `,
  },
];

const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`;

/** The highest migration version this build knows. */
export function latestSchemaVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** Versions recorded in the database, ascending; empty for a new database. */
export function appliedVersions(store: Store): number[] {
  // sqlite_master is the one catalogue query; a PostgreSQL port asks information_schema.tables.
  const table = store.db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`)
    .get();
  if (table === undefined) return [];
  return store.db
    .prepare('SELECT version FROM schema_migrations ORDER BY version')
    .all()
    .map((row) => Number(row['version']));
}

/**
 * Brings the schema up to date. Read-only stores are only checked. The version list is read
 * again inside the write transaction, so two processes opening a new workspace at once apply
 * each migration exactly once.
 */
export function migrate(
  store: Store,
  options: { readonly?: boolean; migrations?: readonly Migration[] } = {},
): { applied: number[] } {
  const migrations = options.migrations ?? MIGRATIONS;
  assertOrdered(migrations);
  if (pending(store, migrations).length === 0) return { applied: [] };
  if (options.readonly === true) {
    throw new UserError(
      'STORE_OUTDATED',
      `store: ${store.path} has schema version ${Math.max(0, ...appliedVersions(store))}, this version of ` +
        `takedown needs ${latestSchemaVersion(migrations)}; open it once for writing to upgrade it`,
    );
  }
  return store.transaction(() => {
    store.db.exec(CREATE_MIGRATIONS_TABLE);
    const due = pending(store, migrations);
    const record = store.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of due) {
      store.db.exec(migration.up);
      record.run(migration.version, migration.name, store.clock.now().toISOString());
    }
    return { applied: due.map((m) => m.version) };
  });
}

function pending(store: Store, migrations: readonly Migration[]): Migration[] {
  const applied = appliedVersions(store);
  const known = new Set(migrations.map((m) => m.version));
  const unknown = applied.filter((v) => !known.has(v));
  if (unknown.length > 0) {
    throw new UserError(
      'STORE_TOO_NEW',
      `store: ${store.path} was written by a newer version of takedown (schema versions ` +
        `${unknown.join(', ')} are unknown; this version knows up to ${latestSchemaVersion(migrations)}); ` +
        'upgrade takedown to use this workspace',
    );
  }
  const done = new Set(applied);
  return migrations.filter((m) => !done.has(m.version));
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`store: migration ${i} has version ${m.version}; versions must run 1, 2, 3, ... in order`);
    }
  });
}

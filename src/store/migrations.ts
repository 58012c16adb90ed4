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
      -- What a sweep knows about each URL beyond its last check: where it stands in its removal
      -- (phase: unknown, live, gone, confirmed), its streaks, and the last check folded into that
      -- (through_check_id). Checks made by takedown check are folded in by the next sweep.
      CREATE TABLE target_watch (
        target_id INTEGER PRIMARY KEY REFERENCES targets (id),
        through_check_id INTEGER NOT NULL,
        phase TEXT NOT NULL,
        gone_since TEXT,
        gone_check_id INTEGER,
        confirmed_at TEXT,
        last_live_at TEXT,
        last_seen_at TEXT,
        unseen_since TEXT,
        unseen_check_id INTEGER,
        unseen_count INTEGER NOT NULL,
        unseen_reported INTEGER NOT NULL CHECK (unseen_reported IN (0, 1)),
        reappearances INTEGER NOT NULL
      );

      -- Time to removal, one row per request and URL, written when the URL's removal is
      -- confirmed: what a per-provider report needs without reading the history again.
      -- seconds_to_removal runs from sent_at to gone_at (the first check that saw it gone); it is
      -- NULL when the URL went away before the notice was sent, or for search delisting, whose
      -- effect a check of the URL cannot see.
      CREATE TABLE removals (
        request_id INTEGER NOT NULL REFERENCES requests (id),
        target_id INTEGER NOT NULL REFERENCES targets (id),
        case_id TEXT NOT NULL,
        provider_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        rung TEXT NOT NULL,
        sent_at TEXT,
        last_live_at TEXT,
        gone_at TEXT NOT NULL,
        confirmed_at TEXT NOT NULL,
        seconds_to_removal INTEGER,
        PRIMARY KEY (request_id, target_id)
      );

      CREATE INDEX removals_provider ON removals (provider_id, confirmed_at);

      -- Every change a sweep found, under an id made from what changed (never from when it was
      -- seen), so that finding it again after a crash records nothing new.
      CREATE TABLE sweep_changes (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        run_id INTEGER REFERENCES runs (id),
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        case_id TEXT NOT NULL,
        target_id INTEGER,
        request_id INTEGER,
        attention INTEGER NOT NULL CHECK (attention IN (0, 1)),
        data TEXT NOT NULL,
        -- Set for reappearances and overdue requests until the case was drafted again.
        needs_draft INTEGER NOT NULL CHECK (needs_draft IN (0, 1)),
        drafted_at TEXT
      );

      CREATE INDEX sweep_changes_run ON sweep_changes (run_id);
      CREATE INDEX sweep_changes_draft ON sweep_changes (needs_draft, drafted_at, case_id);

      -- The notification outbox: one row per change and channel, written in the transaction
      -- that records the change. A batch id is given before delivery and kept, so a delivery
      -- cut off is retried under the same id (Message-ID, Idempotency-Key) and never as new.
      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        change_id TEXT NOT NULL REFERENCES sweep_changes (id),
        channel TEXT NOT NULL,
        batch TEXT,
        attempts INTEGER NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        claimed_at TEXT,
        delivered_at TEXT,
        UNIQUE (change_id, channel)
      );

      CREATE INDEX notifications_pending ON notifications (channel, delivered_at, batch);

      -- One sweep per workspace: a single row (id = 1) held by a process that refreshes
      -- heartbeat_at; a crashed holder (dead pid on this host, or a stale heartbeat) is replaced.
      CREATE TABLE sweep_lock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        token TEXT NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        run_id INTEGER,
        acquired_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
      );

      -- Watermarks: the last check folded by a catch-up pass, the last event read for drafts.
      CREATE TABLE sweep_state (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      );

      INSERT INTO sweep_state (key, value) VALUES ('folded_check_id', 0);
      INSERT INTO sweep_state (key, value) SELECT 'draft_event_seq', COALESCE(MAX(seq), 0) FROM events;
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
  {
    version: 5,
    name: 'discovery',
    up: `
      -- Possible new copies found in a case's watch places (issue 4, part 3), waiting for a human.
      -- One row per case and URL key, never deleted: a rejected URL stays rejected and is never
      -- proposed again; an accepted one became a URL of the case file. reasons is a JSON list
      -- (a keyword with the words around it, or a picture's PDQ distance to a fingerprint).
      CREATE TABLE candidates (
        id INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id),
        url TEXT NOT NULL,
        url_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        found_on TEXT NOT NULL,
        watch_url TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        seen_count INTEGER NOT NULL,
        reasons TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
        decided_at TEXT,
        note TEXT,
        UNIQUE (case_id, url_key)
      );

      CREATE INDEX candidates_status ON candidates (status, case_id);
    `,
  },
  {
    version: 6,
    name: 'workspace id',
    up: `
      -- Facts about the workspace itself, one row each. 'workspace_id': a random id made once
      -- (by the code, on first use) that sets this workspace's notification ids (Message-ID,
      -- Idempotency-Key) apart from every other workspace's, whose batch counters run alike.
      CREATE TABLE workspace_facts (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
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

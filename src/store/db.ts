// The SQLite connection: private files, WAL, busy timeout, migrations and a nesting transaction helper.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';
import type { Clock } from '../core/clock.ts';
import { systemClock } from '../core/clock.ts';
import { UserError } from '../core/errors.ts';
import { migrate } from './migrations.ts';

export interface Store {
  db: DatabaseSync;
  path: string;
  clock: Clock;
  /**
   * Runs `fn` in one transaction: BEGIN IMMEDIATE (the write lock is taken up front, so a
   * writer waits on busy_timeout instead of failing half way), COMMIT on return, ROLLBACK on
   * throw. Nested calls become savepoints, so a failing inner call undoes only its own writes.
   * `fn` must be synchronous: node:sqlite is synchronous and an await would let other work run
   * inside the transaction.
   */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export interface OpenStoreOptions {
  clock?: Clock;
  /** Open without writing: no file or folder is created and no migration is applied. */
  readonly?: boolean;
}

const BUSY_TIMEOUT_MS = 5000;
const MEMORY = ':memory:';

export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const readonly = options.readonly ?? false;
  const onDisk = path !== MEMORY;
  if (onDisk) prepareFiles(path, readonly);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { readOnly: readonly });
  } catch (error) {
    throw damaged(error, path) ?? error;
  }
  try {
    // busy_timeout first: switching a new file to WAL needs a lock that another process
    // opening the same workspace at the same moment may hold.
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!readonly) db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    // 4 MB of page cache instead of SQLite's 2: a big check writes rows into several indexes (the
    // places it writes to move with the targets and the time), and pages read back come from the
    // system's file cache. 16 MB once saved 8 s of 125 at 50,000 URLs; since the store writes were batched the
    // difference is within the bench's noise, and the 12 MB are not (bench/RESULTS.md).
    db.exec('PRAGMA cache_size = -4000');
    db.exec('PRAGMA foreign_keys = ON');
    const store = makeStore(db, path, options.clock ?? systemClock);
    migrate(store, { readonly });
    if (onDisk && !readonly) tightenSideFiles(path);
    return store;
  } catch (error) {
    db.close();
    throw damaged(error, path) ?? error;
  }
}

// SQLite result codes that mean the file itself cannot be used (not a bug in the tool).
const SQLITE_READONLY = 8;
const SQLITE_CORRUPT = 11;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

/** A damaged, foreign or unwritable file is the user's to fix, not a bug to report. */
function damaged(error: unknown, path: string): UserError | null {
  const errcode = (error as { errcode?: unknown }).errcode;
  if (errcode === SQLITE_READONLY || errcode === SQLITE_CANTOPEN) {
    return new UserError('STORE_UNWRITABLE', `store: cannot open ${path} for writing (${(error as Error).message}); check its permissions and that it is a file`);
  }
  if (errcode !== SQLITE_CORRUPT && errcode !== SQLITE_NOTADB) return null;
  return new UserError(
    'STORE_DAMAGED',
    `store: ${path} is not a takedown database or is damaged (${(error as Error).message}); restore it from a backup, or move it away to start a new one`,
  );
}

function prepareFiles(path: string, readonly: boolean): void {
  if (readonly) {
    if (!existsSync(path)) {
      throw new UserError('STORE_NOT_FOUND', `store: the database ${path} does not exist; run a check first`);
    }
    return;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Created here, not by SQLite, so the file never exists with the umask's wider mode.
  closeSync(openSync(path, 'a', 0o600));
  tighten(path);
}

function tightenSideFiles(path: string): void {
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(path + suffix)) tighten(path + suffix);
  }
}

/** Files from an older version or copied by hand may be wider than 0600; state stays private. */
function tighten(file: string): void {
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}

function makeStore(db: DatabaseSync, path: string, clock: Clock): Store {
  let depth = 0;
  // The savepoint statements, prepared once per depth: a check records several nested
  // transactions per URL, and parsing these each time showed in profiles of big runs.
  const prepared = new Map<string, StatementSync>();
  const run = (text: string): void => {
    let statement = prepared.get(text);
    if (statement === undefined) {
      statement = db.prepare(text);
      prepared.set(text, statement);
    }
    statement.run();
  };

  function transaction<T>(fn: () => T): T {
    const savepoint = `sp_${depth}`;
    if (depth === 0) db.exec('BEGIN IMMEDIATE');
    else run(`SAVEPOINT ${savepoint}`);
    depth += 1;
    let result: T;
    try {
      result = fn();
      if (isThenable(result)) {
        throw new TypeError('store.transaction: the callback returned a promise; it must be synchronous');
      }
    } catch (error) {
      depth -= 1;
      undo(savepoint);
      throw error;
    }
    depth -= 1;
    try {
      if (depth === 0) db.exec('COMMIT');
      else run(`RELEASE SAVEPOINT ${savepoint}`);
    } catch (error) {
      undo(savepoint);
      throw error;
    }
    return result;
  }

  function undo(savepoint: string): void {
    // SQLite rolls the whole transaction back by itself after some errors (disk full, I/O);
    // a second ROLLBACK would then throw and hide the original error.
    if (!db.isTransaction) return;
    if (depth === 0) {
      db.exec('ROLLBACK');
      return;
    }
    db.exec(`ROLLBACK TO SAVEPOINT ${savepoint}`);
    db.exec(`RELEASE SAVEPOINT ${savepoint}`);
  }

  function close(): void {
    if (db.isOpen) db.close();
  }

  return { db, path, clock, transaction, close };
}

function isThenable(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'then' in value &&
    typeof (value as { then: unknown }).then === 'function'
  );
}

const statements = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

/** A prepared statement, cached per connection: a sweep records tens of thousands of checks. */
export function sql(store: Store, text: string): StatementSync {
  let cache = statements.get(store.db);
  if (cache === undefined) {
    cache = new Map();
    statements.set(store.db, cache);
  }
  let statement = cache.get(text);
  if (statement === undefined) {
    statement = store.db.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}

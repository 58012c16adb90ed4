// The connection: private files, pragmas, migrations across re-opens, transactions and savepoints.
import { spawn } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { MIGRATIONS, appliedVersions, getCase, listCases, openStore, upsertCase } from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';
import { steppingClock, tempDir } from './helpers.ts';
import type { TempDir } from './helpers.ts';

let dir: TempDir;
const open: Store[] = [];

function openAt(path: string, readonly = false): Store {
  const store = openStore(path, { clock: steppingClock(), readonly });
  open.push(store);
  return store;
}

beforeEach(() => {
  dir = tempDir();
});

afterEach(() => {
  for (const store of open.splice(0)) store.close();
  dir.remove();
});

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('files', () => {
  it('creates the folder 0700 and the database, -wal and -shm 0600', () => {
    const path = join(dir.path, 'ws', '.takedown', 'store.db');
    const store = openAt(path);
    upsertCase(store, { id: 'c1', file: '/cases/c1.yaml', minor: false });
    expect(mode(join(dir.path, 'ws', '.takedown'))).toBe(0o700);
    expect(mode(path)).toBe(0o600);
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(mode(`${path}-wal`)).toBe(0o600);
    expect(mode(`${path}-shm`)).toBe(0o600);
  });

  it('tightens an existing database file that is readable by others', () => {
    const path = join(dir.path, 'store.db');
    writeFileSync(path, '', { mode: 0o644 });
    openAt(path);
    expect(mode(path)).toBe(0o600);
  });

  it.each([
    ['journal_mode', 'wal'],
    ['synchronous', 1],
    ['busy_timeout', 5000],
    ['foreign_keys', 1],
  ])('sets PRAGMA %s = %s', (pragma, expected) => {
    const store = openAt(join(dir.path, 'store.db'));
    const row = store.db.prepare(`PRAGMA ${pragma}`).get() ?? {};
    expect(Object.values(row)[0]).toBe(expected);
  });
});

describe('migrations', () => {
  it('applies every migration once and keeps the data across re-opens', () => {
    const path = join(dir.path, 'store.db');
    const first = openAt(path);
    upsertCase(first, { id: 'c1', title: 'One', file: '/c1.yaml', minor: false });
    first.close();
    const second = openAt(path);
    const third = openAt(path);
    expect(appliedVersions(third)).toEqual(MIGRATIONS.map((m) => m.version));
    const rows = third.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get();
    expect(rows?.['n']).toBe(MIGRATIONS.length);
    expect(listCases(second).map((c) => c.id)).toEqual(['c1']);
  });

  it('refuses a database written by a newer version, naming the file and the versions', () => {
    const path = join(dir.path, 'store.db');
    openAt(path).close();
    const raw = new DatabaseSync(path);
    raw.exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01')`);
    raw.close();
    let caught: unknown;
    try {
      openAt(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).code).toBe('STORE_TOO_NEW');
    expect((caught as UserError).message).toContain(path);
    expect((caught as UserError).message).toContain('99');
    expect((caught as UserError).message).toContain(`up to ${MIGRATIONS.length}`);
  });

  it('opens read-only without creating anything, and refuses a missing or outdated file', () => {
    const missing = join(dir.path, 'nope', 'store.db');
    expect(() => openAt(missing, true)).toThrow(expect.objectContaining({ code: 'STORE_NOT_FOUND' }));
    expect(existsSync(join(dir.path, 'nope'))).toBe(false);

    const empty = join(dir.path, 'empty.db');
    writeFileSync(empty, '', { mode: 0o600 });
    expect(() => openAt(empty, true)).toThrow(expect.objectContaining({ code: 'STORE_OUTDATED' }));

    const path = join(dir.path, 'store.db');
    upsertCase(openAt(path), { id: 'c1', file: '/c1.yaml', minor: true });
    const reader = openAt(path, true);
    expect(getCase(reader, 'c1')?.minor).toBe(true);
    expect(() => upsertCase(reader, { id: 'c2', file: '/c2.yaml', minor: false })).toThrow(/readonly/);
  });
});

describe('transaction', () => {
  function count(store: Store): number {
    return Number(store.db.prepare('SELECT COUNT(*) AS n FROM cases').get()?.['n']);
  }

  it('commits what the callback wrote and returns its value', () => {
    const store = openAt(join(dir.path, 'store.db'));
    const value = store.transaction(() => {
      upsertCase(store, { id: 'a', file: '/a.yaml', minor: false });
      return 42;
    });
    expect(value).toBe(42);
    expect(count(store)).toBe(1);
    expect(store.db.isTransaction).toBe(false);
  });

  it('rolls everything back when the callback throws, and rethrows the error', () => {
    const store = openAt(join(dir.path, 'store.db'));
    const boom = new Error('boom');
    expect(() =>
      store.transaction(() => {
        upsertCase(store, { id: 'a', file: '/a.yaml', minor: false });
        upsertCase(store, { id: 'b', file: '/b.yaml', minor: false });
        throw boom;
      }),
    ).toThrow(boom);
    expect(count(store)).toBe(0);
    expect(store.db.isTransaction).toBe(false);
  });

  it('undoes only a failed nested call (savepoint) and keeps the outer writes', () => {
    const store = openAt(join(dir.path, 'store.db'));
    store.transaction(() => {
      upsertCase(store, { id: 'outer', file: '/o.yaml', minor: false });
      expect(() =>
        store.transaction(() => {
          upsertCase(store, { id: 'inner', file: '/i.yaml', minor: false });
          store.transaction(() => upsertCase(store, { id: 'innermost', file: '/ii.yaml', minor: false }));
          throw new Error('inner fails');
        }),
      ).toThrow('inner fails');
      store.transaction(() => upsertCase(store, { id: 'sibling', file: '/s.yaml', minor: false }));
    });
    expect(listCases(store).map((c) => c.id)).toEqual(['outer', 'sibling']);
  });

  it('rolls back the outer transaction, nested work included, when the outer call throws', () => {
    const store = openAt(join(dir.path, 'store.db'));
    expect(() =>
      store.transaction(() => {
        store.transaction(() => upsertCase(store, { id: 'inner', file: '/i.yaml', minor: false }));
        throw new Error('outer fails');
      }),
    ).toThrow('outer fails');
    expect(count(store)).toBe(0);
  });

  it('refuses an async callback and writes nothing', () => {
    const store = openAt(join(dir.path, 'store.db'));
    expect(() =>
      store.transaction(() => {
        upsertCase(store, { id: 'a', file: '/a.yaml', minor: false });
        return Promise.resolve(1);
      }),
    ).toThrow(/synchronous/);
    expect(count(store)).toBe(0);
  });
});

function runScript(script: string, args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, [join(import.meta.dirname, script), ...args], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', resolve));
}

describe('concurrent writers', () => {
  it('lets several processes create and migrate the same new store at once', async () => {
    const path = join(dir.path, 'fresh', 'store.db');
    const ids = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const codes = await Promise.all(ids.map((id) => runScript('open-store.ts', [path, id])));
    expect(codes).toEqual(ids.map(() => 0));
    const store = openAt(path);
    expect(listCases(store).map((c) => c.id)).toEqual(ids);
    const rows = store.db.prepare('SELECT version FROM schema_migrations').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });


  it('waits on busy_timeout while another process holds the write lock, then succeeds', async () => {
    const path = join(dir.path, 'store.db');
    const store = openAt(path);
    const holdMs = 1200;
    const child = spawn(process.execPath, [join(import.meta.dirname, 'hold-lock.ts'), path, String(holdMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('locked')) resolve();
      });
      child.on('exit', () => reject(new Error('hold-lock exited before taking the lock')));
    });
    const started = performance.now();
    upsertCase(store, { id: 'parent', file: '/p.yaml', minor: false });
    const waited = performance.now() - started;
    expect(await exited).toBe(0);
    expect(waited).toBeGreaterThan(holdMs / 2);
    expect(waited).toBeLessThan(5000);
    expect(listCases(store).map((c) => c.id)).toEqual(['child', 'parent']);
  });
});

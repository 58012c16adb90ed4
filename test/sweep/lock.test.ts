// The sweep lock on a real SQLite file: one holder at a time, a crashed holder replaced (dead pid
// on this host, or no heartbeat), a holder that lost its lock told so.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.ts';
import { listEvents, openStore, readSweepLock, type LockHolder, type Store } from '../../src/store/index.ts';
import { acquireSweepLock, whyReplaceable, type LockDeps } from '../../src/sweep/lock.ts';
import { tempDir, type TempDir } from '../store/helpers.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const MINUTE = 60_000;

function holder(over: Partial<LockHolder>): LockHolder {
  return { token: 'other', pid: 4242, host: 'box', runId: 7, acquiredAt: NOW.toISOString(), heartbeatAt: NOW.toISOString(), ...over };
}

describe('whyReplaceable', () => {
  const alive = (): boolean => true;
  const dead = (): boolean => false;
  it.each<[string, Partial<LockHolder>, (pid: number) => boolean, string | null]>([
    ['alive on this host, fresh heartbeat', {}, alive, null],
    ['dead on this host', {}, dead, 'process 4242 on box is no longer running'],
    ['another host, fresh heartbeat (its pid means nothing here)', { host: 'other-box' }, dead, null],
    ['another host, silent for 6 minutes', { host: 'other-box', heartbeatAt: new Date(NOW.getTime() - 6 * MINUTE).toISOString() }, alive, `no heartbeat since ${new Date(NOW.getTime() - 6 * MINUTE).toISOString()}`],
    ['alive but stopped for 6 minutes', { heartbeatAt: new Date(NOW.getTime() - 6 * MINUTE).toISOString() }, alive, `no heartbeat since ${new Date(NOW.getTime() - 6 * MINUTE).toISOString()}`],
    ['our own pid (a crashed earlier process with the same pid, e.g. pid 1 in a container)', { pid: 99 }, alive, 'process 99 on box is no longer running'],
  ])('%s', (_name, over, isAlive, why) => {
    expect(whyReplaceable(holder(over), NOW, { pid: 99, host: 'box' }, isAlive, 5 * MINUTE)).toBe(why);
  });
});

describe('acquireSweepLock', () => {
  let dir: TempDir;
  let store: Store;
  let now: Date;
  const clock: Clock = { now: () => now, sleep: async () => undefined };
  const deps = (over: Partial<LockDeps>): LockDeps => ({ store, clock, pid: 1000, host: 'box', isAlive: () => true, token: 'a', ...over });

  beforeEach(() => {
    dir = tempDir();
    now = NOW;
    store = openStore(join(dir.path, 'takedown.db'), { clock });
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('gives the lock to one sweep at a time and frees it on release', async () => {
    const first = await acquireSweepLock(deps({ token: 'a', pid: 1000 }), { waitMs: 0 });
    expect(first.ok).toBe(true);
    const second = await acquireSweepLock(deps({ token: 'b', pid: 2000 }), { waitMs: 0 });
    expect(second).toMatchObject({ ok: false, holder: { pid: 1000, token: 'a' } });
    if (first.ok) first.lock.release();
    expect(readSweepLock(store)).toBeNull();
    const third = await acquireSweepLock(deps({ token: 'c', pid: 2000 }), { waitMs: 0 });
    expect(third.ok).toBe(true);
    if (third.ok) third.lock.release();
  });

  it('never replaces a lock held in this process, even one with the same pid', async () => {
    const first = await acquireSweepLock(deps({ token: 'a', pid: 1000 }), { waitMs: 0 });
    const same = await acquireSweepLock(deps({ token: 'b', pid: 1000 }), { waitMs: 0 });
    expect(same.ok).toBe(false);
    if (first.ok) first.lock.release();
  });

  it('waits for a running sweep when asked to', async () => {
    const first = await acquireSweepLock(deps({ token: 'a', pid: 1000 }), { waitMs: 0 });
    if (!first.ok) throw new Error('no lock');
    setTimeout(() => first.lock.release(), 150);
    const started = Date.now();
    const second = await acquireSweepLock(deps({ token: 'b', pid: 2000 }), { waitMs: 5000, pollMs: 50 });
    expect(second.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    if (second.ok) second.lock.release();
  });

  it('replaces a crashed holder and logs it; the replaced one learns it lost the lock', async () => {
    // A row left by a sweep killed with SIGKILL: pid 1000 on this host, which no longer runs.
    store.db.prepare("INSERT INTO sweep_lock (id, token, pid, host, run_id, acquired_at, heartbeat_at) VALUES (1, 'crashed', 1000, 'box', 3, ?, ?)").run(NOW.toISOString(), NOW.toISOString());
    now = NOW;
    const third = await acquireSweepLock(deps({ token: 'c', pid: 2000, isAlive: (pid) => pid !== 1000 }), { waitMs: 0 });
    expect(third.ok).toBe(true);
    const replaced = listEvents(store).filter((e) => e.kind === 'sweep.lock-replaced');
    expect(replaced.map((e) => e.data)).toEqual([{ pid: 1000, host: 'box', run: 3, heartbeat: NOW.toISOString(), why: 'process 1000 on box is no longer running' }]);

    // The replaced holder's heartbeat finds its token gone and raises `lost`.
    store.db.prepare("UPDATE sweep_lock SET token = 'someone-else'").run();
    if (!third.ok) throw new Error('no lock');
    const lost = new Promise<void>((resolve) => third.lock.lost.addEventListener('abort', () => resolve()));
    third.lock.setRun(5);
    await lost;
    expect((third.lock.lost.reason as Error).message).toMatch(/taken over by another sweep/);
    third.lock.release();
  });
});

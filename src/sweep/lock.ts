// One sweep per workspace. The lock is a row in the workspace's database with the holder's pid,
// host and a heartbeat it refreshes while it runs; a holder that crashed (its pid is gone on this
// host, or its heartbeat stopped) is replaced, so a killed sweep never leaves the lock stuck.
import type { Clock } from '../core/clock.ts';
import type { LockHolder, Store } from '../store/index.ts';
import { beatSweepLock, releaseSweepLock, takeSweepLock } from '../store/index.ts';

export interface LockDeps {
  store: Store;
  clock: Clock;
  pid: number;
  host: string;
  /** Whether a process with this pid runs on this host. */
  isAlive: (pid: number) => boolean;
  /** A fresh random token for this acquisition. */
  token: string;
  /** A heartbeat older than this means the holder is gone, whatever its pid (default 5 min). */
  staleMs?: number;
  /** How often the holder refreshes its heartbeat (default 30 s). */
  heartbeatMs?: number;
}

export interface SweepLock {
  token: string;
  /** Aborted when the lock was taken away (this process was stopped longer than the stale time). */
  lost: AbortSignal;
  /** Records the run in the lock, for the message another sweep shows. */
  setRun(runId: number): void;
  release(): void;
}

export type LockOutcome = { ok: true; lock: SweepLock } | { ok: false; holder: LockHolder };

export const DEFAULT_STALE_MS = 5 * 60_000;
export const DEFAULT_HEARTBEAT_MS = 30_000;

// Tokens held by this process: a holder with our own pid is a crashed earlier process that had
// the same pid (pid 1 in a container), unless it is one of these.
const heldHere = new Set<string>();

/** Why the holder may be replaced, or null while it looks alive. Pure. */
export function whyReplaceable(
  holder: LockHolder,
  now: Date,
  me: { pid: number; host: string },
  isAlive: (pid: number) => boolean,
  staleMs: number,
): string | null {
  if (heldHere.has(holder.token)) return null;
  const silentMs = now.getTime() - Date.parse(holder.heartbeatAt);
  if (silentMs > staleMs) return `no heartbeat since ${holder.heartbeatAt}`;
  if (holder.host === me.host && (holder.pid === me.pid || !isAlive(holder.pid))) {
    return `process ${holder.pid} on ${holder.host} is no longer running`;
  }
  return null;
}

/** Takes the lock, waiting up to `waitMs` for another sweep to finish. */
export async function acquireSweepLock(deps: LockDeps, options: { waitMs: number; pollMs?: number; signal?: AbortSignal }): Promise<LockOutcome> {
  const staleMs = deps.staleMs ?? DEFAULT_STALE_MS;
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const now = deps.clock.now().toISOString();
    const holder = takeSweepLock(
      deps.store,
      { token: deps.token, pid: deps.pid, host: deps.host, acquiredAt: now, heartbeatAt: now },
      (h) => whyReplaceable(h, deps.clock.now(), deps, deps.isAlive, staleMs),
    );
    if (holder === null) return { ok: true, lock: held(deps) };
    // Real time, not the injected clock: this is how long this process is willing to wait.
    if (Date.now() >= deadline || options.signal?.aborted) return { ok: false, holder };
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 1000, Math.max(deadline - Date.now(), 1))));
  }
}

function held(deps: LockDeps): SweepLock {
  heldHere.add(deps.token);
  const lost = new AbortController();
  let runId: number | undefined;
  const beat = (): void => {
    try {
      const ok = beatSweepLock(deps.store, deps.token, deps.clock.now().toISOString(), runId);
      if (!ok) lost.abort(new Error('the sweep lock was taken over by another sweep'));
    } catch {
      // The database was busy for longer than its timeout: the next beat tries again.
    }
  };
  const timer = setInterval(beat, deps.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  timer.unref();
  return {
    token: deps.token,
    lost: lost.signal,
    setRun(id) {
      runId = id;
      beat();
    },
    release() {
      clearInterval(timer);
      heldHere.delete(deps.token);
      releaseSweepLock(deps.store, deps.token);
    },
  };
}

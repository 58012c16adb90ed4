// A writer killed with SIGKILL mid-run leaves a consistent store, and a re-run completes it without duplicates.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  findUnfinishedRun,
  listEvents,
  listTargets,
  openStore,
  startRun,
  syncTargets,
  upsertCase,
  verifyEventChain,
} from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';
import { tempDir } from './helpers.ts';
import type { TempDir } from './helpers.ts';

const TARGETS = 6000;
const KILL_AFTER = 500;

let dir: TempDir;
let path: string;

beforeEach(() => {
  dir = tempDir();
  path = join(dir.path, 'store.db');
});

afterEach(() => {
  dir.remove();
});

interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs record-loop.ts; with `killAt`, sends SIGKILL once it reports that many records. */
function runChild(runId: number, killAt?: number): Promise<ChildExit> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'record-loop.ts'), path, String(runId), 'c1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const progress = [...output.matchAll(/progress (\d+)/g)].map((m) => Number(m[1]));
    if (killAt !== undefined && Math.max(0, ...progress) >= killAt) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, output })));
}

function assertConsistent(store: Store, runId: number): number {
  expect(store.db.prepare('PRAGMA integrity_check').get()?.['integrity_check']).toBe('ok');
  expect(store.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  const checks = store.db
    .prepare('SELECT target_id, state, reason, checked_at FROM checks WHERE run_id = ?')
    .all(runId);
  const targets = new Map(listTargets(store, 'c1').map((t) => [t.id, t]));
  for (const check of checks) {
    const target = targets.get(Number(check['target_id']));
    expect(target?.lastState).toBe(check['state']);
    expect(target?.lastReason).toBe(check['reason']);
    expect(target?.lastCheckedAt).toBe(check['checked_at']);
  }
  const checked = new Set(checks.map((c) => Number(c['target_id'])));
  expect(checked.size).toBe(checks.length);
  for (const target of targets.values()) {
    if (!checked.has(target.id)) expect(target.lastState).toBeNull();
  }
  // Every first check of a target changes its state from null, so each check has its event.
  expect(listEvents(store).filter((e) => e.kind === 'target.state')).toHaveLength(checks.length);
  expect(verifyEventChain(store)).toEqual({ ok: true, count: TARGETS + checks.length });
  return checks.length;
}

it('survives SIGKILL in the middle of recording and resumes the same run without duplicates', async () => {
  const setup = openStore(path);
  upsertCase(setup, { id: 'c1', file: '/cases/c1.yaml', minor: false });
  syncTargets(
    setup,
    'c1',
    Array.from({ length: TARGETS }, (_v, i) => ({ url: `https://host${i % 50}.example/item/${i}` })),
  );
  const runId = startRun(setup, { kind: 'check', caseIds: ['c1'], options: {} });
  setup.close();

  const killed = await runChild(runId, KILL_AFTER);
  expect(killed.signal).toBe('SIGKILL');
  expect(killed.output).not.toContain('done');

  const afterKill = openStore(path);
  const partial = assertConsistent(afterKill, runId);
  expect(partial).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(partial).toBeLessThan(TARGETS);
  expect(findUnfinishedRun(afterKill, 'check', ['c1'])?.id).toBe(runId);
  afterKill.close();

  const resumed = await runChild(runId);
  expect(resumed.code).toBe(0);
  expect(resumed.output).toContain(`done ${TARGETS - partial}\n`);

  const final = openStore(path, { readonly: true });
  expect(assertConsistent(final, runId)).toBe(TARGETS);
  expect(findUnfinishedRun(final, 'check', ['c1'])).toBeNull();
  final.close();
});

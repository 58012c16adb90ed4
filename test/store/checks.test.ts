// Runs and checks: recording results idempotently, state-change events, resume lookups, latest views.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckState } from '../../src/core/states.ts';
import {
  checkedTargetIdsInRun,
  checksForTarget,
  findUnfinishedRun,
  finishRun,
  getRun,
  latestChecks,
  listEvents,
  listTargets,
  openStore,
  recordCheck,
  recordChecks,
  startRun,
  syncTargets,
  upsertCase,
  verifyEventChain,
} from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';
import { result, steppingClock, tempDir } from './helpers.ts';
import type { TempDir } from './helpers.ts';

let dir: TempDir;
let store: Store;
const A = 'https://a.example/1';
const B = 'https://b.example/2';
let idA: number;
let idB: number;

beforeEach(() => {
  dir = tempDir();
  store = openStore(join(dir.path, 'store.db'), { clock: steppingClock() });
  upsertCase(store, { id: 'c1', file: '/cases/c1.yaml', minor: false });
  const { ids } = syncTargets(store, 'c1', [{ url: A }, { url: B }]);
  idA = ids.get(A) ?? -1;
  idB = ids.get(B) ?? -1;
});

afterEach(() => {
  store.close();
  dir.remove();
});

function stateEvents(): unknown[] {
  return listEvents(store)
    .filter((e) => e.kind === 'target.state')
    .map((e) => e.data);
}

describe('runs', () => {
  it('starts, finds while unfinished (same case set in any order) and finishes', () => {
    upsertCase(store, { id: 'c2', file: '/cases/c2.yaml', minor: false });
    const older = startRun(store, { kind: 'check', caseIds: ['c2', 'c1'], options: { perHost: 2 } });
    const newer = startRun(store, { kind: 'check', caseIds: ['c1', 'c2', 'c1'], options: { perHost: 3 } });
    startRun(store, { kind: 'check', caseIds: ['c1'], options: {} });
    startRun(store, { kind: 'sweep', caseIds: ['c1', 'c2'], options: {} });

    const found = findUnfinishedRun(store, 'check', ['c1', 'c2']);
    expect(found).toMatchObject({ id: newer, kind: 'check', caseIds: ['c1', 'c2'], finishedAt: null, summary: null });
    expect(found?.options).toEqual({ perHost: 3 });

    finishRun(store, newer, { live: 1, removed: 0 });
    expect(findUnfinishedRun(store, 'check', ['c2', 'c1'])?.id).toBe(older);
    expect(getRun(store, newer)).toMatchObject({ summary: { live: 1, removed: 0 } });
    expect(getRun(store, newer)?.finishedAt).not.toBeNull();
    finishRun(store, older, null);
    expect(findUnfinishedRun(store, 'check', ['c1', 'c2'])).toBeNull();
  });

  it.each([
    ['a run that does not exist', 999, /does not exist/],
    ['a run already finished', 0, /already finished/],
  ])('refuses to finish %s', (_name, given, message) => {
    const run = startRun(store, { kind: 'check', caseIds: ['c1'], options: {} });
    finishRun(store, run, {});
    expect(() => finishRun(store, given === 0 ? run : given, {})).toThrow(message);
  });
});

describe('recordCheck', () => {
  it('writes the row, updates the target and logs a state event on the first check', () => {
    const run = startRun(store, { kind: 'check', caseIds: ['c1'], options: {} });
    const res = result(A, 'live', '2026-02-01T10:00:00.000Z', {
      redirects: [{ url: 'http://a.example/1', status: 301, location: A }],
      providerId: 'tube',
    });
    expect(recordCheck(store, run, idA, res)).toEqual({ previousState: null, changed: true });

    const target = listTargets(store, 'c1').find((t) => t.id === idA);
    expect(target).toMatchObject({ lastState: 'live', lastReason: 'ok', lastCheckedAt: '2026-02-01T10:00:00.000Z' });
    expect(checksForTarget(store, idA)).toEqual([
      {
        id: expect.any(Number),
        targetId: idA,
        runId: run,
        checkedAt: '2026-02-01T10:00:00.000Z',
        state: 'live',
        reason: 'ok',
        detail: 'detail for live',
        providerId: 'tube',
        httpStatus: 200,
        finalUrl: A,
        redirects: [{ url: 'http://a.example/1', status: 301, location: A }],
        contentType: 'text/html',
        bodySha256: 'ab'.repeat(32),
        bodyBytes: 1234,
        truncated: false,
        durationMs: 13,
        attempts: 1,
      },
    ]);
    const [event] = listEvents(store, { targetId: idA }).filter((e) => e.kind === 'target.state');
    expect(event).toMatchObject({ actor: 'checker', caseId: 'c1', targetId: idA });
    expect(event?.data).toEqual({ url: A, from: null, to: 'live', reason: 'ok' });
  });

  it('is idempotent per (run, target): a replay writes nothing', () => {
    const run = startRun(store, { kind: 'check', caseIds: ['c1'], options: {} });
    recordCheck(store, run, idA, result(A, 'live', '2026-02-01T10:00:00.000Z'));
    const replay = recordCheck(store, run, idA, result(A, 'removed', '2026-02-01T10:05:00.000Z'));
    expect(replay).toEqual({ previousState: 'live', changed: false });
    expect(checksForTarget(store, idA)).toHaveLength(1);
    expect(listTargets(store, 'c1').find((t) => t.id === idA)?.lastState).toBe('live');
    expect(stateEvents()).toHaveLength(1);
    expect(checkedTargetIdsInRun(store, run)).toEqual(new Set([idA]));
  });

  it.each<{ name: string; states: CheckState[]; changes: boolean[] }>([
    { name: 'same state twice: one event', states: ['live', 'live'], changes: [true, false] },
    { name: 'live then removed: two events', states: ['live', 'removed'], changes: [true, true] },
    { name: 'flapping blocked/live', states: ['blocked', 'live', 'live', 'blocked'], changes: [true, true, false, true] },
  ])('writes a state event only on change: $name', ({ states, changes }) => {
    const outcomes = states.map((state, i) => {
      const run = startRun(store, { kind: 'check', caseIds: ['c1'], options: {} });
      return recordCheck(store, run, idB, result(B, state, `2026-02-0${i + 1}T00:00:00.000Z`)).changed;
    });
    expect(outcomes).toEqual(changes);
    const expected = states
      .map((to, i) => ({ url: B, from: i === 0 ? null : states[i - 1], to }))
      .filter((_e, i) => changes[i]);
    expect(stateEvents()).toEqual(expected.map((e) => expect.objectContaining(e)));
    expect(checksForTarget(store, idB).map((c) => c.state)).toEqual(states);
    expect(verifyEventChain(store).ok).toBe(true);
  });

  it('writes nothing when the target does not exist', () => {
    const run = startRun(store, { kind: 'check', caseIds: ['c1'], options: {} });
    expect(() => recordCheck(store, run, 999, result(A, 'live', '2026-02-01T10:00:00.000Z'))).toThrow(/does not exist/);
    expect(checkedTargetIdsInRun(store, run).size).toBe(0);
  });

  it('writes nothing when the run does not exist', () => {
    expect(() => recordCheck(store, 999, idA, result(A, 'live', '2026-02-01T10:00:00.000Z'))).toThrow(/FOREIGN KEY/);
    expect(listTargets(store, 'c1').find((t) => t.id === idA)?.lastState).toBeNull();
    expect(stateEvents()).toEqual([]);
  });
});

describe('recordChecks', () => {
  it('records a batch in one transaction, skipping what the run already has', () => {
    const run = startRun(store, { kind: 'check', caseIds: ['c1'], options: {} });
    recordCheck(store, run, idA, result(A, 'live', '2026-02-01T00:00:00.000Z'));
    const outcomes = recordChecks(store, run, [
      { targetId: idA, result: result(A, 'removed', '2026-02-01T00:01:00.000Z') },
      { targetId: idB, result: result(B, 'blocked', '2026-02-01T00:02:00.000Z') },
    ]);
    expect(outcomes).toEqual([
      { previousState: 'live', changed: false },
      { previousState: null, changed: true },
    ]);
    expect(checkedTargetIdsInRun(store, run)).toEqual(new Set([idA, idB]));
  });

  it('writes none of the batch when one item fails', () => {
    const run = startRun(store, { kind: 'check', caseIds: ['c1'], options: {} });
    expect(() =>
      recordChecks(store, run, [
        { targetId: idA, result: result(A, 'live', '2026-02-01T00:00:00.000Z') },
        { targetId: 999, result: result(B, 'live', '2026-02-01T00:00:00.000Z') },
      ]),
    ).toThrow(/does not exist/);
    expect(checkedTargetIdsInRun(store, run).size).toBe(0);
    expect(listTargets(store, 'c1').map((t) => t.lastState)).toEqual([null, null]);
    expect(stateEvents()).toEqual([]);
  });
});

describe('latestChecks', () => {
  it('pairs each active target with its newest check, or null', () => {
    const first = startRun(store, { kind: 'check', caseIds: ['c1'], options: {} });
    recordCheck(store, first, idA, result(A, 'live', '2026-02-01T00:00:00.000Z'));
    const second = startRun(store, { kind: 'check', caseIds: ['c1'], options: {} });
    recordCheck(store, second, idA, result(A, 'removed', '2026-02-02T00:00:00.000Z'));

    const rows = latestChecks(store, 'c1');
    expect(rows.map((r) => [r.url, r.lastState, r.check?.state ?? null, r.check?.runId ?? null])).toEqual([
      [A, 'removed', 'removed', second],
      [B, null, null, null],
    ]);

    syncTargets(store, 'c1', [{ url: B }]);
    expect(latestChecks(store, 'c1').map((r) => r.url)).toEqual([B]);
    expect(latestChecks(store, 'c1', { activeOnly: false }).map((r) => [r.url, r.active])).toEqual([
      [A, false],
      [B, true],
    ]);
  });
});

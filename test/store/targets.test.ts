// Cases and targets: upsert, and syncing a case's URLs with add / deactivate / reactivate.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCase, listEvents, listTargets, openStore, syncTargets, upsertCase } from '../../src/store/index.ts';
import type { Store, TargetInput } from '../../src/store/index.ts';
import { steppingClock, tempDir } from './helpers.ts';
import type { TempDir } from './helpers.ts';

let dir: TempDir;
let store: Store;

beforeEach(() => {
  dir = tempDir();
  store = openStore(join(dir.path, 'store.db'), { clock: steppingClock() });
  upsertCase(store, { id: 'c1', title: 'Case one', file: '/cases/c1.yaml', minor: false });
});

afterEach(() => {
  store.close();
  dir.remove();
});

describe('upsertCase', () => {
  it('inserts, then updates the fields and updated_at, keeping created_at', () => {
    const before = getCase(store, 'c1');
    upsertCase(store, { id: 'c1', file: '/cases/moved.yaml', minor: true });
    const after = getCase(store, 'c1');
    expect(after).toMatchObject({ id: 'c1', title: null, file: '/cases/moved.yaml', minor: true });
    expect(after?.createdAt).toBe(before?.createdAt);
    expect(after?.updatedAt).not.toBe(before?.updatedAt);
  });

  it('leaves updated_at alone when nothing changed', () => {
    const before = getCase(store, 'c1');
    upsertCase(store, { id: 'c1', title: 'Case one', file: '/cases/c1.yaml', minor: false });
    expect(getCase(store, 'c1')).toEqual(before);
  });
});

describe('syncTargets', () => {
  const a = 'https://a.example/1';
  const b = 'https://b.example/2';
  const c = 'https://c.example/3';

  function activeUrls(): string[] {
    return listTargets(store, 'c1').map((t) => t.url);
  }

  // Each case: the URL lists of successive syncs, the counts of the last one as
  // [added, reactivated, deactivated], the active URLs after it, and how many rows exist.
  it.each<{ name: string; syncs: string[][]; last: number[]; active: string[]; rows: number }>([
    { name: 'adds new URLs', syncs: [[a, b]], last: [2, 0, 0], active: [a, b], rows: 2 },
    { name: 'is a no-op when nothing changed', syncs: [[a], [a]], last: [0, 0, 0], active: [a], rows: 1 },
    { name: 'deactivates URLs gone from the file, never deletes', syncs: [[a, b], [b]], last: [0, 0, 1], active: [b], rows: 2 },
    { name: 'reactivates a URL that comes back', syncs: [[a, b], [b], [a, b, c]], last: [1, 1, 0], active: [a, b, c], rows: 3 },
    { name: 'takes URLs differing by fragment as one', syncs: [[`${a}#x`, `${a}#y`]], last: [1, 0, 0], active: [`${a}#x`], rows: 1 },
    { name: 'empties a case without losing rows', syncs: [[a, b], []], last: [0, 0, 2], active: [], rows: 2 },
  ])('$name', ({ syncs, last, active, rows }) => {
    let outcome = syncTargets(store, 'c1', []);
    for (const urls of syncs) outcome = syncTargets(store, 'c1', urls.map((url): TargetInput => ({ url })));
    expect([outcome.added, outcome.reactivated, outcome.deactivated]).toEqual(last);
    expect(activeUrls()).toEqual(active);
    expect(listTargets(store, 'c1', { activeOnly: false })).toHaveLength(rows);
  });

  it('returns the id of every URL in the file by url key, stable across syncs', () => {
    const first = syncTargets(store, 'c1', [{ url: a }, { url: `${b}#frag` }]);
    syncTargets(store, 'c1', []);
    const again = syncTargets(store, 'c1', [{ url: `${b}#other`, note: 'moved anchor' }, { url: a }]);
    expect([...again.ids.keys()].sort()).toEqual([a, b]);
    expect(again.ids.get(a)).toBe(first.ids.get(a));
    expect(again.ids.get(b)).toBe(first.ids.get(b));
    const row = listTargets(store, 'c1').find((t) => t.urlKey === b);
    expect(row).toMatchObject({ url: `${b}#other`, note: 'moved anchor', active: true, lastState: null });
  });

  it('logs each add, deactivation and reactivation as an event', () => {
    syncTargets(store, 'c1', [{ url: a }, { url: b }]);
    syncTargets(store, 'c1', [{ url: a }]);
    syncTargets(store, 'c1', [{ url: a }, { url: b }]);
    expect(listEvents(store, { caseId: 'c1' }).map((e) => [e.kind, e.actor, (e.data as { url: string }).url])).toEqual([
      ['target.added', 'case-file', a],
      ['target.added', 'case-file', b],
      ['target.deactivated', 'case-file', b],
      ['target.reactivated', 'case-file', b],
    ]);
  });

  it('writes nothing when the case does not exist (one transaction)', () => {
    expect(() => syncTargets(store, 'missing', [{ url: a }])).toThrow(/FOREIGN KEY/);
    expect(listTargets(store, 'missing', { activeOnly: false })).toEqual([]);
    expect(listEvents(store)).toEqual([]);
  });

  it('keeps other cases apart', () => {
    upsertCase(store, { id: 'c2', file: '/cases/c2.yaml', minor: false });
    syncTargets(store, 'c1', [{ url: a }]);
    const other = syncTargets(store, 'c2', [{ url: a }]);
    expect(other.added).toBe(1);
    expect(listTargets(store, 'c1')).toHaveLength(1);
    expect(listTargets(store, 'c2')).toHaveLength(1);
  });
});

// The event log: hash chain verification, tamper detection, append-only triggers, canonical JSON.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  appendEvent,
  canonicalJson,
  eventHash,
  listEvents,
  openStore,
  verifyEventChain,
} from '../../src/store/index.ts';
import type { Store } from '../../src/store/index.ts';
import { steppingClock, tempDir } from './helpers.ts';
import type { TempDir } from './helpers.ts';

let dir: TempDir;
let store: Store;

beforeEach(() => {
  dir = tempDir();
  store = openStore(join(dir.path, 'store.db'), { clock: steppingClock() });
});

afterEach(() => {
  store.close();
  dir.remove();
});

function appendFive(): void {
  for (let i = 1; i <= 5; i++) {
    const caseId = i % 2 === 1 ? 'c1' : null;
    appendEvent(store, { actor: 'tester', kind: 'test.event', caseId, targetId: i, data: { i, z: 'last', a: [i] } });
  }
}

/** What an attacker with the file can do: drop the guard triggers and edit rows directly. */
function attack(statements: string): void {
  store.db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
  store.db.exec(statements);
}

function rehash(seq: number): void {
  const row = listEvents(store).find((e) => e.seq === seq);
  if (row === undefined) throw new Error(`no event ${seq}`);
  store.db.prepare('UPDATE events SET hash = ? WHERE seq = ?').run(eventHash(row), seq);
}

describe('appendEvent', () => {
  it('chains each row to the previous one, starting from 64 zeros', () => {
    appendFive();
    const events = listEvents(store);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < events.length; i++) expect(events[i]?.prevHash).toBe(events[i - 1]?.hash);
  });

  it('writes the hash that eventHash recomputes, for awkward values too', () => {
    const inputs = [
      { actor: 'a "quoted" actor', kind: 'k.ü', caseId: null, targetId: null, data: null },
      { actor: 'x', kind: 'k', caseId: 'case-é', targetId: 0, data: { z: [3, { b: 'ß\u2028', a: null }], a: 'line\nbreak', m: 1.5e-7 } },
      { actor: 'x', kind: 'k', caseId: 'c', targetId: 42, data: 'just a string' },
      { actor: 'x', kind: 'k', data: { emoji: '🙂', nested: { list: [], empty: {} } } },
    ];
    for (const input of inputs) {
      const event = appendEvent(store, input);
      expect(event.hash).toBe(eventHash(event));
    }
    expect(verifyEventChain(store)).toEqual({ ok: true, count: inputs.length });
  });

  it('hashes the canonical JSON of the row, so the hash can be recomputed by anyone', () => {
    const event = appendEvent(store, { actor: 'me', kind: 'k', data: { b: 1, a: { d: 2, c: 3 } } });
    const body =
      `{"actor":"me","at":"${event.at}","case_id":null,"data":{"a":{"c":3,"d":2},"b":1},` +
      `"kind":"k","prev_hash":"${GENESIS_HASH}","seq":1,"target_id":null}`;
    expect(event.hash).toBe(createHash('sha256').update(body).digest('hex'));
    const stored = store.db.prepare('SELECT data FROM events WHERE seq = 1').get();
    expect(stored?.['data']).toBe('{"a":{"c":3,"d":2},"b":1}');
  });

  it('commits and rolls back with the transaction it runs in', () => {
    appendEvent(store, { actor: 'me', kind: 'kept', data: null });
    expect(() =>
      store.transaction(() => {
        appendEvent(store, { actor: 'me', kind: 'lost', data: null });
        throw new Error('abort');
      }),
    ).toThrow('abort');
    const next = appendEvent(store, { actor: 'me', kind: 'after', data: null });
    expect(listEvents(store).map((e) => e.kind)).toEqual(['kept', 'after']);
    expect(next.seq).toBe(2);
    expect(verifyEventChain(store)).toEqual({ ok: true, count: 2 });
  });
});

describe('verifyEventChain', () => {
  it('accepts an empty log and an intact one', () => {
    expect(verifyEventChain(store)).toEqual({ ok: true, count: 0 });
    appendFive();
    expect(verifyEventChain(store)).toEqual({ ok: true, count: 5 });
  });

  const set = (column: string, value: string, seq: number) => () =>
    attack(`UPDATE events SET ${column} = '${value}' WHERE seq = ${seq}`);
  const remove = (seq: number) => () => attack(`DELETE FROM events WHERE seq = ${seq}`);

  it.each<{ name: string; tamper: () => void; seq: number; problem: RegExp }>([
    { name: 'data changed', tamper: set('data', '{"i":99}', 3), seq: 3, problem: /altered/ },
    { name: 'time changed', tamper: set('at', '2020-01-01T00:00:00.000Z', 5), seq: 5, problem: /altered/ },
    { name: 'actor changed', tamper: set('actor', 'someone', 1), seq: 1, problem: /altered/ },
    { name: 'case moved', tamper: set('case_id', 'c9', 2), seq: 2, problem: /altered/ },
    {
      name: 'data changed and its hash recomputed',
      tamper: () => {
        set('data', '{"i":99}', 3)();
        rehash(3);
      },
      seq: 4,
      problem: /prev_hash/,
    },
    { name: 'a middle row deleted', tamper: remove(3), seq: 4, problem: /missing/ },
    { name: 'the first row deleted', tamper: remove(1), seq: 2, problem: /missing/ },
    {
      name: 'rows renumbered to hide a deletion',
      tamper: () => attack('DELETE FROM events WHERE seq = 3; UPDATE events SET seq = seq - 1 WHERE seq > 3'),
      seq: 3,
      problem: /prev_hash/,
    },
    { name: 'data made unreadable', tamper: set('data', '{broken', 2), seq: 2, problem: /cannot be read/ },
  ])('detects $name at the right seq', ({ tamper, seq, problem }) => {
    appendFive();
    tamper();
    const verdict = verifyEventChain(store);
    expect(verdict).toMatchObject({ ok: false, seq });
    expect(verdict.ok === false && verdict.problem).toMatch(problem);
  });
});

describe('append-only triggers', () => {
  it.each([
    ['UPDATE', `UPDATE events SET actor = 'x' WHERE seq = 1`],
    ['DELETE', 'DELETE FROM events WHERE seq = 1'],
    ['DELETE all', 'DELETE FROM events'],
  ])('refuses %s', (_name, statement) => {
    appendFive();
    expect(() => store.db.exec(statement)).toThrow(/append-only/);
    expect(verifyEventChain(store)).toEqual({ ok: true, count: 5 });
  });
});

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['sorts keys at every level', { b: { y: 1, x: [{ d: 1, c: 2 }] }, a: 0 }, '{"a":0,"b":{"x":[{"c":2,"d":1}],"y":1}}'],
    ['drops undefined in objects, nulls it in arrays', { a: undefined, b: [undefined, 1] }, '{"b":[null,1]}'],
    ['writes non-finite numbers as null', [NaN, Infinity], '[null,null]'],
    ['uses toJSON (dates)', { at: new Date('2026-01-01T00:00:00Z') }, '{"at":"2026-01-01T00:00:00.000Z"}'],
    ['escapes strings like JSON', { 'k"': 'line\nbreak é' }, '{"k\\"":"line\\nbreak é"}'],
    ['writes undefined alone as null', undefined, 'null'],
    ['keeps a repeated (non-cyclic) object', (() => { const o = { x: 1 }; return [o, o]; })(), '[{"x":1},{"x":1}]'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
    expect(canonicalJson(JSON.parse(expected))).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['bigint', { n: 1n }],
    ['cycle', (() => { const o: Record<string, unknown> = {}; o['self'] = o; return o; })()],
  ])('refuses a %s', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });
});

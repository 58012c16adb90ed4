// The removal phases, observation by observation: what confirms, what reopens, and what never
// changes anything (blocked and unreachable).
import { describe, expect, it } from 'vitest';
import type { CheckState } from '../../src/core/states.ts';
import { advance, advanceAll, INITIAL_WATCH, type Observation, type WatchPolicy } from '../../src/sweep/watch.ts';

const HOUR = 3_600_000;
const POLICY: WatchPolicy = { confirmMs: HOUR, confirmNow: false, reportUnseenAfterMs: 72 * HOUR };
const T0 = Date.parse('2026-03-01T00:00:00.000Z');

const REASON = { live: 'ok', removed: 'http-404', 'soft-removed': 'removal-wording', redirected: 'redirect-to-root', 'legal-block': 'http-451', blocked: 'http-403', unreachable: 'timeout' } as const;

/** Observations like "live@0 removed@2": state at hours after T0. */
function obs(spec: string): Observation[] {
  return spec.split(' ').map((part, i) => {
    const [state, hours] = part.split('@') as [CheckState, string];
    return { checkId: i + 1, at: new Date(T0 + Number(hours) * HOUR).toISOString(), state, reason: REASON[state] };
  });
}

function run(spec: string, policy: WatchPolicy = POLICY) {
  return advanceAll(INITIAL_WATCH, obs(spec), policy);
}

describe('advance', () => {
  it.each([
    ['live@0', 'live', ['live']],
    ['removed@0', 'gone', []],
    ['live@0 removed@1', 'gone', ['live', 'gone']],
    ['live@0 removed@1 removed@1.5', 'gone', ['live', 'gone']],
    ['live@0 removed@1 removed@2', 'confirmed', ['live', 'gone', 'confirmed']],
    ['live@0 removed@1 soft-removed@3', 'confirmed', ['live', 'gone', 'confirmed']],
    ['live@0 redirected@1 legal-block@2', 'confirmed', ['live', 'gone', 'confirmed']],
    ['live@0 removed@1 live@2', 'live', ['live', 'gone', 'live-again']],
    ['live@0 removed@1 removed@2 live@30', 'live', ['live', 'gone', 'confirmed', 'reappeared']],
    ['live@0 removed@1 removed@2 removed@200', 'confirmed', ['live', 'gone', 'confirmed']],
    // blocked and unreachable neither start, break nor finish a removal
    ['live@0 blocked@1 unreachable@2', 'live', ['live']],
    ['live@0 removed@1 blocked@2 removed@3', 'confirmed', ['live', 'gone', 'confirmed']],
    ['live@0 removed@1 removed@2 unreachable@30', 'confirmed', ['live', 'gone', 'confirmed']],
    ['blocked@0 unreachable@1', 'unknown', []],
  ])('%s -> %s with %j', (spec, phase, kinds) => {
    const { state, events } = run(spec);
    expect(state.phase).toBe(phase);
    expect(events.map((e) => e.kind)).toEqual(kinds);
  });

  it('confirms only on a second gone check, however short the wait with --confirm', () => {
    const policy = { ...POLICY, confirmNow: true };
    expect(run('live@0 removed@1', policy).state.phase).toBe('gone');
    expect(run('live@0 removed@1 removed@1', policy).state.phase).toBe('confirmed');
    expect(run('live@0 removed@1 removed@1').state.phase).toBe('gone');
  });

  it('measures the wait from the first gone check of the removal', () => {
    const { events } = run('live@0 removed@1 removed@1.5 removed@2.25');
    const confirmed = events.find((e) => e.kind === 'confirmed');
    expect(confirmed).toMatchObject({ goneSince: new Date(T0 + HOUR).toISOString(), lastLiveAt: new Date(T0).toISOString() });
  });

  it('reports a long unseen streak once, from when the URL was last seen', () => {
    const { state, events } = run('live@0 blocked@24 blocked@48 blocked@72 blocked@96 blocked@120');
    const unseen = events.filter((e) => e.kind === 'unseen');
    expect(unseen).toHaveLength(1);
    expect(unseen[0]).toMatchObject({ since: new Date(T0).toISOString(), count: 3, firstCheckId: 2 });
    expect(state.unseenCount).toBe(5);
    expect(state.phase).toBe('live');
  });

  it('starts a new streak (and a new report) after the URL was seen again', () => {
    const { events } = run('live@0 blocked@40 blocked@80 live@90 unreachable@100 unreachable@200');
    expect(events.filter((e) => e.kind === 'unseen').map((e) => (e.kind === 'unseen' ? e.firstCheckId : 0))).toEqual([2, 5]);
  });

  it('does not report a single failure, however long after the last sighting', () => {
    expect(run('live@0 unreachable@500').events.map((e) => e.kind)).toEqual(['live']);
  });

  it('ignores an observation it has folded already', () => {
    const [first] = obs('removed@0');
    const once = advance(INITIAL_WATCH, first!, POLICY);
    expect(advance(once.state, first!, POLICY)).toEqual({ state: once.state, events: [] });
  });

  it('counts reappearances', () => {
    expect(run('live@0 removed@1 removed@2 live@3 removed@4 removed@5 live@6').state.reappearances).toBe(2);
  });
});

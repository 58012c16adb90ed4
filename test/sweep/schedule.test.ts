// Which URLs are due: by where they stand, with back-off for URLs that cannot be seen, a cap.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/workspace/settings-schema.ts';
import { discoveryDue, dueClass, intervalHours, isDue, pickDue, type DueInput } from '../../src/sweep/schedule.ts';

const SCHEDULE = DEFAULT_SETTINGS.sweep.every;
const CHECKED = '2026-03-01T02:00:00.000Z';

function input(over: Partial<DueInput>): DueInput {
  return { phase: 'live', lastState: 'live', lastCheckedAt: CHECKED, unseenCount: 0, ...over };
}

describe('intervalHours', () => {
  it.each<[string, Partial<DueInput>, string, number]>([
    ['never checked', { lastCheckedAt: null, lastState: null, phase: 'unknown' }, 'new', 0],
    ['live', {}, 'live', 20],
    ['gone, waiting for confirmation', { phase: 'gone', lastState: 'removed' }, 'unconfirmed', 1],
    ['confirmed gone', { phase: 'confirmed', lastState: 'removed' }, 'confirmed', 168],
    ['blocked once', { lastState: 'blocked', unseenCount: 1 }, 'unseen', 6],
    ['blocked twice', { lastState: 'blocked', unseenCount: 2 }, 'unseen', 12],
    ['unreachable 4 times', { lastState: 'unreachable', unseenCount: 4 }, 'unseen', 48],
    ['unreachable 9 times (capped)', { lastState: 'unreachable', unseenCount: 9 }, 'unseen', 72],
    ['unreachable 500 times (capped)', { lastState: 'unreachable', unseenCount: 500 }, 'unseen', 72],
    ['only ever blocked', { phase: 'unknown', lastState: 'blocked', unseenCount: 1 }, 'unseen', 6],
    // a confirmed removal behind a wall is no more urgent than before
    ['confirmed, now blocked', { phase: 'confirmed', lastState: 'blocked', unseenCount: 3 }, 'confirmed', 168],
  ])('%s: %s every %d h', (_name, over, why, hours) => {
    expect(dueClass(input(over))).toBe(why);
    expect(intervalHours(input(over), SCHEDULE)).toBe(hours);
  });
});

describe('isDue', () => {
  it('is due once the interval has passed since the last check, never before', () => {
    const at = (iso: string): Date => new Date(iso);
    expect(isDue(input({}), SCHEDULE, at('2026-03-01T21:59:59.000Z'))).toBe(false);
    expect(isDue(input({}), SCHEDULE, at('2026-03-01T22:00:00.000Z'))).toBe(true);
    // A nightly cron job a few minutes early still finds yesterday's live URLs due.
    expect(isDue(input({}), SCHEDULE, at('2026-03-02T01:55:00.000Z'))).toBe(true);
    expect(isDue(input({ phase: 'confirmed', lastState: 'removed' }), SCHEDULE, at('2026-03-08T01:59:00.000Z'))).toBe(false);
    expect(isDue(input({ phase: 'confirmed', lastState: 'removed' }), SCHEDULE, at('2026-03-08T02:00:00.000Z'))).toBe(true);
    expect(isDue(input({ lastCheckedAt: null }), SCHEDULE, at('2000-01-01T00:00:00.000Z'))).toBe(true);
  });
});

describe('pickDue', () => {
  const candidates = [
    { targetId: 3, dueAtMs: 500 },
    { targetId: 1, dueAtMs: Number.NEGATIVE_INFINITY },
    { targetId: 2, dueAtMs: 100 },
    { targetId: 4, dueAtMs: 100 },
    { targetId: 5, dueAtMs: Number.NEGATIVE_INFINITY },
  ];

  it('puts never-checked URLs first, then the most overdue, ties by id', () => {
    expect(pickDue(candidates, null).picked.map((c) => c.targetId)).toEqual([1, 5, 2, 4, 3]);
  });

  it('caps a run and says how many were left', () => {
    expect(pickDue(candidates, 2)).toEqual({ picked: [candidates[1], candidates[4]], deferred: 3 });
  });
});

describe('discoveryDue', () => {
  const at = (hoursAfter: number): Date => new Date(Date.parse(CHECKED) + hoursAfter * 3_600_000);
  it.each<[string, string | null, { discover?: number }, number, boolean]>([
    ['never read', null, {}, 0, true],
    ['read an hour ago (a sweep that runs hourly)', CHECKED, {}, 1, false],
    ['read 19 hours ago', CHECKED, {}, 19, false],
    // Under a day: a nightly sweep that starts a little earlier than the night before still reads them.
    ['read last night, 20 hours ago', CHECKED, {}, 20, true],
    ['sweep.every.discover: 0 (every sweep)', CHECKED, { discover: 0 }, 0, true],
    ['sweep.every.discover: 7d, 6 days ago', CHECKED, { discover: 168 }, 144, false],
    ['the default schedule of the settings', CHECKED, SCHEDULE, 20, true],
  ])('%s', (_name, lastAt, schedule, hoursAfter, due) => {
    expect(discoveryDue(lastAt, schedule, at(hoursAfter))).toBe(due);
  });
});

// --at: local time unless a zone is given, for dates and times alike; impossible dates refused.
import { describe, expect, it } from 'vitest';
import { parseWhen } from '../../src/cli/commands/mark.ts';

describe('parseWhen', () => {
  it.each([
    ['2026-11-21', new Date(2026, 10, 21, 0, 0, 0)],
    ['2026-11-21T14:05', new Date(2026, 10, 21, 14, 5, 0)],
    ['2026-11-21 14:05:30', new Date(2026, 10, 21, 14, 5, 30)],
    ['2026-11-21T14:05Z', new Date(Date.UTC(2026, 10, 21, 14, 5))],
    ['2026-11-21T14:05+01:00', new Date(Date.UTC(2026, 10, 21, 13, 5))],
    ['2026-11-21T14:05-0500', new Date(Date.UTC(2026, 10, 21, 19, 5))],
  ])('%s', (text, expected) => {
    expect(parseWhen(text).getTime()).toBe(expected.getTime());
  });

  it.each(['yesterday', '2026-02-31', '2026-13-01', '21/11/2026', '2026-11-21T25:00', ''])('refuses %j', (text) => {
    expect(() => parseWhen(text)).toThrow(/is not a time/);
  });
});

// Deadline rules: the legal clocks, the provider's stated time, the follow-up interval; calendar months.
import { describe, expect, it } from 'vitest';
import { addMonths, deadlineAt, deadlineRule } from '../../src/notices/deadlines.ts';

const sent = new Date('2026-11-21T10:00:00.000Z');

describe('deadlineRule', () => {
  it.each([
    ['take-it-down', {}, '2026-11-23T10:00:00.000Z', /48 hours from receipt/],
    ['uk-intimate-image', {}, '2026-11-23T10:00:00.000Z', /48 hours/],
    ['esafety-referral', {}, '2026-11-22T10:00:00.000Z', /24 hours/],
    ['gdpr-erasure', {}, '2026-12-21T10:00:00.000Z', /one month/],
    ['gdpr-delisting', { responseHours: 2 }, '2026-12-21T10:00:00.000Z', /one month/],
    ['dsa-art16', { responseHours: 72 }, '2026-11-24T10:00:00.000Z', /stated response time: 3 days/],
    ['policy-ncii', { responseHours: 24 }, '2026-11-22T10:00:00.000Z', /stated response time: 24 hours/],
    ['abuse-report', {}, '2026-11-28T10:00:00.000Z', /follow up after 7 days/],
  ] as const)('%s with %j -> %s', (kind, channel, expected, words) => {
    const rule = deadlineRule(kind, channel, 7);
    expect(deadlineAt(rule, sent).toISOString()).toBe(expected);
    expect(rule.rule).toMatch(words);
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-01-31T08:00:00.000Z', 1, '2026-02-28T08:00:00.000Z'],
    ['2028-01-31T08:00:00.000Z', 1, '2028-02-29T08:00:00.000Z'],
    ['2026-12-15T08:00:00.000Z', 1, '2027-01-15T08:00:00.000Z'],
    ['2026-03-31T08:00:00.000Z', 3, '2026-06-30T08:00:00.000Z'],
  ])('%s + %i month(s) = %s', (from, months, expected) => {
    expect(addMonths(new Date(from), months).toISOString()).toBe(expected);
  });
});

// What a sweep says about a change, one line each: the kinds whose wording depends on what the
// sweep actually did.
import { describe, expect, it } from 'vitest';
import { describeChange, formatChange } from '../../src/sweep/report.ts';
import type { ChangeRow } from '../../src/store/index.ts';

function change(kind: string, data: Record<string, unknown>): ChangeRow {
  return { id: `${kind}:1`, runId: 1, at: '2026-11-21T02:00:00.000Z', kind, caseId: 'c-1', targetId: null, requestId: 1, attention: true, data, needsDraft: false, draftedAt: null };
}

describe('describeChange: last-rung', () => {
  const base = { request: 'R-0001', recipient: 'x.example (site operator)', rung: 'site', deadline: '2026-11-20T10:00:00.000Z', ticket: null };

  it.each<[string, Record<string, unknown>, string]>([
    [
      'one URL',
      { ...base, urls: [{ url: 'https://x.example/1', reason: 'every rung was tried or has no contact: host: no abuse contact found' }] },
      'R-0001 to x.example (site operator): its deadline passed and no further rung could be drafted (every rung was tried or has no contact: host: no abuse contact found); follow it up quoting R-0001, then turn to a regulator or a court',
    ],
    [
      'two URLs, one reason, a ticket',
      { ...base, ticket: 'T-1', urls: [{ url: 'https://x.example/1', reason: 'no recipient known for this site' }, { url: 'https://x.example/2', reason: 'no recipient known for this site' }] },
      'R-0001 to x.example (site operator): its deadline passed and no further rung could be drafted (2 URLs: no recipient known for this site); follow it up quoting T-1, then turn to a regulator or a court',
    ],
    [
      'two URLs, two reasons',
      { ...base, urls: [{ url: 'https://x.example/1', reason: 'a' }, { url: 'https://x.example/2', reason: 'b' }] },
      'R-0001 to x.example (site operator): its deadline passed and no further rung could be drafted (https://x.example/1: a; https://x.example/2: b); follow it up quoting R-0001, then turn to a regulator or a court',
    ],
  ])('%s', (_name, data, text) => {
    expect(describeChange(change('last-rung', data))).toBe(text);
  });

  it('is labelled in capitals: a person must act', () => {
    expect(formatChange(change('last-rung', { ...base, urls: [] }))).toMatch(/^LAST RUNG\s+c-1\s+R-0001/);
  });
});

describe('describeChange: reappeared says what drafting did', () => {
  const base = { url: 'https://x.example/1', confirmedAt: '2026-11-01T02:00:00.000Z' };
  it.each<[string, Record<string, unknown>, string]>([
    ['a new draft', { drafts: ['R-0004'] }, 'a new notice is drafted, not sent: R-0004'],
    ['an open request', { coveredBy: ['R-0001 (sent)'] }, 'an open request already covers it: R-0001 (sent); no new notice was drafted'],
    ['nothing could be drafted', { notDrafted: 'no recipient known for this site' }, 'no new notice could be drafted: no recipient known for this site'],
    ['not drafted yet (the draft failed)', {}, 'it needs a new notice: takedown draft c-1'],
  ])('%s', (_name, extra, tail) => {
    expect(describeChange(change('reappeared', { ...base, ...extra }))).toBe(`https://x.example/1: removed (confirmed 2026-11-01 02:00 UTC) and live again; ${tail}`);
  });
});

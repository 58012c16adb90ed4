// A candidate as a sweep change: told once (its id is the candidate's), and never with the words
// that matched, which are the person's names; the reasons in a table.
import { describe, expect, it } from 'vitest';
import { candidateChange, candidateWhy, reasonSummary } from '../../src/sweep/candidate-change.ts';
import { describeChange, formatChange } from '../../src/sweep/report.ts';
import type { CandidateRow, ChangeRow } from '../../src/store/index.ts';

const CANDIDATE: CandidateRow = {
  id: 7,
  caseId: 'c-1',
  url: 'https://tube.example/v/99',
  urlKey: 'https://tube.example/v/99',
  kind: 'page',
  foundOn: 'https://forum.example/t/3',
  watchUrl: 'https://forum.example/latest',
  firstSeenAt: '2026-03-01T02:10:00.000Z',
  lastSeenAt: '2026-03-01T02:10:00.000Z',
  seenCount: 1,
  reasons: [
    { kind: 'keyword', keyword: 'Zoë Doe', field: 'text', snippet: 'New pics of ZOË Doe!' },
    { kind: 'keyword', keyword: 'zoe_doe', field: 'text', snippet: 'zoe_doe' },
    { kind: 'picture', fingerprint: 2, label: 'beach photo', distance: 12, exact: false, variant: 'flipX', picture: 'https://img.example/th/3.jpg' },
  ],
  status: 'pending',
  decidedAt: null,
  note: null,
};

describe('reasonSummary', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a keyword in the link text', { kind: 'keyword', keyword: 'Zoë', field: 'text', snippet: 'Zoë' }, 'a case keyword in the link text'],
    ['a keyword in the address', { kind: 'keyword', keyword: 'Zoë', field: 'address', snippet: 'zoe' }, 'a case keyword in its address'],
    ['a keyword in the text around', { kind: 'keyword', keyword: 'Zoë', field: 'context', snippet: 'by zoe' }, 'a case keyword in the text around the link'],
    ['a keyword in an unknown field', { kind: 'keyword', keyword: 'Zoë', field: 'nope', snippet: 'x' }, 'a case keyword in the words of the link'],
    ['a close picture', { kind: 'picture', fingerprint: 1, distance: 9, exact: false, variant: 'original' }, 'a picture 9 bits from fingerprint #1'],
    ['a turned picture', { kind: 'picture', fingerprint: 1, distance: 9, exact: false, variant: 'rotate90' }, 'a picture 9 bits from fingerprint #1, turned 90° clockwise'],
    ['the same file', { kind: 'picture', fingerprint: 3, distance: 0, exact: true, variant: 'original' }, 'a picture: the very same file as fingerprint #3'],
    ['a link around a thumbnail', { kind: 'picture', fingerprint: 1, distance: 4, exact: false, variant: 'original', picture: 'https://i/x.jpg' }, 'its thumbnail 4 bits from fingerprint #1'],
    ['something new', { kind: 'colour' }, 'a match'],
  ])('%s', (_name, reason, text) => {
    expect(reasonSummary(reason)).toBe(text);
  });
});

describe('candidateChange', () => {
  it('has the candidate id as its own, needs a human, and carries where it was found', () => {
    const change = candidateChange(CANDIDATE);
    expect(change).toEqual({
      id: 'candidate:7',
      kind: 'candidate',
      caseId: 'c-1',
      attention: true,
      at: CANDIDATE.firstSeenAt,
      data: {
        candidate: 'C-0007',
        url: 'https://tube.example/v/99',
        kind: 'page',
        why: ['a case keyword in the link text', 'its thumbnail 12 bits from fingerprint #2, mirrored top to bottom'],
        foundOn: 'https://forum.example/t/3',
        watch: 'https://forum.example/latest',
      },
    });
    expect(candidateWhy([])).toEqual([]);
  });

  it('never carries the keywords, the words around them or a fingerprint label', () => {
    const change = candidateChange(CANDIDATE);
    const row: ChangeRow = { ...change, runId: 1, targetId: null, requestId: null, needsDraft: false, draftedAt: null };
    const told = `${JSON.stringify(change)}\n${formatChange(row)}`;
    for (const word of ['Zoë', 'ZOË', 'zoe_doe', 'New pics', 'beach photo']) expect(told).not.toContain(word);
    expect(describeChange(row)).toBe(
      'https://tube.example/v/99: possibly a new copy (C-0007: a case keyword in the link text; its thumbnail 12 bits from fingerprint #2, mirrored top to bottom), ' +
        'linked from https://forum.example/t/3 (watch place https://forum.example/latest); nothing is sent for it: takedown review accept C-0007, or reject C-0007',
    );
    expect(formatChange(row)).toMatch(/^CANDIDATE {3}c-1 {2}https:\/\/tube\.example\/v\/99: possibly a new copy/);
  });
});

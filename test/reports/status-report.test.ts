// The status report: next steps by rung, and when a person is needed.
import { describe, expect, it } from 'vitest';
import { caseStatus } from '../../src/reports/status-report.ts';
import type { StatusRequest, StatusTarget } from '../../src/reports/status-report.ts';

const now = new Date('2026-11-21T12:00:00Z');
const live: StatusTarget = { targetId: 1, url: 'https://x.example/1', state: 'live', checkedAt: '2026-11-21T10:00:00Z' };

function request(over: Partial<StatusRequest>): StatusRequest {
  return {
    id: 1,
    providerId: 'generic-site',
    kind: 'take-it-down',
    rung: 'site',
    status: 'sent',
    channelKind: 'web-form',
    recipientName: 'x.example (site operator)',
    recipient: 'https://x.example/',
    file: 'notices/c/R-0001.md',
    sentAt: '2026-11-18T10:00:00Z',
    sendStartedAt: null,
    deadlineAt: '2026-11-20T10:00:00Z',
    deadlineRule: 'TAKE IT DOWN Act: 48 hours',
    ticket: null,
    targetIds: [1],
    ...over,
  };
}

function next(requests: StatusRequest[], targets: StatusTarget[] = [live]) {
  return caseStatus({ caseId: 'c', targets, requests }, now);
}

describe('caseStatus', () => {
  it('escalates an unknown site whose deadline passed, and says what to do when no rung above has a contact', () => {
    const s = next([request({})]);
    expect(s.next).toEqual([
      expect.stringMatching(
        /^R-0001: .* let the deadline pass .*escalate to the next rung: takedown draft c; if it finds no contact above the site, follow up quoting R-0001, then turn to a regulator or a court$/,
      ),
    ]);
    expect(s.needsHuman).toBe(true);
  });

  it.each([
    ['an unknown site\'s registrar', { providerId: 'generic-registrar', rung: 'registrar' as const, recipientName: 'Demo Registrar (registrar of x.example)' }],
    ['a registrar known by name', { providerId: 'some-registrar', rung: 'registrar' as const, recipientName: 'Some Registrar' }],
  ])('does not send %s round the draft loop: it is the top of the ladder', (_name, over) => {
    const s = next([request({ ...over, ticket: 'AB-7' })]);
    expect(s.next).toEqual([expect.stringMatching(/there is no rung above it: follow up quoting AB-7, then turn to a regulator or a court$/)]);
    expect(s.next.join('\n')).not.toMatch(/takedown draft/);
  });

  it('escalates a CDN to the registrar above it', () => {
    const s = next([request({ providerId: 'cloudflare', rung: 'cdn', recipientName: 'Cloudflare' })]);
    expect(s.next).toEqual([expect.stringMatching(/escalate to the next rung: takedown draft c; if it finds no contact above the cdn, follow up quoting R-0001/)]);
  });

  it('does not send a known platform round the draft loop: there is no rung above it', () => {
    const s = next([request({ providerId: 'pornhub', recipientName: 'Pornhub' })]);
    expect(s.next).toEqual([expect.stringMatching(/there is no rung above it: follow up quoting R-0001, then turn to a regulator or a court$/)]);
  });

  it('asks for a follow-up, not an escalation, with regulators and child-protection lines', () => {
    const s = next([request({ providerId: 'esafety', rung: 'regulator', kind: 'esafety-referral', recipientName: 'eSafety Commissioner', ticket: 'ES-1' })]);
    expect(s.next).toContainEqual(expect.stringMatching(/^R-0001: no answer yet from eSafety Commissioner .*follow up with them quoting ES-1/));
    expect(s.next.join('\n')).not.toMatch(/escalate/);
  });

  it('needs nobody while a request waits within its deadline', () => {
    const s = next([request({ deadlineAt: '2026-11-22T10:00:00Z' })]);
    expect(s.next).toEqual([]);
    expect(s.needsHuman).toBe(false);
  });

  it('counts a URL with only a search request as having no open request', () => {
    const s = next([request({ rung: 'search', providerId: 'google-search', kind: 'search-delisting', deadlineAt: '2026-11-28T10:00:00Z' })]);
    expect(s.next).toEqual([expect.stringMatching(/^draft: 1 URL is not gone and no request about it is open/)]);
  });

  it('includes blocked, unreachable and unchecked URLs', () => {
    const s = next([], [
      { ...live, targetId: 1, state: 'blocked' },
      { ...live, targetId: 2, state: 'unreachable' },
      { ...live, targetId: 3, state: null, checkedAt: null },
    ]);
    expect(s.next).toEqual([expect.stringMatching(/^check: 1 URL was never checked/), expect.stringMatching(/^draft: 2 URLs are not gone/)]);
  });
});

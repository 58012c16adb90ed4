// Requests: drafting with their URLs, the lifecycle rules, the send claim, and the events each change writes.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claimForSending,
  getRequest,
  insertRequest,
  listEvents,
  listRequests,
  moveRequest,
  openStore,
  releaseClaim,
  syncTargets,
  upsertCase,
  verifyEventChain,
} from '../../src/store/index.ts';
import type { RequestInput, Store } from '../../src/store/index.ts';
import { steppingClock, tempDir } from './helpers.ts';
import type { TempDir } from './helpers.ts';

let dir: TempDir;
let store: Store;
let ids: number[];

function draft(overrides: Partial<RequestInput> = {}): RequestInput {
  return {
    caseId: 'c1',
    kind: 'take-it-down',
    rung: 'site',
    providerId: 'generic-site',
    channelId: 'contact',
    channelKind: 'email',
    recipientName: 'Tube',
    recipient: 'abuse@tube.example',
    subject: 'Removal request',
    body: 'Please remove.',
    messageId: '<R-0001@takedown.test>',
    deadlineRule: 'TAKE IT DOWN Act: 48 hours from receipt',
    targetIds: ids,
    ...overrides,
  };
}

beforeEach(() => {
  dir = tempDir();
  store = openStore(join(dir.path, 'store.db'), { clock: steppingClock() });
  upsertCase(store, { id: 'c1', file: '/cases/c1.yaml', minor: false });
  const synced = syncTargets(store, 'c1', [{ url: 'https://tube.example/v/1' }, { url: 'https://tube.example/v/2' }]);
  ids = [...synced.ids.values()];
});

afterEach(() => {
  store.close();
  dir.remove();
});

describe('insertRequest', () => {
  it('stores a draft with its URLs and logs it', () => {
    const row = insertRequest(store, draft());
    expect(row).toMatchObject({ id: 1, status: 'draft', kind: 'take-it-down', recipient: 'abuse@tube.example', sentAt: null });
    expect(row.targets.map((t) => t.url)).toEqual(['https://tube.example/v/1', 'https://tube.example/v/2']);
    const event = listEvents(store).at(-1);
    expect(event).toMatchObject({ kind: 'request.drafted', caseId: 'c1', data: { request: 'R-0001', recipient: 'abuse@tube.example' } });
  });

  it('lists by case and status', () => {
    insertRequest(store, draft());
    const second = insertRequest(store, draft({ kind: 'dsa-art16' }));
    moveRequest(store, second.id, 'sent', { deadlineAt: '2026-12-01T00:00:00.000Z' });
    expect(listRequests(store, { statuses: ['draft'] }).map((r) => r.id)).toEqual([1]);
    expect(listRequests(store, { caseIds: ['c1'] }).map((r) => r.id)).toEqual([1, 2]);
    expect(listRequests(store, { caseIds: ['other'] })).toEqual([]);
    expect(listRequests(store, { caseIds: [] })).toEqual([]);
  });
});

describe('moveRequest', () => {
  it.each([
    ['draft', 'resolved'],
    ['draft', 'acknowledged'],
    ['draft', 'expired'],
  ] as const)('refuses %s -> %s with the moves that are allowed', (from, to) => {
    const row = insertRequest(store, draft());
    expect(row.status).toBe(from);
    expect(() => moveRequest(store, row.id, to)).toThrow(/R-0001 is draft; it cannot become .* \(it can become sent, superseded\)/);
    expect(getRequest(store, row.id)?.status).toBe('draft');
  });

  it('walks draft -> sent -> acknowledged -> resolved, stamping each time and logging each move', () => {
    const row = insertRequest(store, draft());
    const sent = moveRequest(store, row.id, 'sent', { deadlineAt: '2026-11-23T10:00:00.000Z', transport: 'smtp', serverResponse: '250 OK' });
    expect(sent).toMatchObject({ status: 'sent', deadlineAt: '2026-11-23T10:00:00.000Z', transport: 'smtp' });
    expect(sent.sentAt).not.toBeNull();
    const acked = moveRequest(store, row.id, 'acknowledged', { ticket: 'T-99', at: '2026-11-22T09:00:00.000Z' });
    expect(acked).toMatchObject({ status: 'acknowledged', ticket: 'T-99', acknowledgedAt: '2026-11-22T09:00:00.000Z' });
    const done = moveRequest(store, row.id, 'resolved', { note: 'gone' });
    expect(done).toMatchObject({ status: 'resolved', note: 'gone' });
    expect(done.closedAt).not.toBeNull();
    expect(() => moveRequest(store, row.id, 'refused')).toThrow(/it is final/);
    const kinds = listEvents(store).map((e) => e.kind);
    expect(kinds.slice(-4)).toEqual(['request.drafted', 'request.sent', 'request.acknowledged', 'request.resolved']);
    expect(verifyEventChain(store)).toMatchObject({ ok: true });
  });
});

describe('claimForSending', () => {
  it('lets exactly one claim through, and a released claim can be taken again', () => {
    const row = insertRequest(store, draft());
    expect(claimForSending(store, row.id)).toBe(true);
    expect(claimForSending(store, row.id)).toBe(false);
    expect(getRequest(store, row.id)?.sendStartedAt).not.toBeNull();
    releaseClaim(store, row.id, 'server refused the recipient');
    expect(getRequest(store, row.id)?.sendStartedAt).toBeNull();
    expect(claimForSending(store, row.id)).toBe(true);
    moveRequest(store, row.id, 'sent');
    expect(claimForSending(store, row.id)).toBe(false);
    expect(listEvents(store).map((e) => e.kind).slice(-4)).toEqual(['request.sending', 'request.send-failed', 'request.sending', 'request.sent']);
  });
});

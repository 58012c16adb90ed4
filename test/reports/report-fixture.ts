// A workspace database for report tests, written through the real store at fixed times: URLs that
// went, stayed up, came back, were gone already and were never checked; requests resolved,
// overdue, refused and delisted; an evidence capture; hostile text in URLs, notes and tickets.
import type { CheckResult } from '../../src/core/check-result.ts';
import type { Clock } from '../../src/core/clock.ts';
import { REASONS, type Reason } from '../../src/core/states.ts';
import {
  appendEvent,
  finishRun,
  insertRequest,
  moveRequest,
  openStore,
  recordCheck,
  startRun,
  syncTargets,
  upsertCase,
  type RequestInput,
  type Store,
} from '../../src/store/index.ts';

export const T0 = Date.parse('2026-11-20T09:00:00.000Z');
export const hours = (h: number): string => new Date(T0 + h * 3_600_000).toISOString();
/** When the report is made: 72 hours after the first check. */
export const NOW = new Date(T0 + 72 * 3_600_000);

export const HOSTILE_URL = 'https://bravo.example/v/"><script>alert(1)</script>';
export const FORMULA_URL = 'https://charlie.example/=HYPERLINK("http://evil.example")';
export const HOSTILE_NOTE = 'seen by "Bob" <script>alert(document.cookie)</script> & more';
export const FORMULA_NOTE = "=cmd|' /C calc'!A0";

function fixedClock(): Clock & { at(h: number): void } {
  let now = T0;
  return {
    now: () => new Date(now),
    sleep: async () => undefined,
    at(h: number) {
      now = T0 + h * 3_600_000;
    },
  };
}

function result(url: string, reason: Reason, checkedAt: string): CheckResult {
  return {
    url,
    state: REASONS[reason].state,
    reason,
    detail: '',
    providerId: null,
    httpStatus: null,
    finalUrl: null,
    redirects: [],
    contentType: 'text/html',
    bodySha256: null,
    bodyBytes: 0,
    truncated: false,
    checkedAt,
    durationMs: 5,
    attempts: 1,
  };
}

function request(caseId: string, targetIds: number[], over: Partial<RequestInput>): RequestInput {
  return {
    caseId,
    kind: 'take-it-down',
    rung: 'site',
    providerId: 'alpha',
    channelId: 'legal',
    channelKind: 'email',
    recipientName: 'Alpha Pics',
    recipient: 'legal@alpha.example',
    subject: 'Notice',
    body: 'Please remove.',
    messageId: null,
    deadlineRule: 'TAKE IT DOWN Act: 48 hours from receipt',
    targetIds,
    ...over,
  };
}

/** Writes the fixture into a new database at `path` and returns it closed. */
export function buildReportStore(path: string, options: { secondCase?: boolean } = {}): void {
  const clock = fixedClock();
  const store = openStore(path, { clock });
  try {
    fill(store, clock);
    if (options.secondCase) fillSecond(store, clock);
  } finally {
    store.close();
  }
}

function check(store: Store, clock: ReturnType<typeof fixedClock>, h: number, items: [number, string, Reason][]): void {
  clock.at(h);
  const run = startRun(store, { kind: 'check', caseIds: ['c-1'], options: {} });
  for (const [id, url, reason] of items) recordCheck(store, run, id, result(url, reason, hours(h)));
  finishRun(store, run, {});
}

function fill(store: Store, clock: ReturnType<typeof fixedClock>): void {
  clock.at(-1);
  upsertCase(store, { id: 'c-1', title: 'Jane <b>Doe</b>', file: '/cases/c-1.yaml', minor: false });
  const urls = ['https://alpha.example/p/1', HOSTILE_URL, FORMULA_URL, 'https://delta.example/gone'];
  const synced = syncTargets(store, 'c-1', [
    { url: urls[0] as string, note: HOSTILE_NOTE },
    { url: urls[1] as string },
    { url: urls[2] as string, note: FORMULA_NOTE },
    { url: urls[3] as string },
  ]);
  const [alpha, bravo, charlie, delta] = [...synced.ids.values()] as [number, number, number, number];

  check(store, clock, 0, [[alpha, urls[0] as string, 'ok'], [bravo, urls[1] as string, 'ok'], [charlie, urls[2] as string, 'ok'], [delta, urls[3] as string, 'http-404']]);

  clock.at(0.5);
  const r1 = insertRequest(store, request('c-1', [alpha], {}));
  const r2 = insertRequest(store, request('c-1', [bravo], { providerId: 'bravo', recipientName: 'Bravo "Tube" <Ltd>', recipient: 'abuse@bravo.example' }));
  const r3 = insertRequest(store, request('c-1', [charlie], { providerId: 'charlie', recipientName: 'Charlie', kind: 'policy-ncii', channelKind: 'web-form', recipient: null, deadlineRule: '7 days' }));
  const r4 = insertRequest(store, request('c-1', [alpha, bravo], { providerId: 'google-search', recipientName: 'Google Search', kind: 'search-delisting', rung: 'search', channelKind: 'web-form', recipient: null, deadlineRule: '7 days' }));
  const r5 = insertRequest(store, request('c-1', [delta], { providerId: 'workspace-own', recipientName: 'Delta (site operator)', kind: 'policy-ncii' }));

  clock.at(1);
  moveRequest(store, r1.id, 'sent', { at: hours(1), deadlineAt: hours(49) });
  moveRequest(store, r2.id, 'sent', { at: hours(1), deadlineAt: hours(49) });
  moveRequest(store, r4.id, 'sent', { at: hours(1), deadlineAt: hours(169) });
  clock.at(2);
  moveRequest(store, r3.id, 'sent', { at: hours(2), deadlineAt: hours(170), ticket: 'T-<b>1</b>' });
  appendEvent(store, {
    actor: 'checker',
    kind: 'evidence.captured',
    caseId: 'c-1',
    targetId: alpha,
    data: {
      url: 'https://alpha.example/p/1',
      captured_at: hours(0),
      state: 'live',
      reason: 'ok',
      cause: 'first',
      run: 1,
      check: 1,
      file: '2026-11.warc',
      records: [
        { type: 'warcinfo', id: '<urn:uuid:0b6c7a1e-0000-4000-8000-000000000000>', offset: 0, length: 310, sha256: 'a'.repeat(64), blockDigest: 'sha256:aa', payloadDigest: null },
        { type: 'request', id: '<urn:uuid:0b6c7a1e-0000-4000-8000-000000000001>', offset: 310, length: 402, sha256: 'b'.repeat(64), blockDigest: 'sha256:bb', payloadDigest: null },
        { type: 'response', id: '<urn:uuid:0b6c7a1e-0000-4000-8000-000000000002>', offset: 712, length: 2048, sha256: 'c'.repeat(64), blockDigest: 'sha256:cc', payloadDigest: 'sha256:9f2c0e' },
      ],
    },
  });
  clock.at(5);
  moveRequest(store, r4.id, 'acknowledged', { at: hours(5) });
  clock.at(10);
  moveRequest(store, r3.id, 'refused', { at: hours(10), note: 'They said: "not a violation" <i>sorry</i>' });

  check(store, clock, 25, [[alpha, urls[0] as string, 'http-404'], [bravo, urls[1] as string, 'ok'], [charlie, urls[2] as string, 'timeout'], [delta, urls[3] as string, 'http-404']]);
  clock.at(30);
  moveRequest(store, r1.id, 'resolved', { at: hours(30), ticket: '=1+1' });
  check(store, clock, 50, [[alpha, urls[0] as string, 'http-404'], [bravo, urls[1] as string, 'ok'], [charlie, urls[2] as string, 'provider-marker'], [delta, urls[3] as string, 'http-410']]);
  clock.at(60);
  syncTargets(store, 'c-1', [
    { url: urls[0] as string, note: HOSTILE_NOTE },
    { url: urls[1] as string },
    { url: urls[2] as string, note: FORMULA_NOTE },
    { url: urls[3] as string },
    { url: 'https://echo.example/new' },
  ]);
  check(store, clock, 61, [[charlie, urls[2] as string, 'ok']]);
  void r5;
}

/** A second case for --all: one URL, taken down in six hours by a provider the first case also asked. */
function fillSecond(store: Store, clock: ReturnType<typeof fixedClock>): void {
  clock.at(3);
  upsertCase(store, { id: 'c-2', file: '/cases/c-2.yaml', minor: true });
  const id = [...syncTargets(store, 'c-2', [{ url: 'https://alpha.example/p/9' }]).ids.values()][0] as number;
  check(store, clock, 4, [[id, 'https://alpha.example/p/9', 'ok']]);
  const r = insertRequest(store, request('c-2', [id], {}));
  moveRequest(store, r.id, 'sent', { at: hours(4), deadlineAt: hours(52) });
  check(store, clock, 10, [[id, 'https://alpha.example/p/9', 'http-410']]);
  check(store, clock, 20, [[id, 'https://alpha.example/p/9', 'http-410']]);
}

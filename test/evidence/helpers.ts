// A store with one case and its targets, and HTTP exchanges made by hand, for evidence tests.
import { join } from 'node:path';
import type { CheckResult } from '../../src/core/check-result.ts';
import type { HttpOutcome, HttpResponse } from '../../src/core/http-types.ts';
import type { CheckState } from '../../src/core/states.ts';
import { captureEvidence, openEvidence, type CaptureSetting, type CheckExchange, type EvidenceCase, type EvidenceSession } from '../../src/evidence/index.ts';
import { getTarget, openStore, recordCheck, startRun, syncTargets, upsertCase, type Store } from '../../src/store/index.ts';
import { result as checkResult, steppingClock, tempDir, type TempDir } from '../store/helpers.ts';

export interface World {
  dir: TempDir;
  store: Store;
  evidenceDir: string;
  caseId: string;
  targets: Map<string, number>;
  runId: number;
  session: EvidenceSession;
  close(): void;
}

export const ADULT: EvidenceCase = { id: 'c1', minor: false, storeMedia: false };

export function world(urls: string[], capture: CaptureSetting = 'change', caseInfo: EvidenceCase = ADULT): World {
  const dir = tempDir();
  const store = openStore(join(dir.path, '.takedown', 'takedown.db'), { clock: steppingClock() });
  upsertCase(store, { id: caseInfo.id, file: `${caseInfo.id}.yaml`, minor: caseInfo.minor });
  const { ids } = syncTargets(store, caseInfo.id, urls.map((url) => ({ url })));
  const targets = new Map([...ids].map(([, id]) => [getTarget(store, id)?.url ?? '', id]));
  const runId = startRun(store, { kind: 'check', caseIds: [caseInfo.id], options: {} });
  const evidenceDir = join(dir.path, '.takedown', 'evidence');
  const session = openEvidence({ store, dir: evidenceDir, runId, capture, software: 'takedown/test' });
  return {
    dir, store, evidenceDir, caseId: caseInfo.id, targets, runId, session,
    close: () => {
      store.close();
      dir.remove();
    },
  };
}

export interface PageOptions {
  status?: number;
  contentType?: string;
  headers?: Array<[string, string]>;
  body?: Uint8Array | string;
  bodySkipped?: boolean;
  truncated?: boolean;
}

export function response(url: string, options: PageOptions = {}): HttpResponse {
  const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : (options.body ?? Buffer.from('<title>Video</title><p>here</p>'));
  const shown = options.bodySkipped ? new Uint8Array(0) : body;
  const contentType = options.contentType ?? 'text/html; charset=utf-8';
  const raw: Array<[string, string]> = options.headers ?? [['Content-Type', contentType], ['Content-Length', String(body.byteLength)], ['Server', 'fixture']];
  const headers: Record<string, string> = {};
  for (const [name, value] of raw) headers[name.toLowerCase()] = value;
  const status = options.status ?? 200;
  return {
    url, finalUrl: url, status, headers, body: shown, truncated: options.truncated ?? false, bodySkipped: options.bodySkipped ?? false,
    redirects: [], remoteAddress: '127.0.0.1',
    timings: { startedAt: '2026-01-01T00:00:00.000Z', headersMs: 3, totalMs: 5 },
    wire: {
      method: 'GET',
      requestHeaders: [['host', new URL(url).host], ['user-agent', 'test-agent'], ['accept', 'text/html']],
      httpVersion: '1.1',
      statusText: status === 200 ? 'OK' : 'Not Found',
      responseHeaders: raw,
    },
  };
}

export function exchange(url: string, state: CheckState, options: PageOptions = {}, checkedAt = '2026-01-01T00:00:00.000Z'): CheckExchange {
  const outcome: HttpOutcome = { ok: true, response: response(url, options) };
  const result: CheckResult = checkResult(url, state, checkedAt, { httpStatus: options.status ?? 200 });
  return { result, outcome };
}

export function failed(url: string, checkedAt = '2026-01-01T00:00:00.000Z'): CheckExchange {
  const outcome: HttpOutcome = {
    ok: false,
    failure: { kind: 'dns', code: 'ENOTFOUND', message: 'no such host', url, redirects: [], timings: { startedAt: checkedAt, headersMs: 0, totalMs: 4 } },
  };
  return { result: checkResult(url, 'unreachable', checkedAt, { reason: 'dns' }), outcome };
}

/** Captures one check and records it, as `takedown check` does: capture, then check and index in one transaction. */
export function checkAndCapture(w: World, url: string, ex: CheckExchange, caseInfo: EvidenceCase = ADULT): ReturnType<typeof captureEvidence> {
  const targetId = w.targets.get(url);
  if (targetId === undefined) throw new Error(`no target ${url}`);
  const target = getTarget(w.store, targetId);
  if (target === null) throw new Error('target vanished');
  const done = captureEvidence(w.session, caseInfo, target, ex);
  w.session.sync();
  w.store.transaction(() => {
    recordCheck(w.store, w.runId, targetId, { ...ex.result, url });
    w.session.index();
  });
  return done;
}

// Builds a sweep benchmark workspace: case files over the synthetic web, requests, and N days of
// nightly sweep history written straight through the store (checks recorded as the schedule
// would have made them, then folded into each URL's watch state by the sweep's own catch-up).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../src/core/check-result.ts';
import type { CheckState, Reason } from '../src/core/states.ts';
import { isGone } from '../src/core/states.ts';
import { urlKey } from '../src/core/url-key.ts';
import { normalizeUrl } from '../src/case-file/normalize-url.ts';
import {
  finishRun,
  insertRequest,
  moveRequest,
  openStore,
  recordChecks,
  startRun,
  syncTargets,
  upsertCase,
} from '../src/store/index.ts';
import { catchUp } from '../src/sweep/check-due.ts';
import { collectDrafts } from '../src/sweep/drafts.ts';
import { isDue } from '../src/sweep/schedule.ts';
import { advance, INITIAL_WATCH, type WatchState } from '../src/sweep/watch.ts';
import { DEFAULT_SETTINGS } from '../src/workspace/settings-schema.ts';
import { targetOf, truthOf, unit, type WebShape } from './synthetic.ts';

export interface HistoryOptions {
  dir: string;
  origins: readonly string[];
  shape: WebShape;
  urls: number;
  cases: number;
  days: number;
  /** When the nightly sweep to measure runs; day d of the history is `days - d` nights before. */
  nightly: Date;
  settings: { concurrency: number; perHost: number; timeoutS: number; retries: number };
  log: (line: string) => void;
}

export interface HistoryStats {
  checks: number;
  requests: number;
  buildS: number;
  foldS: number;
}

const DAY = 86_400_000;
const REASON: Record<CheckState, Reason> = {
  live: 'ok',
  removed: 'http-404',
  'soft-removed': 'removal-wording',
  redirected: 'redirect-to-root',
  'legal-block': 'http-451',
  blocked: 'http-429',
  unreachable: 'http-5xx',
};

/**
 * What URL `id` showed on night `day`: live until its night of removal (or of trouble), its true
 * state after. That night is never the last one, so every removal has been seen twice by the
 * measured night (confirmed): the workspace is in a steady state, whatever the history's length.
 */
function stateOn(shape: WebShape, id: number, day: number, days: number): CheckState {
  const truth = truthOf(targetOf(shape, id).kind);
  if (truth === 'live') return 'live';
  const from = Math.floor(unit(shape.seed, id, 77) * Math.max(days - 1, 1));
  return day >= from ? truth : 'live';
}

function result(url: string, state: CheckState, at: Date): CheckResult {
  return {
    url,
    state,
    reason: REASON[state],
    detail: `history: ${state}`,
    providerId: null,
    httpStatus: state === 'live' ? 200 : state === 'removed' ? 404 : state === 'unreachable' ? 503 : 200,
    finalUrl: url,
    redirects: [],
    contentType: 'text/html; charset=utf-8',
    bodySha256: 'ab'.repeat(32),
    bodyBytes: state === 'live' ? 48_000 : 2_000,
    truncated: false,
    checkedAt: at.toISOString(),
    durationMs: 120,
    attempts: 1,
  };
}

/** URL `id` as the case file loader normalises it (the store keys targets by that form). */
export function urlOf(shape: WebShape, origins: readonly string[], id: number): string {
  const t = targetOf(shape, id);
  const normal = normalizeUrl(`${origins[t.host]}${t.path}`);
  if ('error' in normal) throw new Error(`bench: ${normal.error}`);
  return normal.url;
}

export async function buildHistory(o: HistoryOptions): Promise<HistoryStats> {
  const started = performance.now();
  mkdirSync(join(o.dir, 'cases'), { recursive: true });
  writeFileSync(
    join(o.dir, 'takedown.yaml'),
    [
      '# written by bench/sweep-nightly.ts',
      'check:',
      '  allow_private: true  # the synthetic web is on loopback',
      `  concurrency: ${o.settings.concurrency}`,
      `  per_host: ${o.settings.perHost}`,
      '  interval_ms: 0',
      `  timeout_s: ${o.settings.timeoutS}`,
      `  retries: ${o.settings.retries}`,
      '',
    ].join('\n'),
  );
  const perCase = Math.ceil(o.urls / o.cases);
  const caseOf = (id: number): string => `bench-${String(Math.floor(id / perCase) + 1).padStart(3, '0')}`;
  for (let c = 0; c < o.cases; c++) {
    const ids = Array.from({ length: Math.min(perCase, o.urls - c * perCase) }, (_v, i) => c * perCase + i);
    const id = caseOf(c * perCase);
    writeFileSync(
      join(o.dir, 'cases', `${id}.yaml`),
      `case:\n  id: ${id}\n  title: Synthetic sweep benchmark\n  subject:\n    minor_at_creation: false\n  claimant:\n    role: representative\n    name: Bench Runner\n    email: bench@helpline.example\n    signature: /Bench Runner/\n    confirms_good_faith: true\n  jurisdictions: [US]\n  facts:\n    consent: none\nurls:\n${ids.map((i) => `  - ${urlOf(o.shape, o.origins, i)}`).join('\n')}\n`,
    );
  }

  const start = new Date(o.nightly.getTime() - o.days * DAY);
  let now = start;
  const store = openStore(join(o.dir, '.takedown', 'takedown.db'), { clock: { now: () => now, sleep: async () => undefined } });
  const targetIds: number[] = new Array<number>(o.urls);
  let requests = 0;
  try {
    // Cases, URLs, and the requests a helpline would have filed on day 0: one per site per case,
    // sent, waiting (deadline after the nightly run), and one search delisting draft per case.
    for (let c = 0; c < o.cases; c++) {
      const first = c * perCase;
      const ids = Array.from({ length: Math.min(perCase, o.urls - first) }, (_v, i) => first + i);
      const caseId = caseOf(first);
      store.transaction(() => {
        upsertCase(store, { id: caseId, file: join(o.dir, 'cases', `${caseId}.yaml`), minor: false });
        const synced = syncTargets(store, caseId, ids.map((i) => ({ url: urlOf(o.shape, o.origins, i) })));
        for (const i of ids) targetIds[i] = synced.ids.get(urlKey(urlOf(o.shape, o.origins, i))) ?? -1;
        const byHost = new Map<number, number[]>();
        for (const i of ids) byHost.set(targetOf(o.shape, i).host, [...(byHost.get(targetOf(o.shape, i).host) ?? []), targetIds[i] ?? -1]);
        for (const [host, tids] of byHost) {
          const row = insertRequest(store, {
            caseId,
            kind: 'take-it-down',
            rung: 'site',
            providerId: 'generic-site',
            channelId: 'site-home',
            channelKind: 'web-form',
            recipientName: `${o.origins[host]} (site operator)`,
            recipient: `${o.origins[host]}/`,
            subject: 'Removal request',
            body: 'Synthetic notice.',
            messageId: null,
            deadlineRule: 'bench: deadline after the nightly run',
            targetIds: tids,
          });
          moveRequest(store, row.id, 'sent', { at: start.toISOString(), deadlineAt: new Date(o.nightly.getTime() + 7 * DAY).toISOString(), transport: 'by hand' });
          requests += 1;
        }
        insertRequest(store, {
          caseId,
          kind: 'search-delisting',
          rung: 'search',
          providerId: 'google-search',
          channelId: 'ncii-form',
          channelKind: 'web-form',
          recipientName: 'Google Search',
          recipient: 'https://support.google.com/websearch/troubleshooter/3111061',
          subject: 'Delisting request',
          body: 'Synthetic notice.',
          messageId: null,
          deadlineRule: 'bench',
          targetIds: ids.map((i) => targetIds[i] ?? -1),
        });
        requests += 1;
      });
    }
    if (targetIds.some((t) => t === undefined || t < 0)) throw new Error('bench: a URL has no target id');

    // The nights: each URL checked when the default schedule says it is due.
    const schedule = DEFAULT_SETTINGS.sweep.every;
    const policy = { confirmMs: DEFAULT_SETTINGS.notices.confirmHours * 3_600_000, confirmNow: false, reportUnseenAfterMs: 72 * 3_600_000 };
    const sim: { watch: WatchState; lastState: CheckState | null; lastCheckedAt: string | null }[] = Array.from({ length: o.urls }, () => ({
      watch: INITIAL_WATCH,
      lastState: null,
      lastCheckedAt: null,
    }));
    let checks = 0;
    let lastRun = 0;
    for (let day = 0; day < o.days; day++) {
      const night = new Date(start.getTime() + day * DAY);
      now = night;
      const runId = startRun(store, { kind: 'sweep', caseIds: Array.from({ length: o.cases }, (_v, c) => caseOf(c * perCase)), options: { history: day } });
      lastRun = runId;
      let batch: { targetId: number; result: CheckResult }[] = [];
      for (let id = 0; id < o.urls; id++) {
        const s = sim[id];
        if (s === undefined) continue;
        if (!isDue({ phase: s.watch.phase, lastState: s.lastState, lastCheckedAt: s.lastCheckedAt, unseenCount: s.watch.unseenCount }, schedule, night)) continue;
        // A night's sweep takes a few minutes: spread the checks over them.
        const at = new Date(night.getTime() + (id % 180) * 1000);
        const state = stateOn(o.shape, id, day, o.days);
        s.watch = advance(s.watch, { checkId: s.watch.throughCheckId + 1, at: at.toISOString(), state, reason: REASON[state] }, policy).state;
        s.lastState = state;
        s.lastCheckedAt = at.toISOString();
        batch.push({ targetId: targetIds[id] ?? -1, result: result(urlOf(o.shape, o.origins, id), state, at) });
        if (batch.length >= 2000) {
          recordChecks(store, runId, batch);
          checks += batch.length;
          batch = [];
        }
      }
      recordChecks(store, runId, batch);
      checks += batch.length;
      now = new Date(night.getTime() + 300_000);
      finishRun(store, runId, { history: true });
      if (day % 5 === 4 || day === o.days - 1) o.log(`  history: day ${day + 1} of ${o.days}, ${checks} checks so far`);
    }
    const buildS = (performance.now() - started) / 1000;

    // What the nightly sweeps did with those checks, through the sweep's own fold.
    const foldStarted = performance.now();
    await catchUp({ store, runId: lastRun, policy, channels: [] });
    collectDrafts({ store, runId: lastRun, channels: [] });
    const foldS = (performance.now() - foldStarted) / 1000;
    const gone = sim.filter((s) => s.lastState !== null && isGone(s.lastState)).length;
    o.log(`  history: ${checks} checks, ${requests} requests, ${gone} URLs gone at the end; built in ${buildS.toFixed(1)} s, folded in ${foldS.toFixed(1)} s`);
    return { checks, requests, buildS, foldS };
  } finally {
    store.close();
  }
}

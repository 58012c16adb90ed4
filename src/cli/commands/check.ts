// `takedown check`: checks every URL of the cases, records each observation as it arrives, and
// resumes an interrupted run over the same cases instead of starting again.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { classifyWorkerCount, createClassifyPool } from '../../checker/classify-pool.ts';
import type { Case } from '../../core/case.ts';
import type { CheckResult } from '../../core/check-result.ts';
import { systemClock } from '../../core/clock.ts';
import { urlKey } from '../../core/url-key.ts';
import { createMatcher } from '../../providers/match.ts';
import { applyQuirks } from '../../providers/quirks.ts';
import { runChecks, type CheckJob } from '../../checker/run-checks.ts';
import { captureEvidence, openEvidence, type EvidenceCase } from '../../evidence/index.ts';
import {
  appendEvent,
  checkedTargetIdsInRun,
  createResultWriter,
  findUnfinishedRun,
  finishRun,
  openStore,
  startRun,
  syncTargets,
  upsertCase,
  listTargets,
  latestChecks,
  lastSeenLive,
  type Store,
} from '../../store/index.ts';
import { formatCheckTable, formatSummaryLine, needsAttention, resultRecord, summarise, summariseStates, type CaseResult } from '../../reports/check-report.ts';
import type { CheckState } from '../../core/states.ts';
import { hintsFor } from '../../reports/hints.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo, OutStream } from '../io.ts';
import { createOutput, type Format, type Output } from '../output.ts';
import { caseFilePaths, loadCases, openWorkspace, workspaceHttp, workspaceProviders } from '../context.ts';
import { collectSetupGarbage, startMemoryGovernor } from '../memory.ts';
import { startProgress } from '../progress.ts';
import { VERSION } from '../version.ts';

export interface CheckOptions {
  workspace?: string;
  format?: Format;
  quiet?: boolean;
  concurrency?: number;
  perHost?: number;
  timeout?: number;
  retries?: number;
  allowPrivate?: boolean;
  fresh?: boolean;
}

const POOL_MIN_URLS = 64;

interface JobKey {
  caseId: string;
  targetId: number;
  /** The URL as in the case file; the job's own URL may be rewritten by a site quirk. */
  url: string;
  /** The target's state before this run (a run checks each URL once). */
  lastState: string | null;
  /** The target's URL as stored, when it differs from `url` (evidence names the target so). */
  storedUrl?: string;
}

export async function runCheck(io: CliIo, files: readonly string[], options: CheckOptions): Promise<number> {
  const out = createOutput(io, options);
  const workspace = await openWorkspace(io, options.workspace, files);
  const { cases, notes } = await loadCases(await caseFilePaths(io, workspace, files));
  const providers = await workspaceProviders(workspace);
  if (!out.quiet && out.format === 'text') for (const note of notes) out.err(note);

  mkdirSync(workspace.stateDir, { recursive: true, mode: 0o700 });
  const store = openStore(workspace.dbPath);
  const http = await workspaceHttp(io, workspace.settings, options);
  const abort = new AbortController();
  const removeInterrupt = io.onInterrupt(() => abort.abort(new Error('interrupted')));
  try {
    const { runId, jobs, resumed } = prepareRun(store, cases, options);
    collectSetupGarbage(jobs.length);
    if (resumed > 0 && !out.quiet) out.err(`resuming run ${runId}: ${resumed} URL(s) were already checked, ${jobs.length} to go (use --fresh to start over)`);
    return await execute(store, runId, jobs, cases, { out, http, providers, workspace, options, signal: abort.signal, resumed: resumed > 0 });
  } finally {
    removeInterrupt();
    await http.close();
    store.close();
  }
}

function prepareRun(store: Store, cases: readonly Case[], options: CheckOptions): { runId: number; jobs: CheckJob<JobKey>[]; resumed: number } {
  const caseIds = cases.map((c) => c.id).sort();
  const jobs: CheckJob<JobKey>[] = [];
  store.transaction(() => {
    for (const c of cases) {
      upsertCase(store, { id: c.id, title: c.title, file: c.file, minor: c.subject.minorAtCreation });
      const { ids } = syncTargets(store, c.id, c.targets.map((t) => ({ url: t.url, note: t.note })));
      const stored = new Map(listTargets(store, c.id).map((t) => [t.id, t]));
      for (const t of c.targets) {
        const targetId = ids.get(urlKey(t.url));
        if (targetId === undefined) continue;
        const row = stored.get(targetId);
        // One small object per URL: a run of 50,000 holds them all until it ends.
        const key: JobKey = { caseId: c.id, targetId, url: t.url, lastState: row?.lastState ?? null };
        if (row !== undefined && row.url !== t.url) key.storedUrl = row.url;
        // A check never reads media bodies: status and headers tell whether the media is still
        // served, and not reading it keeps intimate bytes out of memory (DESIGN.md section 2).
        // The job's URL is the one to fetch, which a site quirk may rewrite.
        jobs.push({ key, url: applyQuirks(t.url).url, skipMedia: true });
      }
    }
  });
  const unfinished = options.fresh ? null : findUnfinishedRun(store, 'check', caseIds);
  if (unfinished) {
    const done = checkedTargetIdsInRun(store, unfinished.id);
    return { runId: unfinished.id, jobs: jobs.filter((j) => !done.has(j.key.targetId)), resumed: done.size };
  }
  const runId = store.transaction(() => {
    const id = startRun(store, { kind: 'check', caseIds, options: runOptions(options) });
    appendEvent(store, { actor: 'cli', kind: 'run.start', data: { run: id, kind: 'check', cases: caseIds, urls: jobs.length } });
    return id;
  });
  return { runId, jobs, resumed: 0 };
}

function runOptions(options: CheckOptions): Record<string, unknown> {
  const { concurrency, perHost, timeout, retries, allowPrivate } = options;
  return { concurrency, perHost, timeout, retries, allowPrivate };
}

interface ExecuteContext {
  out: Output;
  http: Awaited<ReturnType<typeof workspaceHttp>>;
  providers: Awaited<ReturnType<typeof workspaceProviders>>;
  workspace: Awaited<ReturnType<typeof openWorkspace>>;
  options: CheckOptions;
  signal: AbortSignal;
  /** The run was resumed: its earlier results are read back from the store for the report. */
  resumed: boolean;
}

async function execute(store: Store, runId: number, jobs: CheckJob<JobKey>[], cases: readonly Case[], ctx: ExecuteContext): Promise<number> {
  const { out, options, workspace } = ctx;
  const settings = workspace.settings.check;
  const started = Date.now();
  // ndjson has printed every result already: only the states are kept, so a run of 50,000 URLs
  // does not hold them all in memory.
  const keep = out.format !== 'ndjson';
  const results: CaseResult[] = [];
  const states: CheckState[] = [];
  const progress = out.format === 'text' && out.interactive ? startProgress(out, jobs.length) : null;
  const match = createMatcher(ctx.providers);
  // Worker threads pay off once there are pages enough to keep them busy.
  const classifier = jobs.length >= POOL_MIN_URLS ? createClassifyPool(ctx.providers, classifyWorkerCount()) : undefined;
  // Evidence is written as results arrive and indexed with the checks of the same batch.
  const evidence = openEvidence({
    store, dir: join(workspace.stateDir, 'evidence'), runId, capture: workspace.settings.evidence.capture, software: `takedown/${VERSION}`,
  });
  const evidenceCases = new Map<string, EvidenceCase>(
    cases.map((c) => [c.id, { id: c.id, minor: c.subject.minorAtCreation, storeMedia: c.storeMedia }]),
  );
  const writer = createResultWriter(store, runId, undefined, undefined, { beforeCommit: evidence.sync, inCommit: evidence.index });
  const lastLive = lastLiveByTarget(store, cases);
  const lines = out.format === 'ndjson' ? lineBatch(out.io.stdout) : null;
  const governor = startMemoryGovernor(jobs.length, { also: () => classifier?.collectGarbage() });

  let summary: Awaited<ReturnType<typeof runChecks>>;
  try {
    summary = await runChecks(
    jobs,
    {
      concurrency: options.concurrency ?? settings.concurrency,
      perHost: options.perHost ?? settings.perHost,
      intervalMs: settings.intervalMs,
      hosts: settings.hosts,
      retries: options.retries ?? settings.retries,
    },
    { http: ctx.http, clock: systemClock, random: Math.random, matchProvider: match, signal: ctx.signal, classifier },
    (job, checked, outcome) => {
      const result: CheckResult = { ...checked, url: job.key.url };
      const evidenceCase = evidenceCases.get(job.key.caseId);
      const target = { id: job.key.targetId, url: job.key.storedUrl ?? job.key.url, lastState: job.key.lastState };
      if (evidenceCase) captureEvidence(evidence, evidenceCase, target, { result, outcome });
      writer.add(job.key.targetId, result);
      const annotated = annotate(job.key.caseId, job.key.targetId, result, lastLive);
      states.push(result.state);
      if (keep) results.push(annotated);
      progress?.tick(result.state);
      return lines?.push(JSON.stringify({ type: 'result', ...resultRecord(annotated) }));
    },
    );
  } finally {
    governor.stop();
    // Whatever finished is kept, even when the run stops on an error.
    writer.close();
    evidence.close();
    progress?.stop();
    await classifier?.close();
    // Every result line is out before the summary line, which the normal writer prints.
    await lines?.close();
  }

  if (summary.aborted) {
    out.err(`interrupted: ${summary.completed} result(s) were saved; run the same command again to resume run ${runId}`);
    return EXIT.interrupted;
  }
  const ordered = !keep ? [] : inCaseOrder(ctx.resumed ? resultsOfRun(store, runId, cases, lastLive) : results, cases);
  const totals = !keep && ctx.resumed ? summariseStates(runStates(store, runId, cases)) : keep ? summarise(ordered) : summariseStates(states);
  store.transaction(() => {
    finishRun(store, runId, totals);
    appendEvent(store, { actor: 'cli', kind: 'run.finish', data: { run: runId, ...totals } });
  });
  // Not only live URLs need a human: one that could not be seen may well still be up.
  const attention = cases.some((c) => listTargets(store, c.id).some((t) => t.lastState !== null && needsAttention(t.lastState)));
  print(out, ordered, totals, runId, (Date.now() - started) / 1000);
  return attention ? EXIT.attention : EXIT.ok;
}

/**
 * ndjson lines written a batch at a time: one write per turn of the event loop (or per 64 KB)
 * instead of one per result, through the output's background writer when it has one (a pipe or a
 * file: a reader that lags then holds up a pool thread, not every exchange in flight). push()
 * returns a promise when the writer is far behind; the check waits for it.
 */
function lineBatch(stream: OutStream): { push(line: string): Promise<void> | undefined; close(): Promise<void> } {
  let pending = '';
  let scheduled = false;
  const write = (chunk: string): Promise<void> | undefined => {
    if (stream.queue) return stream.queue(chunk);
    stream.write(chunk);
    return undefined;
  };
  const flush = (): Promise<void> | undefined => {
    scheduled = false;
    if (pending === '') return undefined;
    const chunk = pending;
    pending = '';
    return write(chunk);
  };
  return {
    push(line) {
      pending += `${line}\n`;
      if (pending.length >= 65_536) return flush();
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      return undefined;
    },
    async close() {
      await flush();
      await stream.flushed?.();
    },
  };
}

/** When each target was last seen live before this run (for URLs the run cannot see). */
function lastLiveByTarget(store: Store, cases: readonly Case[]): Map<number, string> {
  const all = new Map<number, string>();
  for (const c of cases) for (const [id, at] of lastSeenLive(store, c.id)) all.set(id, at);
  return all;
}

function annotate(caseId: string, targetId: number, result: CheckResult, lastLive: Map<number, string>): CaseResult {
  const unseen = result.state === 'blocked' || result.state === 'unreachable';
  return unseen ? { caseId, result, lastSeenLive: lastLive.get(targetId) ?? null } : { caseId, result };
}

function runStates(store: Store, runId: number, cases: readonly Case[]): CheckState[] {
  return cases.flatMap((c) => latestChecks(store, c.id).flatMap(({ check }) => (check && check.runId === runId ? [check.state] : [])));
}

function resultsOfRun(store: Store, runId: number, cases: readonly Case[], lastLive: Map<number, string>): CaseResult[] {
  const results: CaseResult[] = [];
  for (const c of cases) {
    for (const { url, check } of latestChecks(store, c.id)) {
      if (!check || check.runId !== runId) continue;
      const { id: _id, targetId, runId: _r, ...rest } = check;
      results.push(annotate(c.id, targetId, { ...rest, url }, lastLive));
    }
  }
  return results;
}

function inCaseOrder(results: CaseResult[], cases: readonly Case[]): CaseResult[] {
  const order = new Map<string, number>();
  let i = 0;
  for (const c of cases) for (const t of c.targets) order.set(`${c.id} ${urlKey(t.url)}`, i++);
  const rank = (r: CaseResult): number => order.get(`${r.caseId} ${urlKey(r.result.url)}`) ?? Number.MAX_SAFE_INTEGER;
  return [...results].sort((a, b) => rank(a) - rank(b));
}

function print(out: Output, results: CaseResult[], totals: ReturnType<typeof summarise>, runId: number, seconds: number): void {
  if (out.format === 'json') {
    out.out(JSON.stringify({ run: runId, summary: totals, results: results.map(resultRecord) }, null, 2));
    return;
  }
  if (out.format === 'ndjson') {
    out.out(JSON.stringify({ type: 'summary', run: runId, ...totals }));
    return;
  }
  for (const line of formatCheckTable(results, out.color, out.quiet)) out.out(line);
  if (out.quiet) return;
  out.out('');
  out.out(formatSummaryLine(totals, seconds));
  for (const hint of hintsFor(results)) out.out(out.color.dim(`hint: ${hint}`));
  if (totals.live > 0) out.out(out.color.bold(`${totals.live} URL(s) still live: they need a notice.`));
  if (totals.unknown > 0) {
    out.out(out.color.bold(`${totals.unknown} URL(s) could not be seen (blocked or unreachable): until they are seen gone, they count as still up.`));
  }
}

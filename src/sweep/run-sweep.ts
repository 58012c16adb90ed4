// One sweep over some cases: resume or start a run, fold in checks made since the last sweep,
// check what is due (keeping evidence), look for new copies in the watch places whose turn has
// come, draft again where something came back or a deadline passed, deliver the notifications,
// and close the run with a heartbeat event. The caller holds the sweep lock.
import type { Clock } from '../core/clock.ts';
import type { CheckState } from '../core/states.ts';
import type { ChangeRow, Store } from '../store/index.ts';
import {
  appendEvent,
  changesOfRun,
  checkedTargetIdsInRun,
  countPendingCandidates,
  findUnfinishedRun,
  finishRun,
  runStateCounts,
  startRun,
} from '../store/index.ts';
import type { Politeness, RunChecksDeps } from '../checker/run-checks.ts';
import { openEvidence } from '../evidence/index.ts';
import type { CaptureSetting, EvidenceCase, EvidenceSession } from '../evidence/index.ts';
import type { FoldContext } from './apply.ts';
import type { NotifyChannel } from './channels.ts';
import { catchUp, checkDue } from './check-due.ts';
import { deliverNotifications } from './deliver.ts';
import type { DeliveryReport } from './deliver.ts';
import { discoverPhase } from './discover-phase.ts';
import type { DiscoverCase, DiscoveryReport } from './discover-phase.ts';
import { draftPhase, SWEEP_ACTOR } from './drafts.ts';
import type { CaseDraft } from './drafts.ts';
import { selectDue } from './due.ts';
import type { DueSelection, DueTarget } from './due.ts';
import type { SweepSchedule } from './schedule.ts';
import type { WatchPolicy } from './watch.ts';

export interface SweepContext {
  store: Store;
  clock: Clock;
  schedule: SweepSchedule;
  policy: WatchPolicy;
  /** At most this many URLs per run (null: all that are due). */
  cap: number | null;
  channels: readonly NotifyChannel[];
  politeness: Politeness;
  checkDeps: Omit<RunChecksDeps, 'signal' | 'clock'>;
  /** Drafts one case again (draftCase, actor 'sweep'); what it left out, and why. */
  draft: (caseId: string) => Promise<CaseDraft | undefined>;
  /** Reads one case's watch places (discoverCase, actor 'sweep'); no discovery when unset. */
  discover?: DiscoverCase;
  /** Keeps WARC evidence of the checks, as `takedown check` does; none when unset. */
  evidence?: SweepEvidenceOptions;
  signal: AbortSignal;
  /** Told the run id once known (the lock shows it to a sweep that has to wait). */
  onRun?: (runId: number, resumed: number) => void;
  /** Called before the checks start, with what is due. */
  onSelected?: (selection: DueSelection) => void;
  onResult?: (target: DueTarget, state: CheckState) => void;
  /** Run options recorded with the run. */
  options?: Record<string, unknown>;
}

export interface SweepEvidenceOptions {
  /** The workspace's evidence folder (.takedown/evidence). */
  dir: string;
  capture: CaptureSetting;
  /** e.g. "takedown/0.1.0", written into the records. */
  software: string;
  cases: ReadonlyMap<string, EvidenceCase>;
}

export interface SweepOutcome {
  runId: number;
  /** URLs already checked by the interrupted run this one resumed (0 for a new run). */
  resumed: number;
  selection: DueSelection;
  /** Checks recorded by the run, by state (resumed runs included). */
  states: Partial<Record<CheckState, number>>;
  checked: number;
  changes: ChangeRow[];
  deliveries: DeliveryReport[];
  /** Null when the sweep did not look for new copies (no `discover`, or it stopped before). */
  discovery: DiscoveryReport | null;
  /** Candidates of the swept cases waiting for a human (takedown review), new or not. */
  pendingCandidates: number;
  aborted: boolean;
}

export async function sweep(ctx: SweepContext, caseIds: readonly string[], options: { fresh?: boolean } = {}): Promise<SweepOutcome> {
  const { store } = ctx;
  const { runId, checkedInRun } = openRun(ctx, caseIds, options.fresh === true);
  ctx.onRun?.(runId, checkedInRun.size);
  const fold: FoldContext = { store, runId, policy: ctx.policy, channels: ctx.channels.map((c) => c.name) };

  await catchUp(fold);
  const selection = selectDue(store, caseIds, ctx.schedule, ctx.clock.now(), { cap: ctx.cap, checkedInRun });
  ctx.onSelected?.(selection);
  const session = openSession(ctx, runId);
  let checked: Awaited<ReturnType<typeof checkDue>>;
  try {
    checked = await checkDue(fold, selection.due, {
      politeness: ctx.politeness,
      deps: { ...ctx.checkDeps, clock: ctx.clock, signal: ctx.signal },
      onResult: (target, result) => ctx.onResult?.(target, result.state),
      ...(session === null || ctx.evidence === undefined ? {} : { evidence: { session, cases: ctx.evidence.cases } }),
    });
  } finally {
    session?.close();
  }
  let discovery: DiscoveryReport | null = null;
  const outcome = (deliveries: DeliveryReport[], aborted: boolean): SweepOutcome => {
    const states = Object.fromEntries(runStateCounts(store, runId)) as Partial<Record<CheckState, number>>;
    const total = Object.values(states).reduce((a, b) => a + (b ?? 0), 0);
    const pendingCandidates = countPendingCandidates(store, caseIds);
    return { runId, resumed: checkedInRun.size, selection, states, checked: total, changes: changesOfRun(store, runId), deliveries, discovery, pendingCandidates, aborted };
  };
  if (checked.aborted || ctx.signal.aborted) return outcome([], true);

  if (ctx.discover !== undefined) {
    discovery = await discoverPhase({ store, clock: ctx.clock, runId, channels: fold.channels, schedule: ctx.schedule, discover: ctx.discover, signal: ctx.signal }, caseIds);
    if (discovery.aborted || ctx.signal.aborted) return outcome([], true);
  }

  await draftPhase({ store, clock: ctx.clock, runId, channels: fold.channels, draft: ctx.draft }, caseIds);
  const deliveries = await deliverNotifications(store, ctx.channels);
  const result = outcome(deliveries, false);
  const attention = result.changes.filter((c) => c.attention).length;
  store.transaction(() => {
    const summary = {
      checked: result.checked,
      states: result.states,
      changes: result.changes.length,
      attention,
      notDue: selection.notDue,
      deferred: selection.deferred,
      ...(discovery === null ? {} : { discovery: discoverySummary(discovery) }),
      pendingCandidates: result.pendingCandidates,
    };
    finishRun(store, runId, summary);
    // The heartbeat: proof that the sweep ran, whether or not anything changed.
    appendEvent(store, { actor: SWEEP_ACTOR, kind: 'sweep.heartbeat', data: { run: runId, cases: [...caseIds].sort(), ...summary, notified: deliveries } });
  });
  return result;
}

/** The run's evidence session, or null when nothing is to be captured. */
function openSession(ctx: SweepContext, runId: number): EvidenceSession | null {
  const evidence = ctx.evidence;
  if (evidence === undefined || evidence.capture === 'never') return null;
  return openEvidence({ store: ctx.store, dir: evidence.dir, runId, capture: evidence.capture, software: evidence.software });
}

/** For the run's record and heartbeat: counts, not the problems' text. */
function discoverySummary(report: DiscoveryReport): Record<string, unknown> {
  const sum = (pick: (c: DiscoveryReport['read'][number]) => number): number => report.read.reduce((n, c) => n + pick(c), 0);
  return {
    cases: report.read.map((c) => c.caseId),
    notDue: report.notDue.length,
    pages: sum((c) => c.pages),
    pictures: sum((c) => c.pictures),
    found: sum((c) => c.found),
    errors: sum((c) => c.errors.length),
  };
}

function openRun(ctx: SweepContext, caseIds: readonly string[], fresh: boolean): { runId: number; checkedInRun: Set<number> } {
  const { store } = ctx;
  const unfinished = fresh ? null : findUnfinishedRun(store, 'sweep', caseIds);
  if (unfinished !== null) return { runId: unfinished.id, checkedInRun: checkedTargetIdsInRun(store, unfinished.id) };
  const runId = store.transaction(() => {
    const id = startRun(store, { kind: 'sweep', caseIds, options: ctx.options ?? {} });
    appendEvent(store, { actor: SWEEP_ACTOR, kind: 'run.start', data: { run: id, kind: 'sweep', cases: [...caseIds].sort() } });
    return id;
  });
  return { runId, checkedInRun: new Set() };
}

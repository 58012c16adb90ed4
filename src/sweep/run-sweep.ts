// One sweep over some cases: resume or start a run, fold in checks made since the last sweep,
// check what is due, draft again where something came back or a deadline passed, deliver the
// notifications, and close the run with a heartbeat event. The caller holds the sweep lock.
import type { Clock } from '../core/clock.ts';
import type { CheckState } from '../core/states.ts';
import type { ChangeRow, Store } from '../store/index.ts';
import { appendEvent, changesOfRun, checkedTargetIdsInRun, findUnfinishedRun, finishRun, runStateCounts, startRun } from '../store/index.ts';
import type { Politeness, RunChecksDeps } from '../checker/run-checks.ts';
import type { FoldContext } from './apply.ts';
import type { NotifyChannel } from './channels.ts';
import { catchUp, checkDue } from './check-due.ts';
import { deliverNotifications } from './deliver.ts';
import type { DeliveryReport } from './deliver.ts';
import { draftPhase, SWEEP_ACTOR } from './drafts.ts';
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
  /** Drafts one case again (draftCase, actor 'sweep'). */
  draft: (caseId: string) => Promise<void>;
  signal: AbortSignal;
  /** Told the run id once known (the lock shows it to a sweep that has to wait). */
  onRun?: (runId: number, resumed: number) => void;
  /** Called before the checks start, with what is due. */
  onSelected?: (selection: DueSelection) => void;
  onResult?: (target: DueTarget, state: CheckState) => void;
  /** Run options recorded with the run. */
  options?: Record<string, unknown>;
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
  const checked = await checkDue(fold, selection.due, {
    politeness: ctx.politeness,
    deps: { ...ctx.checkDeps, clock: ctx.clock, signal: ctx.signal },
    onResult: (target, result) => ctx.onResult?.(target, result.state),
  });
  const outcome = (deliveries: DeliveryReport[], aborted: boolean): SweepOutcome => {
    const states = Object.fromEntries(runStateCounts(store, runId)) as Partial<Record<CheckState, number>>;
    const total = Object.values(states).reduce((a, b) => a + (b ?? 0), 0);
    return { runId, resumed: checkedInRun.size, selection, states, checked: total, changes: changesOfRun(store, runId), deliveries, aborted };
  };
  if (checked.aborted || ctx.signal.aborted) return outcome([], true);

  await draftPhase({ store, clock: ctx.clock, runId, channels: fold.channels, draft: ctx.draft }, caseIds);
  const deliveries = await deliverNotifications(store, ctx.channels);
  const result = outcome(deliveries, false);
  const attention = result.changes.filter((c) => c.attention).length;
  store.transaction(() => {
    const summary = { checked: result.checked, states: result.states, changes: result.changes.length, attention, notDue: selection.notDue, deferred: selection.deferred };
    finishRun(store, runId, summary);
    // The heartbeat: proof that the sweep ran, whether or not anything changed.
    appendEvent(store, { actor: SWEEP_ACTOR, kind: 'sweep.heartbeat', data: { run: runId, cases: [...caseIds].sort(), ...summary, notified: deliveries } });
  });
  return result;
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

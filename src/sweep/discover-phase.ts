// After the checks: reads the watch places of each case whose turn has come (sweep.every.discover,
// from the case's last discovery run) and records one change per pending candidate. The change id
// is the candidate's, so each is told once, including one that a sweep cut off after discovery
// had recorded it: the next sweep finds it still pending and tells it then.
import type { Clock } from '../core/clock.ts';
import type { DiscoverOutcome, DiscoveryError } from '../discovery/discover.ts';
import type { Store } from '../store/index.ts';
import { lastDiscoveryAt, listCandidates, recordChange } from '../store/index.ts';
import { candidateChange } from './candidate-change.ts';
import { discoveryDue } from './schedule.ts';
import type { SweepSchedule } from './schedule.ts';

/** Reads one case's watch places (discoverCase); null when the case has none. */
export type DiscoverCase = (caseId: string) => Promise<DiscoverOutcome | null>;

export interface DiscoverPhaseContext {
  store: Store;
  clock: Clock;
  runId: number;
  channels: readonly string[];
  schedule: Pick<SweepSchedule, 'discover'>;
  discover: DiscoverCase;
  signal: AbortSignal;
}

/** What reading one case's watch places gave. */
export interface CaseDiscovery {
  caseId: string;
  pages: number;
  pictures: number;
  /** Candidates proposed for the first time. */
  found: number;
  seenAgain: number;
  errors: DiscoveryError[];
  notes: string[];
}

export interface DiscoveryReport {
  /** Cases whose watch places were read by this run. */
  read: CaseDiscovery[];
  /** Cases whose watch places were read less than sweep.every.discover ago. */
  notDue: string[];
  aborted: boolean;
}

export async function discoverPhase(ctx: DiscoverPhaseContext, caseIds: readonly string[]): Promise<DiscoveryReport> {
  const report: DiscoveryReport = { read: [], notDue: [], aborted: false };
  try {
    for (const caseId of caseIds) {
      if (ctx.signal.aborted) {
        report.aborted = true;
        break;
      }
      if (!discoveryDue(lastDiscoveryAt(ctx.store, caseId), ctx.schedule, ctx.clock.now())) {
        report.notDue.push(caseId);
        continue;
      }
      const outcome = await ctx.discover(caseId);
      if (outcome === null) continue;
      const { pages, pictures, seenAgain, errors, notes } = outcome;
      report.read.push({ caseId, pages, pictures, found: outcome.candidates.length, seenAgain, errors, notes });
      if (outcome.aborted) {
        report.aborted = true;
        break;
      }
    }
  } finally {
    // Whatever was found before an interruption or an error is told now, not a day later.
    recordCandidateChanges(ctx, caseIds);
  }
  return report;
}

/** Records a change for each pending candidate of the cases that has none yet; returns how many. */
export function recordCandidateChanges(ctx: Pick<DiscoverPhaseContext, 'store' | 'runId' | 'channels'>, caseIds: readonly string[]): number {
  const { store } = ctx;
  return store.transaction(() => {
    let recorded = 0;
    for (const candidate of listCandidates(store, { caseIds, status: 'pending' })) {
      if (recordChange(store, ctx.runId, candidateChange(candidate), ctx.channels)) recorded += 1;
    }
    return recorded;
  });
}

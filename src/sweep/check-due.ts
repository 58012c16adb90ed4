// Checks the due URLs politely (per-host queues, src/checker/run-checks.ts) and records each
// result with its consequences in one transaction; results are written in small batches, so a
// kill loses at most the last few, which the resumed run checks again. Evidence is captured as
// each result arrives and indexed in the transaction of its batch, as `takedown check` does.
import type { CheckResult } from '../core/check-result.ts';
import { captureEvidence } from '../evidence/index.ts';
import type { EvidenceCase, EvidenceSession } from '../evidence/index.ts';
import { createResultWriter, getTarget, getSweepMark, setSweepMark, unfoldedTargets, type ResultWriter } from '../store/index.ts';
import { runChecks } from '../checker/run-checks.ts';
import type { CheckJob, Politeness, RunChecksDeps } from '../checker/run-checks.ts';
import { applyQuirks } from '../providers/quirks.ts';
import { foldTarget } from './apply.ts';
import type { FoldContext } from './apply.ts';
import type { DueTarget } from './due.ts';

/**
 * Folds checks recorded outside a sweep (`takedown check`, or a sweep cut off between recording
 * and folding) since the last catch-up; returns the changes recorded. One transaction per batch
 * of URLs, and the event loop gets a turn between batches: the lock's heartbeat keeps beating
 * through the first sweep of a workspace with a long history.
 */
export async function catchUp(ctx: FoldContext, batch = 500): Promise<number> {
  const { store } = ctx;
  const since = getSweepMark(store, 'folded_check_id');
  const { targetIds, maxCheckId } = unfoldedTargets(store, since);
  let changes = 0;
  for (let i = 0; i < targetIds.length; i += batch) {
    const slice = targetIds.slice(i, i + batch);
    changes += store.transaction(() => slice.reduce((n, id) => n + foldTarget(ctx, id), 0));
    await new Promise((resolve) => setImmediate(resolve));
  }
  store.transaction(() => setSweepMark(store, 'folded_check_id', maxCheckId));
  return changes;
}

export interface CheckDueOptions {
  politeness: Politeness;
  deps: RunChecksDeps;
  /** Results per transaction (default 100) and the longest a result waits to be written (default 250 ms). */
  batchSize?: number;
  batchDelayMs?: number;
  onResult?: (target: DueTarget, result: CheckResult) => void;
  /** Keeps WARC evidence of the checks (evidence.capture); none when unset. */
  evidence?: SweepEvidence;
}

export interface SweepEvidence {
  /** Opened on the sweep's run; the caller closes it. */
  session: EvidenceSession;
  /** What each case allows to be stored (a minor's case: never media). */
  cases: ReadonlyMap<string, EvidenceCase>;
}

export async function checkDue(ctx: FoldContext, targets: readonly DueTarget[], options: CheckDueOptions): Promise<{ completed: number; aborted: boolean }> {
  const jobs: CheckJob<DueTarget>[] = targets.map((t) => ({ key: t, url: applyQuirks(t.url).url, skipMedia: true }));
  const { evidence } = options;
  const writer = batchWriter(ctx, options.batchSize ?? 100, options.batchDelayMs ?? 250, evidence?.session);
  try {
    const summary = await runChecks(jobs, options.politeness, options.deps, (job, checked, outcome) => {
      // The stored result names the URL as in the case file; a quirk may have rewritten the fetched one.
      const result: CheckResult = { ...checked, url: job.key.url };
      const evidenceCase = evidence?.cases.get(job.key.caseId);
      if (evidence !== undefined && evidenceCase !== undefined) {
        // Before the result is recorded: the target row still holds the state before this check.
        const target = getTarget(ctx.store, job.key.targetId);
        if (target !== null) captureEvidence(evidence.session, evidenceCase, target, { result, outcome });
      }
      writer.add(job.key.targetId, result);
      options.onResult?.(job.key, result);
    });
    return { completed: summary.completed, aborted: summary.aborted };
  } finally {
    // Whatever finished is kept, even when the run stops on an error or an interrupt.
    writer.flush();
  }
}

function batchWriter(ctx: FoldContext, maxItems: number, maxDelayMs: number, evidence?: EvidenceSession): ResultWriter {
  // The batch's captures reach the disk before the transaction that indexes them commits: an
  // indexed record is always on disk, and a capture cut off before it is a tail the resumed run
  // cuts. Each result is folded into its URL's watch state as it is recorded; the captures are
  // indexed after the checks, since each capture's index row names its check.
  return createResultWriter(ctx.store, ctx.runId, maxItems, maxDelayMs, {
    beforeCommit: () => evidence?.sync(),
    afterEach: (targetId) => foldTarget(ctx, targetId),
    inCommit: () => evidence?.index(),
  });
}

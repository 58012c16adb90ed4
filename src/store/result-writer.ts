// Buffers check results and writes them to the store in small transactions: one commit per
// result costs more than the check itself at 50,000 URLs, and a killed run loses at most the
// last batch (those URLs are simply checked again when the run resumes). Used by check and sweep.
import type { CheckResult } from '../core/check-result.ts';
import { recordCheck } from './checks.ts';
import type { Store } from './db.ts';

export interface ResultWriter {
  add(targetId: number, result: CheckResult): void;
  flush(): void;
  close(): void;
}

/** Work that commits with each batch: evidence is synced before the transaction, indexed inside it. */
export interface WriterHooks {
  /** Before the batch's transaction (the batch's evidence reaches the disk). */
  beforeCommit?: () => void;
  /** Inside the transaction, right after each result is recorded (the sweep folds it in). */
  afterEach?: (targetId: number) => void;
  /** Inside the transaction, after the batch's results (each capture's index row names its check). */
  inCommit?: () => void;
}

export function createResultWriter(store: Store, runId: number, maxItems = 200, maxDelayMs = 250, hooks: WriterHooks = {}): ResultWriter {
  let pending: { targetId: number; result: CheckResult }[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    hooks.beforeCommit?.();
    store.transaction(() => {
      for (const item of batch) {
        recordCheck(store, runId, item.targetId, item.result);
        hooks.afterEach?.(item.targetId);
      }
      hooks.inCommit?.();
    });
  };
  return {
    add(targetId, result) {
      pending.push({ targetId, result });
      if (pending.length >= maxItems) flush();
      else if (!timer) timer = setTimeout(flush, maxDelayMs);
    },
    flush,
    close: flush,
  };
}

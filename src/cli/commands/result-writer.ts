// Buffers check results and writes them to the store in small transactions: one commit per
// result costs more than the check itself at 50,000 URLs, and a killed run loses at most the
// last batch (those URLs are simply checked again when the run resumes).
import type { CheckResult } from '../../core/check-result.ts';
import { recordChecks, type Store } from '../../store/index.ts';

export interface ResultWriter {
  add(targetId: number, result: CheckResult): void;
  flush(): void;
  close(): void;
}

/** Work that commits with each batch: evidence is synced before the transaction, indexed inside it. */
export interface WriterHooks {
  beforeCommit?: () => void;
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
      recordChecks(store, runId, batch);
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

// Where classification runs: on the calling thread (small runs, tests) or in a pool of worker
// threads (large runs: reading pages is the costliest part of a check, and a pool puts every
// core to work while the main thread keeps the network and the store busy).
import type { HttpOutcome } from '../core/http-types.ts';
import { classify, type Classification, type ClassifyInput } from './classify.ts';
import { summariseProbe, type ProbeSummary } from './soft-404.ts';

export interface Classifier {
  /**
   * Classifies one answer. `key` names the answer: a second call with the same key (after the
   * soft-404 probe came back) may reuse the page already read.
   */
  classify(input: ClassifyInput, key: number): Promise<Classification>;
  summariseProbe(outcome: HttpOutcome): Promise<ProbeSummary>;
  /** The answer with this key will not be asked about again. */
  release(key: number): void;
  /** A full garbage collection wherever pages are read off this thread (see cli/memory.ts). */
  collectGarbage(): void;
  close(): Promise<void>;
}

export function inThreadClassifier(): Classifier {
  return {
    classify: async (input) => classify(input),
    summariseProbe: async (outcome) => summariseProbe(outcome),
    release: () => undefined,
    collectGarbage: () => undefined,
    close: async () => undefined,
  };
}

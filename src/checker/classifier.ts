// Where classification runs: on the calling thread (small runs, tests) or in a pool of worker
// threads (large runs: reading pages is the costliest part of a check, and a pool puts every
// core to work while the main thread keeps the network and the store busy).
import type { HttpOutcome } from '../core/http-types.ts';
import { classify, readPage, type Classification, type ClassifyInput } from './classify.ts';
import type { PageView } from './page.ts';
import { probeMayDecide, summariseProbe, type ProbeSummary } from './soft-404.ts';

/** Verdicts that rest on the soft-404 probe alone: a check confirms them with a second probe. */
export const PROBE_REASONS: ReadonlySet<string> = new Set(['soft-404', 'redirect-like-probe']);

/**
 * Whether a check may ask about the same answer again after this verdict (check-target.ts): a
 * generic "live" from the first look is judged again against the site's soft-404 probe, and a
 * verdict that rests on that probe against the confirming one. Only those pages are kept for a
 * second look; asking about one that was not kept costs a second reading, nothing else.
 */
export function mayLookAgain(verdict: Classification, withProbe: boolean): boolean {
  return withProbe ? PROBE_REASONS.has(verdict.reason) : verdict.state === 'live' && verdict.reason === 'ok';
}

/**
 * Whether a check judges the page again against `probe` after the first look gave `first`: only a
 * generic "live" with a page read can be the site's soft 404, and only a probe that may decide
 * (probeMayDecide) can change it.
 */
export function probeMayChange(first: Classification, outcome: HttpOutcome, probe: ProbeSummary): boolean {
  return mayLookAgain(first, false) && outcome.ok && !outcome.response.bodySkipped && probeMayDecide(probe, outcome.response);
}

/** Both looks at one answer: without the soft-404 probe, and the verdict once the probe was weighed. */
export interface Looks {
  first: Classification;
  verdict: Classification;
}

export interface Classifier {
  /**
   * Classifies one answer. `key` names the answer: a second call with the same key (after the
   * soft-404 probe came back) may reuse the page already read.
   */
  classify(input: ClassifyInput, key: number): Promise<Classification>;
  /**
   * Both looks in one go, for a site whose probe is in already: classify without the probe and,
   * when that says "live" and the probe may decide, again with it (see bothLooks).
   */
  classifyWithProbe(input: ClassifyInput, key: number, probe: ProbeSummary | null): Promise<Looks>;
  summariseProbe(outcome: HttpOutcome): Promise<ProbeSummary>;
  /** The answer with this key will not be asked about again. */
  release(key: number): void;
  /** A full garbage collection wherever pages are read off this thread (see cli/memory.ts). */
  collectGarbage(): void;
  close(): Promise<void>;
}

/** A page kept for another look at the same answer. */
export interface KeptPage {
  outcome: HttpOutcome;
  page: PageView;
}

/**
 * Classifies one answer, reading its page once for both looks: `pages` holds, by key, the pages
 * that may be asked about again (a kept page serves only the very answer it was read from), and
 * the caller drops them on release.
 */
export function classifyKeeping(input: ClassifyInput, key: number, pages: Map<number, KeptPage>): Classification {
  const known = pages.get(key);
  const page = known?.outcome === input.outcome ? known.page : input.outcome.ok ? readPage(input.outcome.response) : undefined;
  const verdict = classify(page === undefined ? input : { ...input, page });
  if (page !== undefined && mayLookAgain(verdict, (input.probe ?? null) !== null)) pages.set(key, { outcome: input.outcome, page });
  else pages.delete(key);
  return verdict;
}

/**
 * The first look at an answer and, when it is a generic "live" and the probe may change it, the
 * second look against the probe: what a check asks one after the other (check-target.ts), with the
 * page read once and kept only if a third look (the confirming probe) may follow.
 */
export function bothLooks(input: ClassifyInput, key: number, probe: ProbeSummary | null, pages: Map<number, KeptPage>): Looks {
  const first = classifyKeeping({ ...input, probe: null }, key, pages);
  if (probe === null || !probeMayChange(first, input.outcome, probe)) {
    pages.delete(key);
    return { first, verdict: first };
  }
  return { first, verdict: classifyKeeping({ ...input, probe }, key, pages) };
}

export function inThreadClassifier(): Classifier {
  const pages = new Map<number, KeptPage>();
  return {
    classify: async (input, key) => classifyKeeping(input, key, pages),
    classifyWithProbe: async (input, key, probe) => bothLooks(input, key, probe, pages),
    summariseProbe: async (outcome) => summariseProbe(outcome),
    release: (key) => {
      pages.delete(key);
    },
    collectGarbage: () => undefined,
    close: async () => undefined,
  };
}

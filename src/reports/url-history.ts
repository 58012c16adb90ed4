// A URL's history from its observations: runs of states, first seen live and gone, reappearances. Pure.
import { isGone } from '../core/states.ts';
import type { CheckState } from '../core/states.ts';
import type { ReportCheckInput, StateSpan } from './report-types.ts';

export interface UrlHistory {
  firstCheckedAt: string | null;
  firstSeenLive: string | null;
  lastSeenLive: string | null;
  firstSeenGone: string | null;
  goneSince: string | null;
  reappearedAt: string[];
  spans: StateSpan[];
}

/**
 * `blocked` and `unreachable` say nothing about whether the content is up, so they neither end
 * a gone run nor count as a reappearance: gone, unreachable, gone is one removal; gone,
 * unreachable, live is a reappearance.
 */
export function isDefinite(state: CheckState): boolean {
  return state === 'live' || isGone(state);
}

export function urlHistory(checks: readonly ReportCheckInput[]): UrlHistory {
  const history: UrlHistory = {
    firstCheckedAt: checks[0]?.checkedAt ?? null,
    firstSeenLive: null,
    lastSeenLive: null,
    firstSeenGone: null,
    goneSince: null,
    reappearedAt: [],
    spans: [],
  };
  let lastDefinite: CheckState | null = null;
  for (const check of checks) {
    const span = history.spans.at(-1);
    if (span === undefined || span.state !== check.state) {
      if (span !== undefined) span.to = check.checkedAt;
      history.spans.push({ state: check.state, from: check.checkedAt, to: null });
    }
    if (!isDefinite(check.state)) continue;
    if (check.state === 'live') {
      history.firstSeenLive ??= check.checkedAt;
      history.lastSeenLive = check.checkedAt;
      if (lastDefinite !== null && isGone(lastDefinite)) history.reappearedAt.push(check.checkedAt);
      history.goneSince = null;
    } else {
      history.firstSeenGone ??= check.checkedAt;
      if (lastDefinite === null || !isGone(lastDefinite)) history.goneSince = check.checkedAt;
    }
    lastDefinite = check.state;
  }
  return history;
}

/** The last definite state observed strictly before `at`, or null. */
export function definiteStateBefore(checks: readonly ReportCheckInput[], at: string): CheckState | null {
  const limit = Date.parse(at);
  let state: CheckState | null = null;
  for (const check of checks) {
    if (Date.parse(check.checkedAt) >= limit) break;
    if (isDefinite(check.state)) state = check.state;
  }
  return state;
}

export interface RemovalSighting {
  /** The first check of the gone run that counts: the removal happened at or before it. */
  goneAt: string | null;
  /** The next definite check of that run, also gone: the removal is confirmed. */
  confirmedAt: string | null;
}

/**
 * Where the URL went after `at`. A single "gone" can be a glitch, and a false "removed" is the
 * worst error this tool can make, so a removal counts once a later check, at least `confirmMs`
 * after the first, still sees it gone: the sweep's rule (blocked or unreachable checks in
 * between neither confirm nor break it). The first confirmed gone run wins; without one, the
 * first sighting is kept unconfirmed.
 */
export function removalAfter(checks: readonly ReportCheckInput[], at: string, confirmMs: number): RemovalSighting {
  const limit = Date.parse(at);
  let firstSighting: string | null = null;
  let runStart: string | null = null;
  for (const check of checks) {
    if (Date.parse(check.checkedAt) < limit || !isDefinite(check.state)) continue;
    if (!isGone(check.state)) {
      runStart = null;
      continue;
    }
    if (runStart !== null) {
      if (Date.parse(check.checkedAt) - Date.parse(runStart) >= confirmMs) return { goneAt: runStart, confirmedAt: check.checkedAt };
      continue;
    }
    runStart = check.checkedAt;
    firstSighting ??= check.checkedAt;
  }
  return { goneAt: firstSighting, confirmedAt: null };
}

/** Hours from `from` to `to`, to a tenth: the precision a sweep's interval allows anyway. */
export function hoursBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 360_000) / 10;
}

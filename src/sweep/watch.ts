// Where a URL stands in its removal, folded check by check: seen live, seen gone, confirmed gone
// (gone on two checks far enough apart), live again. Pure.
//
// `blocked` and `unreachable` say nothing about the content: they never move the phase, never
// start or end a removal; they only build an "unseen" streak, reported once when it grows long.
import type { CheckState } from '../core/states.ts';
import { isGone } from '../core/states.ts';
import type { ObservationRow, WatchPhase, WatchRow } from '../store/index.ts';

// The state and the checks folded are the store's rows (src/store/watch.ts), under the names
// this module uses.
export type Phase = WatchPhase;
export type WatchState = WatchRow;
export type Observation = ObservationRow;

export interface WatchPolicy {
  /** Two gone checks at least this far apart confirm a removal. */
  confirmMs: number;
  /** `--confirm`: the second gone check confirms at once (tests); two checks are still needed. */
  confirmNow: boolean;
  /** An unseen streak is reported once it is this long (from the last time the URL was seen). */
  reportUnseenAfterMs: number;
}

export type WatchEvent =
  | { kind: 'live'; obs: Observation }
  | { kind: 'gone'; obs: Observation; lastLiveAt: string | null }
  | { kind: 'confirmed'; obs: Observation; goneSince: string; lastLiveAt: string | null }
  | { kind: 'live-again'; obs: Observation; goneSince: string }
  | { kind: 'reappeared'; obs: Observation; goneSince: string | null; confirmedAt: string }
  | { kind: 'unseen'; obs: Observation; since: string; firstCheckId: number; count: number; lastSeenAt: string | null };

export const INITIAL_WATCH: WatchState = {
  phase: 'unknown',
  goneSince: null,
  goneCheckId: null,
  confirmedAt: null,
  lastLiveAt: null,
  lastSeenAt: null,
  unseenSince: null,
  unseenCheckId: null,
  unseenCount: 0,
  unseenReported: false,
  reappearances: 0,
  throughCheckId: 0,
};

function isUnseen(state: CheckState): boolean {
  return state === 'blocked' || state === 'unreachable';
}

/** Folds one observation in. Observations come oldest first; one already folded changes nothing. */
export function advance(state: WatchState, obs: Observation, policy: WatchPolicy): { state: WatchState; events: WatchEvent[] } {
  if (obs.checkId <= state.throughCheckId) return { state, events: [] };
  const next: WatchState = { ...state, throughCheckId: obs.checkId };
  const events: WatchEvent[] = [];

  if (isUnseen(obs.state)) {
    if (next.unseenSince === null) {
      next.unseenSince = obs.at;
      next.unseenCheckId = obs.checkId;
      next.unseenCount = 0;
      next.unseenReported = false;
    }
    next.unseenCount += 1;
    const since = next.lastSeenAt ?? next.unseenSince;
    const long = Date.parse(obs.at) - Date.parse(since) >= policy.reportUnseenAfterMs;
    // Two failures at least: one alone is a bad moment, not a streak.
    if (long && next.unseenCount >= 2 && !next.unseenReported) {
      next.unseenReported = true;
      events.push({ kind: 'unseen', obs, since, firstCheckId: next.unseenCheckId ?? obs.checkId, count: next.unseenCount, lastSeenAt: next.lastSeenAt });
    }
    return { state: next, events };
  }

  next.unseenSince = null;
  next.unseenCheckId = null;
  next.unseenCount = 0;
  next.unseenReported = false;
  next.lastSeenAt = obs.at;

  if (isGone(obs.state)) {
    switch (state.phase) {
      case 'unknown':
      case 'live':
        next.phase = 'gone';
        next.goneSince = obs.at;
        next.goneCheckId = obs.checkId;
        next.confirmedAt = null;
        // The first observation of a URL is its starting point, not a change.
        if (state.phase === 'live') events.push({ kind: 'gone', obs, lastLiveAt: state.lastLiveAt });
        break;
      case 'gone': {
        const goneSince = state.goneSince ?? obs.at;
        const apart = Date.parse(obs.at) - Date.parse(goneSince);
        if (policy.confirmNow || apart >= policy.confirmMs) {
          next.phase = 'confirmed';
          next.confirmedAt = obs.at;
          events.push({ kind: 'confirmed', obs, goneSince, lastLiveAt: state.lastLiveAt });
        }
        break;
      }
      case 'confirmed':
        break;
    }
    return { state: next, events };
  }

  // live
  next.lastLiveAt = obs.at;
  next.phase = 'live';
  switch (state.phase) {
    case 'unknown':
      events.push({ kind: 'live', obs });
      break;
    case 'gone':
      events.push({ kind: 'live-again', obs, goneSince: state.goneSince ?? obs.at });
      next.goneSince = null;
      next.goneCheckId = null;
      break;
    case 'confirmed':
      next.reappearances += 1;
      events.push({ kind: 'reappeared', obs, goneSince: state.goneSince, confirmedAt: state.confirmedAt ?? obs.at });
      next.goneSince = null;
      next.goneCheckId = null;
      next.confirmedAt = null;
      break;
    case 'live':
      break;
  }
  return { state: next, events };
}

/** Folds several observations, oldest first. */
export function advanceAll(state: WatchState, observations: readonly Observation[], policy: WatchPolicy): { state: WatchState; events: WatchEvent[] } {
  let current = state;
  const events: WatchEvent[] = [];
  for (const obs of observations) {
    const step = advance(current, obs, policy);
    current = step.state;
    events.push(...step.events);
  }
  return { state: current, events };
}

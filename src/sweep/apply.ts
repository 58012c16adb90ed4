// Applies what a URL's new checks mean, inside the caller's transaction: folds them into its
// watch state, and for a confirmed removal resolves the requests about it (time to removal
// recorded per request); records every change once, with its notifications.
import { OPEN_STATUSES } from '../core/notice.ts';
import type { RequestStatus } from '../core/notice.ts';
import { formatRequestId } from '../core/request-id.ts';
import type { Store, TargetRow } from '../store/index.ts';
import {
  appendEvent,
  getTarget,
  getWatch,
  moveRequest,
  observationsAfter,
  putWatch,
  recordChange,
  recordRemoval,
  requestBriefsForTarget,
  requestHasUnconfirmedTarget,
  requestRemovalSeconds,
  targetHasRequest,
} from '../store/index.ts';
import { advanceAll, INITIAL_WATCH } from './watch.ts';
import type { WatchEvent, WatchPolicy, WatchState } from './watch.ts';

export interface FoldContext {
  store: Store;
  /** The sweep run the changes belong to. */
  runId: number;
  policy: WatchPolicy;
  /** Notification channels each new change is queued on. */
  channels: readonly string[];
}

/** Requests a confirmed removal closes as successful. */
const RESOLVABLE: readonly RequestStatus[] = ['sent', 'acknowledged', 'expired'];

/**
 * Folds the target's checks not yet folded, applies their consequences and returns how many
 * new changes were recorded. Runs in one transaction (a savepoint inside the caller's), so a
 * URL's check, its state and its consequences commit together or not at all.
 */
export function foldTarget(ctx: FoldContext, targetId: number): number {
  return ctx.store.transaction(() => {
    const before: WatchState = getWatch(ctx.store, targetId) ?? INITIAL_WATCH;
    const observations = observationsAfter(ctx.store, targetId, before.throughCheckId);
    if (observations.length === 0) return 0;
    const target = getTarget(ctx.store, targetId);
    if (target === null) throw new Error(`sweep: target ${targetId} has checks but does not exist`);
    const { state, events } = advanceAll(before, observations, ctx.policy);
    putWatch(ctx.store, targetId, state);
    let recorded = 0;
    for (const event of events) recorded += applyEvent(ctx, target, event) ? 1 : 0;
    return recorded;
  });
}

function applyEvent(ctx: FoldContext, target: TargetRow, event: WatchEvent): boolean {
  const { store } = ctx;
  const base = { caseId: target.caseId, targetId: target.id, at: event.obs.at };
  const seen = { url: target.url, state: event.obs.state, reason: event.obs.reason, at: event.obs.at };
  const key = `${target.id}:${event.obs.checkId}`;
  const record = (change: Parameters<typeof recordChange>[2]): boolean => recordChange(store, ctx.runId, change, ctx.channels);
  switch (event.kind) {
    case 'live':
      // A new URL seen live needs a notice, unless one is already on its way.
      if (targetHasRequest(store, target.id, OPEN_STATUSES)) return false;
      return record({ ...base, id: `live:${key}`, kind: 'live', attention: true, data: seen });
    case 'gone':
      return record({ ...base, id: `gone:${key}`, kind: 'gone', attention: false, data: { ...seen, lastLiveAt: event.lastLiveAt } });
    case 'live-again':
      return record({ ...base, id: `live-again:${key}`, kind: 'live-again', attention: true, data: { ...seen, goneSince: event.goneSince } });
    case 'unseen':
      return record({
        ...base,
        id: `unseen:${target.id}:${event.firstCheckId}`,
        kind: 'unseen',
        attention: true,
        data: { ...seen, since: event.since, count: event.count, lastSeenAt: event.lastSeenAt },
      });
    case 'reappeared':
      appendEvent(store, {
        actor: 'sweep',
        kind: 'target.reappeared',
        caseId: target.caseId,
        targetId: target.id,
        data: { url: target.url, confirmedAt: event.confirmedAt, at: event.obs.at, check: event.obs.checkId },
      });
      return record({
        ...base,
        id: `reappeared:${key}`,
        kind: 'reappeared',
        attention: true,
        needsDraft: true,
        data: { ...seen, goneSince: event.goneSince, confirmedAt: event.confirmedAt },
      });
    case 'confirmed': {
      const closed = closeRequests(store, target, event);
      appendEvent(store, {
        actor: 'sweep',
        kind: 'target.confirmed',
        caseId: target.caseId,
        targetId: target.id,
        data: { url: target.url, goneSince: event.goneSince, at: event.obs.at, check: event.obs.checkId, resolved: closed.resolved.map((r) => r.request) },
      });
      return record({
        ...base,
        id: `confirmed:${key}`,
        kind: 'confirmed',
        attention: false,
        data: { ...seen, goneSince: event.goneSince, ...closed },
      });
    }
  }
}

interface Closed {
  resolved: { request: string; provider: string; recipient: string; hoursToRemoval: number | null }[];
  /** Unsent drafts about URLs that are all gone: there is nothing left to send them about. */
  withdrawn: string[];
}

function closeRequests(store: Store, target: TargetRow, event: Extract<WatchEvent, { kind: 'confirmed' }>): Closed {
  const closed: Closed = { resolved: [], withdrawn: [] };
  const at = event.obs.at;
  for (const request of requestBriefsForTarget(store, target.id, [...RESOLVABLE, 'draft'])) {
    const resolvable = RESOLVABLE.includes(request.status);
    // A draft whose send was started may have gone out: it is left for the user to settle.
    if (!resolvable && request.sendStartedAt !== null) continue;
    const id = formatRequestId(request.id);
    if (resolvable) {
      recordRemoval(store, {
        requestId: request.id,
        targetId: target.id,
        caseId: request.caseId,
        providerId: request.providerId,
        channelId: request.channelId,
        kind: request.kind,
        rung: request.rung,
        sentAt: request.sentAt,
        lastLiveAt: event.lastLiveAt,
        goneAt: event.goneSince,
        confirmedAt: at,
        secondsToRemoval: secondsToRemoval(request.rung, request.sentAt, event.goneSince),
      });
    }
    // The request is done only when every URL it names is confirmed gone. This URL counts as
    // confirmed here even when a later check in the same fold saw it live again.
    if (requestHasUnconfirmedTarget(store, request.id, target.id)) continue;
    const urls = request.urls === 1 ? 'its URL was' : `all ${request.urls} of its URLs were`;
    if (resolvable) {
      moveRequest(store, request.id, 'resolved', { actor: 'sweep', at, why: `${urls} confirmed gone (seen gone on two checks)` });
      closed.resolved.push({ request: id, provider: request.providerId, recipient: request.recipientName, hoursToRemoval: hoursOf(requestRemovalSeconds(store, request.id)) });
    } else {
      moveRequest(store, request.id, 'superseded', { actor: 'sweep', at, why: `${urls} confirmed gone before it was sent; nothing to send` });
      closed.withdrawn.push(id);
    }
  }
  return closed;
}

/** From sending to the first check that saw the URL gone; none when it went first, or for search delisting. */
export function secondsToRemoval(rung: string, sentAt: string | null, goneAt: string): number | null {
  // A search engine delists; the page stays where it is, so its disappearance is not the engine's doing.
  if (rung === 'search' || sentAt === null) return null;
  const seconds = Math.round((Date.parse(goneAt) - Date.parse(sentAt)) / 1000);
  return seconds < 0 ? null : seconds;
}

/** Hours (one decimal) from a request's sending to its last URL seen gone. */
function hoursOf(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds / 360) / 10;
}

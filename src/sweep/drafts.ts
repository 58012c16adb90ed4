// After the checks: requests past their deadline are reported, and every case with a
// reappearance or an overdue request is drafted again (draftCase proposes the next rung, or a
// new notice for content that came back). Nothing is sent. An overdue request whose URLs no
// further rung could be drafted for is reported too (the plan's reason), once per deadline.
//
// What a draft created is read back from the event log (actor 'sweep'), under a watermark, so a
// sweep cut off between drafting and recording still reports every new draft, once.
import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import { isUserError } from '../core/errors.ts';
import { formatRequestId, parseRequestId } from '../core/request-id.ts';
import { OPEN_STATUSES } from '../core/notice.ts';
import { isGone } from '../core/states.ts';
import type { ChangeRow, RequestBrief, Store } from '../store/index.ts';
import {
  addChangeData,
  casesAwaitingDraft,
  changesAwaitingDraft,
  getRequest,
  getTarget,
  getSweepMark,
  markCaseDrafted,
  overdueRequests,
  recordChange,
  requestBriefsForTarget,
  setSweepMark,
  sweepDraftEventsAfter,
} from '../store/index.ts';

/** The actor the sweep drafts as; the events it leaves are how its drafts are found again. */
export const SWEEP_ACTOR = 'sweep';

export interface DraftPhaseContext {
  store: Store;
  clock: Clock;
  runId: number;
  channels: readonly string[];
  /** Drafts one case (draftCase with actor 'sweep'); a UserError means it cannot be drafted now. */
  draft: (caseId: string) => Promise<CaseDraft | undefined>;
}

/** What drafting a case left out: the plan's skipped URLs, each with its reason. */
export interface CaseDraft {
  skipped: readonly { url: string; reason: string }[];
}

export async function draftPhase(ctx: DraftPhaseContext, caseIds: readonly string[]): Promise<void> {
  const { store } = ctx;
  const now = ctx.clock.now().toISOString();
  store.transaction(() => {
    for (const late of overdueRequests(store, caseIds, now)) {
      const request = getRequest(store, late.id);
      if (request === null) continue;
      recordChange(
        store,
        ctx.runId,
        {
          // Per deadline: a deadline moved by a later answer makes a new change.
          id: `overdue:${late.id}:${late.deadlineAt}`,
          kind: 'overdue',
          caseId: late.caseId,
          requestId: late.id,
          attention: true,
          needsDraft: true,
          at: now,
          data: {
            request: formatRequestId(late.id),
            recipient: request.recipientName,
            rung: request.rung,
            kind: request.kind,
            sentAt: request.sentAt,
            deadline: late.deadlineAt,
            rule: request.deadlineRule,
          },
        },
        ctx.channels,
      );
    }
  });
  // Drafts from a sweep that was cut off after drafting are recorded first.
  collectDrafts(ctx);
  for (const caseId of casesAwaitingDraft(store, caseIds)) {
    // Read before drafting: a request the draft climbs past is escalated and no longer overdue;
    // a request open before is not a new draft.
    const late = overdueRequests(store, [caseId], now);
    const reappeared = changesAwaitingDraft(store, caseId).filter((c) => c.kind === 'reappeared' && c.targetId !== null);
    const openBefore = new Set(reappeared.flatMap((c) => openLadderRequests(store, c.targetId ?? 0).map((r) => r.id)));
    let drafted: CaseDraft | undefined;
    try {
      drafted = await ctx.draft(caseId);
    } catch (error) {
      if (!isUserError(error)) throw error;
      // Reported once per distinct problem; the case stays waiting and is tried again next sweep.
      const digest = createHash('sha256').update(error.message).digest('hex').slice(0, 12);
      recordChange(
        store,
        ctx.runId,
        { id: `draft-failed:${caseId}:${digest}`, kind: 'draft-failed', caseId, attention: true, at: now, data: { message: error.message, code: error.code } },
        ctx.channels,
      );
      continue;
    }
    store.transaction(() => {
      collectDrafts(ctx);
      if (drafted !== undefined) {
        recordNoNextRung(ctx, late, drafted, now);
        settleReappearances(store, reappeared, openBefore, drafted);
      }
      markCaseDrafted(store, caseId, now);
    });
  }
}

/** Rungs of the removal ladder: a request on one of them is what takes a URL down. */
const LADDER = new Set(['site', 'host', 'cdn', 'registrar']);

function openLadderRequests(store: Store, targetId: number): RequestBrief[] {
  return requestBriefsForTarget(store, targetId, OPEN_STATUSES).filter((r) => LADDER.has(r.rung));
}

/**
 * What drafting did about each reappearance, added to its change so that its line says so: the
 * new draft, the open request that already covers the URL, or why nothing could be drafted.
 */
function settleReappearances(store: Store, reappeared: readonly ChangeRow[], openBefore: ReadonlySet<number>, drafted: CaseDraft): void {
  for (const change of reappeared) {
    const open = openLadderRequests(store, change.targetId ?? 0);
    const fresh = open.filter((r) => r.status === 'draft' && !openBefore.has(r.id));
    const url = typeof change.data['url'] === 'string' ? change.data['url'] : '';
    const skipped = drafted.skipped.find((s) => s.url === url);
    if (fresh.length > 0) addChangeData(store, change.id, { drafts: fresh.map((r) => formatRequestId(r.id)) });
    else if (open.length > 0) addChangeData(store, change.id, { coveredBy: open.map((r) => `${formatRequestId(r.id)} (${r.status})`) });
    else if (skipped !== undefined) addChangeData(store, change.id, { notDrafted: skipped.reason });
  }
}

/**
 * For each overdue request, the URLs still up that the draft found no further rung for (a site
 * with no contact above it, a platform with no rung above its own): a person must follow it up
 * or turn to a regulator. Once per request and deadline, as the overdue change.
 */
function recordNoNextRung(
  ctx: Pick<DraftPhaseContext, 'store' | 'runId' | 'channels'>,
  late: readonly { id: number; caseId: string; deadlineAt: string }[],
  drafted: CaseDraft,
  now: string,
): void {
  const { store } = ctx;
  const reasons = new Map(drafted.skipped.map((s) => [s.url, s.reason]));
  for (const overdue of late) {
    const request = getRequest(store, overdue.id);
    if (request === null) continue;
    const stuck = request.targets
      .filter((t) => {
        // A URL last seen gone needs no rung: the sweep confirms its removal and resolves the request.
        const state = getTarget(store, t.targetId)?.lastState ?? null;
        return (state === null || !isGone(state)) && reasons.has(t.url);
      })
      .map((t) => ({ url: t.url, reason: reasons.get(t.url) ?? '' }));
    if (stuck.length === 0) continue;
    recordChange(
      store,
      ctx.runId,
      {
        id: `last-rung:${overdue.id}:${overdue.deadlineAt}`,
        kind: 'last-rung',
        caseId: overdue.caseId,
        requestId: overdue.id,
        attention: true,
        at: now,
        data: {
          request: formatRequestId(overdue.id),
          recipient: request.recipientName,
          rung: request.rung,
          deadline: overdue.deadlineAt,
          ticket: request.ticket,
          urls: stuck,
        },
      },
      ctx.channels,
    );
  }
}

/** Records a change for each request the sweep drafted or escalated since the watermark. */
export function collectDrafts(ctx: Pick<DraftPhaseContext, 'store' | 'runId' | 'channels'>): void {
  const { store } = ctx;
  store.transaction(() => {
    const { events, maxSeq } = sweepDraftEventsAfter(store, getSweepMark(store, 'draft_event_seq'));
    for (const event of events) {
      const id = parseRequestId(String(event.data['request'] ?? ''));
      if (id === undefined || event.caseId === null) continue;
      if (event.kind === 'request.escalated') {
        recordChange(
          store,
          ctx.runId,
          {
            id: `escalated:${id}`,
            kind: 'escalated',
            caseId: event.caseId,
            requestId: id,
            attention: false,
            at: event.at,
            data: { request: formatRequestId(id), why: event.data['why'] ?? null },
          },
          ctx.channels,
        );
        continue;
      }
      const request = getRequest(store, id);
      if (request === null) continue;
      recordChange(
        store,
        ctx.runId,
        {
          id: `drafted:${id}`,
          kind: 'drafted',
          caseId: event.caseId,
          requestId: id,
          attention: true,
          at: event.at,
          data: {
            request: formatRequestId(id),
            recipient: request.recipientName,
            address: request.recipient,
            rung: request.rung,
            kind: request.kind,
            channel: request.channelKind,
            file: request.file,
            urls: request.targets.map((t) => t.url),
          },
        },
        ctx.channels,
      );
    }
    setSweepMark(store, 'draft_event_seq', maxSeq);
  });
}

// Reads what a report needs from the store (cases, URLs, every check, requests, the event log) as plain data.
import { UserError } from '../core/errors.ts';
import type { Store } from '../store/index.ts';
import { checksForTarget, getCase, listCases, listEvents, listRemovals, listRequests, listTargets, verifyEventChain } from '../store/index.ts';
import type { ChainSummary, ReportCaseInput, ReportInput } from './report-types.ts';

/** Every case the store knows, including those whose case file has since been moved away. */
export function storedCaseIds(store: Store): string[] {
  return listCases(store).map((c) => c.id);
}

/** The log's rows; a log damaged past reading still gives a report, which then says the chain is broken. */
function readableEvents(store: Store): ReturnType<typeof listEvents> {
  try {
    return listEvents(store);
  } catch {
    return [];
  }
}

export function readReportInput(store: Store, caseIds: readonly string[], now: Date, options: { confirmHours: number }): ReportInput {
  const verdict = verifyEventChain(store);
  const events = verdict.ok ? listEvents(store) : readableEvents(store);
  const head = events.at(-1);
  const chain: ChainSummary = {
    ok: verdict.ok,
    events: events.length,
    headSeq: head?.seq ?? null,
    headHash: head?.hash ?? null,
    problem: verdict.ok ? null : `event ${verdict.seq}: ${verdict.problem}`,
  };
  const cases = caseIds.map((id): ReportCaseInput => {
    const row = getCase(store, id);
    if (row === null) {
      const known = storedCaseIds(store).join(', ');
      throw new UserError('NO_SUCH_CASE', `no case "${id}" in this workspace's records (cases: ${known || 'none'}); a case is recorded when it is first checked`);
    }
    return {
      id: row.id,
      title: row.title,
      minor: row.minor,
      // Inactive URLs too: a URL taken out of the case file keeps its history, which is evidence.
      targets: listTargets(store, id, { activeOnly: false }).map((t) => ({
        id: t.id,
        url: t.url,
        note: t.note,
        active: t.active,
        addedAt: t.addedAt,
        checks: checksForTarget(store, t.id).map((c, i, all) => ({
          checkedAt: c.checkedAt,
          state: c.state,
          reason: c.reason,
          // Only the last check's words are shown: the rest would only take memory.
          ...(i === all.length - 1 ? { detail: c.detail } : {}),
        })),
      })),
      requests: listRequests(store, { caseIds: [id] }).map((r) => ({
        id: r.id,
        kind: r.kind,
        rung: r.rung,
        providerId: r.providerId,
        channelKind: r.channelKind,
        recipientName: r.recipientName,
        status: r.status,
        createdAt: r.createdAt,
        sentAt: r.sentAt,
        acknowledgedAt: r.acknowledgedAt,
        closedAt: r.closedAt,
        deadlineAt: r.deadlineAt,
        deadlineRule: r.deadlineRule,
        ticket: r.ticket,
        note: r.note,
        supersededBy: r.supersededBy,
        targetIds: r.targets.map((t) => t.targetId),
      })),
      events: events
        .filter((e) => e.caseId === id)
        .map((e) => ({ seq: e.seq, at: e.at, kind: e.kind, targetId: e.targetId, data: e.data, hash: e.hash })),
      // The sweep's confirmed removals. Rows without a time to removal (gone before the notice,
      // search delisting) add nothing the checks do not already show.
      removals: listRemovals(store, { caseId: id })
        .filter((r) => r.secondsToRemoval !== null)
        .map((r) => ({ requestId: r.requestId, targetId: r.targetId, goneAt: r.goneAt, confirmedAt: r.confirmedAt })),
    };
  });
  return { generatedAt: now.toISOString(), confirmHours: options.confirmHours, chain, cases };
}

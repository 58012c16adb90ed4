// `mark`: records what happened outside the tool (a web form filed, a reply, a ticket number).
import type { Clock } from '../core/clock.ts';
import { UserError } from '../core/errors.ts';
import type { RequestStatus } from '../core/notice.ts';
import type { Provider } from '../core/provider.ts';
import { formatRequestId } from '../core/request-id.ts';
import { deadlineAt, deadlineRule } from '../notices/deadlines.ts';
import type { RequestRow, Store } from '../store/index.ts';
import { getRequest, moveRequest } from '../store/index.ts';

/** What the user can say happened; `filed` is `sent` for web forms, in-app reports and mail sent by hand. */
export const MARK_ACTIONS = ['filed', 'acknowledged', 'resolved', 'refused', 'expired'] as const;
export type MarkAction = (typeof MARK_ACTIONS)[number];

const STATUS_OF: Record<MarkAction, RequestStatus> = {
  filed: 'sent',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  refused: 'refused',
  expired: 'expired',
};

export interface MarkInput {
  id: number;
  action: MarkAction;
  /** The ticket or case number the provider gave. */
  ref?: string;
  /** When it happened (default now); the clock of a filed request starts here. */
  at?: Date;
  note?: string;
}

export interface MarkDeps {
  store: Store;
  clock: Clock;
  providers: readonly Provider[];
  followUpDays: number;
  actor?: string;
}

export function markRequest(deps: MarkDeps, input: MarkInput): RequestRow {
  const current = getRequest(deps.store, input.id);
  if (current === null) throw new UserError('NO_SUCH_REQUEST', `no request ${formatRequestId(input.id)} in this workspace (see "takedown status")`);
  const at = input.at ?? deps.clock.now();
  const rid = formatRequestId(input.id);
  if (at.getTime() > deps.clock.now().getTime() + 60_000) {
    throw new UserError('BAD_TIME', `--at ${at.toISOString()} is in the future`);
  }
  if (at.getTime() < Date.parse(current.createdAt) - 60_000) {
    throw new UserError('BAD_TIME', `--at ${at.toISOString()} is before ${rid} was drafted (${current.createdAt})`);
  }
  const to = STATUS_OF[input.action];
  if (input.action === 'filed' && current.status !== 'draft' && current.status !== 'superseded') {
    const when = current.sentAt ? ` on ${current.sentAt}` : '';
    throw new UserError('BAD_TRANSITION', `${rid} was already filed or sent${when} (it is ${current.status}); to record an answer use acknowledged, resolved or refused`);
  }
  const options = {
    actor: deps.actor ?? 'user',
    at: at.toISOString(),
    ...(input.ref === undefined ? {} : { ticket: input.ref }),
    ...(input.note === undefined ? {} : { note: input.note }),
    why: `marked ${input.action} by the user`,
  };
  if (to === 'sent') {
    const provider = deps.providers.find((p) => p.id === current.providerId);
    const channel = provider?.channels.find((ch) => ch.id === current.channelId) ?? {};
    const rule = deadlineRule(current.kind, channel, deps.followUpDays);
    return deps.store.transaction(() => {
      // A draft replaced by a newer one was filed after all (from its packet, before the re-draft):
      // record it, and withdraw the replacement if it is still unsent, so no URL is reported twice.
      if (current.status === 'superseded' && current.supersededBy !== null) {
        const replacement = getRequest(deps.store, current.supersededBy);
        if (replacement !== null && replacement.status === 'draft' && replacement.sendStartedAt === null) {
          moveRequest(deps.store, replacement.id, 'superseded', {
            actor: options.actor,
            why: `${rid}, which it replaced, was filed after all; run "takedown draft" to ask about the remaining URLs`,
          });
        }
      }
      return moveRequest(deps.store, input.id, 'sent', { ...options, deadlineAt: deadlineAt(rule, at).toISOString(), transport: 'by hand' });
    });
  }
  return moveRequest(deps.store, input.id, to, options);
}

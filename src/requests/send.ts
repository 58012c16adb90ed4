// `send`: delivers drafted email requests, each exactly once.
//
// Each request is claimed in a committed transaction before the mail server is contacted and
// marked sent in another once the server accepted it. A run cut off between the two leaves the
// request claimed but not sent: it may or may not have been delivered, so it is reported as
// "in doubt" and only sent again when the user says so (--resend), never automatically.
import type { Clock } from '../core/clock.ts';
import { UserError } from '../core/errors.ts';
import type { Provider } from '../core/provider.ts';
import { formatRequestId } from '../core/request-id.ts';
import { deadlineAt, deadlineRule } from '../notices/deadlines.ts';
import type { RequestRow, Store } from '../store/index.ts';
import { claimForSending, getRequest, moveRequest, releaseClaim } from '../store/index.ts';

export interface SendReceipt {
  accepted: string[];
  rejected: string[];
  response: string;
}

export interface MailTransportLike {
  /** 'smtp' or 'outbox', recorded with the request. */
  name: string;
  send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<SendReceipt>;
}

export interface SendDeps {
  store: Store;
  clock: Clock;
  transport: MailTransportLike;
  /** The message as it goes out, dated `date`. */
  eml: (request: RequestRow, date: Date) => Promise<Buffer>;
  /** Keeps the sent message as the request's file (what was sent is what is on disk). */
  keepSent: (request: RequestRow, raw: Buffer) => Promise<void>;
  /** The envelope sender (MAIL FROM) for a request: its own case's sender, so bounces go to the right place. */
  envelopeFrom: (request: RequestRow) => Promise<string>;
  /** Why a request may no longer go out (a URL left the case or was allow-listed), or undefined. */
  stillEligible?: (request: RequestRow) => Promise<string | undefined>;
  providers: readonly Provider[];
  followUpDays: number;
  actor?: string;
  /** Called after each request, for progress. */
  onResult?: (result: SendResult) => void;
}

export type SendResult =
  | { request: RequestRow; outcome: 'sent'; response: string }
  | { request: RequestRow; outcome: 'failed'; reason: string }
  | { request: RequestRow; outcome: 'in-doubt'; reason: string }
  | { request: RequestRow; outcome: 'skipped'; reason: string };

/** Error codes after which the server surely did not take the message: safe to try again later. */
const NOT_DELIVERED = new Set([
  'SMTP_NOT_CONFIGURED',
  'SMTP_SETTING_INVALID',
  'SMTP_INSECURE',
  'SMTP_CONNECTION_REFUSED',
  'SMTP_HOST_NOT_FOUND',
  'SMTP_AUTH_FAILED',
  'SMTP_AUTH_REQUIRED',
  'SMTP_TLS_FAILED',
  'SMTP_SENDER_REJECTED',
  'SMTP_RECIPIENT_REJECTED',
  'SMTP_ADDRESS_INVALID',
  // Refused at the end of DATA: the server said no to this message, so it was not delivered.
  'SMTP_MESSAGE_REJECTED',
  'SMTP_CONNECT_TIMEOUT',
  'MAIL_HEADER_INVALID',
  'OUTBOX_NAME_INVALID',
  'OUTBOX_WRITE_FAILED',
]);

/** Why a request cannot go out by email now, or undefined when it can. */
export function whyNotSendable(request: RequestRow, resend: boolean): { reason: string; inDoubt?: true } | undefined {
  const id = formatRequestId(request.id);
  if (request.status !== 'draft') {
    const when = request.sentAt ? ` on ${request.sentAt}` : '';
    return { reason: `${id} is ${request.status}${when}; it is not sent again` };
  }
  if (request.channelKind !== 'email') {
    return { reason: `${id} is a ${request.channelKind} request: file it with ${request.file ?? 'its filing packet'}, then record it with "takedown mark ${id} filed --ref TICKET"` };
  }
  if (request.recipient === null) return { reason: `${id} has no recipient address` };
  if (request.sendStartedAt !== null && !resend) {
    return {
      reason: `${id}: a send started at ${request.sendStartedAt} was cut off, so it may or may not have been delivered; check the sent folder of the mail account, then either "takedown mark ${id} filed --at TIME" or "takedown send ${id} --resend"`,
      inDoubt: true,
    };
  }
  return undefined;
}

export async function sendRequests(
  deps: SendDeps,
  requests: readonly RequestRow[],
  options: { resend?: boolean; signal?: AbortSignal } = {},
): Promise<SendResult[]> {
  const results: SendResult[] = [];
  const actor = deps.actor ?? 'user';
  const report = (result: SendResult): void => {
    results.push(result);
    deps.onResult?.(result);
  };
  for (const listed of requests) {
    if (options.signal?.aborted) break;
    // Read again: another process may have sent it since the list was made.
    const request = getRequest(deps.store, listed.id) ?? listed;
    const blocked = whyNotSendable(request, options.resend === true);
    if (blocked !== undefined) {
      report({ request, outcome: blocked.inDoubt ? 'in-doubt' : 'skipped', reason: blocked.reason });
      continue;
    }
    const stale = await deps.stillEligible?.(request);
    if (stale !== undefined) {
      report({ request, outcome: 'skipped', reason: stale });
      continue;
    }
    // Everything that can fail without the mail server is done before the claim.
    const now = deps.clock.now();
    let from: string;
    let raw: Buffer;
    try {
      from = await deps.envelopeFrom(request);
      raw = await deps.eml(request, now);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      report({ request, outcome: 'failed', reason: `${formatRequestId(request.id)}: ${error.message}` });
      continue;
    }
    if (request.sendStartedAt !== null) releaseClaim(deps.store, request.id, 'the user confirmed the cut-off send was not delivered (--resend)', actor);
    if (!claimForSending(deps.store, request.id, actor)) {
      report({ request, outcome: 'skipped', reason: `${formatRequestId(request.id)} is being sent by another process` });
      continue;
    }
    let receipt: SendReceipt;
    try {
      receipt = await deps.transport.send({ from, to: [request.recipient ?? ''] }, raw);
      if (receipt.accepted.length === 0) {
        throw new UserError('SMTP_RECIPIENT_REJECTED', `the mail server refused ${request.recipient}: ${receipt.response}`);
      }
    } catch (error) {
      if (error instanceof UserError && NOT_DELIVERED.has(error.code)) {
        releaseClaim(deps.store, request.id, error.message, actor);
        report({ request, outcome: 'failed', reason: `${formatRequestId(request.id)}: ${error.message}` });
        // The same failure (no server, bad password) would repeat for every request.
        if (error.code !== 'SMTP_RECIPIENT_REJECTED') break;
        continue;
      }
      const reason = error instanceof Error ? error.message : String(error);
      report({ request, outcome: 'in-doubt', reason: `${formatRequestId(request.id)}: the send failed part-way (${reason}); it may or may not have been delivered` });
      if (error instanceof UserError) break;
      throw error;
    }
    const provider = deps.providers.find((p) => p.id === request.providerId);
    const channel = provider?.channels.find((ch) => ch.id === request.channelId) ?? {};
    const rule = deadlineRule(request.kind, channel, deps.followUpDays);
    const sent = moveRequest(deps.store, request.id, 'sent', {
      actor,
      at: now.toISOString(),
      deadlineAt: deadlineAt(rule, now).toISOString(),
      transport: deps.transport.name,
      serverResponse: receipt.response,
    });
    await deps.keepSent(sent, raw);
    report({ request: sent, outcome: 'sent', response: receipt.response });
  }
  return results;
}

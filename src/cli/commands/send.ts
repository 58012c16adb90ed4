// `takedown send [ID...] [--case CASE]`: sends drafted email requests through SMTP (or into the
// outbox folder for another machine to send), after a human confirmed; never the same one twice.
import { join } from 'node:path';
import { allowedBy } from '../../case-file/case-urls.ts';
import { urlKey } from '../../core/url-key.ts';
import type { Case } from '../../core/case.ts';
import { systemClock } from '../../core/clock.ts';
import { UserError } from '../../core/errors.ts';
import { formatRequestId, parseRequestId } from '../../core/request-id.ts';
import { writeOutboxMessage } from '../../mail/outbox.ts';
import { smtpTransportFrom } from '../../mail/smtp.ts';
import { sendRequests, whyNotSendable, type MailTransportLike, type SendResult } from '../../requests/send.ts';
import { noticeFile } from '../../requests/draft.ts';
import { getCase, getRequest, listRequests, openStore, type RequestRow, type Store } from '../../store/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { createOutput, type Format, type Output } from '../output.ts';
import { openWorkspace, workspaceProviders, type Workspace } from '../context.ts';
import { caseOfRequest, privateWriter, requestEml, requireSender } from '../notice-wiring.ts';

export interface SendOptions {
  workspace?: string;
  format?: Format;
  quiet?: boolean;
  case?: string;
  dryRun?: boolean;
  yes?: boolean;
  resend?: boolean;
  outbox?: boolean;
}

function selectRequests(store: Store, ids: readonly string[], caseId: string | undefined): RequestRow[] {
  if (caseId !== undefined && getCase(store, caseId) === null) {
    throw new UserError('NO_SUCH_CASE', `--case ${caseId}: no case with that id has requests in this workspace (see "takedown status")`);
  }
  if (ids.length > 0) {
    return ids.map((text) => {
      const id = parseRequestId(text);
      if (id === undefined) throw new UserError('BAD_REQUEST_ID', `"${text}" is not a request id (they look like R-0001)`);
      const row = getRequest(store, id);
      if (row === null) throw new UserError('NO_SUCH_REQUEST', `no request ${formatRequestId(id)} in this workspace (see "takedown status")`);
      if (caseId !== undefined && row.caseId !== caseId) {
        throw new UserError('BAD_REQUEST_ID', `${formatRequestId(id)} belongs to case ${row.caseId}, not ${caseId}`);
      }
      return row;
    });
  }
  return listRequests(store, { ...(caseId === undefined ? {} : { caseIds: [caseId] }), statuses: ['draft'] }).filter((r) => r.channelKind === 'email');
}

function outboxTransport(workspace: Workspace): MailTransportLike {
  const dir = join(workspace.stateDir, 'outbox');
  return {
    name: 'outbox',
    async send(envelope, raw) {
      // The file name says when and to which domain; the outbox's names allow letters, digits, ".", "-" and "_".
      const domain = (envelope.to[0] ?? 'unknown').split('@').pop() ?? 'unknown';
      const name = `${Date.now().toString(36)}-${domain.replace(/[^A-Za-z0-9.-]/g, '_')}.eml`;
      const path = await writeOutboxMessage(dir, name, raw);
      return { accepted: envelope.to, rejected: [], response: `written to ${path}` };
    },
  };
}

export async function runSend(io: CliIo, ids: readonly string[], options: SendOptions): Promise<number> {
  const out = createOutput(io, options);
  const workspace = await openWorkspace(io, options.workspace);
  const providers = await workspaceProviders(workspace);
  const store = openStore(workspace.dbPath, { clock: systemClock });
  try {
    const selected = selectRequests(store, ids, options.case);
    const cases = new Map<string, Case>();
    const ready: RequestRow[] = [];
    const notReady: SendResult[] = [];
    for (const request of selected) {
      const why = whyNotSendable(request, options.resend === true);
      if (why === undefined) ready.push(request);
      else notReady.push({ request, outcome: why.inDoubt ? 'in-doubt' : 'skipped', reason: why.reason });
    }
    // Every case file must still be readable and name a sender before anything goes out, and a
    // request must still match its case file (no URL removed from it or allow-listed since).
    for (const request of [...ready]) {
      const c = await caseOfRequest(store, cases, request);
      requireSender(workspace, c);
      const stale = staleReason(c, request);
      if (stale === undefined) continue;
      ready.splice(ready.indexOf(request), 1);
      notReady.push({ request, outcome: 'skipped', reason: stale });
    }

    if (ready.length === 0) {
      print(out, notReady, []);
      if (selected.length === 0) out.err('nothing to send: no drafted email requests (web forms are filed by hand, then recorded with "takedown mark ID filed")');
      return notReady.some((r) => r.outcome === 'in-doubt') ? EXIT.attention : EXIT.ok;
    }
    const lines = ready.map((r) => `  ${formatRequestId(r.id)}  to ${r.recipient}  ${r.kind}, ${r.targets.length} URL${r.targets.length === 1 ? '' : 's'}  (${r.file ?? noticeFile(r)})`);
    // The transport is set up (and SMTP settings checked) before asking, so a bad setting is not found after a yes.
    const smtp = options.outbox || options.dryRun ? undefined : smtpTransportFrom(workspace.settings.smtp, io.env);
    const via = smtp === undefined ? (options.dryRun ? 'by SMTP or into the outbox' : `into ${join(workspace.stateDir, 'outbox')}`) : `through ${smtp.label}`;
    if (options.dryRun) {
      out.out(`Would send ${ready.length} notice${ready.length === 1 ? '' : 's'} ${via} (dry run, nothing sent):`);
      for (const line of lines) out.out(line);
      print(out, notReady, []);
      return EXIT.ok;
    }
    const transport: MailTransportLike = smtp === undefined ? outboxTransport(workspace) : { name: 'smtp', send: (envelope, raw) => smtp.send(envelope, raw) };
    if (!options.yes) {
      out.err(`About to send ${ready.length} notice${ready.length === 1 ? '' : 's'} ${via}, in the claimant's name:`);
      for (const line of lines) out.err(line);
      const answer = await io.confirm('Send them now?');
      if (answer === null) {
        throw new UserError('NOT_CONFIRMED', 'nothing was sent: confirm at a terminal, or pass --yes in a script after reviewing the drafts');
      }
      if (!answer) {
        out.err('Nothing was sent.');
        return EXIT.ok;
      }
    }
    const controller = new AbortController();
    const stop = io.onInterrupt(() => controller.abort());
    const write = privateWriter(workspace);
    let results: SendResult[];
    try {
      results = await sendRequests(
        {
          store,
          clock: systemClock,
          transport,
          eml: async (request, date) => requestEml(workspace, await caseOfRequest(store, cases, request), request, date),
          keepSent: async (request, raw) => write(request.file ?? noticeFile(request), raw),
          envelopeFrom: async (request) => requireSender(workspace, await caseOfRequest(store, cases, request)).address,
          stillEligible: async (request) => staleReason(await caseOfRequest(store, cases, request), request),
          providers,
          followUpDays: workspace.settings.notices.followUpDays,
          onResult: (result) => {
            if (out.format === 'ndjson') out.out(JSON.stringify(record(result)));
          },
        },
        ready,
        { resend: options.resend === true, signal: controller.signal },
      );
    } finally {
      stop();
      await smtp?.close();
    }
    print(out, [...notReady, ...(out.format === 'ndjson' ? [] : results)], results);
    if (controller.signal.aborted) return EXIT.interrupted;
    return [...notReady, ...results].some((r) => r.outcome === 'failed' || r.outcome === 'in-doubt') ? EXIT.attention : EXIT.ok;
  } finally {
    store.close();
  }
}

/** Why a drafted request no longer matches its case file: a URL left the file or is now allow-listed. */
export function staleReason(c: Case, request: RequestRow): string | undefined {
  const keys = new Set(c.targets.map((t) => urlKey(t.url)));
  const out = request.targets.filter((t) => !keys.has(urlKey(t.url)) || allowedBy(t.url, c.allow) !== undefined);
  if (out.length === 0) return undefined;
  const id = formatRequestId(request.id);
  return `${id} is about ${out.map((t) => t.url).join(', ')}, no longer in case ${c.id} or now on its allow-list; it is not sent: run "takedown draft ${c.id}" to replace it`;
}

function record(result: SendResult): Record<string, unknown> {
  return {
    id: formatRequestId(result.request.id),
    outcome: result.outcome,
    recipient: result.request.recipient,
    ...(result.outcome === 'sent' ? { response: result.response, deadline: result.request.deadlineAt } : { reason: result.reason }),
  };
}

function print(out: Output, shown: readonly SendResult[], sent: readonly SendResult[]): void {
  if (out.format === 'json') {
    out.out(JSON.stringify(shown.map(record), null, 2));
    return;
  }
  if (out.format === 'ndjson') {
    for (const r of shown) out.out(JSON.stringify(record(r)));
    return;
  }
  for (const r of shown) {
    const id = formatRequestId(r.request.id);
    if (r.outcome === 'sent') out.out(`  sent     ${id} to ${r.request.recipient}; deadline ${r.request.deadlineAt ?? '-'}`);
    else if (r.outcome === 'skipped') out.out(out.color.dim(`  skipped  ${r.reason}`));
    else out.out(out.color.yellow(`  ${r.outcome === 'failed' ? 'failed  ' : 'in doubt'} ${r.reason}`));
  }
  const count = sent.filter((r) => r.outcome === 'sent').length;
  if (sent.length > 0) out.out(`Sent ${count} of ${sent.length}.${count > 0 ? ' See the clocks with: takedown status' : ''}`);
}

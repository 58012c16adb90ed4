// `takedown draft [CASE...]`: plans who to ask under which basis and writes each notice into the
// workspace (notices/CASE/): an .eml for email channels, a filing packet for web forms.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../core/clock.ts';
import { formatRequestId } from '../../core/request-id.ts';
import type { NoticeKind } from '../../core/notice.ts';
import { buildPacket } from '../../notices/packet.ts';
import { createRoutingMatcher } from '../../providers/match.ts';
import { draftCase, type DraftOutcome } from '../../requests/draft.ts';
import type { PlannedNotice } from '../../notices/plan.ts';
import { openStore } from '../../store/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { createOutput, type Format, type Output } from '../output.ts';
import { openWorkspace, workspaceProviders } from '../context.ts';
import { checkEmail, mailDomain, privateWriter, renderWith, requestEml, requireSender, selectCases, senderFor, workspaceTemplates } from '../notice-wiring.ts';
import { workspaceSiteFacts } from '../site-lookup.ts';

export interface DraftOptions {
  workspace?: string;
  format?: Format;
  quiet?: boolean;
  dryRun?: boolean;
  lookup?: boolean;
  allowPrivate?: boolean;
  basis?: NoticeKind;
}

export async function runDraft(io: CliIo, names: readonly string[], options: DraftOptions): Promise<number> {
  const out = createOutput(io, options);
  const workspace = await openWorkspace(io, options.workspace, names.filter((n) => existsSync(n)));
  const cases = await selectCases(io, workspace, names);
  const providers = await workspaceProviders(workspace);
  const templates = await workspaceTemplates(workspace);
  // A dry run writes nothing, not even a new database.
  const store = options.dryRun === true && !existsSync(workspace.dbPath) ? openStore(':memory:', { clock: systemClock }) : openStore(workspace.dbPath, { clock: systemClock });
  const results: { outcome: DraftOutcome; planned: PlannedNotice[] }[] = [];
  try {
    const siteFacts = await workspaceSiteFacts(io, workspace, providers, {
      lookup: options.lookup !== false,
      ...(options.allowPrivate === undefined ? {} : { allowPrivate: options.allowPrivate }),
    });
    const write = privateWriter(workspace);
    for (const c of cases) {
      const sender = senderFor(workspace, c);
      const result = await draftCase(
        {
          store,
          clock: systemClock,
          providers,
          providerFor: createRoutingMatcher(providers),
          render: renderWith(templates),
          packet: buildPacket,
          eml: async (request) => requestEml(workspace, c, request, new Date(request.createdAt)),
          siteFacts: (hosts) => siteFacts(hosts),
          writeFile: write,
          fileExists: (path) => existsSync(join(workspace.dir, path)),
          messageIdDomain: mailDomain(sender?.address),
          followUpDays: workspace.settings.notices.followUpDays,
          // Email notices need a sender: say so before anything is recorded, not at send time.
          preflight: (planned) => {
            if (planned.some((n) => n.channel.kind === 'email')) requireSender(workspace, c);
          },
          checkEmail: (notice, rendered) => checkEmail(workspace, c, notice.address, rendered),
        },
        c,
        { dryRun: options.dryRun === true, ...(options.basis === undefined ? {} : { prefer: options.basis }) },
      );
      results.push(result);
    }
  } finally {
    store.close();
  }
  print(out, results, options.dryRun === true);
  return EXIT.ok;
}

function print(out: Output, results: readonly { outcome: DraftOutcome; planned: PlannedNotice[] }[], dryRun: boolean): void {
  if (out.format !== 'text') {
    const records = results.map(({ outcome, planned }) => ({
      case: outcome.caseId,
      ...(dryRun
        ? {
            planned: planned.map((n) => ({
              rung: n.rung,
              provider: n.provider.id,
              channel: n.channel.id,
              kind: n.kind,
              recipient: n.address ?? n.formUrl ?? null,
              urls: n.targets.map((t) => t.url),
              warnings: n.warnings,
            })),
          }
        : {
            created: outcome.created.map((r) => ({
              id: formatRequestId(r.id),
              rung: r.rung,
              provider: r.providerId,
              kind: r.kind,
              channel: r.channelKind,
              recipient: r.recipient,
              recipientName: r.recipientName,
              urls: r.targets.map((t) => t.url),
              file: r.file,
              deadline: r.deadlineRule,
              warnings: outcome.warnings.get(r.id) ?? [],
              alternatives: outcome.alternatives.get(r.id) ?? [],
            })),
            superseded: outcome.superseded.map((s) => ({ id: formatRequestId(s.id), by: s.by === null ? null : formatRequestId(s.by) })),
            escalated: outcome.escalated.map((s) => ({ id: formatRequestId(s.id), by: formatRequestId(s.by) })),
          }),
      skipped: outcome.skipped,
      advice: outcome.advice,
      notes: outcome.notes,
    }));
    if (out.format === 'json') out.out(JSON.stringify(records, null, 2));
    else for (const r of records) out.out(JSON.stringify(r));
    return;
  }
  const { color } = out;
  const shown = new Map<string, string>();
  for (const { outcome, planned } of results) {
    const count = dryRun ? planned.length : outcome.created.length;
    const noun = count === 1 ? 'request' : 'requests';
    out.out(color.bold(`Case ${outcome.caseId}: ${count} ${dryRun ? `${noun} would be drafted (dry run, nothing written)` : `new ${noun}`}`));
    if (dryRun) {
      for (const n of planned) {
        out.out(`  ${n.rung.padEnd(16)} ${n.kind.padEnd(18)} ${n.recipientName} (${n.channel.kind}) ${n.targets.length} URL${n.targets.length === 1 ? '' : 's'}`);
        for (const w of n.warnings) out.out(color.yellow(`      ! ${w}`));
      }
    }
    for (const r of outcome.created) {
      const urls = `${r.targets.length} URL${r.targets.length === 1 ? '' : 's'}`;
      out.out(`  ${formatRequestId(r.id)}  ${r.kind.padEnd(18)} ${r.recipientName} (${r.channelKind}, ${urls})`);
      out.out(color.dim(`          ${r.file ?? ''}`));
      out.out(color.dim(`          deadline: ${r.deadlineRule}`));
      const alternatives = outcome.alternatives.get(r.id) ?? [];
      if (alternatives.length > 0) out.out(color.dim(`          also possible: ${alternatives.join(', ')} (draft --basis KIND)`));
      for (const w of outcome.warnings.get(r.id) ?? []) {
        // A warning shared by several requests is printed in full once.
        const first = shown.get(w);
        out.out(color.yellow(first === undefined ? `          ! ${w}` : `          ! the same warning as ${first}`));
        if (first === undefined) shown.set(w, formatRequestId(r.id));
      }
    }
    for (const s of outcome.superseded) {
      out.out(
        s.by === null
          ? `  ${formatRequestId(s.id)} withdrawn (never sent): one of its URLs left the case file or is now allow-listed`
          : `  ${formatRequestId(s.id)} replaced by ${formatRequestId(s.by)} (new URLs for the same recipient)`,
      );
    }
    for (const e of outcome.escalated) out.out(`  ${formatRequestId(e.id)} escalated: its deadline passed; next rung is ${formatRequestId(e.by)}`);
    for (const id of outcome.rewritten) out.out(`  ${formatRequestId(id)}: its missing file was written again`);
    for (const n of outcome.notes) out.out(color.yellow(`  note: ${n}`));
    if (!out.quiet) {
      for (const s of outcome.skipped) out.out(color.dim(`  skipped ${s.url}: ${s.reason}`));
      for (const a of outcome.advice) out.out(`  also: ${a}`);
    }
    if (!dryRun && outcome.created.length > 0) {
      const email = outcome.created.some((r) => r.channelKind === 'email');
      const forms = outcome.created.filter((r) => r.channelKind !== 'email');
      out.out('');
      if (email) out.out(`  Next: review the .eml files, then send them: takedown send --case ${outcome.caseId}`);
      if (forms.length > 0) out.out(`  Web forms and in-app reports: file each with its packet (.md), then: takedown mark ${formatRequestId(forms[0]?.id ?? 0)} filed --ref TICKET`);
    }
  }
}

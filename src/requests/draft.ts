// `draft` for one case: plan, render every notice, record the requests and write their files.
//
// Nothing is recorded unless every notice renders: a missing value in any of them stops the
// whole draft with the list of what to fill in. Re-running never duplicates an open request:
// URLs already in a waiting request are left out by the planner, and a new URL for a recipient
// that still has an unsent draft replaces that draft (superseded) with one covering both.
import type { Case } from '../core/case.ts';
import type { Clock } from '../core/clock.ts';
import { UserError } from '../core/errors.ts';
import type { NoticeContext, NoticeKind, ProviderChannel } from '../core/notice.ts';
import { OPEN_STATUSES } from '../core/notice.ts';
import type { Provider } from '../core/provider.ts';
import { formatRequestId } from '../core/request-id.ts';
import type { CheckState } from '../core/states.ts';
import { noticeContext } from '../notices/context.ts';
import { deadlineRule } from '../notices/deadlines.ts';
import { planNotices } from '../notices/plan.ts';
import type { PlannedNotice, PlanSkip, PlanTarget, PriorRequest, SiteFacts } from '../notices/plan.ts';
import { allowedBy } from '../case-file/case-urls.ts';
import { urlKey } from '../core/url-key.ts';
import type { RequestRow, Store } from '../store/index.ts';
import {
  insertRequest,
  latestChecks,
  listRequests,
  moveRequest,
  setRequestContent,
  setRequestFile,
  syncTargets,
  upsertCase,
} from '../store/index.ts';

export interface RenderedNotice {
  subject: string;
  body: string;
}

export interface DraftDeps {
  store: Store;
  clock: Clock;
  providers: readonly Provider[];
  providerFor: (url: string) => Provider | null;
  /** Renders a notice; throws UserError NOTICE_MISSING_FIELDS listing every missing field. */
  render: (kind: NoticeKind, context: NoticeContext) => RenderedNotice;
  /** The filing packet (Markdown) for a web form or in-app route. */
  packet: (args: { providerName: string; channel: ProviderChannel; context: NoticeContext; notice: RenderedNotice }) => string;
  /** The .eml bytes of an email request, exactly as `send` will send them. */
  eml: (request: RequestRow) => Promise<Buffer>;
  /** What DNS and RDAP say about these hosts (sites without a channel of their own). */
  siteFacts: (hosts: readonly string[]) => Promise<Map<string, SiteFacts>>;
  /** Writes a file under the workspace (private, atomic); the path is relative to the workspace. */
  writeFile: (path: string, content: string | Buffer) => Promise<void>;
  fileExists: (path: string) => boolean;
  /** Message-ID domain, e.g. the sender's mail domain. */
  messageIdDomain: string;
  followUpDays: number;
  actor?: string;
  /** Checks that an email notice can be composed (sender, headers); throws a UserError to stop. */
  checkEmail?: (notice: PlannedNotice, rendered: RenderedNotice) => void;
  /** Checks the plan before anything is recorded (e.g. that email notices have a sender); throws to stop. */
  preflight?: (planned: readonly PlannedNotice[]) => void;
}

export interface DraftOutcome {
  caseId: string;
  created: RequestRow[];
  superseded: { id: number; by: number | null }[];
  escalated: { id: number; by: number }[];
  /** Drafts whose file was missing and was written again. */
  rewritten: number[];
  skipped: PlanSkip[];
  advice: string[];
  /** Warnings per new request id. */
  warnings: Map<number, string[]>;
  alternatives: Map<number, NoticeKind[]>;
  /** Things the user should know about the whole draft. */
  notes: string[];
}

/** The file name of a request's notice, relative to the workspace. */
export function noticeFile(request: Pick<RequestRow, 'id' | 'caseId' | 'providerId' | 'kind' | 'channelKind'>): string {
  const ext = request.channelKind === 'email' ? 'eml' : 'md';
  return `notices/${request.caseId}/${formatRequestId(request.id)}-${request.providerId}-${request.kind}.${ext}`;
}

function planTargets(store: Store, c: Case): PlanTarget[] {
  return latestChecks(store, c.id).map((row) => ({
    targetId: row.id,
    url: row.url,
    state: (row.check?.state ?? null) as CheckState | null,
    checkedAt: row.check?.checkedAt ?? null,
  }));
}

function hostsWithoutChannel(deps: DraftDeps, targets: readonly PlanTarget[]): string[] {
  const hosts = new Set<string>();
  for (const t of targets) {
    const provider = deps.providerFor(t.url);
    if (provider === null || provider.channels.length === 0) hosts.add(new URL(t.url).hostname);
  }
  return [...hosts].sort();
}

function recipientOf(notice: PlannedNotice): string | null {
  return notice.address ?? notice.formUrl ?? null;
}

/** Renders every planned notice once with a stand-in id, so that all missing fields are reported together. */
function assertRenderable(deps: DraftDeps, c: Case, notices: readonly PlannedNotice[], now: Date): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const notice of notices) {
    try {
      const context = noticeContext(c, notice, 'R-0000', now);
      const rendered = deps.render(notice.kind, context);
      // The packet's form answers and the email's headers are built now too, so that nothing
      // fails after the requests are recorded.
      if (notice.channel.kind === 'email') deps.checkEmail?.(notice, rendered);
      else deps.packet({ providerName: notice.recipientName, channel: notice.channel, context, notice: rendered });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const line = `${notice.kind} notice to ${notice.recipientName}: ${error.message}`;
      if (!seen.has(error.message)) problems.push(line);
      seen.add(error.message);
    }
  }
  if (problems.length > 0) {
    throw new UserError(
      'NOTICE_MISSING_FIELDS',
      `${c.file}: the notices for case ${c.id} cannot be written yet; nothing was drafted:\n  ${problems.join('\n  ')}`,
    );
  }
}

function priorOf(rows: readonly RequestRow[]): PriorRequest[] {
  return rows.map((r) => ({
    id: r.id,
    rung: r.rung,
    providerId: r.providerId,
    kind: r.kind,
    status: r.status,
    deadlineAt: r.deadlineAt,
    closedAt: r.closedAt,
    targetIds: r.targets.map((t) => t.targetId),
  }));
}

/** Unsent drafts about a URL that left the case file or is now allow-listed: they must not go out. */
function staleDrafts(c: Case, rows: readonly RequestRow[]): RequestRow[] {
  const keys = new Set(c.targets.map((t) => urlKey(t.url)));
  return rows.filter(
    (r) =>
      r.status === 'draft' &&
      r.sendStartedAt === null &&
      r.targets.some((t) => !keys.has(urlKey(t.url)) || allowedBy(t.url, c.allow) !== undefined),
  );
}

/**
 * Plans and drafts the notices of one case. The plan is made and every notice, packet and email
 * is built once without writing anything; only then, in one transaction, are the case's URLs
 * brought in step with its file and the requests recorded. With dryRun, nothing is written.
 */
export async function draftCase(deps: DraftDeps, c: Case, options: { dryRun?: boolean; prefer?: NoticeKind } = {}): Promise<{ outcome: DraftOutcome; planned: PlannedNotice[] }> {
  const { store } = deps;
  const now = deps.clock.now();
  const before = listRequests(store, { caseIds: [c.id] });
  const stale = new Set(staleDrafts(c, before).map((r) => r.id));
  const planFor = (targets: PlanTarget[], rows: readonly RequestRow[]) =>
    planNotices({
      case: c,
      targets,
      providers: deps.providers,
      providerFor: deps.providerFor,
      sites,
      prior: priorOf(rows.filter((r) => !stale.has(r.id))),
      now,
      ...(options.prefer === undefined ? {} : { prefer: options.prefer }),
    });
  const known = dryTargets(store, c);
  const sites = await deps.siteFacts(hostsWithoutChannel(deps, known));
  const first = planFor(known, before);
  assertRenderable(deps, c, first.notices, now);
  deps.preflight?.(first.notices);

  const actor = deps.actor ?? 'user';
  const unchecked = first.notices.flatMap((n) => (n.rung === 'site' || n.rung === 'host' || n.rung === 'cdn' || n.rung === 'registrar' ? n.targets : [])).filter((t) => t.state === null).length;
  const outcome: DraftOutcome = {
    caseId: c.id,
    created: [],
    superseded: [],
    escalated: [],
    rewritten: [],
    skipped: first.skipped,
    advice: first.advice,
    warnings: new Map(),
    alternatives: new Map(),
    notes: unchecked > 0 ? [`${unchecked} URL${unchecked === 1 ? ' was' : 's were'} never checked: run "takedown check" first, so that no request is spent on a URL that is already gone`] : [],
  };
  if (options.dryRun) return { outcome, planned: first.notices };

  const contexts = new Map<number, { notice: PlannedNotice; context: NoticeContext }>();
  let plan = first;
  let prior = before;
  let targets = known;
  store.transaction(() => {
    upsertCase(store, { id: c.id, ...(c.title === undefined ? {} : { title: c.title }), file: c.file, minor: c.subject.minorAtCreation });
    syncTargets(store, c.id, c.targets.map((t) => ({ url: t.url, ...(t.note === undefined ? {} : { note: t.note }) })));
    for (const id of stale) {
      moveRequest(store, id, 'superseded', { actor, why: 'a URL of this draft left the case file or was allow-listed; never sent' });
      outcome.superseded.push({ id, by: null });
    }
    targets = planTargets(store, c);
    prior = listRequests(store, { caseIds: [c.id] });
    plan = planFor(targets, prior);
    outcome.skipped = plan.skipped;
    outcome.advice = plan.advice;
    for (const notice of plan.notices) {
      const recipient = recipientOf(notice);
      // An unsent draft to the same recipient under the same basis is replaced by one that covers both.
      // (Not for a channel that caps URLs per report: each of its notices stays as it is.)
      const earlier = prior.find(
        (r) =>
          notice.channel.maxUrls === undefined &&
          r.status === 'draft' &&
          r.sendStartedAt === null &&
          r.rung === notice.rung &&
          r.providerId === notice.provider.id &&
          r.channelId === notice.channel.id &&
          r.kind === notice.kind &&
          r.recipient === recipient,
      );
      const merged: PlannedNotice = earlier
        ? { ...notice, targets: mergeTargets(targets, earlier.targets.map((t) => t.targetId), notice.targets) }
        : notice;
      const rule = deadlineRule(notice.kind, notice.channel, deps.followUpDays);
      const row = insertRequest(
        store,
        {
          caseId: c.id,
          kind: notice.kind,
          rung: notice.rung,
          providerId: notice.provider.id,
          channelId: notice.channel.id,
          channelKind: notice.channel.kind,
          recipientName: notice.recipientName,
          recipient,
          subject: '',
          body: '',
          messageId: null,
          deadlineRule: rule.rule,
          targetIds: merged.targets.map((t) => t.targetId),
        },
        actor,
      );
      const id = formatRequestId(row.id);
      const context = noticeContext(c, merged, id, now);
      const rendered = deps.render(notice.kind, context);
      const messageId = notice.channel.kind === 'email' ? newMessageId(row.id, c.id, now, deps.messageIdDomain) : null;
      setRequestContent(store, row.id, rendered.subject, rendered.body, messageId);
      contexts.set(row.id, { notice: merged, context });
      if (earlier) {
        moveRequest(store, earlier.id, 'superseded', { actor, supersededBy: row.id, why: 'new URLs for the same recipient and basis' });
        outcome.superseded.push({ id: earlier.id, by: row.id });
      }
      for (const old of notice.escalates) {
        const current = prior.find((r) => r.id === old);
        if (current === undefined || !OPEN_STATUSES.includes(current.status) || outcome.escalated.some((e) => e.id === old)) continue;
        moveRequest(store, old, 'escalated', { actor, why: `deadline passed; next rung: ${notice.rung} (${id})` });
        outcome.escalated.push({ id: old, by: row.id });
      }
      outcome.warnings.set(row.id, notice.warnings);
      outcome.alternatives.set(row.id, notice.alternatives);
    }
  });

  // Files after the commit. A draft whose file is missing (a run cut off here, or a file the
  // user deleted) is written again from its record the next time draft runs.
  for (const row of listRequests(store, { caseIds: [c.id], statuses: ['draft'] })) {
    const made = contexts.get(row.id);
    if (made === undefined && row.file !== null && deps.fileExists(row.file)) continue;
    const file = row.file ?? noticeFile(row);
    await writeNotice(deps, c, row, file, made);
    setRequestFile(store, row.id, file);
    if (made === undefined) outcome.rewritten.push(row.id);
  }
  const rows = listRequests(store, { caseIds: [c.id] });
  outcome.created = rows.filter((r) => contexts.has(r.id));
  return { outcome, planned: plan.notices };
}

/** A Message-ID that names the request and case, unique per draft. */
function newMessageId(id: number, caseId: string, now: Date, domain: string): string {
  const local = `${formatRequestId(id)}.${caseId}.${now.getTime().toString(36)}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  return `<${local}@${domain}>`;
}

async function writeNotice(
  deps: DraftDeps,
  c: Case,
  row: RequestRow,
  file: string,
  made: { notice: PlannedNotice; context: NoticeContext } | undefined,
): Promise<void> {
  if (row.channelKind === 'email') {
    await deps.writeFile(file, await deps.eml(row));
    return;
  }
  const provider = deps.providers.find((p) => p.id === row.providerId);
  const channel = provider?.channels.find((ch) => ch.id === row.channelId);
  if (provider === undefined || channel === undefined) {
    // The provider definition changed since the draft: keep the notice text, which is the record.
    await deps.writeFile(file, `# ${row.subject}\n\n${row.body}\n`);
    return;
  }
  const context = made?.context ?? contextFromRecord(c, row, provider, channel);
  await deps.writeFile(file, deps.packet({ providerName: row.recipientName, channel, context, notice: { subject: row.subject, body: row.body } }));
}

/** The context of a recorded draft, for writing its packet again. */
function contextFromRecord(c: Case, row: RequestRow, provider: Provider, channel: ProviderChannel): NoticeContext {
  const host = new URL(row.targets[0]?.url ?? 'https://unknown.invalid/').hostname;
  const notice: PlannedNotice = {
    key: '',
    rung: row.rung,
    provider,
    channel,
    kind: row.kind,
    alternatives: [],
    recipientName: row.recipientName,
    ...(row.recipient === null ? {} : channel.kind === 'email' ? { address: row.recipient } : { formUrl: row.recipient }),
    site: { host, domain: host },
    targets: row.targets.map((t) => ({ targetId: t.targetId, url: t.url, state: null, checkedAt: null })),
    warnings: [],
    escalates: [],
  };
  return noticeContext(c, notice, formatRequestId(row.id), new Date(row.createdAt));
}

function mergeTargets(all: readonly PlanTarget[], earlierIds: readonly number[], added: readonly PlanTarget[]): PlanTarget[] {
  const byId = new Map(all.map((t) => [t.targetId, t]));
  const merged: PlanTarget[] = [];
  for (const id of earlierIds) {
    const t = byId.get(id);
    if (t) merged.push(t);
  }
  for (const t of added) if (!merged.some((m) => m.targetId === t.targetId)) merged.push(t);
  return merged;
}

/** For a dry run nothing is written, so URLs new to the store are planned as never checked. */
function dryTargets(store: Store, c: Case): PlanTarget[] {
  const known = new Map(planTargets(store, c).map((t) => [t.url, t]));
  return c.targets.map((t, i) => known.get(t.url) ?? { targetId: -1 - i, url: t.url, state: null, checkedAt: null });
}

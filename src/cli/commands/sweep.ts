// `takedown sweep [CASE...|--all]`: the cron entry point. Re-checks what is due (keeping WARC
// evidence as `takedown check` does), confirms removals and closes their requests, reopens what
// came back, looks for new copies in the watch places, drafts the next rung for what is overdue
// (never sends), notifies by email and webhook once per change, and stays quiet otherwise. One
// sweep per workspace at a time; a killed sweep resumes. Never asks anything.
import { existsSync, mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Case } from '../../core/case.ts';
import type { Clock } from '../../core/clock.ts';
import { systemClock } from '../../core/clock.ts';
import { UserError } from '../../core/errors.ts';
import type { CheckState } from '../../core/states.ts';
import { urlKey } from '../../core/url-key.ts';
import { classifyWorkerCount, createClassifyPool } from '../../checker/classify-pool.ts';
import { discoverCase } from '../../discovery/discover.ts';
import { createHostLanes } from '../../discovery/host-lanes.ts';
import type { EvidenceCase } from '../../evidence/index.ts';
import { smtpTransportFrom } from '../../mail/smtp.ts';
import type { MailTransport } from '../../mail/transport.ts';
import { buildPacket } from '../../notices/packet.ts';
import { createMatcher } from '../../providers/match.ts';
import { draftCase } from '../../requests/draft.ts';
import { lastDiscoveryAt, listTargets, openStore, readSweepLock, syncTargets, upsertCase, type LockHolder, type Store } from '../../store/index.ts';
import { emailChannel, webhookChannel, type NotifyChannel } from '../../sweep/channels.ts';
import { SWEEP_ACTOR, type CaseDraft } from '../../sweep/drafts.ts';
import { selectDue, type DueSelection } from '../../sweep/due.ts';
import { acquireSweepLock } from '../../sweep/lock.ts';
import { changeLines, changeRecord, discoveryProblemLines, summaryLine } from '../../sweep/report.ts';
import { discoveryDue } from '../../sweep/schedule.ts';
import { sweep, type SweepOutcome } from '../../sweep/run-sweep.ts';
import { postJson } from '../../sweep/webhook.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { createOutput, type Format, type Output } from '../output.ts';
import { openWorkspace, workspaceHttp, workspaceProviders, type Workspace } from '../context.ts';
import { mailDomain, privateWriter, renderWith, requestEml, requireSender, selectCases, senderFor, workspaceTemplates } from '../notice-wiring.ts';
import { collectSetupGarbage, startMemoryGovernor, type MemoryGovernor } from '../memory.ts';
import { startProgress } from '../progress.ts';
import { workspaceSiteFacts } from '../site-lookup.ts';
import { VERSION } from '../version.ts';

export interface SweepOptions {
  workspace?: string;
  format?: Format;
  quiet?: boolean;
  all?: boolean;
  confirm?: boolean;
  dryRun?: boolean;
  fresh?: boolean;
  /** Seconds to wait for another sweep to finish. */
  wait?: number;
  maxUrls?: number;
  concurrency?: number;
  perHost?: number;
  timeout?: number;
  retries?: number;
  allowPrivate?: boolean;
  lookup?: boolean;
  /** False with --no-discover: the watch places are not read. */
  discover?: boolean;
}

/** What the process gives a sweep; tests pass a fake clock and their own process facts. */
export interface SweepEnv {
  clock?: Clock;
  pid?: number;
  host?: string;
  isAlive?: (pid: number) => boolean;
  heartbeatMs?: number;
  staleMs?: number;
}

const POOL_MIN_URLS = 64;
const MAX_LINES = 500;

export async function runSweep(io: CliIo, names: readonly string[], options: SweepOptions, env: SweepEnv = {}): Promise<number> {
  const out = createOutput(io, options);
  if (options.all && names.length > 0) {
    throw new UserError('USAGE', `name cases or give --all, not both (got --all and ${names.join(' ')})`);
  }
  const clock = env.clock ?? systemClock;
  const workspace = await openWorkspace(io, options.workspace, names.filter((n) => existsSync(n)));
  const cases = await selectCases(io, workspace, names);
  const caseIds = cases.map((c) => c.id).sort();
  const providers = await workspaceProviders(workspace);
  const templates = await workspaceTemplates(workspace);
  // Settings are checked before anything is swept: a cron job learns of a bad one at once.
  const notify = options.dryRun ? null : notifySetup(io, workspace, clock);

  // A dry run on a workspace with no database yet reads an empty one in memory: it must not
  // create .takedown/takedown.db (everything is new and due, which is what it reports).
  const fresh = options.dryRun === true && !existsSync(workspace.dbPath);
  if (!fresh) mkdirSync(workspace.stateDir, { recursive: true, mode: 0o700 });
  const store = openStore(fresh ? ':memory:' : workspace.dbPath, { clock });
  try {
    if (options.dryRun) return dryRun(out, store, cases, workspace, clock, options);
    const acquired = await acquireSweepLock(
      {
        store,
        clock,
        pid: env.pid ?? process.pid,
        host: env.host ?? hostname(),
        isAlive: env.isAlive ?? processAlive,
        token: randomUUID(),
        ...(env.heartbeatMs === undefined ? {} : { heartbeatMs: env.heartbeatMs }),
        ...(env.staleMs === undefined ? {} : { staleMs: env.staleMs }),
      },
      { waitMs: (options.wait ?? 0) * 1000 },
    );
    if (!acquired.ok) {
      out.err(`takedown: ${busyMessage(acquired.holder, options.wait ?? 0)}`);
      return EXIT.attention;
    }
    const lock = acquired.lock;
    const abort = new AbortController();
    const removeInterrupt = io.onInterrupt(() => abort.abort(new Error('interrupted')));
    const stopOnLoss = (): void => abort.abort(lock.lost.reason);
    lock.lost.addEventListener('abort', stopOnLoss, { once: true });
    const http = await workspaceHttp(io, workspace.settings, options);
    const size = cases.reduce((n, c) => n + c.targets.length, 0);
    const classifier = size >= POOL_MIN_URLS ? createClassifyPool(providers, classifyWorkerCount()) : undefined;
    const progress: { bar: ReturnType<typeof startProgress> | null } = { bar: null };
    const started = Date.now();
    let governor: MemoryGovernor | undefined;
    try {
      store.transaction(() => {
        for (const c of cases) {
          upsertCase(store, { id: c.id, ...(c.title === undefined ? {} : { title: c.title }), file: c.file, minor: c.subject.minorAtCreation });
          syncTargets(store, c.id, c.targets.map((t) => ({ url: t.url, ...(t.note === undefined ? {} : { note: t.note }) })));
        }
      });
      collectSetupGarbage(size);
      governor = startMemoryGovernor(size, { also: () => classifier?.collectGarbage() });
      const settings = workspace.settings;
      const draft = await drafter(io, workspace, store, cases, providers, templates, clock, options);
      // One set of lanes for the whole sweep: a site watched by several cases is paced once.
      // Never faster than a request a second per site: these are pages a person chose to watch.
      const lanes = createHostLanes({ intervalMs: Math.max(1000, settings.check.intervalMs), hosts: settings.check.hosts });
      const discover =
        options.discover === false
          ? undefined
          : async (caseId: string) => {
              const c = cases.find((x) => x.id === caseId);
              if (c === undefined || c.watch.length === 0) return null;
              return discoverCase({ http, store, lanes, signal: abort.signal, actor: SWEEP_ACTOR }, c);
            };
      const outcome = await sweep(
        {
          store,
          clock,
          // --confirm skips the wait on both sides: an unconfirmed removal is due again at once.
          schedule: options.confirm === true ? { ...settings.sweep.every, unconfirmed: 0 } : settings.sweep.every,
          policy: {
            confirmMs: settings.notices.confirmHours * 3_600_000,
            confirmNow: options.confirm === true,
            reportUnseenAfterMs: settings.sweep.reportUnseenAfterHours * 3_600_000,
          },
          cap: options.maxUrls ?? settings.sweep.maxUrls,
          channels: notify?.channels ?? [],
          politeness: {
            concurrency: options.concurrency ?? settings.check.concurrency,
            perHost: options.perHost ?? settings.check.perHost,
            intervalMs: settings.check.intervalMs,
            hosts: settings.check.hosts,
            retries: options.retries ?? settings.check.retries,
          },
          checkDeps: { http, random: Math.random, matchProvider: createMatcher(providers), ...(classifier === undefined ? {} : { classifier }) },
          draft,
          ...(discover === undefined ? {} : { discover }),
          evidence: {
            dir: join(workspace.stateDir, 'evidence'),
            capture: settings.evidence.capture,
            software: `takedown/${VERSION}`,
            cases: new Map<string, EvidenceCase>(cases.map((c) => [c.id, { id: c.id, minor: c.subject.minorAtCreation, storeMedia: c.storeMedia }])),
          },
          signal: abort.signal,
          onRun: (runId, resumed) => {
            lock.setRun(runId);
            if (resumed > 0 && !out.quiet && out.format === 'text') out.err(`resuming sweep ${runId}: ${resumed} URL(s) were already checked (use --fresh to start over)`);
          },
          onSelected: (selection) => {
            if (out.format === 'text' && out.interactive && selection.due.length > 0) progress.bar = startProgress(out, selection.due.length);
          },
          onResult: (_target, state: CheckState) => progress.bar?.tick(state),
          options: {
            confirm: options.confirm === true,
            maxUrls: options.maxUrls,
            concurrency: options.concurrency,
            perHost: options.perHost,
            timeout: options.timeout,
            retries: options.retries,
            discover: discover !== undefined,
          },
        },
        caseIds,
        { fresh: options.fresh === true },
      );
      progress.bar?.stop();
      progress.bar = null;
      if (outcome.aborted) {
        const why = lock.lost.aborted ? `${(lock.lost.reason as Error).message}; this sweep stopped` : 'interrupted';
        out.err(`${why}: ${outcome.checked} result(s) of sweep ${outcome.runId} are saved; run the same command again to resume it`);
        return lock.lost.aborted ? EXIT.attention : EXIT.interrupted;
      }
      return report(out, outcome, (Date.now() - started) / 1000);
    } finally {
      governor?.stop();
      progress.bar?.stop();
      removeInterrupt();
      lock.lost.removeEventListener('abort', stopOnLoss);
      lock.release();
      await classifier?.close();
      await http.close();
      await notify?.close();
    }
  } finally {
    store.close();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function busyMessage(holder: LockHolder, waited: number): string {
  const run = holder.runId === null ? '' : ` (sweep ${holder.runId})`;
  const waitedText = waited > 0 ? ` and did not finish within ${waited} s` : '';
  return (
    `another sweep is running in this workspace${run}: process ${holder.pid} on ${holder.host}, started ${holder.acquiredAt}, ` +
    `last heartbeat ${holder.heartbeatAt}${waitedText}. This one checked nothing. Run it again later, or with --wait SECONDS to wait for it.`
  );
}

interface NotifySetup {
  channels: NotifyChannel[];
  close(): Promise<void>;
}

/** The notification channels from takedown.yaml, checked now (a missing sender or SMTP setting is exit 2 before any work). */
function notifySetup(io: CliIo, workspace: Workspace, clock: Clock): NotifySetup {
  const { notify, sender, smtp } = workspace.settings;
  const file = join(workspace.dir, 'takedown.yaml');
  const channels: NotifyChannel[] = [];
  let transport: MailTransport | undefined;
  if (notify.email.length > 0) {
    if (sender.email === undefined) {
      throw new UserError('NOTIFY_NO_SENDER', `${file}: notify.email needs a sender address for the notifications: set sender.email`);
    }
    transport = smtpTransportFrom(smtp, io.env);
    channels.push(emailChannel({ transport, from: { address: sender.email, ...(sender.name === undefined ? {} : { name: sender.name }) }, to: notify.email, clock }));
  }
  if (notify.webhook !== undefined) {
    let secret: string | undefined;
    if (notify.webhookSecretEnv !== undefined) {
      secret = io.env[notify.webhookSecretEnv];
      if (secret === undefined || secret === '') {
        throw new UserError('NOTIFY_NO_SECRET', `${file}: notify.webhook_secret_env names ${notify.webhookSecretEnv}, which is not set in the environment`);
      }
    }
    channels.push(webhookChannel({ url: notify.webhook, ...(secret === undefined ? {} : { secret }), post: postJson, userAgent: `takedown/${VERSION}` }));
  }
  return { channels, close: async () => transport?.close() };
}

/** Drafts one case again as the sweep (draftCase with actor 'sweep'): the same wiring as `takedown draft`. */
async function drafter(
  io: CliIo,
  workspace: Workspace,
  store: Store,
  cases: readonly Case[],
  providers: Awaited<ReturnType<typeof workspaceProviders>>,
  templates: Awaited<ReturnType<typeof workspaceTemplates>>,
  clock: Clock,
  options: SweepOptions,
): Promise<(caseId: string) => Promise<CaseDraft | undefined>> {
  const siteFacts = await workspaceSiteFacts(io, workspace, providers, {
    lookup: options.lookup !== false,
    ...(options.allowPrivate === undefined ? {} : { allowPrivate: options.allowPrivate }),
  });
  const write = privateWriter(workspace);
  const providerFor = createMatcher(providers);
  return async (caseId) => {
    const c = cases.find((x) => x.id === caseId);
    if (c === undefined) return undefined;
    const sender = senderFor(workspace, c);
    const { outcome } = await draftCase(
      {
        store,
        clock,
        providers,
        providerFor,
        render: renderWith(templates),
        packet: buildPacket,
        eml: async (request) => requestEml(workspace, c, request, new Date(request.createdAt)),
        siteFacts,
        writeFile: write,
        fileExists: (path) => existsSync(join(workspace.dir, path)),
        messageIdDomain: mailDomain(sender?.address),
        followUpDays: workspace.settings.notices.followUpDays,
        actor: SWEEP_ACTOR,
        preflight: (planned) => {
          if (planned.some((n) => n.channel.kind === 'email')) requireSender(workspace, c);
        },
      },
      c,
    );
    return { skipped: outcome.skipped };
  };
}

/** --dry-run: what is due, read without writing anything. */
function dryRun(out: Output, store: Store, cases: readonly Case[], workspace: Workspace, clock: Clock, options: SweepOptions): number {
  const caseIds = cases.map((c) => c.id);
  const selection: DueSelection = selectDue(store, caseIds, workspace.settings.sweep.every, clock.now(), { cap: options.maxUrls ?? workspace.settings.sweep.maxUrls });
  // URLs in the case files that the store has not seen yet are due as new ones.
  let unseen = 0;
  for (const c of cases) {
    const keys = new Set(listTargets(store, c.id, { activeOnly: false }).map((t) => t.urlKey));
    unseen += c.targets.filter((t) => !keys.has(urlKey(t.url))).length;
  }
  const due = selection.due.length + unseen;
  if (unseen > 0) selection.byClass.new = (selection.byClass.new ?? 0) + unseen;
  // Cases whose watch places the sweep would read (none with --no-discover).
  const watched = options.discover === false ? [] : cases.filter((c) => c.watch.length > 0);
  const discoverDue = watched.filter((c) => discoveryDue(lastDiscoveryAt(store, c.id), workspace.settings.sweep.every, clock.now())).map((c) => c.id);
  const holder = readSweepLock(store);
  if (out.format !== 'text') {
    out.out(JSON.stringify({ dryRun: true, due, byClass: selection.byClass, notDue: selection.notDue, deferred: selection.deferred, discoverDue, running: holder }));
    return EXIT.ok;
  }
  const classes = Object.entries(selection.byClass).map(([k, n]) => `${n} ${k}`);
  const places = watched.length === 0 ? '' : `; watch places of ${discoverDue.length} of ${watched.length} case(s) due to be read`;
  out.out(`dry run: ${due} URL(s) due${classes.length > 0 ? ` (${classes.join(', ')})` : ''}, ${selection.notDue} not due yet${places}; nothing was checked, drafted or sent`);
  if (holder !== null) out.out(`a sweep is running now: process ${holder.pid} on ${holder.host}, since ${holder.acquiredAt}`);
  return EXIT.ok;
}

function report(out: Output, outcome: SweepOutcome, seconds: number): number {
  const attention = outcome.changes.filter((c) => c.attention).length;
  const failed = outcome.deliveries.filter((d) => d.error !== undefined);
  const summary = {
    runId: outcome.runId,
    resumed: outcome.resumed > 0,
    checked: outcome.checked,
    due: outcome.selection.due.length,
    byClass: outcome.selection.byClass,
    notDue: outcome.selection.notDue,
    deferred: outcome.selection.deferred,
    states: outcome.states,
    changes: outcome.changes.length,
    attention,
    seconds,
    discovery: outcome.discovery,
    pendingCandidates: outcome.pendingCandidates,
  };
  const pending = outcome.pendingCandidates;
  // A candidate waits on a person until accepted or rejected, found tonight or earlier.
  const needsHuman = attention > 0 || failed.length > 0 || pending > 0;
  if (out.format === 'json') {
    out.out(JSON.stringify({ ...summary, needsHuman, changes: outcome.changes.map(changeRecord), notifications: outcome.deliveries }, null, 2));
  } else if (out.format === 'ndjson') {
    for (const change of outcome.changes) out.out(JSON.stringify({ type: 'change', ...changeRecord(change) }));
    out.out(JSON.stringify({ type: 'summary', ...summary, needsHuman, notifications: outcome.deliveries }));
  } else {
    for (const line of changeLines(outcome.changes, MAX_LINES)) out.out(line);
    // Quiet unless something changed: then nothing at all with --quiet, one line without.
    const told = !out.quiet || outcome.changes.length > 0;
    if (told) out.out(summaryLine(summary));
    if (told && pending > 0) out.out(`${pending} candidate${pending === 1 ? '' : 's'} to review (possible new copies; nothing is sent for them): takedown review`);
    for (const d of outcome.deliveries) if (d.error === undefined && !out.quiet) out.out(`notified: ${d.label} (${d.delivered} change${d.delivered === 1 ? '' : 's'})`);
    if (outcome.discovery !== null) for (const line of discoveryProblemLines(outcome.discovery, out.quiet)) out.err(`takedown: ${line}`);
  }
  for (const d of failed) out.err(`takedown: notification by ${d.label} failed: ${d.error}; ${d.waiting} change(s) wait for the next sweep`);
  return needsHuman ? EXIT.attention : EXIT.ok;
}

// `status`: URLs by state, requests by status, what is overdue and the next step for each. Pure.
import type { RequestStatus } from '../core/notice.ts';
import { REQUEST_STATUSES } from '../core/notice.ts';
import { formatRequestId } from '../core/request-id.ts';
import type { CheckState } from '../core/states.ts';
import { CHECK_STATES, isGone } from '../core/states.ts';

export interface StatusTarget {
  targetId: number;
  url: string;
  state: CheckState | null;
  checkedAt: string | null;
}

export interface StatusRequest {
  id: number;
  providerId: string;
  kind: string;
  rung: string;
  status: RequestStatus;
  channelKind: string;
  recipientName: string;
  recipient: string | null;
  file: string | null;
  sentAt: string | null;
  sendStartedAt: string | null;
  deadlineAt: string | null;
  deadlineRule: string;
  ticket: string | null;
  targetIds: number[];
}

export interface StatusInput {
  caseId: string;
  title?: string;
  targets: StatusTarget[];
  requests: StatusRequest[];
}

export interface RequestLine {
  id: string;
  status: RequestStatus;
  kind: string;
  rung: string;
  recipient: string;
  urls: number;
  deadlineAt: string | null;
  overdue: boolean;
  inDoubt: boolean;
  ticket: string | null;
  /** Every URL of the request was last seen gone. */
  urlsGone: boolean;
}

export interface CaseStatus {
  caseId: string;
  title?: string;
  urls: Partial<Record<CheckState | 'unchecked', number>>;
  requests: Partial<Record<RequestStatus | 'overdue', number>>;
  lines: RequestLine[];
  next: string[];
  /** Something waits on a person: a URL with no open request, an overdue request, a draft to send or file, a send in doubt. */
  needsHuman: boolean;
}

const WAITING: readonly RequestStatus[] = ['sent', 'acknowledged'];

function isOverdue(r: StatusRequest, now: Date): boolean {
  return WAITING.includes(r.status) && r.deadlineAt !== null && Date.parse(r.deadlineAt) < now.getTime();
}

export function caseStatus(input: StatusInput, now: Date): CaseStatus {
  const urls: CaseStatus['urls'] = {};
  for (const t of input.targets) {
    const key = t.state ?? 'unchecked';
    urls[key] = (urls[key] ?? 0) + 1;
  }
  const requests: CaseStatus['requests'] = {};
  const byTarget = new Map(input.targets.map((t) => [t.targetId, t]));
  const lines: RequestLine[] = [];
  for (const r of input.requests) {
    requests[r.status] = (requests[r.status] ?? 0) + 1;
    const overdue = isOverdue(r, now);
    if (overdue) requests.overdue = (requests.overdue ?? 0) + 1;
    const states = r.targetIds.map((id) => byTarget.get(id)?.state ?? null);
    lines.push({
      id: formatRequestId(r.id),
      status: r.status,
      kind: r.kind,
      rung: r.rung,
      recipient: r.recipientName,
      urls: r.targetIds.length,
      deadlineAt: r.deadlineAt,
      overdue,
      inDoubt: r.status === 'draft' && r.sendStartedAt !== null,
      ticket: r.ticket,
      urlsGone: states.length > 0 && states.every((s) => s !== null && isGone(s)),
    });
  }
  const next = nextSteps(input, now);
  // Every next step is something only a person can do; waiting on a provider within its deadline is not.
  const needsHuman = next.length > 0;
  return { caseId: input.caseId, ...(input.title === undefined ? {} : { title: input.title }), urls, requests, lines, next, needsHuman };
}

/** Rungs of the escalation ladder; the others (search, regulator, child protection) run beside it. */
const LADDER = new Set(['site', 'host', 'cdn', 'registrar']);

/**
 * Whether the ladder has a rung above this request: an unknown site's operator, host or CDN do;
 * the registrar (whoever it is) is the top, and a known platform has only its own rung. Whether
 * that rung has a contact only `draft` can tell (RDAP), so the advice says what to do if not.
 */
function hasNextRung(r: StatusRequest): boolean {
  if (r.rung === 'registrar') return false;
  return r.providerId.startsWith('generic-') || r.rung === 'cdn' || r.rung === 'host';
}

function nextSteps(input: StatusInput, now: Date): string[] {
  const id = input.caseId;
  const steps: string[] = [];
  const unchecked = input.targets.filter((t) => t.state === null).length;
  if (unchecked > 0) steps.push(`check: ${unchecked} URL${unchecked === 1 ? ' was' : 's were'} never checked: takedown check ${id}`);

  // A URL is covered while a request on its own ladder waits; search delisting does not take it down.
  const open = input.requests.filter((r) => LADDER.has(r.rung) && (r.status === 'draft' || WAITING.includes(r.status)));
  const covered = new Set(open.flatMap((r) => r.targetIds));
  const uncovered = input.targets.filter((t) => t.state !== null && !isGone(t.state) && !covered.has(t.targetId)).length;
  if (uncovered > 0) {
    steps.push(`draft: ${uncovered} URL${uncovered === 1 ? ' is' : 's are'} not gone and no request about ${uncovered === 1 ? 'it' : 'them'} is open: takedown draft ${id} (it says why when it cannot ask anyone)`);
  }

  for (const r of input.requests) {
    const rid = formatRequestId(r.id);
    if (r.status === 'draft' && r.sendStartedAt !== null) {
      steps.push(`${rid}: a send was cut off at ${r.sendStartedAt}; check the sent folder, then "takedown mark ${rid} filed --at TIME" or "takedown send ${rid} --resend"`);
    } else if (r.status === 'draft' && r.channelKind === 'email') {
      steps.push(`${rid}: review ${r.file ?? 'the draft'}, then send it: takedown send ${rid}`);
    } else if (r.status === 'draft') {
      steps.push(`${rid}: file it at ${r.recipient ?? 'the site'} using ${r.file ?? 'its filing packet'}, then: takedown mark ${rid} filed --ref TICKET`);
    } else if (isOverdue(r, now)) {
      const states = r.targetIds.map((t) => input.targets.find((x) => x.targetId === t)?.state ?? null);
      const ref = r.ticket ? ` quoting ${r.ticket}` : ` quoting ${rid}`;
      if (states.length > 0 && states.every((s) => s !== null && isGone(s))) {
        steps.push(`${rid}: its URLs were last seen gone; once a later check confirms it: takedown mark ${rid} resolved`);
      } else if (!LADDER.has(r.rung)) {
        steps.push(`${rid}: no answer yet from ${r.recipientName} (${r.deadlineRule}); follow up with them${ref}, or record the answer: takedown mark ${rid} acknowledged|resolved|refused`);
      } else if (hasNextRung(r)) {
        // Not "run draft" alone: when no rung above has a contact, draft says so and drafts
        // nothing, and this advice would send the user round the same loop.
        steps.push(
          `${rid}: ${r.recipientName} let the deadline pass (${r.deadlineAt}; ${r.deadlineRule}); escalate to the next rung: takedown draft ${id}; ` +
            `if it finds no contact above ${r.rung === 'site' ? 'the site' : `the ${r.rung}`}, follow up${ref}, then turn to a regulator or a court`,
        );
      } else {
        steps.push(
          `${rid}: ${r.recipientName} let the deadline pass (${r.deadlineAt}; ${r.deadlineRule}); there is no rung above it: follow up${ref}, then turn to a regulator or a court`,
        );
      }
    }
  }
  return steps;
}

const URL_ORDER: readonly (CheckState | 'unchecked')[] = [...CHECK_STATES, 'unchecked'];

export function formatCounts<K extends string>(counts: Partial<Record<K, number>>, order: readonly K[]): string {
  const parts = order.filter((k) => (counts[k] ?? 0) > 0).map((k) => `${counts[k]} ${k}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

function shortTime(iso: string | null): string {
  return iso === null ? '-' : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** The text form: one block per case. */
export function formatStatusText(statuses: readonly CaseStatus[]): string {
  const blocks = statuses.map((s) => {
    const lines = [`Case ${s.caseId}${s.title ? ` — ${s.title}` : ''}`];
    lines.push(`  URLs:     ${formatCounts(s.urls, URL_ORDER)}`);
    lines.push(`  Requests: ${formatCounts(s.requests, [...REQUEST_STATUSES, 'overdue'] as const)}`);
    if (s.lines.length > 0) {
      const rows = s.lines.map((l) => [
        l.id,
        l.inDoubt ? 'in doubt' : l.overdue ? `${l.status}, OVERDUE` : l.status,
        l.kind,
        l.recipient,
        String(l.urls),
        shortTime(l.deadlineAt),
        l.ticket ?? '',
      ]);
      const header = ['id', 'status', 'basis', 'recipient', 'URLs', 'deadline', 'ticket'];
      const widths = header.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
      const fmt = (cells: string[]): string =>
        `  ${cells.map((c, i) => (c.length > (widths[i] ?? 0) ? `${c.slice(0, (widths[i] ?? 1) - 1)}…` : c.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd();
      lines.push('', fmt(header), ...rows.map(fmt));
    }
    if (s.next.length > 0) lines.push('', '  Next:', ...s.next.map((n) => `  - ${n}`));
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

// Builds the report model from what the store knows: per URL, per request, per provider. Pure.
import type { CheckState } from '../core/states.ts';
import { providerStats } from './provider-stats.ts';
import { removalVisible, requestOutcome, statusTimes } from './request-outcome.ts';
import type {
  CaseReport,
  EvidenceRef,
  Report,
  ReportCaseInput,
  ReportEventInput,
  ReportInput,
  ReportTargetInput,
  RequestReport,
  SeriesKey,
  UrlRemoval,
  UrlReport,
} from './report-types.ts';
import { seriesStart, stateSeries } from './state-series.ts';
import { hoursBetween, urlHistory } from './url-history.ts';

/** The event kind the evidence capture writes for each WARC record it indexes. */
export const EVIDENCE_EVENT = 'evidence.captured';

function field(data: unknown, key: string): unknown {
  return data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * A capture's place in the chain and where its response record lies in which WARC file, read
 * from the event (the record of truth, which verify checks), not from the index tables.
 */
export function evidenceRef(event: ReportEventInput): EvidenceRef {
  const records = field(event.data, 'records');
  const list = Array.isArray(records) ? (records as unknown[]) : [];
  const response = list.find((r) => field(r, 'type') === 'response') ?? list[0];
  const offset = field(response, 'offset');
  return {
    seq: event.seq,
    at: stringOrNull(field(event.data, 'captured_at')) ?? event.at,
    hash: event.hash,
    state: stringOrNull(field(event.data, 'state')),
    file: stringOrNull(field(event.data, 'file')),
    record: stringOrNull(field(response, 'id')),
    offset: typeof offset === 'number' ? offset : null,
    digest: stringOrNull(field(response, 'payloadDigest')) ?? stringOrNull(field(response, 'blockDigest')),
  };
}

function urlRemoval(target: ReportTargetInput, requests: readonly RequestReport[]): UrlRemoval | null {
  const candidates = requests
    .filter((r) => r.sentAt !== null && removalVisible(r))
    .map((r) => ({ request: r, url: r.urls.find((u) => u.targetId === target.id) }))
    .filter((x) => x.url !== undefined && x.url.goneAt !== null && x.url.confirmedAt !== null)
    .sort((a, b) => Date.parse(a.request.sentAt as string) - Date.parse(b.request.sentAt as string));
  const first = candidates[0];
  if (first === undefined) return null;
  const sentAt = first.request.sentAt as string;
  const goneAt = first.url?.goneAt as string;
  return { request: first.request.id, sentAt, goneAt, hours: hoursBetween(sentAt, goneAt) };
}

/** `requests` are those about this URL, `evidence` its captures. */
function urlReport(target: ReportTargetInput, requests: readonly RequestReport[], evidence: EvidenceRef[]): UrlReport {
  const last = target.checks.at(-1);
  const history = urlHistory(target.checks);
  return {
    targetId: target.id,
    url: target.url,
    note: target.note,
    active: target.active,
    addedAt: target.addedAt,
    state: last?.state ?? null,
    reason: last?.reason ?? null,
    detail: last?.detail ? last.detail : null,
    lastCheckedAt: last?.checkedAt ?? null,
    checks: target.checks.length,
    ...history,
    requests: requests.map((r) => r.id),
    removal: urlRemoval(target, requests),
    evidence,
  };
}

function caseReport(input: ReportCaseInput, now: string, confirmHours: number): CaseReport {
  const targets = new Map(input.targets.map((t) => [t.id, t]));
  const times = statusTimes(input.events);
  const requests = input.requests.map((r) => requestOutcome(input.id, r, targets, times, { now, confirmHours, recorded: input.removals ?? [] }));
  // Indexed once: a case can hold thousands of URLs and hundreds of requests.
  const aboutTarget = new Map<number, RequestReport[]>();
  for (const r of requests) for (const u of r.urls) aboutTarget.set(u.targetId, [...(aboutTarget.get(u.targetId) ?? []), r]);
  const evidence = new Map<number, EvidenceRef[]>();
  for (const e of input.events) {
    if (e.kind !== EVIDENCE_EVENT || e.targetId === null) continue;
    evidence.set(e.targetId, [...(evidence.get(e.targetId) ?? []), evidenceRef(e)]);
  }
  const counts: Partial<Record<SeriesKey, number>> = {};
  for (const t of input.targets.filter((x) => x.active)) {
    const key: CheckState | 'unchecked' = t.checks.at(-1)?.state ?? 'unchecked';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  const startedAt = seriesStart(input.targets, now);
  return {
    id: input.id,
    title: input.title,
    minor: input.minor,
    counts,
    urls: input.targets.map((t) => urlReport(t, aboutTarget.get(t.id) ?? [], evidence.get(t.id) ?? [])),
    requests,
    providers: providerStats(requests),
    series: stateSeries(input.targets, startedAt, now),
    startedAt,
  };
}

export function buildReport(input: ReportInput): Report {
  const cases = input.cases.map((c) => caseReport(c, input.generatedAt, input.confirmHours));
  const allTargets = input.cases.flatMap((c) => c.targets);
  return {
    kind: 'takedown-report',
    version: 1,
    generatedAt: input.generatedAt,
    confirmHours: input.confirmHours,
    chain: input.chain,
    cases,
    providers: providerStats(cases.flatMap((c) => c.requests)),
    series: stateSeries(allTargets, seriesStart(allTargets, input.generatedAt), input.generatedAt),
  };
}

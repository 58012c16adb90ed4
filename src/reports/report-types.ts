// The report's input (what the store knows, as plain data) and its model (what every format shows).
import type { ChannelKind, NoticeKind, RequestStatus, Rung } from '../core/notice.ts';
import type { CheckState, Reason } from '../core/states.ts';

// ---- Input: filled in by report-data.ts from the store; plain data so the model stays pure. ----

export interface ReportCheckInput {
  checkedAt: string;
  state: CheckState;
  reason: Reason;
  /** The check's own words (`the file is there (200, image/jpeg; not downloaded)`); read for the last check only. */
  detail?: string;
}

export interface ReportTargetInput {
  id: number;
  url: string;
  note: string | null;
  active: boolean;
  addedAt: string;
  /** Every observation, oldest first. */
  checks: ReportCheckInput[];
}

export interface ReportRequestInput {
  id: number;
  kind: NoticeKind;
  rung: Rung;
  providerId: string;
  channelKind: ChannelKind;
  recipientName: string;
  status: RequestStatus;
  createdAt: string;
  sentAt: string | null;
  acknowledgedAt: string | null;
  closedAt: string | null;
  deadlineAt: string | null;
  deadlineRule: string;
  ticket: string | null;
  note: string | null;
  supersededBy: number | null;
  targetIds: number[];
}

export interface ReportEventInput {
  seq: number;
  at: string;
  kind: string;
  targetId: number | null;
  data: unknown;
  hash: string;
}

/** A removal the sweep confirmed and recorded (its own rule); used as is when present. */
export interface ReportRemovalInput {
  requestId: number;
  targetId: number;
  goneAt: string;
  confirmedAt: string;
}

export interface ReportCaseInput {
  id: string;
  title: string | null;
  minor: boolean;
  targets: ReportTargetInput[];
  requests: ReportRequestInput[];
  /** The case's events, in log order: request moves and evidence captures. */
  events: ReportEventInput[];
  /** Removals recorded by the sweep; without them removals are found in the checks alone. */
  removals?: ReportRemovalInput[];
}

/** The state of the whole hash-chained log when the report was made; the head hash anchors the report. */
export interface ChainSummary {
  ok: boolean;
  events: number;
  headSeq: number | null;
  headHash: string | null;
  /** Why the chain does not verify, with the first bad event. */
  problem: string | null;
}

export interface ReportInput {
  generatedAt: string;
  /** Two gone checks at least this far apart confirm a removal (notices.confirm_hours, as the sweep uses). */
  confirmHours: number;
  chain: ChainSummary;
  cases: ReportCaseInput[];
}

// ---- Model: what the formatters render. The json format is this object as it is. ----

/** A run of consecutive observations in the same state; `to` is null for the run still going on. */
export interface StateSpan {
  state: CheckState;
  from: string;
  to: string | null;
}

/** One capture (the WARC records of one check), as indexed in the event log (`evidence.captured`). */
export interface EvidenceRef {
  /** The event's place in the hash-chained log. */
  seq: number;
  /** When the page was captured. */
  at: string;
  /** The event's hash: what `takedown evidence verify` checks the chain against. */
  hash: string;
  /** The state the check saw. */
  state: string | null;
  /** The WARC file, within the case's evidence folder. */
  file: string | null;
  /** The response record: its WARC-Record-ID, byte offset and payload digest. */
  record: string | null;
  offset: number | null;
  digest: string | null;
}

export interface UrlRemoval {
  /** The first notice about this URL that was sent before it went. */
  request: string;
  sentAt: string;
  goneAt: string;
  hours: number;
}

export interface UrlReport {
  targetId: number;
  url: string;
  note: string | null;
  /** False once the URL was taken out of the case file; its history stays. */
  active: boolean;
  addedAt: string;
  state: CheckState | null;
  reason: Reason | null;
  /** What the last check said, in its own words; null when it recorded none. */
  detail: string | null;
  lastCheckedAt: string | null;
  checks: number;
  firstCheckedAt: string | null;
  firstSeenLive: string | null;
  lastSeenLive: string | null;
  firstSeenGone: string | null;
  /** Start of the current gone run, when the last definite observation was gone. */
  goneSince: string | null;
  /** Each time a check saw the URL live again after it had been seen gone. */
  reappearedAt: string[];
  spans: StateSpan[];
  requests: string[];
  removal: UrlRemoval | null;
  evidence: EvidenceRef[];
}

export interface RequestUrl {
  targetId: number;
  url: string;
  /** The first check after sending that saw the URL gone (of the confirmed gone run, if any). */
  goneAt: string | null;
  /** The check that confirmed it; until then the URL does not count as removed. */
  confirmedAt: string | null;
  /** The URL was already gone when the notice was sent: it does not count towards time to removal. */
  goneBeforeSent: boolean;
}

export interface RequestReport {
  id: string;
  caseId: string;
  providerId: string;
  recipientName: string;
  kind: NoticeKind;
  rung: Rung;
  channelKind: ChannelKind;
  status: RequestStatus;
  createdAt: string;
  sentAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  refusedAt: string | null;
  expiredAt: string | null;
  escalatedAt: string | null;
  closedAt: string | null;
  deadlineAt: string | null;
  deadlineRule: string;
  ticket: string | null;
  note: string | null;
  supersededBy: string | null;
  /** Still waiting (sent or acknowledged), the deadline has passed and its URLs were not seen gone. */
  overdue: boolean;
  /** The deadline passed before any outcome (removal, resolution or refusal), now or back then. */
  missedDeadline: boolean;
  urls: RequestUrl[];
  /** When the last of its URLs was seen gone after sending (null until every removal is confirmed). */
  removedAt: string | null;
  hoursToRemoval: number | null;
  /** From sending to the first acknowledgement, resolution or refusal. */
  hoursToAnswer: number | null;
}

export interface DurationStats {
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface ProviderStats {
  providerId: string;
  /** Who was asked, as the notices name them (in anonymised exports: the notice kind instead). */
  label: string;
  sent: number;
  acknowledged: number;
  resolved: number;
  refused: number;
  expired: number;
  escalated: number;
  overdue: number;
  missedDeadline: number;
  /** Sent requests whose URLs were all seen gone afterwards, confirmed by a second check. */
  removed: number;
  timeToRemoval: DurationStats;
  timeToAnswer: DurationStats;
}

export type SeriesKey = CheckState | 'unchecked';

export interface SeriesPoint {
  at: string;
  counts: Record<SeriesKey, number>;
}

/** URLs by state over time, one point per step, the last at the time of the report. */
export interface StateSeries {
  stepHours: number;
  points: SeriesPoint[];
}

export interface CaseReport {
  id: string;
  title: string | null;
  minor: boolean;
  /** Current URLs by state (URLs still in the case file). */
  counts: Partial<Record<SeriesKey, number>>;
  urls: UrlReport[];
  requests: RequestReport[];
  providers: ProviderStats[];
  series: StateSeries;
  /** Where the case's timelines start: its first URL added or observed. */
  startedAt: string;
}

export interface Report {
  kind: 'takedown-report';
  version: 1;
  generatedAt: string;
  /** The confirmation rule the removal figures follow. */
  confirmHours: number;
  chain: ChainSummary;
  cases: CaseReport[];
  /** Over every case in the report. */
  providers: ProviderStats[];
  series: StateSeries;
}

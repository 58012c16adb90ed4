// CSV tables that open cleanly in a spreadsheet: one row per URL, one per request, and the outcome export. Pure.
import type { OutcomeExport } from './anonymise.ts';
import type { Report } from './report-types.ts';

export type Cell = string | number | boolean | null;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return, which some
 * strip first) as a formula: `=HYPERLINK(...)` in a URL or a note would act when the file is
 * opened. Such cells get a leading apostrophe, which spreadsheets show as text (OWASP's advice).
 * Numbers are written as numbers and never prefixed.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled. */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  const text = guardFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Records end in CRLF, as RFC 4180 says and every spreadsheet reads. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

export const URL_COLUMNS = [
  'case', 'url', 'in_case_file', 'state', 'reason', 'last_checked_at', 'checks', 'added_at', 'first_checked_at',
  'first_seen_live', 'last_seen_live', 'first_seen_gone', 'gone_since', 'reappeared_at', 'requests',
  'hours_to_removal', 'removal_after_request', 'evidence_captures', 'note',
] as const;

export function urlRows(report: Report): Cell[][] {
  const rows: Cell[][] = [[...URL_COLUMNS]];
  for (const c of report.cases) {
    for (const u of c.urls) {
      rows.push([
        c.id, u.url, u.active, u.state, u.reason, u.lastCheckedAt, u.checks, u.addedAt, u.firstCheckedAt,
        u.firstSeenLive, u.lastSeenLive, u.firstSeenGone, u.goneSince, u.reappearedAt.join(' '), u.requests.join(' '),
        u.removal?.hours ?? null, u.removal?.request ?? null, u.evidence.length, u.note,
      ]);
    }
  }
  return rows;
}

export const REQUEST_COLUMNS = [
  'case', 'request', 'status', 'overdue', 'missed_deadline', 'provider', 'recipient', 'notice_kind', 'rung', 'channel',
  'created_at', 'sent_at', 'acknowledged_at', 'resolved_at', 'refused_at', 'closed_at', 'deadline_at', 'deadline_rule',
  'ticket', 'urls', 'url_list', 'removed_at', 'hours_to_removal', 'hours_to_answer', 'superseded_by', 'note',
] as const;

export function requestRows(report: Report): Cell[][] {
  const rows: Cell[][] = [[...REQUEST_COLUMNS]];
  for (const c of report.cases) {
    for (const r of c.requests) {
      rows.push([
        c.id, r.id, r.status, r.overdue, r.missedDeadline, r.providerId, r.recipientName, r.kind, r.rung, r.channelKind,
        r.createdAt, r.sentAt, r.acknowledgedAt, r.resolvedAt, r.refusedAt, r.closedAt, r.deadlineAt, r.deadlineRule,
        r.ticket, r.urls.length, r.urls.map((u) => u.url).join('\n'), r.removedAt, r.hoursToRemoval, r.hoursToAnswer,
        r.supersededBy, r.note,
      ]);
    }
  }
  return rows;
}

export const OUTCOME_COLUMNS = [
  'provider', 'notice_kind', 'sent', 'acknowledged', 'resolved', 'refused', 'expired', 'escalated', 'overdue',
  'missed_deadline', 'removed', 'removal_count', 'removal_median_hours', 'removal_p90_hours', 'answer_count',
  'answer_median_hours', 'answer_p90_hours',
] as const;

export function outcomeRows(outcomes: OutcomeExport): Cell[][] {
  return [
    [...OUTCOME_COLUMNS],
    ...outcomes.rows.map((r) => [
      r.provider, r.noticeKind, r.sent, r.acknowledged, r.resolved, r.refused, r.expired, r.escalated, r.overdue,
      r.missedDeadline, r.removed, r.timeToRemoval.count, r.timeToRemoval.medianHours, r.timeToRemoval.p90Hours,
      r.timeToAnswer.count, r.timeToAnswer.medianHours, r.timeToAnswer.p90Hours,
    ]),
  ];
}

/**
 * The two tables for one stream (stdout): URLs, a blank line, requests. A file per table is
 * what a spreadsheet wants (`--out`); on a pipe one stream must carry both.
 */
export function formatReportCsv(report: Report): { urls: string; requests: string } {
  return { urls: toCsv(urlRows(report)), requests: toCsv(requestRows(report)) };
}

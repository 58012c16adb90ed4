// Words shared by the report formats: times, durations, counts, and hostile text made safe to show. Pure.
import { REQUEST_STATUSES } from '../core/notice.ts';
import { REASONS } from '../core/states.ts';
import type { EvidenceRef, ProviderStats, RequestReport, SeriesKey, UrlReport } from './report-types.ts';
import { SERIES_KEYS } from './state-series.ts';

/** `2026-11-21T14:05:09.000Z` -> `2026-11-21 14:05 UTC`; null -> `-`. */
export function shortTime(iso: string | null): string {
  return iso === null ? '-' : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** 0.4 -> `24 min`, 26.5 -> `26.5 h` (deadlines are set in hours), 100 -> `4 d 4 h`. */
export function formatHours(hours: number | null): string {
  if (hours === null) return '-';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 72) return `${Math.round(hours * 10) / 10} h`;
  const days = Math.floor(hours / 24);
  const rest = Math.round(hours - days * 24);
  return rest === 0 ? `${days} d` : `${days} d ${rest} h`;
}

// C0 and C1 controls (a terminal obeys escape sequences), and the bidirectional overrides and
// isolates that can make a URL read differently from what it is.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * URLs, notes, ticket numbers and names are whatever someone typed or a site sent. Shown as text,
 * each unsafe character becomes a visible escape (`\x1b`, `\u202e`), so the text is faithful and harmless.
 */
export function safeText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * What the last check of a URL said, in its own words (`the file is there (200, image/jpeg; not
 * downloaded)`, as `check` printed it), or its reason's general words when it recorded none.
 * Not escaped: each format escapes it as it escapes any text a site sent.
 */
export function checkWords(u: Pick<UrlReport, 'reason' | 'detail'>): string {
  if (u.detail !== null && u.detail !== '') return u.detail;
  return u.reason === null ? '' : REASONS[u.reason].text;
}

export function countsText(counts: Partial<Record<SeriesKey, number>>): string {
  const parts = SERIES_KEYS.filter((k) => (counts[k] ?? 0) > 0).map((k) => `${counts[k]} ${k}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

export function requestCountsText(requests: readonly RequestReport[]): string {
  const parts = REQUEST_STATUSES.map((s) => [s, requests.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const overdue = requests.filter((r) => r.overdue).length;
  if (overdue > 0) parts.push(`${overdue} overdue`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** `resolved`, `sent, OVERDUE`. */
export function requestStatusText(r: RequestReport): string {
  return r.overdue ? `${r.status}, OVERDUE` : r.status;
}

export const PROVIDER_HEADER = ['provider', 'sent', 'resolved', 'refused', 'overdue', 'missed deadline', 'removed', 'median to removal', 'p90 to removal'];

export function providerCells(p: ProviderStats): string[] {
  return [
    p.label,
    String(p.sent),
    String(p.resolved),
    String(p.refused),
    String(p.overdue),
    String(p.missedDeadline),
    String(p.removed),
    formatHours(p.timeToRemoval.medianHours),
    formatHours(p.timeToRemoval.p90Hours),
  ];
}

export const REQUEST_HEADER = ['id', 'status', 'basis', 'recipient', 'URLs', 'sent', 'deadline', 'removed after', 'ticket'];

export function requestCells(r: RequestReport): string[] {
  return [
    r.id,
    requestStatusText(r),
    r.kind,
    r.recipientName,
    String(r.urls.length),
    shortTime(r.sentAt),
    shortTime(r.deadlineAt),
    formatHours(r.hoursToRemoval),
    r.ticket ?? '',
  ];
}

export interface HistoryItem {
  at: string;
  what: 'added' | 'first seen live' | 'last seen live' | 'first seen gone' | 'reappeared' | 'gone again since';
}

/** A URL's milestones in time order: when it was added, seen live, seen gone and seen again. */
export function historyItems(u: UrlReport): HistoryItem[] {
  const items: HistoryItem[] = [{ at: u.addedAt, what: 'added' }];
  if (u.firstSeenLive) items.push({ at: u.firstSeenLive, what: 'first seen live' });
  if (u.firstSeenGone) items.push({ at: u.firstSeenGone, what: 'first seen gone' });
  for (const at of u.reappearedAt) items.push({ at, what: 'reappeared' });
  if (u.goneSince && u.goneSince !== u.firstSeenGone) items.push({ at: u.goneSince, what: 'gone again since' });
  if (u.lastSeenLive && u.lastSeenLive !== u.firstSeenLive && !u.reappearedAt.includes(u.lastSeenLive)) {
    items.push({ at: u.lastSeenLive, what: 'last seen live' });
  }
  // Stable: an item keeps its place among others at the same time.
  return items.map((item, i) => ({ item, i })).sort((a, b) => Date.parse(a.item.at) - Date.parse(b.item.at) || a.i - b.i).map((x) => x.item);
}

/** `#18 2026-11-20 11:00 UTC live, 2026-11.warc.gz @ 1234`: a capture and where its record lies. */
export function evidenceText(e: EvidenceRef): string {
  const where = e.file === null ? '' : ` ${e.file}${e.offset === null ? '' : ` @ ${e.offset}`}`;
  return `#${e.seq} ${shortTime(e.at)}${e.state ? ` ${e.state}` : ''}${where}`;
}

/** How the removal figures are counted, said once per report. */
export function removalRule(confirmHours: number): string {
  return (
    'Time to removal runs from sending a notice to the first check that saw all its URLs gone ' +
    `(the removal happened at or before it), counted once a check ${formatHours(confirmHours)} or more later still saw them gone; ` +
    'search engines delist rather than remove, so their requests have none.'
  );
}

export function chainText(chain: { ok: boolean; events: number; headSeq: number | null; headHash: string | null; problem: string | null }): string {
  if (!chain.ok) return `event log: ${chain.events} events, CHAIN BROKEN: ${chain.problem ?? 'unknown problem'}`;
  if (chain.headSeq === null) return 'event log: empty';
  return `event log: ${chain.events} events, chain intact; last event #${chain.headSeq}, sha256 ${chain.headHash}`;
}

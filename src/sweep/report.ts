// What a sweep says: one line per change, a summary line, and the JSON records. Pure.
import type { CheckState } from '../core/states.ts';
import { CHECK_STATES } from '../core/states.ts';
import type { ChangeRow } from '../store/index.ts';
import type { DiscoveryReport } from './discover-phase.ts';
import type { DueClass } from './schedule.ts';

/** Change kinds, with the label shown in front of each (upper case: someone must act). */
export const CHANGE_LABELS: Record<string, string> = {
  live: 'LIVE',
  gone: 'gone',
  confirmed: 'removed',
  'live-again': 'LIVE AGAIN',
  reappeared: 'REAPPEARED',
  unseen: 'UNSEEN',
  overdue: 'OVERDUE',
  escalated: 'escalated',
  drafted: 'DRAFTED',
  'draft-failed': 'NOT DRAFTED',
  'last-rung': 'LAST RUNG',
  candidate: 'CANDIDATE',
};

function str(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

/** `2026-11-21 14:05 UTC`. */
export function shortTime(iso: string): string {
  return iso === '' ? '?' : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** "5 days", "30 hours", "45 minutes". */
export function span(fromIso: string, toIso: string): string {
  const ms = Math.max(Date.parse(toIso) - Date.parse(fromIso), 0);
  const hours = ms / 3_600_000;
  if (hours >= 48) return `${Math.floor(hours / 24)} days`;
  if (hours >= 2) return `${Math.floor(hours)} hours`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function resolvedText(data: Record<string, unknown>): string {
  const resolved = Array.isArray(data['resolved']) ? (data['resolved'] as { request: string; hoursToRemoval: number | null }[]) : [];
  const withdrawn = Array.isArray(data['withdrawn']) ? (data['withdrawn'] as string[]) : [];
  const parts = resolved.map((r) => `${r.request} resolved${r.hoursToRemoval === null ? '' : ` (gone ${r.hoursToRemoval} h after it was sent)`}`);
  for (const id of withdrawn) parts.push(`${id} withdrawn (an unsent draft)`);
  return parts.length === 0 ? '' : `; ${parts.join(', ')}`;
}

/** Why no rung above: one reason, or each URL with its own. */
function lastRungWhy(data: Record<string, unknown>): string {
  const urls = Array.isArray(data['urls']) ? (data['urls'] as { url: string; reason: string }[]) : [];
  const reasons = [...new Set(urls.map((u) => u.reason))];
  if (reasons.length === 1) return urls.length === 1 ? `${reasons[0]}` : `${urls.length} URLs: ${reasons[0]}`;
  return urls.map((u) => `${u.url}: ${u.reason}`).join('; ');
}

/** What drafting did about a reappearance (added to its data once the case was drafted). */
function reappearedOutcome(change: ChangeRow): string {
  const d = change.data;
  const list = (key: string): string[] => (Array.isArray(d[key]) ? (d[key] as unknown[]).map(String) : []);
  const drafts = list('drafts');
  if (drafts.length > 0) return `a new notice is drafted, not sent: ${drafts.join(', ')}`;
  const covered = list('coveredBy');
  if (covered.length > 0) return `an open request already covers it: ${covered.join(', ')}; no new notice was drafted`;
  if (str(d, 'notDrafted') !== '') return `no new notice could be drafted: ${str(d, 'notDrafted')}`;
  return `it needs a new notice: takedown draft ${change.caseId}`;
}

/** What happened and what to do, in one line (without the label and case). */
export function describeChange(change: ChangeRow): string {
  const d = change.data;
  const url = str(d, 'url');
  switch (change.kind) {
    case 'live':
      return `${url}: live (${str(d, 'reason')}) and no request is open for it: draft one with takedown draft ${change.caseId}`;
    case 'gone':
      return `${url}: ${str(d, 'state')} (${str(d, 'reason')}); it counts as removed once a later check confirms it`;
    case 'confirmed':
      return `${url}: removal confirmed (gone since ${shortTime(str(d, 'goneSince'))})${resolvedText(d)}`;
    case 'live-again':
      return `${url}: seen gone on ${shortTime(str(d, 'goneSince'))}, live again before the removal was confirmed; its requests stay open`;
    case 'reappeared':
      return `${url}: removed (confirmed ${shortTime(str(d, 'confirmedAt'))}) and live again; ${reappearedOutcome(change)}`;
    case 'unseen': {
      const since = str(d, 'lastSeenAt') || str(d, 'since');
      const seen = str(d, 'lastSeenAt') === '' ? 'never seen' : `last seen ${shortTime(since)}`;
      return `${url}: cannot see this URL for ${span(since, str(d, 'at'))} (${str(d, 'state')}: ${str(d, 'reason')}; ${str(d, 'count')} checks, ${seen}); it still counts as up`;
    }
    case 'overdue':
      return `${str(d, 'request')} to ${str(d, 'recipient')}: its deadline passed on ${shortTime(str(d, 'deadline'))} (${str(d, 'rule')})`;
    case 'escalated':
      return `${str(d, 'request')}: ${str(d, 'why') || 'escalated to the next rung'}`;
    case 'drafted': {
      const id = str(d, 'request');
      const file = str(d, 'file') || 'its file';
      const next = str(d, 'channel') === 'email' ? `review ${file}, then: takedown send ${id}` : `file it with ${file}, then: takedown mark ${id} filed --ref TICKET`;
      return `${id} to ${str(d, 'recipient')} (${str(d, 'kind')}, ${str(d, 'rung')} rung), not sent: ${next}`;
    }
    case 'draft-failed':
      return `the case could not be drafted again: ${str(d, 'message')}`;
    case 'last-rung':
      return `${str(d, 'request')} to ${str(d, 'recipient')}: its deadline passed and no further rung could be drafted (${lastRungWhy(d)}); follow it up quoting ${str(d, 'ticket') || str(d, 'request')}, then turn to a regulator or a court`;
    case 'candidate': {
      const id = str(d, 'candidate');
      const why = Array.isArray(d['why']) ? (d['why'] as unknown[]).map(String).join('; ') : '';
      const place = str(d, 'watch') === str(d, 'foundOn') ? '' : ` (watch place ${str(d, 'watch')})`;
      return `${url}: possibly a new copy (${id}: ${why || 'a match'}), linked from ${str(d, 'foundOn')}${place}; nothing is sent for it: takedown review accept ${id}, or reject ${id}`;
    }
    default:
      return JSON.stringify(d);
  }
}

/** `REAPPEARED  c-1  https://...: ...`. */
export function formatChange(change: ChangeRow, width = 11): string {
  const label = CHANGE_LABELS[change.kind] ?? change.kind;
  return `${label.padEnd(width)} ${change.caseId}  ${describeChange(change)}`;
}

export interface SweepSummary {
  runId: number;
  resumed: boolean;
  checked: number;
  due: number;
  byClass: Partial<Record<DueClass, number>>;
  notDue: number;
  deferred: number;
  states: Partial<Record<CheckState, number>>;
  changes: number;
  attention: number;
  seconds: number;
  /** Set when the sweep looked for new copies. */
  discovery?: DiscoveryReport | null;
}

/** One line: what was checked, what was found, whether anyone must act. */
export function summaryLine(s: SweepSummary): string {
  const total = s.checked + s.notDue + s.deferred;
  const states = CHECK_STATES.filter((k) => (s.states[k] ?? 0) > 0).map((k) => `${s.states[k]} ${k}`);
  const parts = [`sweep ${s.runId}${s.resumed ? ' (resumed)' : ''}: checked ${s.checked} of ${total} URLs in ${s.seconds.toFixed(1)} s`];
  if (states.length > 0) parts.push(states.join(', '));
  if (s.deferred > 0) parts.push(`${s.deferred} due URLs left for the next run (cap)`);
  if (s.discovery && s.discovery.read.length > 0) parts.push(discoveryPart(s.discovery));
  if (s.changes === 0) parts.push('nothing changed');
  else parts.push(`${s.changes} change${s.changes === 1 ? '' : 's'}, ${s.attention === 0 ? 'none needs you' : `${s.attention} need${s.attention === 1 ? 's' : ''} you`}`);
  return parts.join('; ');
}

/** `watch places of 2 cases read (14 pages), 3 new candidates`. */
function discoveryPart(d: DiscoveryReport): string {
  const cases = d.read.length;
  const pages = d.read.reduce((n, c) => n + c.pages, 0);
  const found = d.read.reduce((n, c) => n + c.found, 0);
  const problems = d.read.reduce((n, c) => n + c.errors.length, 0);
  const text = `watch places of ${cases} case${cases === 1 ? '' : 's'} read (${pages} page${pages === 1 ? '' : 's'}), ${found === 0 ? 'no' : found} new candidate${found === 1 ? '' : 's'}`;
  return problems === 0 ? text : `${text}, ${problems} address${problems === 1 ? '' : 'es'} not read`;
}

/**
 * What discovery could not do, for stderr: a watch place that could not be read at all (always
 * shown: no copies can be found there until it is fixed), then, unless `quiet`, the pages and
 * pictures behind it that failed and the notes (a case without keywords, a minor's case).
 */
export function discoveryProblemLines(d: DiscoveryReport, quiet: boolean, max = 20): string[] {
  const lines: string[] = [];
  let more = 0;
  for (const c of d.read) {
    for (const e of c.errors) {
      const place = e.url === e.place;
      if (quiet && !place) continue;
      if (lines.length >= max) {
        more += 1;
        continue;
      }
      lines.push(place ? `${c.caseId}: cannot read the watch place ${e.place}: ${e.problem}` : `${c.caseId}: ${e.url} (from the watch place ${e.place}) not read: ${e.problem}`);
    }
    if (!quiet) for (const note of c.notes) lines.push(`${c.caseId}: ${note}`);
  }
  if (more > 0) lines.push(`... and ${more} more (takedown sweep --format json lists them all)`);
  return lines;
}

/** A change as JSON (output and webhook). */
export function changeRecord(change: ChangeRow): Record<string, unknown> {
  return {
    id: change.id,
    kind: change.kind,
    case: change.caseId,
    at: change.at,
    attention: change.attention,
    message: describeChange(change),
    // A URL of the case, or a candidate's.
    ...(change.targetId === null && typeof change.data['url'] !== 'string' ? {} : { url: change.data['url'] ?? null }),
    data: change.data,
  };
}

/** Attention first, then in the order found; at most `max` lines, then how many more. */
export function changeLines(changes: readonly ChangeRow[], max: number): string[] {
  const ordered = [...changes.filter((c) => c.attention), ...changes.filter((c) => !c.attention)];
  const lines = ordered.slice(0, max).map((c) => formatChange(c));
  if (ordered.length > max) lines.push(`... and ${ordered.length - max} more (takedown sweep --format json lists them all; takedown status shows where each case stands)`);
  return lines;
}

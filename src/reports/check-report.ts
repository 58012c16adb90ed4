// Formats check results: the text table, the JSON document and NDJSON lines (pure).
import type { ChalkInstance } from 'chalk';
import type { CheckResult } from '../core/check-result.ts';
import { CHECK_STATES, isGone, type CheckState } from '../core/states.ts';

export interface CaseResult {
  caseId: string;
  result: CheckResult;
  /** For a URL the tool could not see this time: when it was last seen live, if ever. */
  lastSeenLive?: string | null;
}

/** The URL needs a human: it is live, or it could not be seen and so may well still be up. */
export function needsAttention(state: CheckState): boolean {
  return state === 'live' || state === 'blocked' || state === 'unreachable';
}

export interface CheckSummary {
  total: number;
  byState: Record<CheckState, number>;
  live: number;
  gone: number;
  /** blocked + unreachable: the tool could not tell. */
  unknown: number;
}

export function summarise(results: readonly CaseResult[]): CheckSummary {
  return summariseStates(results.map((r) => r.result.state));
}

/** The summary from states alone, for a stream whose results are not kept. */
export function summariseStates(states: Iterable<CheckState>): CheckSummary {
  const byState = Object.fromEntries(CHECK_STATES.map((s) => [s, 0])) as Record<CheckState, number>;
  for (const state of states) byState[state]++;
  const gone = CHECK_STATES.filter(isGone).reduce((n, s) => n + byState[s], 0);
  return {
    total: CHECK_STATES.reduce((n, s) => n + byState[s], 0),
    byState,
    live: byState.live,
    gone,
    unknown: byState.blocked + byState.unreachable,
  };
}

/** The machine-readable form of one result (json and ndjson share it). */
export function resultRecord({ caseId, result, lastSeenLive }: CaseResult): Record<string, unknown> {
  return {
    lastSeenLive: lastSeenLive ?? null,
    case: caseId,
    url: result.url,
    state: result.state,
    reason: result.reason,
    detail: result.detail,
    provider: result.providerId,
    httpStatus: result.httpStatus,
    finalUrl: result.finalUrl,
    redirects: result.redirects,
    contentType: result.contentType,
    bodySha256: result.bodySha256,
    bodyBytes: result.bodyBytes,
    truncated: result.truncated,
    checkedAt: result.checkedAt,
    durationMs: result.durationMs,
    attempts: result.attempts,
  };
}

const STATE_COLOURS: Record<CheckState, (c: ChalkInstance, s: string) => string> = {
  live: (c, s) => c.red.bold(s),
  removed: (c, s) => c.green(s),
  'soft-removed': (c, s) => c.green(s),
  redirected: (c, s) => c.green(s),
  'legal-block': (c, s) => c.cyan(s),
  blocked: (c, s) => c.yellow(s),
  unreachable: (c, s) => c.yellow(s),
};

export function colourState(color: ChalkInstance, state: CheckState, text: string = state): string {
  return STATE_COLOURS[state](color, text);
}

/** The table: one line per URL, in case-file order; `attentionOnly` (--quiet) keeps the URLs that need a human. */
export function formatCheckTable(results: readonly CaseResult[], color: ChalkInstance, attentionOnly = false): string[] {
  const rows = attentionOnly ? results.filter((r) => needsAttention(r.result.state)) : results;
  if (rows.length === 0) return [];
  const multiCase = new Set(rows.map((r) => r.caseId)).size > 1;
  const stateWidth = Math.max(5, ...rows.map((r) => r.result.state.length));
  const reasonWidth = Math.max(6, ...rows.map((r) => r.result.reason.length));
  const lines = [color.dim(`${'STATE'.padEnd(stateWidth)}  ${'REASON'.padEnd(reasonWidth)}  URL`)];
  for (const { caseId, result, lastSeenLive } of rows) {
    const where = multiCase ? `[${caseId}] ` : '';
    const moved = result.finalUrl && result.finalUrl !== result.url && result.redirects.length > 0;
    const target = moved ? `${result.url} ${color.dim('→')} ${result.finalUrl}` : result.url;
    // The arrow already says where a redirect went; the detail need not repeat the address.
    const shown = moved && result.finalUrl && result.detail.endsWith(` ${result.finalUrl}`)
      ? result.detail.slice(0, -result.finalUrl.length - 1)
      : result.detail;
    const seen = lastSeenLive ? `; last seen live ${lastSeenLive.slice(0, 16).replace('T', ' ')} UTC` : '';
    const text = shown + seen;
    const detail = text ? color.dim(`  (${text.replace(/^; /, '')})`) : '';
    lines.push(
      `${colourState(color, result.state, result.state.padEnd(stateWidth))}  ${result.reason.padEnd(reasonWidth)}  ${where}${target}${detail}`,
    );
  }
  return lines;
}

export function formatSummaryLine(summary: CheckSummary, seconds: number): string {
  const parts = CHECK_STATES.filter((s) => summary.byState[s] > 0).map((s) => `${summary.byState[s]} ${s}`);
  const urls = summary.total === 1 ? '1 URL' : `${summary.total} URLs`;
  return `${urls}: ${parts.join(', ') || 'nothing checked'} (${seconds.toFixed(1)} s)`;
}

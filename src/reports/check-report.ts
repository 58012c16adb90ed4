// Formats check results: the text table, the JSON document and NDJSON lines (pure).
import type { ChalkInstance } from 'chalk';
import type { CheckResult } from '../core/check-result.ts';
import { CHECK_STATES, isGone, type CheckState } from '../core/states.ts';

export interface CaseResult {
  caseId: string;
  result: CheckResult;
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
  const byState = Object.fromEntries(CHECK_STATES.map((s) => [s, 0])) as Record<CheckState, number>;
  for (const { result } of results) byState[result.state]++;
  const gone = CHECK_STATES.filter(isGone).reduce((n, s) => n + byState[s], 0);
  return {
    total: results.length,
    byState,
    live: byState.live,
    gone,
    unknown: byState.blocked + byState.unreachable,
  };
}

/** The machine-readable form of one result (json and ndjson share it). */
export function resultRecord({ caseId, result }: CaseResult): Record<string, unknown> {
  return {
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

/** The table: one line per URL, in case-file order; `onlyLive` for --quiet. */
export function formatCheckTable(results: readonly CaseResult[], color: ChalkInstance, onlyLive = false): string[] {
  const rows = onlyLive ? results.filter((r) => r.result.state === 'live') : results;
  if (rows.length === 0) return [];
  const multiCase = new Set(rows.map((r) => r.caseId)).size > 1;
  const stateWidth = Math.max(5, ...rows.map((r) => r.result.state.length));
  const reasonWidth = Math.max(6, ...rows.map((r) => r.result.reason.length));
  const lines = [color.dim(`${'STATE'.padEnd(stateWidth)}  ${'REASON'.padEnd(reasonWidth)}  URL`)];
  for (const { caseId, result } of rows) {
    const where = multiCase ? `[${caseId}] ` : '';
    const moved = result.finalUrl && result.finalUrl !== result.url && result.redirects.length > 0;
    const target = moved ? `${result.url} ${color.dim('→')} ${result.finalUrl}` : result.url;
    // The arrow already says where a redirect went.
    const redundant = moved && result.detail.startsWith('redirected to ');
    const detail = result.detail && !redundant ? color.dim(`  (${result.detail})`) : '';
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

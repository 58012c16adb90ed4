// The text report: a readable summary per case, per URL, per request and per provider. Pure.
import type { CaseReport, ProviderStats, Report, RequestReport, UrlReport } from './report-types.ts';
import {
  chainText,
  countsText,
  evidenceText,
  checkWords,
  formatHours,
  removalRule,
  historyItems,
  PROVIDER_HEADER,
  providerCells,
  REQUEST_HEADER,
  requestCells,
  requestCountsText,
  requestStatusText,
  safeText,
  shortTime,
} from './report-words.ts';

const MAX_CELL = 40;

/** Columns padded to their widest cell (at most MAX_CELL characters, longer ones cut with …). */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths = header.map((h, i) => Math.min(MAX_CELL, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const line = (cells: readonly string[]): string =>
    `${indent}${cells
      .map((c, i) => {
        const width = widths[i] ?? 0;
        return c.length > width ? `${c.slice(0, width - 1)}…` : c.padEnd(width);
      })
      .join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

function historyLine(u: UrlReport): string {
  return historyItems(u)
    .map((h) => `${h.what === 'reappeared' ? 'REAPPEARED' : h.what} ${shortTime(h.at)}`)
    .join('; ');
}

function urlBlock(u: UrlReport, index: number, requests: readonly RequestReport[]): string[] {
  const label = (name: string): string => `     ${name.padEnd(10)} `;
  const now =
    u.state === null
      ? 'never checked'
      : `${u.state} (${u.reason ?? ''}: ${safeText(checkWords(u))}), last checked ${shortTime(u.lastCheckedAt)}, ${u.checks} check${u.checks === 1 ? '' : 's'}`;
  const lines = [`  ${index}. ${safeText(u.url)}${u.active ? '' : '  (no longer in the case file)'}`, `${label('now')}${now}`, `${label('history')}${historyLine(u)}`];
  if (u.removal) lines.push(`${label('removal')}${formatHours(u.removal.hours)} after ${u.removal.request} was sent (${shortTime(u.removal.sentAt)})`);
  for (const id of u.requests) {
    const r = requests.find((x) => x.id === id);
    if (r === undefined) continue;
    const deadline = r.deadlineAt ? `, deadline ${shortTime(r.deadlineAt)}` : '';
    lines.push(`${label(id === u.requests[0] ? 'requests' : '')}${r.id} ${requestStatusText(r)}: ${r.kind} to ${safeText(r.recipientName)}${deadline}`);
  }
  if (u.evidence.length > 0) {
    const shown = u.evidence.slice(0, 3).map((e) => safeText(evidenceText(e)));
    const more = u.evidence.length > 3 ? `, and ${u.evidence.length - 3} more` : '';
    lines.push(`${label('evidence')}${u.evidence.length} capture${u.evidence.length === 1 ? '' : 's'}: ${shown.join(', ')}${more}`);
  }
  if (u.note) lines.push(`${label('note')}${safeText(u.note)}`);
  return lines;
}

function providerLines(providers: readonly ProviderStats[], indent: string): string[] {
  if (providers.length === 0) return [`${indent}no request sent yet`];
  return textTable(PROVIDER_HEADER, providers.map((p) => providerCells(p).map(safeText)), indent);
}

function caseBlock(c: CaseReport): string[] {
  const lines = [`Case ${safeText(c.id)}${c.title ? ` — ${safeText(c.title)}` : ''}${c.minor ? ' (under 18 when the content was made)' : ''}`];
  lines.push(`  URLs:     ${countsText(c.counts)}`);
  lines.push(`  Requests: ${requestCountsText(c.requests)}`);
  c.urls.forEach((u, i) => lines.push('', ...urlBlock(u, i + 1, c.requests)));
  if (c.requests.length > 0) {
    lines.push('', '  Requests', ...textTable(REQUEST_HEADER, c.requests.map((r) => requestCells(r).map(safeText)), '    '));
  }
  lines.push('', '  Providers (sent requests)', ...providerLines(c.providers, '    '));
  return lines;
}

export function formatReportText(report: Report): string {
  const lines = [`Takedown report, generated ${shortTime(report.generatedAt)}`, chainText(report.chain).replace(/^e/, 'E')];
  for (const c of report.cases) lines.push('', ...caseBlock(c));
  if (report.cases.length > 1) lines.push('', 'Providers, all cases', ...providerLines(report.providers, '  '));
  lines.push('', removalRule(report.confirmHours));
  return `${lines.join('\n')}\n`;
}

// The Markdown report (GitHub-flavoured tables): the text report's content for documents and tickets. Pure.
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

/**
 * Text as Markdown shows it: `<` and `&` can start HTML, `*`, `_`, `~`, `` ` ``, `[` and `]`
 * emphasis, code and links, `|` a table cell. Each is backslash-escaped (CommonMark allows it
 * before any ASCII punctuation), so a note reading `<script>` or `[click](…)` stays text.
 * A URL in the text (`https://…`, `www.…`) becomes a code span: GitHub would otherwise link it
 * (its autolinks ignore escapes), and a report should not put the content one click away; a
 * code span copies back exactly.
 */
export function mdText(text: string): string {
  const safe = safeText(text);
  let out = '';
  let at = 0;
  for (const match of safe.matchAll(URL_IN_TEXT)) {
    const url = trimUrlEnd(match[0]);
    out += escapeText(safe.slice(at, match.index)) + mdCode(url);
    at = match.index + url.length;
  }
  return out + escapeText(safe.slice(at));
}

function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

// What GitHub's extended autolinks take for a URL: a scheme and `://`, or `www.`, up to a space,
// `<`, `>` or `|` (which ends a table cell anyway and is never in a URL unencoded).
const URL_IN_TEXT = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>|]+/giu;

/** Trailing punctuation ends the sentence, not the URL; a `)` only closes one opened inside it. */
function trimUrlEnd(url: string): string {
  let end = url.length;
  for (;;) {
    const c = url[end - 1];
    if (c !== undefined && '.,:;!?\'"*_~'.includes(c)) end -= 1;
    else if (c === ')' && count(url.slice(0, end), '(') < count(url.slice(0, end), ')')) end -= 1;
    else break;
  }
  return url.slice(0, end);
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/**
 * A URL as inline code: never a link (a report should not put the content one click away) and
 * never HTML. The fence is one backtick longer than any run inside, per CommonMark.
 */
export function mdCode(text: string): string {
  const safe = safeText(text);
  const longest = Math.max(0, ...[...safe.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = safe.startsWith('`') || safe.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${safe}${pad}${fence}`;
}

export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map((r) => line(r.map(mdText)))];
}

function urlSection(u: UrlReport, index: number, requests: readonly RequestReport[]): string[] {
  const lines = [`#### ${index}. ${mdCode(u.url)}${u.active ? '' : ' (no longer in the case file)'}`, ''];
  const item = (label: string, value: string): void => {
    lines.push(`- **${label}:** ${value}`);
  };
  item(
    'Now',
    u.state === null
      ? 'never checked'
      : `${u.state} (${u.reason ?? ''}: ${mdText(checkWords(u))}), last checked ${shortTime(u.lastCheckedAt)}, ${u.checks} check${u.checks === 1 ? '' : 's'}`,
  );
  const history = historyItems(u).map((h) => `${h.what === 'reappeared' ? '**reappeared**' : h.what} ${shortTime(h.at)}`);
  item('History', history.join('; '));
  if (u.removal) item('Removal', `${formatHours(u.removal.hours)} after ${u.removal.request} was sent (${shortTime(u.removal.sentAt)})`);
  const asked = u.requests
    .map((id) => requests.find((r) => r.id === id))
    .filter((r): r is RequestReport => r !== undefined)
    .map((r) => `${r.id} ${requestStatusText(r)}: ${r.kind} to ${mdText(r.recipientName)}${r.deadlineAt ? `, deadline ${shortTime(r.deadlineAt)}` : ''}`);
  if (asked.length > 0) item('Requests', asked.join('; '));
  if (u.evidence.length > 0) {
    const refs = u.evidence.map((e) => mdText(evidenceText(e)));
    item('Evidence', `${u.evidence.length} capture${u.evidence.length === 1 ? '' : 's'}: ${refs.join(', ')}`);
  }
  if (u.note) item('Note', mdText(u.note));
  return lines;
}

function providerTable(providers: readonly ProviderStats[]): string[] {
  if (providers.length === 0) return ['No request sent yet.'];
  return mdTable(PROVIDER_HEADER, providers.map(providerCells));
}

function caseSection(c: CaseReport): string[] {
  const lines = [`## Case ${mdText(c.id)}${c.title ? ` — ${mdText(c.title)}` : ''}`, ''];
  if (c.minor) lines.push('The person shown was under 18 when the content was made.', '');
  lines.push(`- **URLs:** ${countsText(c.counts)}`, `- **Requests:** ${requestCountsText(c.requests)}`, '', '### URLs');
  c.urls.forEach((u, i) => lines.push('', ...urlSection(u, i + 1, c.requests)));
  if (c.requests.length > 0) lines.push('', '### Requests', '', ...mdTable(REQUEST_HEADER, c.requests.map(requestCells)));
  lines.push('', '### Providers', '', ...providerTable(c.providers));
  return lines;
}

export function formatReportMarkdown(report: Report): string {
  const chain = chainText(report.chain);
  const lines = ['# Takedown report', '', `Generated ${shortTime(report.generatedAt)}. ${chain.charAt(0).toUpperCase()}${chain.slice(1)}.`];
  for (const c of report.cases) lines.push('', ...caseSection(c));
  if (report.cases.length > 1) lines.push('', '## Providers, all cases', '', ...providerTable(report.providers));
  lines.push('', `_${removalRule(report.confirmHours)}_`);
  return `${lines.join('\n')}\n`;
}

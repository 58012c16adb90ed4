// The HTML report: one self-contained file (no script, no network, a strict content security
// policy), inline SVG charts, readable on a phone, printable to PDF. Pure.
import { createHash } from 'node:crypto';
import type { CaseReport, ProviderStats, Report, RequestReport, UrlReport } from './report-types.ts';
import { esc, statesOverTimeChart, timeToRemovalChart, urlTimelineChart } from './report-charts.ts';
import { REPORT_CSS } from './report-css.ts';
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
  shortTime,
} from './report-words.ts';
import { SERIES_KEYS } from './state-series.ts';

/** The policy's hash of the one style sheet: a browser applies that sheet and nothing else. */
export function styleHash(css: string): string {
  return `sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}`;
}

/**
 * default-src 'none' refuses every fetch (images, fonts, frames, connections); no script-src
 * means no script runs, inline or not; the style sheet is allowed by its hash, not by
 * 'unsafe-inline', so injected style cannot apply either. base-uri and form-action are not
 * covered by default-src. (frame-ancestors would be ignored in a meta tag.)
 */
export function contentSecurityPolicy(css: string): string {
  return `default-src 'none'; style-src '${styleHash(css)}'; base-uri 'none'; form-action 'none'`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], numeric: ReadonlySet<number> = new Set()): string {
  const cell = (tag: string, text: string, i: number): string => `<${tag}${numeric.has(i) ? ' class="num"' : ''}>${esc(text)}</${tag}>`;
  return [
    '<div class="scroll"><table>',
    `<thead><tr>${header.map((h, i) => cell('th', h, i)).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`),
    '</tbody></table></div>',
  ].join('\n');
}

function legend(): string {
  const states = SERIES_KEYS.map((k) => `<li><span class="sw st-${k}"></span>${esc(k)}</li>`).join('');
  return `<ul class="legend">${states}<li><span class="mark">▼</span>notice sent</li><li><span class="mark">┆</span>deadline</li><li><span class="mark">▲</span>reappeared</li><li><span class="mark">│</span>now</li></ul>`;
}

function badge(state: string): string {
  return `<span class="badge st-${esc(state)}">${esc(state)}</span>`;
}

function row(label: string, html: string): string {
  return `<dt>${esc(label)}</dt><dd>${html}</dd>`;
}

function urlArticle(u: UrlReport, index: number, c: CaseReport, range: { from: string; to: string }, now: string): string {
  const state = u.state ?? 'unchecked';
  const parts: string[] = [];
  parts.push(
    row(
      'Now',
      u.state === null
        ? 'never checked'
        : `${esc(u.reason ?? '')}: ${esc(checkWords(u))}; last checked ${esc(shortTime(u.lastCheckedAt))}, ${u.checks} check${u.checks === 1 ? '' : 's'}`,
    ),
  );
  const history = historyItems(u).map((h) => {
    const text = esc(`${h.what} ${shortTime(h.at)}`);
    return h.what === 'reappeared' ? `<strong class="re">${text}</strong>` : text;
  });
  parts.push(row('History', history.join('; ')));
  if (u.removal) parts.push(row('Removal', esc(`${formatHours(u.removal.hours)} after ${u.removal.request} was sent (${shortTime(u.removal.sentAt)})`)));
  const asked = u.requests
    .map((id) => c.requests.find((r) => r.id === id))
    .filter((r): r is RequestReport => r !== undefined)
    .map((r) => `<li>${esc(`${r.id} ${requestStatusText(r)}: ${r.kind} to ${r.recipientName}${r.deadlineAt ? `, deadline ${shortTime(r.deadlineAt)}` : ''}`)}</li>`);
  if (asked.length > 0) parts.push(row('Requests', `<ul>${asked.join('')}</ul>`));
  if (u.evidence.length > 0) {
    const refs = u.evidence.map(
      (e) => `<li>${esc(evidenceText(e))}${e.digest ? ` <code class="h">${esc(e.digest)}</code>` : ''}</li>`,
    );
    parts.push(row('Evidence', `<ul>${refs.join('')}</ul>`));
  }
  if (u.note) parts.push(row('Note', esc(u.note)));
  return [
    `<article class="url${u.active ? '' : ' inactive'}">`,
    `<h4><span class="n">${index}.</span> ${badge(state)} <code class="u">${esc(u.url)}</code>${u.active ? '' : ' <em>(no longer in the case file)</em>'}</h4>`,
    urlTimelineChart(u, c.requests, range, now),
    `<dl>${parts.join('')}</dl>`,
    '</article>',
  ].join('\n');
}

function providersBlock(providers: readonly ProviderStats[], heading: string, confirmHours: number): string {
  if (providers.length === 0) return `<h3>${esc(heading)}</h3>\n<p class="empty">No request sent yet.</p>`;
  const chart = timeToRemovalChart(providers);
  return [
    `<h3>${esc(heading)}</h3>`,
    table(PROVIDER_HEADER, providers.map(providerCells), new Set([1, 2, 3, 4, 5, 6, 7, 8])),
    '<figure>',
    chart ?? '<p class="empty">No removal seen yet after a notice.</p>',
    `<figcaption>${esc(removalRule(confirmHours))} Bar: median; whisker: 90th percentile.</figcaption>`,
    '</figure>',
  ].join('\n');
}

function timelineRange(c: CaseReport, now: string): { from: string; to: string } {
  const deadlines = c.requests.filter((r) => r.sentAt !== null && r.deadlineAt !== null).map((r) => Date.parse(r.deadlineAt as string));
  const end = Math.max(Date.parse(now), ...deadlines);
  return { from: c.startedAt, to: new Date(end).toISOString() };
}

function caseSection(c: CaseReport, now: string, confirmHours: number): string {
  const range = timelineRange(c, now);
  return [
    `<section class="case" id="case-${esc(c.id)}">`,
    `<h2>Case ${esc(c.id)}${c.title ? ` — ${esc(c.title)}` : ''}</h2>`,
    c.minor ? '<p class="minor">The person shown was under 18 when the content was made.</p>' : '',
    `<p class="counts"><strong>URLs:</strong> ${esc(countsText(c.counts))}<br><strong>Requests:</strong> ${esc(requestCountsText(c.requests))}</p>`,
    '<figure>',
    statesOverTimeChart(c.series),
    '<figcaption>URLs of the case by state over time.</figcaption>',
    '</figure>',
    '<h3>URLs</h3>',
    legend(),
    ...c.urls.map((u, i) => urlArticle(u, i + 1, c, range, now)),
    '<h3>Requests</h3>',
    c.requests.length === 0 ? '<p class="empty">No request drafted yet.</p>' : table(REQUEST_HEADER, c.requests.map(requestCells), new Set([4])),
    providersBlock(c.providers, 'Providers', confirmHours),
    '</section>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

export function formatReportHtml(report: Report): string {
  const names = report.cases.map((c) => c.id).join(', ');
  const chain = chainText(report.chain);
  const summary =
    report.cases.length > 1
      ? [
          '<section class="summary">',
          '<h2>All cases</h2>',
          '<figure>',
          statesOverTimeChart(report.series),
          '<figcaption>URLs of every case in this report by state over time.</figcaption>',
          '</figure>',
          providersBlock(report.providers, 'Providers, all cases', report.confirmHours),
          '</section>',
        ].join('\n')
      : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(REPORT_CSS))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="robots" content="noindex, nofollow">',
    `<title>${esc(`Takedown report: ${names || 'no case'} (${report.generatedAt.slice(0, 10)})`)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>Takedown report</h1>',
    `<p class="meta">Generated ${esc(shortTime(report.generatedAt))}. <span class="${report.chain.ok ? 'ok' : 'bad'}">${esc(chain.charAt(0).toUpperCase() + chain.slice(1))}.</span></p>`,
    '<p class="warn">Confidential. This report lists where intimate images of a person were published. Keep it private; share it only with people who act for them.</p>',
    '</header>',
    '<main>',
    summary,
    ...report.cases.map((c) => caseSection(c, report.generatedAt, report.confirmHours)),
    '</main>',
    '<footer><p>Made by takedown. URLs are shown as text, not links, so that nothing is opened by accident.</p></footer>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line, i, all) => line !== '' || i === all.length - 1)
    .join('\n');
}

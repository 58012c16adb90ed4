// Inline SVG charts for the HTML report: states over time, a timeline per URL, time to removal per
// provider. Written by hand: no script, no external file, colours from the page's style sheet. Pure.
import type { ProviderStats, RequestReport, SeriesKey, StateSeries, UrlReport } from './report-types.ts';
import { countsText, formatHours, safeText, shortTime } from './report-words.ts';
import { SERIES_KEYS } from './state-series.ts';

/** Escapes text for HTML and SVG, in content and in quoted attributes alike. */
export function esc(text: string): string {
  return safeText(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One decimal place is plenty for a 600-unit drawing and keeps the file small. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function svg(className: string, width: number, height: number, label: string, body: string[]): string {
  return [
    `<svg class="chart ${className}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">`,
    ...body,
    '</svg>',
  ].join('\n');
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** An axis end: the day, or the minute (UTC) when the whole axis spans less than two days. */
function axisLabel(iso: string, from: string, to: string): string {
  return Date.parse(to) - Date.parse(from) < 48 * 3_600_000 ? iso.slice(0, 16).replace('T', ' ') : day(iso);
}

const MAX_BAR = 48;

/** Stacked bars: at each step, how many URLs were in each state (live at the bottom, where the eye starts). */
export function statesOverTimeChart(series: StateSeries): string {
  const W = 600;
  const H = 210;
  const left = 44;
  const right = 8;
  const top = 10;
  const bottom = 26;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const totals = series.points.map((p) => SERIES_KEYS.reduce((sum, k) => sum + p.counts[k], 0));
  const max = Math.max(1, ...totals);
  // Each point has a slot; a bar is never wider than MAX_BAR, so a chart of two or three
  // points (or one) shows bars, not a wall of colour, centred in their slots.
  const slot = plotW / Math.max(1, series.points.length);
  const barW = Math.min(slot, MAX_BAR);
  const gap = barW > 4 ? 1 : 0;
  const body: string[] = [];
  series.points.forEach((point, i) => {
    let y = top + plotH;
    const rects: string[] = [];
    for (const key of SERIES_KEYS) {
      const count = point.counts[key];
      if (count === 0) continue;
      const h = (count / max) * plotH;
      y -= h;
      rects.push(`<rect class="st-${key}" x="${n(left + i * slot + (slot - barW) / 2 + gap / 2)}" y="${n(y)}" width="${n(barW - gap)}" height="${n(h)}"/>`);
    }
    body.push(`<g><title>${esc(`${shortTime(point.at)}: ${countsText(point.counts)}`)}</title>${rects.join('')}</g>`);
  });
  const first = series.points[0];
  const last = series.points.at(-1);
  body.push(
    `<line class="axis" x1="${left}" y1="${top + plotH}" x2="${W - right}" y2="${top + plotH}"/>`,
    `<text class="ax" x="${left - 6}" y="${top + 10}" text-anchor="end">${max}</text>`,
    `<text class="ax" x="${left - 6}" y="${top + plotH}" text-anchor="end">0</text>`,
  );
  if (first && last && last === first) {
    body.push(`<text class="ax" x="${n(left + plotW / 2)}" y="${H - 6}" text-anchor="middle">${esc(shortTime(first.at))}</text>`);
  } else if (first && last) {
    body.push(`<text class="ax" x="${left}" y="${H - 6}">${esc(axisLabel(first.at, first.at, last.at))}</text>`);
    body.push(`<text class="ax" x="${W - right}" y="${H - 6}" text-anchor="end">${esc(axisLabel(last.at, first.at, last.at))}</text>`);
  }
  // One point (every check within a minute of the report): a single bar, said as such.
  const label =
    series.points.length === 1
      ? `URLs by state at ${shortTime(first?.at ?? '')}`
      : `URLs by state over time, every ${formatHours(series.stepHours)}, ${day(first?.at ?? '')} to ${day(last?.at ?? '')}`;
  return svg('states', W, H, label, body);
}

export interface TimelineRange {
  from: string;
  to: string;
}

/**
 * One URL's life on the case's time axis: a bar coloured by state (grey before the first check),
 * ▼ where a notice was sent, a dashed line at its deadline, ▲ where the URL came back.
 */
export function urlTimelineChart(url: UrlReport, requests: readonly RequestReport[], range: TimelineRange, now: string): string {
  const W = 600;
  const H = 60;
  const left = 6;
  const right = 6;
  const start = Date.parse(range.from);
  const span = Math.max(1, Date.parse(range.to) - start);
  const x = (iso: string): number => left + ((Date.parse(iso) - start) / span) * (W - left - right);
  const barTop = 14;
  const barH = 20;
  const body: string[] = [];
  const firstCheck = url.spans[0]?.from ?? now;
  if (Date.parse(url.addedAt) < Date.parse(firstCheck)) {
    body.push(
      `<rect class="st-unchecked" x="${n(x(url.addedAt))}" y="${barTop}" width="${n(Math.max(0.5, x(firstCheck) - x(url.addedAt)))}" height="${barH}"><title>${esc(`not checked yet, from ${shortTime(url.addedAt)}`)}</title></rect>`,
    );
  }
  for (const s of url.spans) {
    const end = s.to ?? now;
    const title = `${s.state} from ${shortTime(s.from)}${s.to ? ` to ${shortTime(s.to)}` : ' (last check)'}`;
    body.push(
      `<rect class="st-${s.state}" x="${n(x(s.from))}" y="${barTop}" width="${n(Math.max(0.5, x(end) - x(s.from)))}" height="${barH}"><title>${esc(title)}</title></rect>`,
    );
  }
  for (const r of requests.filter((req) => url.requests.includes(req.id))) {
    if (r.sentAt !== null) {
      const sx = x(r.sentAt);
      body.push(`<path class="mk-sent" d="M${n(sx - 5)} 2h10l-5 9z"><title>${esc(`${r.id} sent ${shortTime(r.sentAt)} to ${r.recipientName}`)}</title></path>`);
    }
    if (r.deadlineAt !== null && r.sentAt !== null) {
      const dx = x(r.deadlineAt);
      body.push(`<line class="mk-deadline" x1="${n(dx)}" y1="2" x2="${n(dx)}" y2="${barTop + barH + 4}"><title>${esc(`${r.id} deadline ${shortTime(r.deadlineAt)}`)}</title></line>`);
    }
  }
  for (const at of url.reappearedAt) {
    const rx = x(at);
    body.push(`<path class="mk-reappeared" d="M${n(rx - 5)} ${barTop + barH + 11}h10l-5 -9z"><title>${esc(`reappeared ${shortTime(at)}`)}</title></path>`);
  }
  if (Date.parse(range.to) > Date.parse(now)) {
    // The axis runs on to the last deadline: mark where today is.
    const nx = x(now);
    body.push(`<line class="mk-now" x1="${n(nx)}" y1="${barTop - 2}" x2="${n(nx)}" y2="${barTop + barH + 2}"><title>${esc(`report made ${shortTime(now)}`)}</title></line>`);
  }
  body.push(
    `<text class="ax" x="${left}" y="${H - 3}">${esc(axisLabel(range.from, range.from, range.to))}</text>`,
    `<text class="ax" x="${W - right}" y="${H - 3}" text-anchor="end">${esc(axisLabel(range.to, range.from, range.to))}</text>`,
  );
  return svg('timeline', W, H, `Timeline of ${url.url}`, body);
}

/** A row per provider with removals seen: a bar to the median, a whisker to the 90th percentile. */
export function timeToRemovalChart(providers: readonly ProviderStats[]): string | null {
  const rows = providers.filter((p) => p.timeToRemoval.count > 0);
  if (rows.length === 0) return null;
  // Two text lines over each bar, with room for the larger type a phone gets from the style sheet.
  const W = 600;
  const rowH = 76;
  const left = 6;
  const right = 14;
  const H = rows.length * rowH + 4;
  const max = Math.max(1, ...rows.map((p) => p.timeToRemoval.p90Hours ?? p.timeToRemoval.medianHours ?? 0));
  const scale = (W - left - right) / max;
  const body: string[] = [];
  rows.forEach((p, i) => {
    const y = i * rowH;
    const median = p.timeToRemoval.medianHours ?? 0;
    const p90 = p.timeToRemoval.p90Hours ?? median;
    const figures = `median ${formatHours(median)}, 90th percentile ${formatHours(p90)}, ${p.timeToRemoval.count} removal${p.timeToRemoval.count === 1 ? '' : 's'}`;
    body.push(
      `<g><title>${esc(`${p.label}: ${figures}`)}</title>`,
      `<text class="lb" x="${left}" y="${y + 22}">${esc(p.label)}</text>`,
      `<text class="ax" x="${left}" y="${y + 46}">${esc(figures)}</text>`,
      `<rect class="bar-median" x="${left}" y="${y + 54}" width="${n(Math.max(1, median * scale))}" height="16"/>`,
      `<line class="whisker" x1="${n(left + median * scale)}" y1="${y + 62}" x2="${n(left + p90 * scale)}" y2="${y + 62}"/>`,
      `<line class="whisker" x1="${n(left + p90 * scale)}" y1="${y + 55}" x2="${n(left + p90 * scale)}" y2="${y + 69}"/>`,
      '</g>',
    );
  });
  return svg('ttr', W, H, 'Time to removal per provider: median and 90th percentile', body);
}

// The soft-404 probe: ask the site for a URL that cannot exist, keep a small fingerprint of its
// answer, and recognise a target page that is the same "not found" page.
//
// Probe shape: the probe keeps the target's route so that it reaches the same handler. When the
// target carries a query (`/view_video.php?viewkey=abc`), the path stays and every query value
// is replaced (`/view_video.php?viewkey=takedown-probe-<random>`); otherwise the directory stays
// and the last path segment is replaced, keeping its extension (`/video/123` becomes
// `/video/takedown-probe-<random>`, `/a/b.html` becomes `/a/takedown-probe-<random>.html`);
// the site root becomes `/takedown-probe-<random>`. `probeKey` names that shape, so that a runner
// can keep one probe per shape and host instead of one per URL.
import type { HttpOutcome, HttpResponse } from '../core/http-types.ts';
import { analysePage } from './page.ts';
import type { PageView } from './page.ts';
import { foldText, letterTokens } from './text.ts';

export interface ProbeSummary {
  /** The probe URL that was asked for. */
  url: string;
  /** An HTTP answer came (false: the probe failed, and nothing is compared with it). */
  answered: boolean;
  status: number | null;
  finalUrl: string | null;
  redirected: boolean;
  /** Distinct letter-only words of the title, requested path removed. */
  titleWords: string[];
  /** The SKETCH_SIZE smallest hashes of the main text's word 3-shingles, ascending. */
  sketch: number[];
  /** How many distinct shingles the main text had. */
  shingles: number;
  /** Media sources in the main content, query strings removed (at most MAX_MEDIA). */
  media: string[];
  appShell: boolean;
  isHtml: boolean;
}

export interface ProbeComparison {
  like: boolean;
  /** Estimated Jaccard similarity of the main texts (0 when not compared). */
  similarity: number;
  /** Why it is or is not like the probe, for result details. */
  why: string;
}

export const SKETCH_SIZE = 256;
/** Main texts at least this similar (Jaccard of word 3-shingles) are the same page. */
export const TEXT_SIMILARITY = 0.85;
export const TITLE_SIMILARITY = 0.8;
/** Fewer shingles than this is too little text to call two pages the same. */
export const MIN_SHINGLES = 8;
const MAX_TOKENS = 20_000;
const MAX_MEDIA = 20;
const PREFIX = 'takedown-probe-';

function token(random: () => string): string {
  const clean = random().toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 32);
  return PREFIX + (clean || 'x');
}

/** A URL on the target's origin, of the same shape, that cannot exist. */
export function probeUrlFor(targetUrl: string, random: () => string): string {
  const url = new URL(targetUrl);
  url.hash = '';
  const value = token(random);
  if (url.search) {
    const keys = [...new Set(url.searchParams.keys())];
    url.search = '';
    for (const key of keys) url.searchParams.set(key, value);
    return url.toString();
  }
  const parts = url.pathname.split('/');
  const trailing = parts.length > 1 && parts[parts.length - 1] === '' ? parts.pop() : undefined;
  const last = parts.length > 1 ? (parts.pop() ?? '') : '';
  const extension = /\.[a-z0-9]{1,5}$/i.exec(last)?.[0] ?? '';
  parts.push(value + extension);
  if (trailing !== undefined && last) parts.push('');
  url.pathname = parts.join('/') || `/${value}`;
  return url.toString();
}

/**
 * The confirming probe: the first path segment stays, every later segment and every query value
 * is replaced (`/video/123/jane-doe` becomes `/video/takedown-probe-<r>/takedown-probe-<r>`). Many
 * sites ignore a title slug or a tracking parameter and serve the real content under the first
 * probe's address, which would make a live page look exactly like "the probe page"; a page is
 * only taken for the site's not-found answer when it also looks like this one. Null when the
 * first probe already replaced everything that could vary.
 */
export function deepProbeUrlFor(targetUrl: string, random: () => string): string | null {
  const url = new URL(targetUrl);
  url.hash = '';
  const segments = url.pathname.split('/').filter(Boolean);
  const hasQuery = url.search !== '';
  if (segments.length <= 1 || (segments.length === 2 && !hasQuery)) return null;
  const value = token(random);
  const last = segments[segments.length - 1] ?? '';
  const extension = /\.[a-z0-9]{1,5}$/i.exec(last)?.[0] ?? '';
  const replaced = segments.slice(1).map((_, i, rest) => (i === rest.length - 1 ? value + extension : value));
  const trailing = url.pathname.endsWith('/') ? '/' : '';
  url.pathname = `/${[segments[0], ...replaced].join('/')}${trailing}`;
  const keys = [...new Set(url.searchParams.keys())];
  url.search = '';
  for (const key of keys) url.searchParams.set(key, value);
  return url.toString();
}

/** Targets with the same key share a confirming probe: same origin, first segment and query keys. */
export function deepProbeKey(targetUrl: string): string {
  const url = new URL(targetUrl);
  const segments = url.pathname.split('/').filter(Boolean);
  const trailing = url.pathname.endsWith('/') ? '/' : '';
  const shape = `${segments[0] ?? ''}/${segments.length}${trailing}`;
  return `${url.origin}/${shape}?${[...new Set(url.searchParams.keys())].sort().join('&')}`;
}

/** Targets with the same key share a probe: same origin, same directory or same query keys. */
export function probeKey(targetUrl: string): string {
  const url = new URL(targetUrl);
  if (url.search) return `${url.origin}${url.pathname}?${[...new Set(url.searchParams.keys())].sort().join('&')}`;
  const path = url.pathname.replace(/\/$/, '');
  return `${url.origin}${path.slice(0, path.lastIndexOf('/') + 1) || '/'}`;
}

// The requested URL's own pieces (the id, the random token, the path) are removed before comparing,
// because "not found" pages often echo them back.
function echoes(urls: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of urls) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    const decoded = safeDecode(url.pathname);
    const last = decoded.split('/').filter(Boolean).pop();
    for (const piece of [raw, url.href, url.pathname, decoded, last, ...url.searchParams.values()]) {
      if (piece && piece.length >= 3) out.add(foldText(piece));
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function comparableTokens(text: string, urls: readonly string[]): string[] {
  let folded = foldText(text);
  for (const piece of echoes(urls)) folded = folded.split(piece).join(' ');
  return letterTokens(folded).slice(0, MAX_TOKENS);
}

function fnv1a(text: string): number {
  return fnvAdd(0x811c9dc5, text) >>> 0;
}

function fnvAdd(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}

// fnv1a(`${a} ${b} ${c}`) without building the string (32 is the space).
function shingleHash(a: string, b: string, c: string): number {
  let hash = fnvAdd(0x811c9dc5, a);
  hash = Math.imul(hash ^ 32, 0x01000193);
  hash = fnvAdd(hash, b);
  hash = Math.imul(hash ^ 32, 0x01000193);
  return fnvAdd(hash, c) >>> 0;
}

/** The hashes of the word 3-shingles (of the words themselves when there are fewer than 3). */
function shingleSet(tokens: readonly string[], enough = Infinity): Set<number> {
  const set = new Set<number>();
  if (tokens.length < 3) {
    for (const t of tokens) set.add(fnv1a(t));
    return set;
  }
  for (let i = 0; i + 2 < tokens.length && set.size < enough; i++) {
    set.add(shingleHash(tokens[i] as string, tokens[i + 1] as string, tokens[i + 2] as string));
  }
  return set;
}

// The SKETCH_SIZE smallest hashes, ascending: a typed array sorts numbers without a comparator call per pair.
function sketchOf(set: Set<number>): number[] {
  return Array.from(Uint32Array.from(set).sort().subarray(0, SKETCH_SIZE));
}

/** Bottom-k estimate of the Jaccard similarity; exact when both sets fit in the sketch. */
export function sketchSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const inA = new Set(a);
  const inB = new Set(b);
  const union = [...new Set([...a, ...b])].sort((x, y) => x - y).slice(0, SKETCH_SIZE);
  let both = 0;
  for (const h of union) if (inA.has(h) && inB.has(h)) both++;
  return both / union.length;
}

function wordSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const setB = new Set(b);
  const shared = a.filter((w) => setB.has(w)).length;
  return shared / (new Set([...a, ...b]).size);
}

function mediaOf(page: PageView): string[] {
  return [...new Set(page.mainMedia.map((src) => src.split(/[?#]/)[0] ?? src))].slice(0, MAX_MEDIA);
}

interface Fingerprint {
  titleWords: string[];
  sketch: number[];
  shingles: number;
}

function fingerprint(page: PageView, urls: readonly string[]): Fingerprint {
  const set = shingleSet(comparableTokens(page.mainText, urls));
  return { titleWords: titleWords(page, urls), sketch: sketchOf(set), shingles: set.size };
}

function titleWords(page: PageView, urls: readonly string[]): string[] {
  return [...new Set(comparableTokens(page.title, urls))];
}

/** The small record kept per host and shape for the run. */
export function summariseProbe(outcome: HttpOutcome): ProbeSummary {
  if (!outcome.ok) {
    const f = outcome.failure;
    return {
      url: f.redirects[0]?.url ?? f.url, answered: false, status: null, finalUrl: null, redirected: f.redirects.length > 0,
      titleWords: [], sketch: [], shingles: 0, media: [], appShell: false, isHtml: false,
    };
  }
  const r = outcome.response;
  const page = analysePage(r.body, r.headers['content-type'] ?? null);
  const print = fingerprint(page, [r.url, r.finalUrl]);
  return {
    url: r.url, answered: true, status: r.status, finalUrl: r.finalUrl, redirected: r.redirects.length > 0,
    ...print, media: mediaOf(page), appShell: page.appShell, isHtml: page.isHtml,
  };
}

/**
 * Compares a target's page with the probe's answer: same status, similar title, no media of its
 * own, and nearly the same main text once both requested URLs are taken out. App shells (the same
 * empty page for every URL) and near-empty pages are never "like the probe": that would call every
 * URL of a client-side site removed.
 */
export function compareWithProbe(page: PageView, response: HttpResponse, probe: ProbeSummary): ProbeComparison {
  const no = (why: string, similarity = 0): ProbeComparison => ({ like: false, similarity, why });
  if (!probe.answered || probe.status !== response.status) return no('probe answered differently');
  if (!page.isHtml || !probe.isHtml) return no('not HTML');
  if (page.appShell || probe.appShell) return no('client-side app shell');
  // The page's fingerprint is built a piece at a time, cheapest tests first, and its sketch only
  // when everything else agrees: the answer (and its why) is the one the full fingerprint gives.
  if (probe.shingles < MIN_SHINGLES) return no('too little text to compare');
  const urls = [response.url, response.finalUrl];
  const tokens = comparableTokens(page.mainText, urls);
  if (shingleSet(tokens, MIN_SHINGLES).size < MIN_SHINGLES) return no('too little text to compare');
  if (wordSimilarity(titleWords(page, urls), probe.titleWords) < TITLE_SIMILARITY) return no('different title');
  const probeMedia = new Set(probe.media);
  const own = mediaOf(page).find((src) => !probeMedia.has(src));
  if (own) return no(`shows media the probe page lacks (${own})`);
  const similarity = sketchSimilarity(sketchOf(shingleSet(tokens)), probe.sketch);
  if (similarity < TEXT_SIMILARITY) return no('different text', similarity);
  return { like: true, similarity, why: `same page as probe ${probe.url} (similarity ${similarity.toFixed(2)})` };
}

/**
 * Whether classifying `response` with this probe can differ from classifying it without one: a
 * page is only "like the probe" when it has the probe's status, and a redirect only "like the
 * probe" when the probe was redirected somewhere too. When false, asking again is wasted work.
 */
export function probeMayDecide(probe: ProbeSummary, response: HttpResponse): boolean {
  return (probe.answered && probe.status === response.status) || (probe.redirected && probe.finalUrl !== null);
}

export function looksLikeProbe(page: PageView, response: HttpResponse, probe: ProbeSummary): boolean {
  return compareWithProbe(page, response, probe).like;
}

// Where a redirect chain ended, judged from the URLs alone: a harmless variant of the requested URL,
// or the site's home, a search, an error page, a login, an age check or a bot wall.
import type { RedirectHop } from '../core/http-types.ts';
import { urlKey } from '../core/url-key.ts';

/** What kind of place a URL is, when it is one of the places removed content gets sent to. */
export type PlaceKind = 'login' | 'age' | 'challenge' | 'error' | 'search' | 'root';

/**
 * - `none`: no redirect.
 * - `benign`: only the scheme (http to https), `www.`/`m.`, letter case, a trailing slash or
 *   tracking parameters changed; the final page is classified as if asked for directly.
 * - a PlaceKind: the chain ended on such a place, and the requested URL was not one itself.
 * - `other`: somewhere else (a slug added, another path, another site); the final page is classified.
 */
export type RedirectKind = 'none' | 'benign' | PlaceKind | 'other';

export interface RedirectAnalysis {
  kind: RedirectKind;
  finalUrl: string;
  sameSite: boolean;
  hops: number;
}

const HOST_PREFIX = /^(?:www\d*|m|mobile)\./;
// Second-level labels under which registrations happen (co.uk, com.au, com.br, ne.jp...).
const PUBLIC_SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'ne', 'or', 'go', 'gob', 'gouv', 'mil', 'nic', 'ltd', 'plc', 'sch', 'nom', 'info', 'biz']);
const TRACKING = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'mc_cid', 'mc_eid', 'igshid', 'igsh', 'si',
  'ref', 'ref_src', 'ref_url', 'referrer', 'source', 'src', 'feature', 'spm', 'share', '_ga', '_gl', 's_cid',
  'cmpid', 'from', 'via', 'hl', 'gl', 'lang', 'locale',
]);
const LOGIN_SEGMENTS = new Set([
  'login', 'log-in', 'log_in', 'logon', 'signin', 'sign-in', 'sign_in', 'register', 'registration', 'signup',
  'sign-up', 'sign_up', 'join', 'account', 'accounts', 'auth', 'authenticate', 'authorize', 'session', 'sessions',
  'sso', 'oauth', 'oauth2', 'login_required', 'connexion', 'anmelden', 'entrar', 'iniciar-sesion', 'acceder',
]);
const LOGIN_HOST_LABELS = new Set(['login', 'signin', 'accounts', 'account', 'auth', 'sso']);
const AGE_SEGMENTS = new Set([
  'age', 'age-verification', 'age_verification', 'ageverification', 'agecheck', 'age-check', 'age_check',
  'agegate', 'age-gate', 'age_gate', 'over18', 'over-18', 'over_18', 'verify-age', 'verify_age', 'ageverify',
  'disclaimer', 'safe-mode', 'adult-warning', 'content-warning',
]);
const CHALLENGE_SEGMENTS = new Set(['cdn-cgi', 'challenge', 'captcha', 'consent', 'interstitial', 'bot-check', 'botcheck', 'are-you-human']);
const CHALLENGE_HOST_LABELS = new Set(['consent', 'captcha', 'challenge']);
const SEARCH_SEGMENTS = new Set(['search', 'find', 'browse', 'tag', 'tags', 'category', 'categories', 'results', 'suche', 'buscar', 'recherche', 'busca', 'poisk']);
const SEARCH_PARAMS = new Set(['q', 's', 'query', 'search', 'k', 'keyword', 'keywords', 'search_query', 'term']);
const ERROR_TOKENS = new Set(['404', '410', 'notfound', 'error', 'errors', 'removed', 'deleted', 'unavailable', 'gone', 'missing', 'nopage', 'pagenotfound', 'errno']);
// Words an error page's path may add around an error word: /video-removed, /page-not-found, /errors/404.
const ERROR_FILLERS = new Set(['page', 'video', 'content', 'file', 'post', 'item', 'media', 'http', 'status', 'not', 'found', 'is', 'has', 'been', 'was']);
const ERROR_PARAMS = new Set(['error', 'errno', 'err', 'errorcode', 'error_code', 'notfound', 'removed', 'deleted']);
const ROOT_FILES = new Set(['index.html', 'index.htm', 'index.php', 'default.aspx', 'default.asp', 'home', 'index', 'main']);
const LOCALE = /^[a-z]{2}(?:[-_][a-z]{2,4})?$/i;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function bareHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '').replace(HOST_PREFIX, '');
}

/** The registrable part of a host name: the last two labels, or three under co.uk, com.au and the like. */
export function registrableDomain(host: string): string {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (/^[\d.]+$/.test(name) || name.includes(':')) return name;
  const labels = name.split('.');
  if (labels.length <= 2) return name;
  const tld = labels[labels.length - 1] ?? '';
  const second = labels[labels.length - 2] ?? '';
  const keep = tld.length === 2 && PUBLIC_SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

export function sameSite(a: URL, b: URL): boolean {
  if (bareHost(a.hostname) === bareHost(b.hostname)) return true;
  return registrableDomain(a.hostname) === registrableDomain(b.hostname);
}

function segments(url: URL): string[] {
  return url.pathname.split('/').filter(Boolean).map((s) => safeDecode(s).toLowerCase());
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function stripExtension(segment: string): string {
  return segment.replace(/\.(?:php|html?|aspx?|jsp|cgi)$/, '');
}

function meaningfulParams(url: URL): string[] {
  return [...url.searchParams.keys()].filter((key) => !isTracking(key));
}

function isTracking(key: string): boolean {
  const name = key.toLowerCase();
  return name.startsWith('utm_') || TRACKING.has(name);
}

function samePath(a: URL, b: URL): boolean {
  const norm = (u: URL): string => safeDecode(u.pathname).toLowerCase().replace(/\/+$/, '');
  return norm(a) === norm(b);
}

/** Only scheme, www./m., case, trailing slash or added tracking parameters differ. */
export function isBenignVariant(requested: URL, final: URL): boolean {
  if (requested.protocol !== final.protocol && !(requested.protocol === 'http:' && final.protocol === 'https:')) return false;
  if (bareHost(requested.hostname) !== bareHost(final.hostname)) return false;
  if (!samePath(requested, final)) return false;
  for (const [key, value] of requested.searchParams) {
    if (isTracking(key)) continue;
    if (final.searchParams.get(key) !== value) return false;
  }
  return [...final.searchParams.keys()].every((key) => requested.searchParams.has(key) || isTracking(key));
}

// The whole segment must be error words: a slug such as /video/123-gone-girl-trailer is a title, not an error page.
function isErrorSegment(segment: string): boolean {
  const tokens = segment.split(/[-_\s]+/).filter(Boolean);
  if (tokens.length === 0 || !tokens.every((t) => ERROR_TOKENS.has(t) || ERROR_FILLERS.has(t))) return false;
  return tokens.some((t) => ERROR_TOKENS.has(t)) || (tokens.includes('not') && tokens.includes('found'));
}

// After an id (/video/123/gone) a word is a slug, not an error page.
function hasErrorSegment(segs: string[]): boolean {
  for (const segment of segs) {
    if (isErrorSegment(segment)) return true;
    if (/\d/.test(segment)) return false;
  }
  return false;
}

function isRoot(url: URL, segs: string[]): boolean {
  if (meaningfulParams(url).length > 0) return false;
  if (segs.length === 0) return true;
  if (segs.length === 1) return ROOT_FILES.has(segs[0] ?? '') || LOCALE.test(segs[0] ?? '');
  return segs.length === 2 && LOCALE.test(segs[0] ?? '') && ROOT_FILES.has(segs[1] ?? '');
}

/** The kind of place a URL points to, or null for an ordinary page. */
export function placeOf(url: URL): PlaceKind | null {
  const segs = segments(url);
  const bare = segs.map(stripExtension);
  const hostLabel = bareHost(url.hostname).split('.')[0] ?? '';
  if (LOGIN_HOST_LABELS.has(hostLabel) || bare.some((s) => LOGIN_SEGMENTS.has(s))) return 'login';
  if (bare.some((s) => AGE_SEGMENTS.has(s))) return 'age';
  if (CHALLENGE_HOST_LABELS.has(hostLabel) || bare.some((s) => CHALLENGE_SEGMENTS.has(s))) return 'challenge';
  const keys = [...url.searchParams.keys()].map((k) => k.toLowerCase());
  if (hasErrorSegment(bare) || keys.some((k) => ERROR_PARAMS.has(k))) return 'error';
  if (bare.some((s) => SEARCH_SEGMENTS.has(s)) || keys.some((k) => SEARCH_PARAMS.has(k))) return 'search';
  if (isRoot(url, segs)) return 'root';
  return null;
}

/** Judges a finished redirect chain. Never throws; unparsable URLs give `other`. */
export function analyseRedirect(requestedUrl: string, finalUrl: string, hops: readonly RedirectHop[]): RedirectAnalysis {
  const requested = parse(requestedUrl);
  const final = parse(finalUrl);
  const moved = hops.length > 0 || urlKey(requestedUrl) !== urlKey(finalUrl);
  const base = { finalUrl, hops: hops.length, sameSite: requested && final ? sameSite(requested, final) : false };
  if (!moved) return { ...base, kind: 'none' };
  if (!requested || !final) return { ...base, kind: 'other' };
  if (isBenignVariant(requested, final)) return { ...base, kind: 'benign' };
  const place = placeOf(final);
  // A search URL that lands on another search, or a home page on another home page, has not moved away.
  if (place && place !== placeOf(requested)) return { ...base, kind: place };
  return { ...base, kind: 'other' };
}

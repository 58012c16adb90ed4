// Judges a page that answered 2xx: login wall, age gate, legal block, removal wording, the
// soft-404 probe, a meta refresh away; otherwise live. Details are plain words for the reader.
//
// A bare caption ("404", "Not Found", "Video removed") in a title segment does not call a page
// gone when the page has real content (CONTENT_PAGE_WORDS of main text, or its own image or
// video): fan art titled "404 Not Found - ...", an album called "Gone". A sentence saying this
// item is gone (a phrase marker) in a heading or the opening text still counts then.
import type { HttpResponse } from '../core/http-types.ts';
import type { Reason } from '../core/states.ts';
import { AGE_MARKERS, LEGAL_MARKERS, LOGIN_MARKERS, PRIVATE_MARKERS, REMOVAL_MARKERS } from './generic-markers.ts';
import type { PageView } from './page.ts';
import { isBenignVariant, placeOf } from './redirects.ts';
import type { PlaceKind } from './redirects.ts';
import { compareWithProbe } from './soft-404.ts';
import type { ProbeSummary } from './soft-404.ts';
import { describeHit, findWording, quote } from './wording.ts';
import type { WordingHit } from './wording.ts';
import { WORD_COUNT_CAP } from './text.ts';

export interface Verdict {
  reason: Reason;
  detail: string;
}

/** A login form with this little main text around it is a login page, not content with a login box. */
export const LOGIN_PAGE_WORDS = 200;
/** Main text this long is content: a bare caption in the title does not make the page a notice. */
export const CONTENT_PAGE_WORDS = 150;

const PHRASES = new Set(['phrase'] as const);
const TITLE_AND_TEXT = new Set(['title', 'text'] as const);
const HEADING_AND_TEXT = new Set(['heading', 'text'] as const);
// Images that error pages show themselves (a mascot, the logo, icons, spacers) are not the page's
// own media. Told apart by the file name: one made only of such words (`404.png`, `error-robot.gif`,
// `logo@2x.png`); an artwork called `404-not-found-fan-art.jpg` is content.
const DECORATION_WORDS = new Set([
  '404', '410', 'error', 'errors', 'notfound', 'missing', 'removed', 'deleted', 'unavailable', 'oops', 'logo',
  'icon', 'sprite', 'sprites', 'placeholder', 'spinner', 'loading', 'blank', 'spacer', 'pixel', 'avatar', 'emoji',
]);
const DECORATION_FILLERS = new Set(['not', 'found', 'page', 'video', 'image', 'img', 'default', 'sad', 'robot', 'broken', 'small', 'large', 'white', 'dark', 'light', 'site', 'header', 'brand']);
const DECORATION_FOLDERS = new Set(['icons', 'icon', 'emoji', 'emojis', 'sprites', 'logos']);
const VIDEO_FILE = /\.(?:mp4|webm|m3u8|mov|m4v|ogv|mpd)$/i;
const AUDIO_FILE = /\.(?:mp3|m4a|ogg|oga|wav|flac|aac)$/i;
const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif|bmp|heic)$/i;
const MEDIA_TYPES = new Set(['videoobject', 'imageobject', 'audioobject', 'mediaobject']);

/** Such a place in words, for details: "redirected to the home page https://…/". */
export const PLACE_WORDS: Record<PlaceKind, string> = {
  login: 'a login page',
  age: 'an age check',
  challenge: 'a bot check page',
  root: 'the home page',
  search: 'a search or listing page',
  error: 'an error page',
};

/** The reason a redirect (or meta refresh) to such a place gets. */
export const PLACE_REASON: Record<PlaceKind, Reason> = {
  login: 'login-redirect',
  age: 'age-gate',
  challenge: 'challenge',
  root: 'redirect-to-root',
  search: 'redirect-to-search',
  error: 'redirect-to-error',
};

function loginWall(page: PageView): string | null {
  const notice = findWording(page, PRIVATE_MARKERS) ?? findWording(page, LOGIN_MARKERS, { forms: PHRASES });
  if (notice) return describeHit(notice);
  // "Log in" alone is a login page only next to a visible password field, in the title or a tiny page.
  if (!page.hasPasswordField || page.mainWordCount >= LOGIN_PAGE_WORDS) return null;
  const prompt = findWording(page, LOGIN_MARKERS, { zones: TITLE_AND_TEXT });
  return prompt ? `the page has a password field, and ${describeHit(prompt)}` : null;
}

function mediaObjects(value: unknown, depth = 0): boolean {
  if (depth > 6 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => mediaObjects(item, depth + 1));
  const record = value as Record<string, unknown>;
  const types = ([] as unknown[]).concat(record['@type'] ?? []);
  const isMedia = types.some((t) => typeof t === 'string' && MEDIA_TYPES.has(t.toLowerCase()));
  if (isMedia && (typeof record['contentUrl'] === 'string' || typeof record['embedUrl'] === 'string')) return true;
  return mediaObjects(record['@graph'], depth + 1);
}

/** Structured data that describes playable media: a page that has it still shows the content. */
export function liveEvidence(page: PageView): string | null {
  return page.jsonBlocks.some((block) => mediaObjects(block)) ? "the page's embedded data still describes the media" : null;
}

function pathOf(src: string): string {
  return (src.trim().split(/[?#]/)[0] ?? '').toLowerCase();
}

function isDecoration(src: string): boolean {
  if (/^data:/i.test(src.trim())) return true;
  const path = pathOf(src);
  if (path.endsWith('.svg')) return true;
  const segments = path.split('/').filter(Boolean);
  if (segments.slice(0, -1).some((folder) => DECORATION_FOLDERS.has(folder))) return true;
  const stem = (segments[segments.length - 1] ?? '').replace(/\.[a-z0-9]{1,5}$/, '');
  const words = stem.split(/[-_.@\s]+/).filter(Boolean);
  if (!words.some((w) => DECORATION_WORDS.has(w))) return false;
  return words.every((w) => DECORATION_WORDS.has(w) || DECORATION_FILLERS.has(w) || /^\d{1,4}x?$/.test(w));
}

/** The page's own media in its main content (an image, a video), decoration left out. */
export function ownMedia(page: PageView): string[] {
  return page.mainMedia.filter((src) => !isDecoration(src));
}

function mediaWords(src: string): string {
  const path = pathOf(src);
  if (VIDEO_FILE.test(path)) return 'a video';
  if (AUDIO_FILE.test(path)) return 'audio';
  if (IMAGE_FILE.test(path)) return 'an image';
  return 'an image or video';
}

/** What makes the page content rather than a notice, in words, or null when it is not. */
function contentEvidence(page: PageView): string | null {
  const parts: string[] = [];
  const [media] = ownMedia(page);
  if (media !== undefined) parts.push(mediaWords(media));
  if (page.mainWordCount >= CONTENT_PAGE_WORDS) {
    parts.push(page.mainWordCount >= WORD_COUNT_CAP ? `over ${WORD_COUNT_CAP} words of text` : `${page.mainWordCount} words of text`);
  }
  return parts.length > 0 ? `the page also has ${parts.join(' and ')}` : null;
}

/** The removal wording that decides, and what speaks against it; see the header comment. */
function removalOnPage(page: PageView): { hit: WordingHit; against: string | null } | null {
  const hit = findWording(page, REMOVAL_MARKERS);
  if (!hit) return null;
  const data = liveEvidence(page);
  if (data) return { hit, against: data };
  if (hit.zone !== 'title' || hit.marker.form !== 'label') return { hit, against: null };
  const content = contentEvidence(page);
  if (!content) return { hit, against: null };
  const sentence = findWording(page, REMOVAL_MARKERS, { forms: PHRASES, zones: HEADING_AND_TEXT });
  return sentence ? { hit: sentence, against: null } : { hit, against: content };
}

/** The path and query of a probe URL, short, for details. */
export function probePath(url: string): string {
  try {
    const parsed = new URL(url);
    const path = `${parsed.pathname}${parsed.search}`;
    return path.length > 80 ? `${path.slice(0, 77)}...` : path;
  } catch {
    return url.slice(0, 80);
  }
}

/** The removal wording that counts on this page, described, or null. */
export function removalWording(page: PageView): string | null {
  const hit = findWording(page, REMOVAL_MARKERS);
  return hit ? describeHit(hit) : null;
}

function metaRefreshAway(page: PageView, response: HttpResponse): Verdict | null {
  if (!page.metaRefresh) return null;
  try {
    const here = new URL(response.finalUrl);
    const target = new URL(page.metaRefresh, here);
    if (isBenignVariant(here, target)) return null;
    const place = placeOf(target);
    if (!place || place === placeOf(here)) return null;
    return { reason: PLACE_REASON[place], detail: `the page forwards to ${PLACE_WORDS[place]} ${target.href} (meta refresh)` };
  } catch {
    return null;
  }
}

function liveDetail(page: PageView, response: HttpResponse): string {
  const status = response.status;
  if (response.bodySkipped) return `the file is there (${status}, ${page.mediaType ?? 'media'}; not downloaded)`;
  if (page.isMedia) return `the file is there (${status}, ${page.mediaType ?? 'media'})`;
  if (page.isJson) return `the server answered ${status} with data (JSON)`;
  if (!page.isHtml && !page.visibleText) return `the server answered ${status} (${page.mediaType ?? 'no content type'})`;
  return page.title ? `the page loaded (${status}), titled ${quote(page.title)}` : `the page loaded (${status})`;
}

/** The verdict on a 2xx answer. `probe` is null when no probe applies (none yet, or a provider site). */
export function judgePage(page: PageView, response: HttpResponse, probe: ProbeSummary | null): Verdict {
  if (response.bodySkipped || page.isMedia || page.isJson || (!page.isHtml && !page.visibleText)) {
    return { reason: 'ok', detail: liveDetail(page, response) };
  }
  const login = loginWall(page);
  if (login) return { reason: 'login-wall', detail: login };
  const age = findWording(page, AGE_MARKERS);
  if (age) return { reason: 'age-gate', detail: describeHit(age) };
  const legal = findWording(page, LEGAL_MARKERS);
  if (legal) return { reason: 'legal-block-page', detail: describeHit(legal) };
  const removal = removalOnPage(page);
  if (removal) {
    const said = describeHit(removal.hit);
    return removal.against ? { reason: 'signals-disagree', detail: `${said}, but ${removal.against}` } : { reason: 'removal-wording', detail: said };
  }
  if (probe && !liveEvidence(page)) {
    const comparison = compareWithProbe(page, response, probe);
    if (comparison.like) {
      const alike = Math.round(comparison.similarity * 100);
      return { reason: 'soft-404', detail: `looks like this site's answer to an address that cannot exist (${probePath(probe.url)}, ${alike}% alike)` };
    }
  }
  const refresh = metaRefreshAway(page, response);
  if (refresh) return refresh;
  return { reason: 'ok', detail: liveDetail(page, response) };
}

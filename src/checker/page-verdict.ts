// Judges a page that answered 2xx: login wall, age gate, legal block, removal wording, the
// soft-404 probe, a meta refresh away; otherwise live.
import type { HttpResponse } from '../core/http-types.ts';
import type { Reason } from '../core/states.ts';
import { AGE_MARKERS, LEGAL_MARKERS, LOGIN_MARKERS, PRIVATE_MARKERS, REMOVAL_MARKERS } from './generic-markers.ts';
import type { PageView } from './page.ts';
import { isBenignVariant, placeOf } from './redirects.ts';
import type { PlaceKind } from './redirects.ts';
import { compareWithProbe } from './soft-404.ts';
import type { ProbeSummary } from './soft-404.ts';
import { describeHit, findWording, LONG_PAGE_WORDS } from './wording.ts';

export interface Verdict {
  reason: Reason;
  detail: string;
}

/** A login form with this little main text around it is a login page, not content with a login box. */
export const LOGIN_PAGE_WORDS = 200;

const PHRASES = new Set(['phrase'] as const);
const TITLE_AND_TEXT = new Set(['title', 'text'] as const);
const MEDIA_TYPES = new Set(['videoobject', 'imageobject', 'audioobject', 'mediaobject']);

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
  return prompt ? `password field; ${describeHit(prompt)}` : null;
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
  return page.jsonBlocks.some((block) => mediaObjects(block)) ? 'structured data describes the media (contentUrl/embedUrl)' : null;
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
    return { reason: PLACE_REASON[place], detail: `meta refresh to ${target.href}` };
  } catch {
    return null;
  }
}

/** The verdict on a 2xx answer. `probe` is null when no probe applies (none yet, or a provider site). */
export function judgePage(page: PageView, response: HttpResponse, probe: ProbeSummary | null): Verdict {
  if (response.bodySkipped || page.isMedia) return { reason: 'ok', detail: `${response.status} ${page.mediaType ?? 'media'}` };
  if (page.isJson) return { reason: 'ok', detail: `${response.status} JSON` };
  if (!page.isHtml && !page.visibleText) return { reason: 'ok', detail: `${response.status} ${page.mediaType ?? 'no content type'}` };
  const login = loginWall(page);
  if (login) return { reason: 'login-wall', detail: login };
  const age = findWording(page, AGE_MARKERS);
  if (age) return { reason: 'age-gate', detail: describeHit(age) };
  const legal = findWording(page, LEGAL_MARKERS);
  if (legal) return { reason: 'legal-block-page', detail: describeHit(legal) };
  const removal = findWording(page, REMOVAL_MARKERS);
  // A caption in the title alone, over a long page of content, is more likely a name than a notice.
  const long = removal?.zone === 'title' && page.mainWordCount >= LONG_PAGE_WORDS ? `the page has ${page.mainWordCount} words of content` : null;
  const live = liveEvidence(page) ?? long;
  if (removal) {
    const said = describeHit(removal);
    return live ? { reason: 'signals-disagree', detail: `${said}; but ${live}` } : { reason: 'removal-wording', detail: said };
  }
  if (probe && !live) {
    const comparison = compareWithProbe(page, response, probe);
    if (comparison.like) return { reason: 'soft-404', detail: comparison.why };
  }
  const refresh = metaRefreshAway(page, response);
  if (refresh) return refresh;
  return { reason: 'ok', detail: `${response.status}${page.title ? ` "${page.title.slice(0, 80)}"` : ''}` };
}

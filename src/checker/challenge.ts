// Recognises bot walls and browser challenges (Cloudflare, DDoS-Guard, Sucuri, Akamai, Imperva,
// DataDome, PerimeterX, CAPTCHA pages) from headers and page wording.
import type { HttpResponse } from '../core/http-types.ts';
import { CHALLENGE_MARKERS } from './gate-markers.ts';
import type { PageView } from './page.ts';
import { findWording, quote } from './wording.ts';

// Statuses bot walls answer with. A 200 page counts only on its wording.
const WALL_STATUSES = new Set([403, 429, 503]);
// Markup found only on challenge pages (never on the normal pages of a protected site).
const CHALLENGE_HTML = /window\._cf_chl_opt|cf-challenge-running|cf_chl_prog|id="challenge-form"|\/cdn-cgi\/challenge-platform\/h\/[bg]\/orchestrate|ddos-guard\.net\/|id="px-captcha"|captcha-delivery\.com|_Incapsula_Resource|sucuri-firewall|class="g-recaptcha"|class="h-captcha"|hcaptcha\.com\/1\/api\.js|google\.com\/recaptcha\/api\.js/i;

function vendor(headers: Record<string, string>): string | null {
  const server = (headers['server'] ?? '').toLowerCase();
  if (server.includes('cloudflare') || headers['cf-ray'] !== undefined) return 'Cloudflare';
  if (server.includes('ddos-guard')) return 'DDoS-Guard';
  if (server.includes('sucuri') || headers['x-sucuri-id'] !== undefined || headers['x-sucuri-block'] !== undefined) return 'Sucuri';
  if (server.includes('akamaighost') || server.includes('akamai')) return 'Akamai';
  if (headers['x-iinfo'] !== undefined || (headers['x-cdn'] ?? '').toLowerCase().includes('incapsula')) return 'Imperva';
  if (headers['x-datadome'] !== undefined || server.includes('datadome')) return 'DataDome';
  return null;
}

// "a Cloudflare challenge page answered ("Just a moment...")": the wall, and what it said when it said something.
function wallPage(who: string | null, evidence: string): string {
  const page = who ? `${/^[aeiou]/i.test(who) ? 'an' : 'a'} ${who} challenge page` : 'a bot check or CAPTCHA page';
  return `${page} answered (${evidence})`;
}

/** A short plain-words description of the bot wall that answered, or null when none did. */
export function detectChallenge(response: HttpResponse, page: PageView): string | null {
  const headers = response.headers;
  const who = vendor(headers);
  const hit = findWording(page, CHALLENGE_MARKERS);
  const said = hit ? quote(hit.match) : null;
  if ((headers['cf-mitigated'] ?? '').toLowerCase().includes('challenge')) {
    return wallPage('Cloudflare', said ?? 'the site sent the header cf-mitigated: challenge');
  }
  if (headers['x-sucuri-block'] !== undefined) return `the Sucuri firewall blocked the request (block ${quote(headers['x-sucuri-block'], 40)})`;
  const wall = WALL_STATUSES.has(response.status);
  if (wall && (said || (page.isHtml && CHALLENGE_HTML.test(page.html.slice(0, 300_000))))) {
    return wallPage(who, said ?? 'the page holds challenge or CAPTCHA code');
  }
  // A 403/503 from a bot-wall vendor with a near-empty page is its block page.
  if (wall && who && who !== 'Cloudflare' && page.wordCount < 40) return `the ${who} firewall refused access (${response.status})`;
  // Some walls answer 200; then the title or a short page must say so.
  if (hit && said && (hit.zone === 'title' || page.mainWordCount < 60)) return wallPage(who, said);
  return null;
}

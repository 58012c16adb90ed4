// The classifier: one HTTP outcome, the provider definition and the soft-404 probe in, one state
// and reason out. Pure. "A false removed is the worst error", so every doubt resolves towards
// live, blocked or unreachable, never towards gone.
//
// Order of decisions:
//  a. No answer: unreachable with the failure kind as reason ('aborted' counts as timeout);
//     a private, loopback or link-local address: blocked/private-address.
//  b. Provider signals, when a provider matched: blocked, then legal, then live (live wins over
//     any removal signal: live/signals-disagree when one is present), then removal. Removal
//     signals are ignored when the answer is a bot wall, 401, 403, 407, 408, 429 or 5xx.
//  c. Bot walls (cf-mitigated, vendor headers with challenge pages or markup, challenge wording):
//     blocked/challenge, whatever the status.
//  d. Redirects to a login, age-check or challenge page: blocked. These come before the status,
//     so that a login page answering 404 is not taken for a removal.
//  e. Status: 451 legal-block; 401, 403, 429, other 4xx blocked; 404 and 410 removed; 5xx
//     unreachable; 1xx and 3xx (a redirect not followed) unreachable/protocol.
//  f. Other redirects, unless only http->https, www./m., case, a trailing slash or tracking
//     parameters changed: to the site root, a search or listing, an error page: redirected; to
//     the same URL the probe was sent to: redirected/redirect-like-probe; else judge the final page.
//  g. The 2xx page (page-verdict.ts): media is live; login wall; age gate; legal wording; removal
//     wording in the title, a heading or a short main text (unless structured data still
//     describes the media, or only a bare caption in the title speaks against a page with real
//     text or media: live/signals-disagree); the same page as the probe: soft-404; a meta
//     refresh to a root, search, error, login or age page; else live/ok.
// Details are short plain sentences for the person reading the result: what was seen, the
// page's own words in quotes, an error code in brackets at the end.
// The soft-404 probe is only used for sites without a specific provider definition: provider
// sites are the client-side apps and login-walled platforms where every URL looks alike.
import type { HttpFailure, HttpOutcome, HttpResponse } from '../core/http-types.ts';
import type { Provider } from '../core/provider.ts';
import { REASONS } from '../core/states.ts';
import type { CheckState, Reason } from '../core/states.ts';
import { urlKey } from '../core/url-key.ts';
import { detectChallenge } from './challenge.ts';
import { analysePage } from './page.ts';
import type { PageView } from './page.ts';
import { judgePage, PLACE_REASON, PLACE_WORDS, probePath, removalWording } from './page-verdict.ts';
import type { Verdict } from './page-verdict.ts';
import { evaluateSignals } from './provider-signals.ts';
import type { SignalMatch } from './provider-signals.ts';
import { analyseRedirect } from './redirects.ts';
import type { ProbeSummary } from './soft-404.ts';

export interface ClassifyInput {
  /** The target URL as normalised from the case file. */
  url: string;
  outcome: HttpOutcome;
  provider: Provider | null;
  /** This host's answer to a URL that cannot exist, when it was fetched. */
  probe?: ProbeSummary | null;
  /** The response's page as readPage gave it, when the caller read it already (a second look). */
  page?: PageView;
}

export interface Classification {
  state: CheckState;
  reason: Reason;
  detail: string;
}

const MAX_DETAIL = 240;
const EMPTY = new Uint8Array(0);
// Refusals and transient answers: a removal marker on such a page is not trusted (403 is mostly a bot wall).
const TRANSPORT_BLOCK_STATUSES = new Set([401, 403, 407, 408, 429]);

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function verdict(reason: Reason, detail: string): Classification {
  return { state: REASONS[reason].state, reason, detail: clip(detail, MAX_DETAIL) };
}

// Both sides of a disagreement must stay readable within the detail's length.
function disagree(live: string, against: string): Classification {
  const half = Math.floor((MAX_DETAIL - 6) / 2);
  return verdict('signals-disagree', `${clip(live, half)}; but ${clip(against, half)}`);
}

function fromVerdict(v: Verdict): Classification {
  return verdict(v.reason, v.detail);
}

// The HTTP layer's message is already plain words ending in `[CODE]`; the redirect hop that failed
// goes before the code, and a code the message lacks is added, so the code always comes last.
function classifyFailure(failure: HttpFailure, url: string): Classification {
  const tagged = / \[([A-Za-z0-9_]+)\]$/.exec(failure.message);
  const words = tagged ? failure.message.slice(0, tagged.index) : failure.message;
  const code = tagged?.[1] ?? (failure.kind === 'private-address' ? undefined : failure.code);
  const where = urlKey(failure.url) !== urlKey(url) ? ` (after a redirect to ${clip(failure.url, 100)})` : '';
  const tag = code ? ` [${code}]` : '';
  const detail = `${clip(words, MAX_DETAIL - where.length - tag.length)}${where}${tag}`;
  // An exchange cut off before the answer came is not an observation of the page: unreachable, like a timeout.
  return verdict(failure.kind === 'aborted' ? 'timeout' : failure.kind, detail);
}

function fromMatch(match: SignalMatch): Classification {
  return { state: match.state, reason: match.reason, detail: clip(match.detail, MAX_DETAIL) };
}

// Answers that say nothing about the content: a provider's removal marker on them is not trusted.
function transportBlocked(response: HttpResponse, challenge: string | null): boolean {
  return challenge !== null || TRANSPORT_BLOCK_STATUSES.has(response.status) || response.status >= 500;
}

function providerVerdict(provider: Provider, response: HttpResponse, page: PageView, challenge: string | null): Classification | null {
  const matches = evaluateSignals(provider, response, page);
  const [blocked] = matches.blocked;
  if (blocked) return fromMatch(blocked);
  const [legal] = matches.legal;
  if (legal) return fromMatch(legal);
  const removed = transportBlocked(response, challenge) ? undefined : matches.removed[0];
  const [live] = matches.live;
  if (live) {
    const against = removed?.detail ?? (response.status === 404 || response.status === 410 ? `the server answered ${response.status}` : removalWording(page));
    return against ? disagree(live.detail, against) : fromMatch(live);
  }
  return removed ? fromMatch(removed) : null;
}

function statusVerdict(response: HttpResponse): Classification | null {
  const { status, headers } = response;
  const header = (name: string): string => clip(headers[name] ?? '', 60);
  if (status === 451) return verdict('http-451', '451 Unavailable For Legal Reasons');
  if (status === 401) return verdict('http-401', `the server asks for a login (401${headers['www-authenticate'] ? `, ${header('www-authenticate')}` : ''})`);
  if (status === 403) return verdict('http-403', `the server refused access (403${headers['server'] ? `, server ${header('server')}` : ''})`);
  if (status === 429) return verdict('http-429', `the site limits how often it may be asked (429${headers['retry-after'] ? `, Retry-After ${header('retry-after')}` : ''})`);
  if (status === 404) return verdict('http-404', '404 Not Found');
  if (status === 410) return verdict('http-410', '410 Gone');
  if (status >= 400 && status < 500) return verdict('http-4xx', `the server refused the request (${status})`);
  if (status >= 500) return verdict('http-5xx', `the server answered ${status}`);
  if (status < 200 || status >= 300) return verdict('protocol', `the server answered ${status} instead of a page`);
  return null;
}

function usesProbe(provider: Provider | null): boolean {
  return provider === null || provider.kind === 'generic';
}

/** The page of an answer as classify reads it (a skipped body reads as an empty one). */
export function readPage(response: HttpResponse): PageView {
  return analysePage(response.bodySkipped ? EMPTY : response.body, response.headers['content-type'] ?? null);
}

export function classify(input: ClassifyInput): Classification {
  const { outcome } = input;
  if (!outcome.ok) return classifyFailure(outcome.failure, input.url);
  const response = outcome.response;
  const page = input.page ?? readPage(response);
  const challenge = detectChallenge(response, page);

  if (input.provider) {
    const fromProvider = providerVerdict(input.provider, response, page, challenge);
    if (fromProvider) return fromProvider;
  }
  if (challenge) return verdict('challenge', challenge);

  const redirect = analyseRedirect(response.url || input.url, response.finalUrl, response.redirects);
  const to = (place: string): string => `redirected to ${place}${clip(response.finalUrl, 160)}`;
  if (redirect.kind === 'login' || redirect.kind === 'age' || redirect.kind === 'challenge') {
    return verdict(PLACE_REASON[redirect.kind], to(`${PLACE_WORDS[redirect.kind]} `));
  }
  const byStatus = statusVerdict(response);
  if (byStatus) return byStatus;
  if (redirect.kind === 'root' || redirect.kind === 'search' || redirect.kind === 'error') {
    return verdict(PLACE_REASON[redirect.kind], to(`${PLACE_WORDS[redirect.kind]} `));
  }
  const probe = usesProbe(input.provider) ? (input.probe ?? null) : null;
  if (probe && redirect.kind === 'other' && probe.redirected && probe.finalUrl && urlKey(probe.finalUrl) === urlKey(response.finalUrl)) {
    return verdict('redirect-like-probe', `${to('')}, where this site also sends an address that cannot exist (${probePath(probe.url)})`);
  }
  return fromVerdict(judgePage(page, response, probe));
}

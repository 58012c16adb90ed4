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
//     describes the media: live/signals-disagree); the same page as the probe: soft-404; a meta
//     refresh to a root, search, error, login or age page; else live/ok.
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
import { judgePage, PLACE_REASON, removalWording } from './page-verdict.ts';
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

function verdict(reason: Reason, detail: string): Classification {
  const clipped = detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 3)}...` : detail;
  return { state: REASONS[reason].state, reason, detail: clipped };
}

function fromVerdict(v: Verdict): Classification {
  return verdict(v.reason, v.detail);
}

function classifyFailure(failure: HttpFailure, url: string): Classification {
  const where = urlKey(failure.url) !== urlKey(url) ? ` (at ${failure.url})` : '';
  const code = failure.code && !failure.message.includes(failure.code) ? `${failure.code}: ` : '';
  const detail = `${code}${failure.message}${where}`;
  switch (failure.kind) {
    case 'aborted':
      return verdict('timeout', `aborted: ${detail}`);
    case 'private-address':
      return verdict('private-address', detail);
    default:
      return verdict(failure.kind, detail);
  }
}

function fromMatch(match: SignalMatch): Classification {
  return { state: match.state, reason: match.reason, detail: match.detail.slice(0, MAX_DETAIL) };
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
    const against = removed?.detail ?? (response.status === 404 || response.status === 410 ? `status ${response.status}` : removalWording(page));
    return against ? verdict('signals-disagree', `${live.detail}; but ${against}`) : fromMatch(live);
  }
  return removed ? fromMatch(removed) : null;
}

function statusVerdict(response: HttpResponse): Classification | null {
  const { status, headers } = response;
  if (status === 451) return verdict('http-451', '451 Unavailable For Legal Reasons');
  if (status === 401) return verdict('http-401', `401${headers['www-authenticate'] ? ` (${headers['www-authenticate']})` : ''}`);
  if (status === 403) return verdict('http-403', `403${headers['server'] ? ` from ${headers['server']}` : ''}`);
  if (status === 429) return verdict('http-429', `429${headers['retry-after'] ? `, Retry-After ${headers['retry-after']}` : ''}`);
  if (status === 404) return verdict('http-404', '404 Not Found');
  if (status === 410) return verdict('http-410', '410 Gone');
  if (status >= 400 && status < 500) return verdict('http-4xx', `status ${status}`);
  if (status >= 500) return verdict('http-5xx', `status ${status}`);
  if (status < 200 || status >= 300) return verdict('protocol', `unexpected final status ${status}`);
  return null;
}

function usesProbe(provider: Provider | null): boolean {
  return provider === null || provider.kind === 'generic';
}

export function classify(input: ClassifyInput): Classification {
  const { outcome } = input;
  if (!outcome.ok) return classifyFailure(outcome.failure, input.url);
  const response = outcome.response;
  const page = analysePage(response.bodySkipped ? EMPTY : response.body, response.headers['content-type'] ?? null);
  const challenge = detectChallenge(response, page);

  if (input.provider) {
    const fromProvider = providerVerdict(input.provider, response, page, challenge);
    if (fromProvider) return fromProvider;
  }
  if (challenge) return verdict('challenge', challenge);

  const redirect = analyseRedirect(response.url || input.url, response.finalUrl, response.redirects);
  const to = `redirected to ${response.finalUrl}`;
  if (redirect.kind === 'login' || redirect.kind === 'age' || redirect.kind === 'challenge') {
    return verdict(PLACE_REASON[redirect.kind], to);
  }
  const byStatus = statusVerdict(response);
  if (byStatus) return byStatus;
  if (redirect.kind === 'root' || redirect.kind === 'search' || redirect.kind === 'error') {
    return verdict(PLACE_REASON[redirect.kind], to);
  }
  const probe = usesProbe(input.provider) ? (input.probe ?? null) : null;
  if (probe && redirect.kind === 'other' && probe.redirected && probe.finalUrl && urlKey(probe.finalUrl) === urlKey(response.finalUrl)) {
    return verdict('redirect-like-probe', `${to}, where ${probe.url} also goes`);
  }
  return fromVerdict(judgePage(page, response, probe));
}

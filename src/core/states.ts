// The closed set of check states and reason codes (DESIGN.md section 4), with a documented meaning each.

/** Exactly one state per observation of a URL. */
export const CHECK_STATES = [
  'live',
  'removed',
  'soft-removed',
  'redirected',
  'legal-block',
  'blocked',
  'unreachable',
] as const;
export type CheckState = (typeof CHECK_STATES)[number];

/** States that count as "gone" for request tracking. `blocked` and `unreachable` never do. */
export const GONE_STATES: ReadonlySet<CheckState> = new Set(['removed', 'soft-removed', 'redirected', 'legal-block']);

export function isGone(state: CheckState): boolean {
  return GONE_STATES.has(state);
}

/**
 * Every reason code, the state it belongs to and what it means. A CheckResult's reason always
 * belongs to its state (a test enforces it).
 */
export const REASONS = {
  // live
  ok: { state: 'live', text: 'the page answered 2xx and showed no removal signal' },
  'provider-live': { state: 'live', text: "the provider's live marker is present" },
  'signals-disagree': { state: 'live', text: 'removal and live signals disagree; kept as live' },

  // removed
  'http-404': { state: 'removed', text: 'the server answered 404 Not Found' },
  'http-410': { state: 'removed', text: 'the server answered 410 Gone' },
  'provider-status': { state: 'removed', text: "the provider answers this status for removed content" },

  // soft-removed
  'provider-marker': { state: 'soft-removed', text: "the page shows the provider's removal notice" },
  'provider-json': { state: 'soft-removed', text: "the page's embedded data marks the content as removed" },
  'removal-wording': { state: 'soft-removed', text: 'the title or main text says the content is gone' },
  'soft-404': { state: 'soft-removed', text: "the page looks like this site's answer to a URL that cannot exist" },
  'media-placeholder': { state: 'soft-removed', text: 'the media was replaced by a placeholder' },

  // redirected
  'redirect-to-root': { state: 'redirected', text: "the URL now redirects to the site's home page" },
  'redirect-to-search': { state: 'redirected', text: 'the URL now redirects to a search or listing page' },
  'redirect-to-error': { state: 'redirected', text: 'the URL now redirects to a generic error or "removed" page' },
  'redirect-like-probe': {
    state: 'redirected',
    text: 'the URL redirects where a URL that cannot exist on this site also redirects',
  },
  'provider-redirect': { state: 'redirected', text: "the provider redirects removed content like this" },

  // legal-block
  'http-451': { state: 'legal-block', text: 'the server answered 451 Unavailable For Legal Reasons' },
  'legal-block-page': { state: 'legal-block', text: 'the page says the content is blocked for legal reasons or in this country' },
  'provider-legal': { state: 'legal-block', text: "the page shows the provider's legal or regional block" },

  // blocked: the tool could not see the content; never a removal
  'http-401': { state: 'blocked', text: 'the server asks for authentication (401)' },
  'http-403': { state: 'blocked', text: 'the server refused access (403)' },
  'http-429': { state: 'blocked', text: 'rate limited (429)' },
  'http-4xx': { state: 'blocked', text: 'the server refused the request with another 4xx status' },
  challenge: { state: 'blocked', text: 'a bot wall or browser challenge answered instead of the page' },
  'login-wall': { state: 'blocked', text: 'the page asks to log in before showing the content' },
  'login-redirect': { state: 'blocked', text: 'the URL redirects to a login or registration page' },
  'age-gate': { state: 'blocked', text: 'the URL leads to an age check' },
  'provider-blocked': { state: 'blocked', text: "the provider's login wall, private notice or bot wall" },
  'private-address': {
    state: 'blocked',
    text: 'the URL or a redirect leads to a private, loopback or link-local address (see --allow-private)',
  },

  // unreachable: the site did not answer properly; never a removal
  dns: { state: 'unreachable', text: 'the host name did not resolve' },
  refused: { state: 'unreachable', text: 'the connection was refused' },
  reset: { state: 'unreachable', text: 'the connection was reset or closed early' },
  timeout: { state: 'unreachable', text: 'the site did not answer in time' },
  tls: { state: 'unreachable', text: 'the TLS handshake or certificate check failed' },
  'http-5xx': { state: 'unreachable', text: 'the server answered with a 5xx error' },
  'too-many-redirects': { state: 'unreachable', text: 'more redirects than the limit' },
  'redirect-loop': { state: 'unreachable', text: 'the redirects go round in a loop' },
  'bad-redirect': { state: 'unreachable', text: 'a redirect had a missing or invalid Location' },
  protocol: { state: 'unreachable', text: 'the answer was not valid HTTP' },
} as const satisfies Record<string, { state: CheckState; text: string }>;

export type Reason = keyof typeof REASONS;

export function stateOfReason(reason: Reason): CheckState {
  return REASONS[reason].state;
}

// Decides, from one response, whether to follow a redirect, stop, or fail (pure).
import type { HttpFailureKind, RedirectHop } from '../core/http-types.ts';
import { urlKey } from '../core/url-key.ts';

export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface RedirectInput {
  /** The URL that answered. */
  url: string;
  status: number;
  /** The raw Location header, if any. */
  location: string | undefined;
  /** urlKey of every URL requested so far in this chain, `url` included. */
  seen: ReadonlySet<string>;
  /** Redirects already followed. */
  followed: number;
  maxRedirects: number;
}

export type RedirectStep =
  | { kind: 'final' }
  | { kind: 'follow'; hop: RedirectHop }
  | {
      kind: 'fail';
      failure: Extract<HttpFailureKind, 'bad-redirect' | 'redirect-loop' | 'too-many-redirects'>;
      message: string;
      /** The hop, when its Location could be resolved (kept as evidence). */
      hop?: RedirectHop;
    };

export function nextRedirect(input: RedirectInput): RedirectStep {
  if (!REDIRECT_STATUSES.has(input.status)) return { kind: 'final' };
  const raw = input.location?.trim() ?? '';
  if (raw === '') {
    return { kind: 'fail', failure: 'bad-redirect', message: `${input.status} redirect without a Location header` };
  }
  let target: URL;
  try {
    target = new URL(raw, input.url);
  } catch {
    return { kind: 'fail', failure: 'bad-redirect', message: `${input.status} redirect to an invalid Location: ${JSON.stringify(raw)}` };
  }
  const hop: RedirectHop = { url: input.url, status: input.status, location: target.href };
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return { kind: 'fail', failure: 'bad-redirect', message: `redirect to a non-http(s) URL: ${target.href}`, hop };
  }
  if (input.seen.has(urlKey(target.href))) {
    return { kind: 'fail', failure: 'redirect-loop', message: `redirect loop: ${target.href} was already visited`, hop };
  }
  if (input.followed >= input.maxRedirects) {
    return {
      kind: 'fail',
      failure: 'too-many-redirects',
      message: `more than ${input.maxRedirects} redirects (next: ${target.href})`,
      hop,
    };
  }
  return { kind: 'follow', hop };
}

// A provider definition (providers/*.yaml) as the checker uses it. The YAML schema lives in
// src/providers/schema.ts and produces exactly this shape.
import type { CheckState } from './states.ts';
import type { ProviderChannel } from './notice.ts';

/**
 * One signal. Exactly one of the matchers is set; all given conditions must hold.
 * - `status`: the final HTTP status is one of these.
 * - `text`: a case-insensitive substring of the visible text or the title (never scripts,
 *   styles, templates or comments).
 * - `title`: a case-insensitive substring of the <title> only.
 * - `html`: a regular expression over the raw body (scripts included). For provider markers
 *   that live in embedded data, e.g. `"status":"ERROR"` inside ytInitialPlayerResponse.
 * - `json`: a dotted path in a JSON body, or in a <script type="application/json"|"application/ld+json">
 *   block, with `equals` (string/number/boolean/null compared exactly), `exists` or `notNull`.
 * - `redirect`: a regular expression the final URL must match, after at least one redirect.
 * - `lostParam`: the final URL after a redirect no longer carries this query parameter (or it changed).
 * - `header`: a response header (lower-case name) that equals the value or matches `pattern`.
 */
export interface ProviderSignal {
  status?: number[];
  text?: string;
  title?: string;
  html?: string;
  json?: { path: string; equals?: string | number | boolean | null; exists?: boolean; notNull?: boolean };
  redirect?: string;
  lostParam?: string;
  header?: { name: string; equals?: string; pattern?: string };
  /** Optional: a narrower state than the group's default (e.g. `removed` for a status signal). */
  state?: CheckState;
  /** Why this signal exists / where it was observed. */
  note?: string;
  source?: string;
}

export interface ProviderSignals {
  /** Content gone: default state soft-removed (`status` signals: removed; `redirect`/`lostParam`: redirected). */
  removed: ProviderSignal[];
  /** Blocked for legal or regional reasons: state legal-block. */
  legal: ProviderSignal[];
  /** Login wall, private, challenge, rate limit: state blocked. Never a removal. */
  blocked: ProviderSignal[];
  /** Positive proof the content is there: state live; wins over removal signals. */
  live: ProviderSignal[];
}

export interface ProviderExample {
  name: string;
  url: string;
  response: {
    status: number;
    headers?: Record<string, string>;
    body?: string;
    finalUrl?: string;
    redirects?: { url: string; status: number; location: string }[];
  };
  expect: { state: CheckState; reason?: string };
}

export const PROVIDER_KINDS = [
  'platform',
  'host',
  'cdn',
  'registrar',
  'search-engine',
  'regulator',
  'hash-programme',
  'generic',
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export interface Provider {
  id: string;
  name: string;
  kind: ProviderKind;
  /** Host names this provider serves; `example.com` also matches its subdomains. */
  hosts: string[];
  /** Optional URL regular expressions (against the full normalised URL); when given, one must match. */
  patterns: string[];
  signals: ProviderSignals;
  /** Politeness overrides for this provider's hosts. */
  politeness?: { perHost?: number; intervalMs?: number };
  examples: ProviderExample[];
  /** How to reach this provider, in its order of preference (see src/core/notice.ts). */
  channels: ProviderChannel[];
  /** Another provider that acts for this one (DuckDuckGo's results come from Bing: file there). */
  routesTo?: string;
  /** Address ranges (CIDR) this provider announces, to recognise a CDN or host from a site's IP. */
  ipRanges: string[];
  source: string[];
  /** ISO date the facts were last checked. */
  checked: string;
  /** The file it came from (for messages). */
  file?: string;
}

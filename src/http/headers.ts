// Request headers we send, and response headers folded into a lower-case record.

/** Response headers as undici gives them: repeated ones as arrays. */
export type RawHeaders = Record<string, string | string[] | undefined>;

/** What a desktop browser asks for, so that sites answer the check as they answer a visitor. */
export function defaultRequestHeaders(userAgent: string): Record<string, string> {
  return {
    'user-agent': userAgent,
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'accept-language': 'en-US,en;q=0.9',
    'accept-encoding': 'gzip, deflate, br',
  };
}

// Credentials a caller gave for one site must not follow a redirect to another.
const ORIGIN_BOUND = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** Defaults overridden by `extra` (names compared case-insensitively), minus credentials off-origin. */
export function requestHeaders(
  userAgent: string,
  extra: Record<string, string> | undefined,
  sameOriginAsFirst: boolean,
): Record<string, string> {
  const headers = defaultRequestHeaders(userAgent);
  for (const [name, value] of Object.entries(extra ?? {})) {
    const key = name.toLowerCase();
    if (!sameOriginAsFirst && ORIGIN_BOUND.has(key)) continue;
    headers[key] = value;
  }
  return headers;
}

/** Lower-case names; repeated headers joined with ", ", except set-cookie, joined with "\n". */
export function normalizeHeaders(raw: RawHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const joined = Array.isArray(value) ? value.join(key === 'set-cookie' ? '\n' : ', ') : value;
    const previous = out[key];
    out[key] = previous === undefined ? joined : `${previous}${key === 'set-cookie' ? '\n' : ', '}${joined}`;
  }
  return out;
}

/** True for image/*, video/* and audio/* content types. */
export function isMediaType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type.startsWith('image/') || type.startsWith('video/') || type.startsWith('audio/');
}

/**
 * undici's `responseHeaders: 'raw'` answer (a flat name, value, name, value list in the order
 * received) as pairs, and grouped by lower-case name as undici's parsed form would give them.
 */
export function rawHeaderPairs(raw: unknown): { pairs: Array<[string, string]>; grouped: RawHeaders } {
  const pairs: Array<[string, string]> = [];
  const grouped: Record<string, string[]> = {};
  const list = Array.isArray(raw) ? (raw as unknown[]) : [];
  for (let i = 0; i + 1 < list.length; i += 2) {
    const name = String(list[i]);
    const value = String(list[i + 1]);
    pairs.push([name, value]);
    const key = name.toLowerCase();
    // Own-property check: a header named "__proto__" or "constructor" must not reach the prototype.
    if (Object.hasOwn(grouped, key)) grouped[key]?.push(value);
    else Object.defineProperty(grouped, key, { value: [value], enumerable: true, writable: true, configurable: true });
  }
  return { pairs, grouped };
}

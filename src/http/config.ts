// HttpConfig, the settings of one HttpClient, and their validation.
import { isIP } from 'node:net';
import { UserError } from '../core/errors.ts';

export interface HttpConfig {
  userAgent: string;
  /** Deadline for one whole exchange, redirects and body included. */
  timeoutMs: number;
  connectTimeoutMs: number;
  /**
   * Wait for the response headers (undici's default, 300 s, when unset; the total deadline still
   * applies). undici checks this and bodyTimeoutMs on a coarse timer, so they may fire up to ~0.5 s late.
   */
  headersTimeoutMs?: number;
  /** Longest silence between two body chunks. */
  bodyTimeoutMs?: number;
  /** Cap on the raw bytes read and, separately, on the decoded bytes kept. */
  maxBodyBytes: number;
  /** Redirects followed before 'too-many-redirects'; 10 when unset. */
  maxRedirects?: number;
  /** Lifts the refusal of private, loopback and link-local targets. */
  allowPrivate: boolean;
  /** Host name -> IP to connect to for that name (curl --resolve); Host and SNI keep the name. Direct connections only. */
  resolve?: Record<string, string>;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read from (either case); the caller passes it. */
  env?: Record<string, string | undefined>;
  /** Extra trusted CA certificates (PEM), added to Node's default store. */
  ca?: string[];
}

function invalid(field: string, value: unknown, expected: string): UserError {
  return new UserError('HTTP_CONFIG_INVALID', `http.${field}: expected ${expected}, got ${JSON.stringify(value)}`);
}

function positive(field: string, value: number | undefined, optional: boolean): void {
  if (value === undefined && optional) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalid(field, value, 'a number of milliseconds > 0');
  }
}

function wholeNumber(field: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 0) throw invalid(field, value, 'a whole number >= 0');
}

/** Throws a UserError naming the first bad field. */
export function validateHttpConfig(config: HttpConfig): void {
  if (typeof config.userAgent !== 'string' || config.userAgent.trim() === '' || /[\r\n]/.test(config.userAgent)) {
    throw invalid('userAgent', config.userAgent, 'a non-empty single-line string');
  }
  positive('timeoutMs', config.timeoutMs, false);
  positive('connectTimeoutMs', config.connectTimeoutMs, false);
  positive('headersTimeoutMs', config.headersTimeoutMs, true);
  positive('bodyTimeoutMs', config.bodyTimeoutMs, true);
  wholeNumber('maxBodyBytes', config.maxBodyBytes);
  wholeNumber('maxRedirects', config.maxRedirects);
  for (const [name, ip] of Object.entries(config.resolve ?? {})) {
    if (isIP(ip) === 0) throw invalid(`resolve.${name}`, ip, 'an IPv4 or IPv6 address');
  }
}

// Plain-words text for a failed exchange, chosen by error code; the code goes in brackets at the end.
import type { HttpFailureKind } from '../core/http-types.ts';
import type { HttpConfig } from './config.ts';

// undici's own defaults when the config leaves a phase timeout unset.
const UNDICI_DEFAULT_TIMEOUT_MS = 300_000;

// A proxy URL may carry user:password; messages end up in reports and logs.
function proxyLabel(proxy: string): string {
  try {
    const url = new URL(proxy);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'the configured proxy';
  }
}

/** "20 s", "1.5 s", "400 ms": durations as a person reads them. */
export function duration(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  const seconds = ms / 1_000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

// Where a refused connection went: Node puts address and port on the error, Happy Eyeballs on the inner ones.
function peerOf(err: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof err !== 'object' || err === null) return undefined;
  const { address, port } = err as { address?: unknown; port?: unknown };
  if (typeof address === 'string' && address !== '') {
    const host = address.includes(':') ? `[${address}]` : address;
    return typeof port === 'number' ? `${host}:${port}` : host;
  }
  const inner = (err as { errors?: unknown }).errors;
  const nested = [(err as { cause?: unknown }).cause, ...(Array.isArray(inner) ? inner : [])];
  for (const each of nested) {
    const found = peerOf(each, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function timeoutText(code: string | undefined, config: HttpConfig): string {
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `no connection to the site within ${duration(config.connectTimeoutMs)}`;
    case 'ETIMEDOUT':
      return 'the connection attempt timed out';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `the site did not start answering within ${duration(config.headersTimeoutMs ?? UNDICI_DEFAULT_TIMEOUT_MS)}`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `the page stopped arriving for ${duration(config.bodyTimeoutMs ?? UNDICI_DEFAULT_TIMEOUT_MS)}`;
    case 'ERR_TOTAL_TIMEOUT':
      return `no complete answer within ${duration(config.timeoutMs)}`;
    default:
      return 'the site did not answer in time';
  }
}

const TLS_TEXT: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in a self-signed certificate (often a company proxy)',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  CERT_REVOKED: 'the certificate was revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is for another host name',
  HOSTNAME_MISMATCH: 'the certificate is for another host name',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate could not be traced to a trusted authority',
  UNABLE_TO_GET_ISSUER_CERT: 'the certificate could not be traced to a trusted authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate could not be traced to a trusted authority',
};

const PROTOCOL_TEXT: Readonly<Record<string, string>> = {
  UND_ERR_HEADERS_OVERFLOW: 'the site sent headers that are too large',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the answer was not as long as the site announced',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'the answer was larger than allowed',
  ERR_INVALID_URL: 'the address is not a valid URL',
};

function errorText(err: unknown, limit = 80): string {
  const text = err instanceof Error && err.message !== '' ? err.message : String(err);
  const line = text.split('\n')[0] ?? text;
  return line.length > limit ? `${line.slice(0, limit - 3)}...` : line;
}

function plainText(kind: HttpFailureKind, code: string | undefined, config: HttpConfig, proxy: string | undefined, err: unknown): string {
  switch (kind) {
    case 'dns':
      if (code === 'EAI_AGAIN') return 'the name server did not answer in time';
      if (code === 'EAI_FAIL') return 'the name server failed to look up the host name';
      return 'the host name could not be found';
    case 'refused': {
      if (code === 'EHOSTUNREACH') return 'there is no network route to the site';
      if (code === 'ENETUNREACH') return 'the network is unreachable';
      if (code === 'EADDRNOTAVAIL') return 'the site address could not be used from this machine';
      // The client reports a proxy that would not open the tunnel as refused, with undici's abort code.
      if (proxy !== undefined && code !== 'ECONNREFUSED') return 'the proxy refused to connect to the site';
      const peer = peerOf(err);
      return peer === undefined ? 'the connection was refused' : `the connection was refused by ${peer}`;
    }
    case 'reset':
      if (code === 'UND_ERR_SOCKET') return 'the site closed the connection before the answer was complete';
      if (code === 'EPIPE') return 'the connection broke while the request was sent';
      return 'the connection was cut off';
    case 'timeout':
      return timeoutText(code, config);
    case 'tls':
      return (code === undefined ? undefined : TLS_TEXT[code]) ?? 'the secure connection (TLS) could not be set up';
    case 'aborted':
      return 'the request was stopped before the answer was complete';
    case 'protocol':
      return (code === undefined ? undefined : PROTOCOL_TEXT[code]) ?? `the answer was not valid HTTP (${errorText(err)})`;
    default:
      return errorText(err);
  }
}

/**
 * The message of a failed exchange, e.g. `the connection was refused by 127.0.0.1:41627 [ECONNREFUSED]`
 * or `no complete answer within 20 s (via proxy http://proxy:3128) [ERR_TOTAL_TIMEOUT]`.
 */
export function failureMessage(
  kind: HttpFailureKind,
  code: string | undefined,
  config: HttpConfig,
  proxy: string | undefined,
  err: unknown,
): string {
  const via = proxy === undefined ? '' : ` (via proxy ${proxyLabel(proxy)})`;
  // The guard's own message already says which host and address were refused, and why.
  if (kind === 'private-address') return `${errorText(err, 200)}${via}`;
  const tag = code === undefined ? '' : ` [${code}]`;
  return `${plainText(kind, code, config, proxy, err)}${via}${tag}`;
}

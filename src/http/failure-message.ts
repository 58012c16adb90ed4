// Human-readable text for a failed exchange; the timeout phase is spelled out from the error code.
import type { HttpFailureKind } from '../core/http-types.ts';
import type { HttpConfig } from './config.ts';

// A proxy URL may carry user:password; messages end up in reports and logs.
function proxyLabel(proxy: string): string {
  try {
    const url = new URL(proxy);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'the configured proxy';
  }
}

function timeoutText(code: string | undefined, config: HttpConfig): string | undefined {
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connect timeout: no connection within ${config.connectTimeoutMs} ms`;
    case 'ETIMEDOUT':
      return 'connect timeout: the system gave up connecting';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `headers timeout: no response headers within ${config.headersTimeoutMs ?? 300_000} ms`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `body timeout: no body data for ${config.bodyTimeoutMs ?? 300_000} ms`;
    case 'ERR_TOTAL_TIMEOUT':
      return `total timeout: no complete answer within ${config.timeoutMs} ms`;
    default:
      return undefined;
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error && err.message !== '') return err.message;
  return String(err);
}

export function failureMessage(
  kind: HttpFailureKind,
  code: string | undefined,
  config: HttpConfig,
  proxy: string | undefined,
  err: unknown,
): string {
  const via = proxy === undefined ? '' : ` (via proxy ${proxyLabel(proxy)})`;
  const timeout = kind === 'timeout' ? timeoutText(code, config) : undefined;
  if (timeout !== undefined) return `${timeout}${via}`;
  // The guard's own message already names the host and the address.
  if (kind === 'private-address') return `${errorText(err)}${via}`;
  const text = errorText(err);
  // Node's messages usually name the code already ("connect ECONNREFUSED 127.0.0.1:80").
  const tag = code === undefined || text.includes(code) ? '' : `${code}: `;
  return `${tag}${text}${via}`;
}

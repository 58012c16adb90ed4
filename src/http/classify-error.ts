// Maps a network error to an HttpFailureKind by its code (never by its message text).
import type { HttpFailureKind } from '../core/http-types.ts';
import { PRIVATE_ADDRESS_CODE } from './address-guard.ts';

export interface ErrorClass {
  kind: HttpFailureKind;
  code?: string;
}

const BY_CODE: Readonly<Record<string, HttpFailureKind>> = {
  [PRIVATE_ADDRESS_CODE]: 'private-address',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NODATA: 'dns',
  EAI_NONAME: 'dns',
  ECONNREFUSED: 'refused',
  // No route to the host: the site did not answer, which the checker treats like a refusal.
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
  EADDRNOTAVAIL: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  UND_ERR_SOCKET: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ERR_TOTAL_TIMEOUT: 'timeout',
  // OpenSSL reports handshake failures (wrong version, no shared cipher) as EPROTO.
  EPROTO: 'tls',
  UND_ERR_PRX_TLS: 'tls',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  UNABLE_TO_GET_ISSUER_CERT: 'tls',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls',
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'tls',
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'tls',
  INVALID_CA: 'tls',
  INVALID_PURPOSE: 'tls',
  PATH_LENGTH_EXCEEDED: 'tls',
  HOSTNAME_MISMATCH: 'tls',
  UND_ERR_INVALID_ARG: 'protocol',
  UND_ERR_HEADERS_OVERFLOW: 'protocol',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'protocol',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'protocol',
  UND_ERR_NOT_SUPPORTED: 'protocol',
  UND_ERR_INFO: 'protocol',
  ERR_INVALID_URL: 'protocol',
  UND_ERR_ABORTED: 'aborted',
  UND_ERR_ABORT: 'aborted',
  ABORT_ERR: 'aborted',
  UND_ERR_CLOSED: 'aborted',
  UND_ERR_DESTROYED: 'aborted',
};

// Families of codes that share a prefix: OpenSSL certificate errors, Node TLS errors, llhttp parse errors.
const BY_PREFIX: ReadonlyArray<readonly [string, HttpFailureKind]> = [
  ['CERT_', 'tls'],
  ['ERR_TLS_', 'tls'],
  ['ERR_SSL_', 'tls'],
  ['HPE_', 'protocol'],
];

function codeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

function kindOfCode(code: string): HttpFailureKind | undefined {
  const direct = BY_CODE[code];
  if (direct !== undefined) return direct;
  return BY_PREFIX.find(([prefix]) => code.startsWith(prefix))?.[1];
}

// The code that explains the error: its own, else its cause's, else (Happy Eyeballs gives an
// AggregateError when every address failed) the first inner error's.
function explainingCode(err: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof err !== 'object' || err === null) return undefined;
  const own = codeOf(err);
  if (own !== undefined && kindOfCode(own) !== undefined) return own;
  const cause = explainingCode((err as { cause?: unknown }).cause, depth + 1);
  if (cause !== undefined) return cause;
  const inner = (err as { errors?: unknown }).errors;
  if (Array.isArray(inner)) {
    for (const each of inner) {
      const found = explainingCode(each, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return own;
}

/**
 * Kind and code of a failed exchange. Errors without a code are told apart by their `name`
 * (DOMException TimeoutError and AbortError, undici's HTTPParserError), never by message text.
 * Anything unknown is a 'protocol' failure: the site answered in a way we could not use.
 */
export function classifyError(err: unknown): ErrorClass {
  const code = explainingCode(err);
  if (code !== undefined) {
    const kind = kindOfCode(code);
    if (kind !== undefined) return { kind, code };
  }
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  // undici 7 builds HTTPParserError's HPE_* code from the wrong table, leaving it undefined.
  if (name === 'HTTPParserError') return code === undefined ? { kind: 'protocol' } : { kind: 'protocol', code };
  if (name === 'TimeoutError') return { kind: 'timeout', ...(code === undefined ? {} : { code }) };
  if (name === 'AbortError') return { kind: 'aborted', ...(code === undefined ? {} : { code }) };
  return code === undefined ? { kind: 'protocol' } : { kind: 'protocol', code };
}

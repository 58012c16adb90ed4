// The HTTP messages inside WARC request and response records, as they went over the wire.
import type { HttpWire } from '../core/http-types.ts';
import type { StoredBody } from './body-policy.ts';

/**
 * Original header names are kept under this prefix when the payload is not the body as sent
 * (decoded, cut or left out), so that WARC readers and replay tools do not decode it again or
 * expect bytes that are not there (pywb does the same with X-Archive-Orig-).
 */
export const ORIGINAL_HEADER_PREFIX = 'X-Takedown-Orig-';

const CRLF = '\r\n';

/** Request line and headers of the final hop; a GET has no body. */
export function requestBlock(url: string, wire: HttpWire): Buffer {
  const parsed = new URL(url);
  const lines = [`${wire.method} ${parsed.pathname}${parsed.search} HTTP/${wire.httpVersion}`];
  for (const [name, value] of wire.requestHeaders) lines.push(`${name}: ${value}`);
  return Buffer.from(lines.join(CRLF) + CRLF + CRLF, 'latin1');
}

/**
 * Status line and headers as received, then the stored payload. Transfer-Encoding is dropped
 * (the payload is de-chunked, as WARC requires); Content-Encoding and Content-Length are renamed
 * when the payload differs from the bytes sent. Returns the block's pieces and the index of the payload's.
 */
export function responseBlock(status: number, wire: HttpWire, body: StoredBody): { block: Uint8Array[]; payloadStart: number } {
  const asSent = body.decodedFrom === null && !body.truncated && body.omitted === null && body.redactedInlineMedia === 0;
  const lines = [`HTTP/${wire.httpVersion} ${status} ${wire.statusText}`];
  for (const [name, value] of wire.responseHeaders) {
    const key = name.toLowerCase();
    if (key === 'transfer-encoding') continue;
    const renamed = !asSent && (key === 'content-encoding' || key === 'content-length');
    lines.push(`${renamed ? ORIGINAL_HEADER_PREFIX + name : name}: ${value}`);
  }
  const head = Buffer.from(lines.join(CRLF) + CRLF + CRLF, 'latin1');
  // Head and body stay two pieces: the body (up to the body cap) is not copied to join them.
  return { block: [head, body.bytes], payloadStart: 1 };
}

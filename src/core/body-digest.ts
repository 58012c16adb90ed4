// The sha256 of a response body, taken once per body.
import { createHash } from 'node:crypto';

const digests = new WeakMap<Uint8Array, string>();

/**
 * sha256 (hex) of a response body: the check row, the evidence's read digest and the payload
 * digest of an unchanged body all need it, and a body may be megabytes. Remembered per body
 * object, so a digest can only ever be that body's.
 */
export function bodySha256(body: Uint8Array): string {
  let digest = digests.get(body);
  if (digest === undefined) {
    digest = createHash('sha256').update(body).digest('hex');
    digests.set(body, digest);
  }
  return digest;
}


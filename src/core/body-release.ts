// Gives a page's bytes back to the system as soon as the checker is done with them.
//
// A body is an ArrayBuffer outside V8's heap. Left to the garbage collector, a body whose check
// took longer than a couple of young-generation collections is freed only at the next full
// collection, which V8 starts when such memory has grown by 64 MB: a big check then carries
// 64 MB of finished pages on top of the ones it is reading. Detaching the buffer frees it at once.
import type { HttpOutcome } from './http-types.ts';

/**
 * Frees `body`'s memory now. Only a buffer the body has to itself is freed: a slice of Node's
 * shared Buffer pool (bodies under 32 KB), or a view into a larger buffer, is left to the garbage
 * collector, and so is a buffer that cannot be detached. The caller must own the body and hold no
 * other view of it: afterwards it reads as empty.
 */
export function releaseBody(body: Uint8Array): void {
  const buffer = body.buffer;
  if (!(buffer instanceof ArrayBuffer) || buffer.detached) return;
  if (body.byteOffset !== 0 || body.byteLength !== buffer.byteLength || buffer.byteLength === 0) return;
  try {
    buffer.transfer(0);
  } catch {
    // Not detachable (memory Node or V8 manages itself): the garbage collector frees it.
  }
}

/** Frees the body of an answer the caller owns (see releaseBody); a failure carries none. */
export function releaseOutcomeBody(outcome: HttpOutcome): void {
  if (outcome.ok) releaseBody(outcome.response.body);
}

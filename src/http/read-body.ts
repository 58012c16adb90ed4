// Reads a response body under a byte cap, undoing gzip/deflate/br with a cap on decoded bytes too.
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';

export interface BodyResult {
  body: Uint8Array;
  /** The raw or the decoded bytes went past the cap, or the compressed data was corrupt. */
  truncated: boolean;
}

export type BodyEncoding = 'gzip' | 'deflate' | 'br';

/** The decoder for a Content-Encoding value; undefined means keep the bytes as they came. */
export function bodyEncoding(contentEncoding: string | undefined): BodyEncoding | undefined {
  const value = (contentEncoding ?? '').trim().toLowerCase();
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  if (value === 'br') return 'br';
  // identity, unknown codings and stacked codings ("gzip, br") are kept raw rather than guessed at.
  return undefined;
}

/** Keeps at most `cap` bytes; `add` answers false once something had to be dropped. */
class CappedBuffer {
  readonly cap: number;
  readonly chunks: Buffer[] = [];
  size = 0;

  constructor(cap: number) {
    this.cap = cap;
  }

  add(chunk: Buffer): boolean {
    const room = this.cap - this.size;
    if (chunk.length <= room) {
      this.chunks.push(chunk);
      this.size += chunk.length;
      return true;
    }
    if (room > 0) this.chunks.push(chunk.subarray(0, room));
    this.size = this.cap;
    return false;
  }

  bytes(): Uint8Array {
    const joined = Buffer.concat(this.chunks, this.size);
    return new Uint8Array(joined.buffer, joined.byteOffset, joined.length);
  }
}

/**
 * Reads `source` to its end or to the cap. Returning early destroys `source` (the `for await` exit
 * does it), so a huge body is cut off rather than drained. Errors of `source` itself (reset, body
 * timeout, abort) are thrown; a corrupt compressed body is not an error: what decoded is kept and
 * marked truncated.
 */
export async function readBody(source: Readable, contentEncoding: string | undefined, cap: number): Promise<BodyResult> {
  const encoding = bodyEncoding(contentEncoding);
  if (encoding === undefined) return readRaw(source, cap);
  return readDecoded(source, encoding, cap);
}

async function readRaw(source: Readable, cap: number): Promise<BodyResult> {
  const kept = new CappedBuffer(cap);
  for await (const chunk of source as AsyncIterable<Buffer>) {
    if (!kept.add(chunk)) return { body: kept.bytes(), truncated: true };
  }
  return { body: kept.bytes(), truncated: false };
}

// zlib-wrapped deflate starts with a CMF/FLG pair whose method is 8 and whose value is a multiple
// of 31; servers that send raw deflate under "deflate" (old IIS, some PHP) do not.
function isZlibHeader(head: Buffer): boolean {
  const cmf = head[0] ?? 0;
  const flg = head[1] ?? 0;
  return (cmf & 0x0f) === 8 && (cmf * 256 + flg) % 31 === 0;
}

function createDecoder(encoding: BodyEncoding, head: Buffer): Transform {
  if (encoding === 'gzip') return createGunzip();
  if (encoding === 'br') return createBrotliDecompress();
  return isZlibHeader(head) ? createInflate() : createInflateRaw();
}

// Resolves once the decoder has consumed `chunk` (its output already emitted) or is gone.
function feed(decoder: Transform, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (decoder.destroyed) {
      resolve();
      return;
    }
    function settle(): void {
      decoder.off('close', settle);
      resolve();
    }
    decoder.once('close', settle);
    decoder.write(chunk, settle);
  });
}

function closed(decoder: Transform): Promise<void> {
  return new Promise((resolve) => {
    if (decoder.closed) resolve();
    else decoder.once('close', () => resolve());
  });
}

async function readDecoded(source: Readable, encoding: BodyEncoding, cap: number): Promise<BodyResult> {
  const decoded = new CappedBuffer(cap);
  let rawBytes = 0;
  let truncated = false;
  let corrupt = false;
  let decoder: Transform | undefined;
  let pending = Buffer.alloc(0);

  function start(head: Buffer): Transform {
    const created = createDecoder(encoding, head);
    // Flowing mode: output is taken as soon as it is made, and the decoder is destroyed the moment
    // the cap is reached, so a decompression bomb never inflates past the cap.
    created.on('data', (chunk: Buffer) => {
      if (!decoded.add(chunk)) {
        truncated = true;
        created.destroy();
      }
    });
    created.on('error', () => {
      corrupt = true;
    });
    return created;
  }

  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      let piece = chunk;
      rawBytes += piece.length;
      if (rawBytes > cap) {
        piece = piece.subarray(0, piece.length - (rawBytes - cap));
        truncated = true;
      }
      if (decoder === undefined) {
        // Sniffing zlib versus raw deflate needs two bytes; a one-byte first chunk waits for more.
        pending = Buffer.concat([pending, piece]);
        if (pending.length < 2 && !truncated) continue;
        decoder = start(pending);
        piece = pending;
      }
      await feed(decoder, piece);
      if (truncated || corrupt || decoder.destroyed) break;
    }
  } catch (err) {
    decoder?.destroy();
    throw err;
  }

  if (decoder === undefined) {
    if (pending.length === 0) return { body: decoded.bytes(), truncated };
    decoder = start(pending);
    await feed(decoder, pending);
  }
  if (truncated) decoder.destroy();
  else if (!decoder.destroyed) decoder.end();
  await closed(decoder);
  return { body: decoded.bytes(), truncated: truncated || corrupt };
}

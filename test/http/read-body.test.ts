// readBody on in-memory streams: caps on raw and decoded bytes, codings, corrupt data.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bodyEncoding, readBody } from '../../src/http/read-body.ts';

// Varied enough that its compressed forms are many kilobytes long.
const TEXT = Buffer.from(Array.from({ length: 3000 }, (_, i) => `<p>line ${i} ${((i * 2654435761) % 4294967296).toString(36)}</p>`).join('\n'));

function chunks(data: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts);
}

describe('bodyEncoding', () => {
  it.each([
    ['gzip', 'gzip'],
    ['X-GZIP', 'gzip'],
    [' deflate ', 'deflate'],
    ['br', 'br'],
    ['identity', undefined],
    ['zstd', undefined],
    ['gzip, br', undefined],
    [undefined, undefined],
  ])('%s -> %s', (value, expected) => {
    expect(bodyEncoding(value)).toBe(expected);
  });
});

describe('readBody', () => {
  const SMALL = TEXT.subarray(0, 2000);
  it.each([
    ['identity', undefined, (data: Buffer) => data],
    ['gzip', 'gzip', (data: Buffer) => gzipSync(data)],
    ['br', 'br', (data: Buffer) => brotliCompressSync(data)],
    ['zlib deflate', 'deflate', (data: Buffer) => deflateSync(data)],
    ['raw deflate', 'deflate', (data: Buffer) => deflateRawSync(data)],
  ])('decodes %s, even one byte at a time', async (_label, encoding, encode) => {
    for (const [size, plain] of [[1, SMALL], [7, TEXT], [65536, TEXT]] as const) {
      const result = await readBody(chunks(encode(plain), size), encoding, 1_000_000);
      expect(Buffer.from(result.body).equals(plain)).toBe(true);
      expect(result.truncated).toBe(false);
    }
  });

  it.each([
    ['identity', undefined, TEXT],
    ['gzip', 'gzip', gzipSync(TEXT)],
    ['br', 'br', brotliCompressSync(TEXT)],
  ])('%s: keeps exactly the cap of decoded bytes and says it truncated', async (_label, encoding, wire) => {
    const result = await readBody(chunks(wire, 1000), encoding, 5000);
    expect(result.body.length).toBe(5000);
    expect(Buffer.from(result.body).equals(TEXT.subarray(0, 5000))).toBe(true);
    expect(result.truncated).toBe(true);
  });

  it('is not truncated when the body is exactly the cap', async () => {
    const result = await readBody(chunks(TEXT, 1000), undefined, TEXT.length);
    expect(result).toMatchObject({ truncated: false });
    expect(result.body.length).toBe(TEXT.length);
  });

  it('stops at the raw cap when compressed bytes outgrow it first', async () => {
    const noise = randomBytes(200_000);
    const wire = gzipSync(noise);
    const result = await readBody(chunks(wire, 16_384), 'gzip', 50_000);
    expect(result.truncated).toBe(true);
    expect(result.body.length).toBeLessThanOrEqual(50_000);
    expect(Buffer.from(result.body).equals(noise.subarray(0, result.body.length))).toBe(true);
  });

  it('destroys the source when it stops early', async () => {
    const source = chunks(TEXT, 100);
    await readBody(source, undefined, 500);
    expect(source.destroyed).toBe(true);
  });

  it.each([
    ['cut short', gzipSync(TEXT).subarray(0, Math.floor(gzipSync(TEXT).length / 2)), 1000],
    ['not gzip at all', Buffer.from('this is plain text, not gzip'), 0],
  ])('keeps what decoded from gzip %s and marks it truncated', async (_label, wire, atLeast) => {
    const result = await readBody(chunks(wire, 1000), 'gzip', 1_000_000);
    expect(result.truncated).toBe(true);
    expect(result.body.length).toBeGreaterThanOrEqual(atLeast);
    expect(Buffer.from(result.body).equals(TEXT.subarray(0, result.body.length))).toBe(true);
  });

  it('passes on errors of the source itself', async () => {
    const source = new Readable({
      read() {
        this.destroy(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
      },
    });
    await expect(readBody(source, 'gzip', 1000)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});

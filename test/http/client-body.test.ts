// Response bodies over loopback: caps, decompression bombs, codings, corrupt data, skipped media.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.ts';
import type { HttpClient, HttpOutcome, HttpResponse } from '../../src/core/http-types.ts';
import { COMPRESSED_PAGE, OK_PAGE } from '../fixture-web/hostile-routes.ts';
import { startFixtureWeb } from '../fixture-web/server.ts';
import type { FixtureWeb } from '../fixture-web/server.ts';
import { response } from './helpers.ts';

const CAP = 1024 * 1024;
let web: FixtureWeb;
let client: HttpClient;

beforeAll(async () => {
  web = await startFixtureWeb();
  client = createHttpClient({
    userAgent: 'takedown-test/1.0',
    timeoutMs: 10_000,
    connectTimeoutMs: 500,
    headersTimeoutMs: 1000,
    bodyTimeoutMs: 1000,
    maxBodyBytes: CAP,
    allowPrivate: true,
  });
});

afterAll(async () => {
  await client.close();
  await web.close();
});

function text(body: Uint8Array): string {
  return Buffer.from(body).toString('utf8');
}

describe('caps', () => {
  it.each([
    ['/huge', 'a 50 MB body'],
    ['/gzip-bomb', 'a gzip body that inflates past 1 GB'],
  ])('%s (%s) stops at the cap, quickly and without holding it all', async (path) => {
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const started = performance.now();
    const got = response(await client.get(web.url(path)));
    const ms = performance.now() - started;
    const heapAfter = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    expect(got.status).toBe(200);
    expect(got.truncated).toBe(true);
    expect(got.body.length).toBe(CAP);
    expect(got.body.every((byte) => byte === 0)).toBe(true);
    expect(ms).toBeLessThan(3000);
    // The whole body would be 50 MB or 1 GB; what stays is the cap plus working buffers.
    expect(heapAfter - heapBefore).toBeLessThan(40 * 1024 * 1024);
  });

  it('takes a per-request cap over the client cap', async () => {
    const got = response(await client.get(web.url('/ok'), { maxBodyBytes: 10 }));
    expect(got.body.length).toBe(10);
    expect(text(got.body)).toBe(OK_PAGE.slice(0, 10));
    expect(got.truncated).toBe(true);
  });

  it('answers on the same client after cutting bodies off', async () => {
    await client.get(web.url('/huge'));
    expect(response(await client.get(web.url('/ok'))).status).toBe(200);
  });
});

describe('content codings', () => {
  it.each(['/gzip', '/br', '/deflate', '/deflate-raw'])('%s is decoded', async (path) => {
    const got = response(await client.get(web.url(path)));
    expect(text(got.body)).toBe(COMPRESSED_PAGE);
    expect(got.truncated).toBe(false);
  });

  it.each(['/gzip', '/br', '/deflate'])('%s is cut at the decoded cap', async (path) => {
    const got = response(await client.get(web.url(path), { maxBodyBytes: 1000 }));
    expect(text(got.body)).toBe(COMPRESSED_PAGE.slice(0, 1000));
    expect(got.truncated).toBe(true);
  });

  it('keeps what decoded from a corrupt gzip body and marks it truncated', async () => {
    const got = response(await client.get(web.url('/bad-gzip')));
    expect(got.status).toBe(200);
    expect(got.truncated).toBe(true);
    expect(got.body.length).toBeGreaterThan(1000);
    expect(text(got.body.subarray(0, 1000))).toBe(COMPRESSED_PAGE.slice(0, 1000));
  });

  it('keeps the raw bytes of an unknown coding', async () => {
    const got = response(await client.get(web.url('/unknown-encoding')));
    expect(got.headers['content-encoding']).toBe('x-custom');
    expect(text(got.body)).toBe('opaque bytes');
    expect(got.truncated).toBe(false);
  });
});

describe('media', () => {
  it.each(['/image.jpg', '/video.mp4'])('%s is not read when the case may not fetch media', async (path) => {
    const got = response(await client.get(web.url(path), { skipMediaBody: true }));
    expect(got.status).toBe(200);
    expect(got.bodySkipped).toBe(true);
    expect(got.body.length).toBe(0);
    expect(got.headers['content-length']).toBe('102406');
  });

  it('reads media when allowed', async () => {
    const got = response(await client.get(web.url('/image.jpg')));
    expect(got.bodySkipped).toBe(false);
    expect(got.body.length).toBe(102406);
    expect([...got.body.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('reads HTML even when media is skipped', async () => {
    const got = response(await client.get(web.url('/ok'), { skipMediaBody: true }));
    expect(got.bodySkipped).toBe(false);
    expect(text(got.body)).toBe(OK_PAGE);
  });

  it('skips media at the end of a redirect chain', async () => {
    const got = response(await client.get(web.url('/redirect-to?url=/image.jpg'), { skipMediaBody: true }));
    expect(got.redirects).toHaveLength(1);
    expect(got.bodySkipped).toBe(true);
  });
});

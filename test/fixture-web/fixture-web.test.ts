// The fixture web and forward proxy themselves: routing, host binding, logging, absolute-URI proxying.
import { get as httpGet } from 'node:http';
import type { IncomingHttpHeaders, RequestOptions } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { OK_PAGE } from './hostile-routes.ts';
import { startForwardProxy } from './proxy.ts';
import { startFixtureWeb } from './server.ts';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function web() {
  const started = await startFixtureWeb();
  cleanups.push(() => started.close());
  return started;
}

function fetchRaw(options: RequestOptions): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpGet({ ...options, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

describe('startFixtureWeb', () => {
  it('serves built-in routes and logs each request', async () => {
    const site = await web();
    const got = await fetchRaw({ host: '127.0.0.1', port: site.port, path: '/ok?x=1', headers: { host: 'tube.example' } });
    expect(got).toMatchObject({ status: 200, body: OK_PAGE });
    expect(site.requests).toEqual([expect.objectContaining({ method: 'GET', path: '/ok?x=1', host: 'tube.example', secure: false })]);
  });

  it('answers 404 for an unknown path', async () => {
    const site = await web();
    expect((await fetchRaw({ host: '127.0.0.1', port: site.port, path: '/nothing-here' })).status).toBe(404);
  });

  it('lets tests add routes that win over the built-ins, host-bound ones first', async () => {
    const site = await web();
    site.route('/ok', (_req, res) => res.end('custom for any host'));
    site.route('/ok', (_req, res) => res.end('custom for tube.example'), { host: 'Tube.Example' });
    site.route('/files/*', (_req, res, url) => res.end(`file ${url.pathname}`));
    const at = (path: string, host: string) => fetchRaw({ host: '127.0.0.1', port: site.port, path, headers: { host: `${host}:${site.port}` } });
    expect((await at('/ok', 'tube.example')).body).toBe('custom for tube.example');
    expect((await at('/ok', 'forum.example')).body).toBe('custom for any host');
    expect((await at('/files/a/b.html', 'forum.example')).body).toBe('file /files/a/b.html');
  });

  it('builds URLs for its HTTP and HTTPS ports, with a host name when asked', async () => {
    const site = await web();
    expect(site.url('/x')).toBe(`http://127.0.0.1:${site.port}/x`);
    expect(site.url('/x', 'tube.example')).toBe(`http://tube.example:${site.port}/x`);
    expect(site.httpsUrl('/x')).toBe(`https://127.0.0.1:${site.httpsPort}/x`);
    expect(site.origin).toBe(`http://127.0.0.1:${site.port}`);
    expect(site.cert).toContain('BEGIN CERTIFICATE');
  });

  it('closes promptly while a request hangs', async () => {
    const site = await startFixtureWeb();
    const hanging = fetchRaw({ host: '127.0.0.1', port: site.port, path: '/hang' }).catch(() => 'closed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await site.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await hanging).toBe('closed');
  });
});

describe('startForwardProxy', () => {
  it('forwards an absolute-URI request to the host it names, resolved through its map', async () => {
    const site = await web();
    const proxy = await startForwardProxy({ resolve: { 'tube.example': '127.0.0.1' } });
    cleanups.push(() => proxy.close());
    const target = site.url('/echo', 'tube.example');
    const got = await fetchRaw({ host: '127.0.0.1', port: proxy.port, path: target, headers: { host: `tube.example:${site.port}` } });
    expect(got.status).toBe(200);
    expect(JSON.parse(got.body)).toMatchObject({ url: '/echo', headers: { host: `tube.example:${site.port}` } });
    expect(proxy.requests).toEqual([{ method: 'GET', target }]);
  });

  it('answers 502 when the upstream cannot be reached', async () => {
    const proxy = await startForwardProxy();
    cleanups.push(() => proxy.close());
    const got = await fetchRaw({ host: '127.0.0.1', port: proxy.port, path: 'http://127.0.0.1:1/' });
    expect(got.status).toBe(502);
  });
});

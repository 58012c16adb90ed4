// The SSRF guard end to end: refusal at the first hop and at a redirect hop, and allowPrivate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.ts';
import type { HttpConfig } from '../../src/http/config.ts';
import type { HttpClient, HttpFailure, HttpOutcome } from '../../src/core/http-types.ts';
import { startForwardProxy } from '../fixture-web/proxy.ts';
import type { ForwardProxy } from '../fixture-web/proxy.ts';
import { startFixtureWeb } from '../fixture-web/server.ts';
import type { FixtureWeb } from '../fixture-web/server.ts';
import { failure } from './helpers.ts';

const BASE: HttpConfig = {
  userAgent: 'takedown-test/1.0',
  timeoutMs: 3000,
  connectTimeoutMs: 500,
  headersTimeoutMs: 1000,
  bodyTimeoutMs: 1000,
  maxBodyBytes: 1024 * 1024,
  allowPrivate: false,
  resolve: { 'fixture.test': '127.0.0.1' },
};

let web: FixtureWeb;
let proxy: ForwardProxy;
const clients: HttpClient[] = [];

function clientWith(patch: Partial<HttpConfig>): HttpClient {
  const made = createHttpClient({ ...BASE, ...patch });
  clients.push(made);
  return made;
}

beforeAll(async () => {
  web = await startFixtureWeb();
  // The proxy stands for the internet: it reaches "public.fixture.test" (really the fixture web),
  // which the client cannot judge as private because the proxy, not the client, resolves it.
  proxy = await startForwardProxy({ resolve: { 'public.fixture.test': '127.0.0.1', 'public.example': '127.0.0.1' } });
});

afterAll(async () => {
  await Promise.all(clients.map((each) => each.close()));
  await proxy.close();
  await web.close();
});

describe('first hop', () => {
  it.each([
    ['an IPv4 loopback literal', () => web.url('/ok')],
    ['an IPv6 loopback literal', () => `http://[::1]:${web.port}/ok`],
    ['an IPv4-mapped IPv6 literal', () => `http://[::ffff:127.0.0.1]:${web.port}/ok`],
    ['localhost', () => web.url('/ok', 'localhost')],
    ['a *.localhost name', () => web.url('/ok', 'app.localhost')],
    ['a name that resolves to loopback', () => web.url('/ok', 'fixture.test')],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['the cloud metadata name', () => 'http://metadata.google.internal/computeMetadata/v1/'],
    ['a private network address', () => 'http://10.0.0.1/'],
    ['an https loopback target', () => web.httpsUrl('/ok')],
  ])('refuses %s without sending anything', async (_label, target) => {
    const guarded = clientWith({});
    const before = web.requests.length;
    const got = failure(await guarded.get(target()));
    expect(got).toMatchObject({ kind: 'private-address', code: 'ERR_PRIVATE_ADDRESS', url: target(), redirects: [] });
    expect(got.message).toContain('not a public internet address');
    expect(web.requests.length).toBe(before);
  });

  it.each([
    ['an IPv4 loopback literal', () => web.url('/ok')],
    ['localhost', () => web.url('/ok', 'localhost')],
    ['a name that resolves to loopback', () => web.url('/ok', 'fixture.test')],
  ])('lets %s through with allowPrivate', async (_label, target) => {
    const open = clientWith({ allowPrivate: true });
    const got = await open.get(target());
    expect(got.ok && got.response.status).toBe(200);
  });
});

describe('redirect hop', () => {
  it.each([
    ['/redirect-to-private', 'http://10.0.0.1/'],
    ['/redirect-to-metadata', 'http://169.254.169.254/latest/meta-data/'],
  ])('refuses %s to %s, keeping the hop as evidence', async (path, location) => {
    const viaProxy = clientWith({ env: { HTTP_PROXY: proxy.url } });
    const before = proxy.requests.length;
    const got = failure(await viaProxy.get(web.url(path, 'public.fixture.test')));
    expect(got).toMatchObject({ kind: 'private-address', url: location });
    expect(got.redirects).toEqual([{ url: web.url(path, 'public.fixture.test'), status: 302, location }]);
    // Only the first hop went out; the private target was never asked of the proxy.
    expect(proxy.requests.slice(before)).toEqual([{ method: 'CONNECT', target: `public.fixture.test:${web.port}` }]);
  });

  it('refuses a redirect to a name that resolves to a private address, at connect time', async () => {
    // First hop through the proxy; the hop to fixture.test bypasses it (NO_PROXY), so the client
    // resolves fixture.test itself and the guarded lookup refuses 127.0.0.1.
    const mixed = clientWith({ env: { HTTP_PROXY: proxy.url, NO_PROXY: 'fixture.test' } });
    const target = web.url('/ok', 'fixture.test');
    const before = web.requests.length;
    const got = failure(await mixed.get(web.url(`/redirect-to?url=${encodeURIComponent(target)}`, 'public.example')));
    expect(got).toMatchObject({ kind: 'private-address', code: 'ERR_PRIVATE_ADDRESS', url: target });
    expect(got.message).toContain('fixture.test (127.0.0.1)');
    expect(got.redirects).toHaveLength(1);
    expect(web.requests.slice(before).map((each) => each.host)).toEqual(['public.example']);
  });

  it('follows the same redirect with allowPrivate', async () => {
    const open = clientWith({ allowPrivate: true, env: { HTTP_PROXY: proxy.url, NO_PROXY: 'fixture.test' } });
    const target = web.url('/ok', 'fixture.test');
    const got = await open.get(web.url(`/redirect-to?url=${encodeURIComponent(target)}`, 'public.example'));
    expect(got.ok && got.response.finalUrl).toBe(target);
  });
});

describe('the proxy itself', () => {
  it('may sit on loopback while the guard is on', async () => {
    const viaProxy = clientWith({ env: { HTTP_PROXY: proxy.url } });
    const got = await viaProxy.get(web.url('/ok', 'public.fixture.test'));
    expect(got.ok && got.response.status).toBe(200);
  });

  it('does not carry a literal private target past the guard', async () => {
    const viaProxy = clientWith({ env: { HTTP_PROXY: proxy.url } });
    const before = proxy.requests.length;
    expect(failure(await viaProxy.get(web.url('/ok'))).kind).toBe('private-address');
    expect(failure(await viaProxy.get(web.url('/ok', 'localhost'))).kind).toBe('private-address');
    expect(proxy.requests.length).toBe(before);
  });
});

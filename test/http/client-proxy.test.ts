// Proxies from the env record: HTTP_PROXY / HTTPS_PROXY used, NO_PROXY bypassed, failures named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.ts';
import type { HttpConfig } from '../../src/http/config.ts';
import type { HttpClient, HttpFailure, HttpOutcome, HttpResponse } from '../../src/core/http-types.ts';
import { OK_PAGE } from '../fixture-web/hostile-routes.ts';
import { startForwardProxy } from '../fixture-web/proxy.ts';
import type { ForwardProxy } from '../fixture-web/proxy.ts';
import { startFixtureWeb } from '../fixture-web/server.ts';
import type { FixtureWeb } from '../fixture-web/server.ts';
import { response, failure } from './helpers.ts';

let web: FixtureWeb;
let proxy: ForwardProxy;
let refusing: ForwardProxy;
const clients: HttpClient[] = [];

function clientWith(patch: Partial<HttpConfig>): HttpClient {
  const made = createHttpClient({
    userAgent: 'takedown-test/1.0',
    timeoutMs: 3000,
    connectTimeoutMs: 500,
    headersTimeoutMs: 1000,
    bodyTimeoutMs: 1000,
    maxBodyBytes: 1024 * 1024,
    allowPrivate: true,
    ca: [web.cert],
    ...patch,
  });
  clients.push(made);
  return made;
}

beforeAll(async () => {
  web = await startFixtureWeb();
  proxy = await startForwardProxy({ resolve: { 'tube.example': '127.0.0.1', 'site.example': '127.0.0.1' } });
  refusing = await startForwardProxy({ refuseConnectWith: 403 });
});

afterAll(async () => {
  await Promise.all(clients.map((each) => each.close()));
  await Promise.all([proxy.close(), refusing.close()]);
  await web.close();
});

function sinceNow<T>(list: T[]): () => T[] {
  const start = list.length;
  return () => list.slice(start);
}

describe('through the proxy', () => {
  it.each([
    ['http', { HTTP_PROXY: 'PROXY' }, (path: string) => web.url(path, 'tube.example'), () => web.port],
    ['http, lower-case variable', { http_proxy: 'PROXY' }, (path: string) => web.url(path, 'tube.example'), () => web.port],
    ['https', { HTTPS_PROXY: 'PROXY' }, (path: string) => web.httpsUrl(path, 'tube.example'), () => web.httpsPort],
    ['https, falling back to HTTP_PROXY', { HTTP_PROXY: 'PROXY' }, (path: string) => web.httpsUrl(path, 'tube.example'), () => web.httpsPort],
  ])('%s goes through a CONNECT tunnel', async (_label, env, url, port) => {
    const proxied = clientWith({ env: Object.fromEntries(Object.entries(env).map(([k]) => [k, proxy.url])) });
    const seenByProxy = sinceNow(proxy.requests);
    const seenByWeb = sinceNow(web.requests);
    const got = response(await proxied.get(url('/ok')));
    expect(Buffer.from(got.body).toString()).toBe(OK_PAGE);
    expect(got.remoteAddress).toBeUndefined();
    expect(seenByProxy()).toEqual([{ method: 'CONNECT', target: `tube.example:${port()}` }]);
    expect(seenByWeb().map((each) => each.host)).toEqual(['tube.example']);
  });

  it('follows redirects through the proxy', async () => {
    const proxied = clientWith({ env: { HTTP_PROXY: proxy.url } });
    const got = response(await proxied.get(web.url('/redirect/2', 'tube.example')));
    expect(got.redirects).toHaveLength(2);
    expect(got.status).toBe(200);
  });
});

describe('NO_PROXY', () => {
  it.each([
    ['the exact host', () => 'fixture.test'],
    ['a parent domain', () => '.test'],
    ['the host and port', () => `fixture.test:${web.port}`],
    ['everything', () => '*'],
  ])('bypasses the proxy for %s', async (_label, noProxy) => {
    const proxied = clientWith({ env: { HTTP_PROXY: proxy.url, NO_PROXY: noProxy() }, resolve: { 'fixture.test': '127.0.0.1' } });
    const seenByProxy = sinceNow(proxy.requests);
    const got = response(await proxied.get(web.url('/ok', 'fixture.test')));
    expect(got.status).toBe(200);
    expect(got.remoteAddress).toBe('127.0.0.1');
    expect(seenByProxy()).toEqual([]);
  });

  it('still proxies hosts it does not name', async () => {
    const proxied = clientWith({ env: { HTTP_PROXY: proxy.url, no_proxy: 'fixture.test' } });
    const seenByProxy = sinceNow(proxy.requests);
    expect(response(await proxied.get(web.url('/ok', 'site.example'))).status).toBe(200);
    expect(seenByProxy()).toHaveLength(1);
  });
});

describe('proxy failures', () => {
  it('reports a proxy that refuses the tunnel as refused', async () => {
    const proxied = clientWith({ env: { HTTPS_PROXY: refusing.url } });
    const got = failure(await proxied.get(web.httpsUrl('/ok')));
    expect(got.kind).toBe('refused');
    expect(got.message).toContain(`the proxy refused to connect to the site (via proxy ${refusing.url})`);
  });

  it('reports a proxy that is down as refused, without its credentials', async () => {
    const proxied = clientWith({ env: { HTTPS_PROXY: 'http://user:secret@127.0.0.1:1' } });
    const got = failure(await proxied.get(web.httpsUrl('/ok')));
    expect(got).toMatchObject({ kind: 'refused', code: 'ECONNREFUSED' });
    expect(got.message).toContain('via proxy http://127.0.0.1:1');
    expect(got.message).not.toContain('secret');
  });

  it.each([
    [{ HTTPS_PROXY: 'nonsense' }],
    [{ http_proxy: 'socks5://127.0.0.1:9050' }],
  ])('refuses to start with a bad proxy variable %j', (env) => {
    expect(() => createHttpClient({ userAgent: 'x', timeoutMs: 1, connectTimeoutMs: 1, maxBodyBytes: 1, allowPrivate: false, env })).toThrow(
      expect.objectContaining({ code: 'PROXY_URL_INVALID' }),
    );
  });
});

// Proxy settings from an env record, and which URLs go through the proxy (NO_PROXY).
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { parseNoProxy, proxyFor, readProxySettings } from '../../src/http/proxy-env.ts';

describe('readProxySettings', () => {
  it.each([
    [{}, { noProxy: [] }],
    [{ HTTP_PROXY: 'http://p:3128' }, { httpProxy: 'http://p:3128/', httpsProxy: 'http://p:3128/', noProxy: [] }],
    [{ HTTPS_PROXY: 'http://s:8080' }, { httpsProxy: 'http://s:8080/', noProxy: [] }],
    [{ http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:2' }, { httpProxy: 'http://lower:1/', httpsProxy: 'http://lower:1/', noProxy: [] }],
    [{ http_proxy: '', HTTP_PROXY: 'http://upper:2' }, { httpProxy: 'http://upper:2/', httpsProxy: 'http://upper:2/', noProxy: [] }],
    [{ HTTP_PROXY: 'http://a:1', HTTPS_PROXY: 'https://b:2' }, { httpProxy: 'http://a:1/', httpsProxy: 'https://b:2/', noProxy: [] }],
    [{ HTTP_PROXY: 'http://a:1', no_proxy: '*' }, { httpProxy: 'http://a:1/', httpsProxy: 'http://a:1/', noProxy: 'all' }],
  ])('%j', (env, expected) => {
    expect(readProxySettings(env)).toEqual(expected);
  });

  it.each([
    [{ HTTPS_PROXY: 'not a url' }, 'HTTPS_PROXY: "not a url" is not a URL'],
    [{ https_proxy: 'socks5://127.0.0.1:9050' }, 'https_proxy: "socks5://127.0.0.1:9050" uses socks5:'],
  ])('refuses %j with a UserError naming the variable', (env, message) => {
    let caught: unknown;
    try {
      readProxySettings(env);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect(caught).toMatchObject({ code: 'PROXY_URL_INVALID' });
    expect((caught as Error).message).toContain(message);
  });
});

describe('parseNoProxy', () => {
  it.each([
    ['', []],
    ['*', 'all'],
    ['example.com', [{ hostname: 'example.com', port: 0 }]],
    ['.Example.com, *.foo.org:8080', [{ hostname: 'example.com', port: 0 }, { hostname: 'foo.org', port: 8080 }]],
    ['a b,c', [{ hostname: 'a', port: 0 }, { hostname: 'b', port: 0 }, { hostname: 'c', port: 0 }]],
    ['[::1]:443', [{ hostname: '[::1]', port: 443 }]],
  ])('%j', (value, expected) => {
    expect(parseNoProxy(value)).toEqual(expected);
  });
});

describe('proxyFor', () => {
  const settings = readProxySettings({
    HTTP_PROXY: 'http://proxy:3128',
    HTTPS_PROXY: 'http://tls-proxy:3129',
    NO_PROXY: 'internal.example, .corp.example, ports.example:8443, [::1]',
  });
  it.each([
    ['http://site.example/', 'http://proxy:3128/'],
    ['https://site.example/', 'http://tls-proxy:3129/'],
    ['https://internal.example/x', undefined],
    ['https://a.internal.example/x', undefined],
    ['https://notinternal.example/x', 'http://tls-proxy:3129/'],
    ['http://corp.example/', undefined],
    ['http://deep.corp.example/', undefined],
    ['https://ports.example:8443/', undefined],
    ['https://ports.example/', 'http://tls-proxy:3129/'],
    ['http://[::1]:8080/', undefined],
  ])('%s -> %s', (url, expected) => {
    expect(proxyFor(new URL(url), settings)).toBe(expected);
  });

  it('goes direct when no proxy is set or NO_PROXY is *', () => {
    expect(proxyFor(new URL('https://a.example/'), readProxySettings({}))).toBeUndefined();
    expect(proxyFor(new URL('https://a.example/'), readProxySettings({ HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' }))).toBeUndefined();
  });
});

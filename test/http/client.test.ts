// The HttpClient against the loopback fixture web: statuses, redirects, failures, timeouts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.ts';
import type { HttpConfig } from '../../src/http/config.ts';
import type { HttpClient, HttpFailure, HttpOutcome, HttpResponse } from '../../src/core/http-types.ts';
import { CHALLENGE_PAGE, OK_PAGE } from '../fixture-web/hostile-routes.ts';
import { startFixtureWeb } from '../fixture-web/server.ts';
import type { FixtureWeb } from '../fixture-web/server.ts';
import { response, failure } from './helpers.ts';

const CONFIG: HttpConfig = {
  userAgent: 'takedown-test/1.0',
  timeoutMs: 5000,
  connectTimeoutMs: 500,
  headersTimeoutMs: 500,
  bodyTimeoutMs: 500,
  maxBodyBytes: 1024 * 1024,
  maxRedirects: 5,
  allowPrivate: true,
};

let web: FixtureWeb;
let client: HttpClient;
const extraClients: HttpClient[] = [];

function clientWith(patch: Partial<HttpConfig>): HttpClient {
  const made = createHttpClient({ ...CONFIG, ...patch });
  extraClients.push(made);
  return made;
}

function text(body: Uint8Array): string {
  return Buffer.from(body).toString('utf8');
}

async function timed(run: () => Promise<HttpOutcome>): Promise<{ outcome: HttpOutcome; ms: number }> {
  const started = performance.now();
  const outcome = await run();
  return { outcome, ms: performance.now() - started };
}

beforeAll(async () => {
  web = await startFixtureWeb();
  client = createHttpClient(CONFIG);
});

afterAll(async () => {
  await Promise.all([client.close(), ...extraClients.map((each) => each.close())]);
  await web.close();
});

describe('answers', () => {
  it.each([
    ['/ok', 200, undefined],
    ['/404', 404, undefined],
    ['/410', 410, undefined],
    ['/451', 451, undefined],
    ['/500', 500, undefined],
    ['/503', 503, '120'],
    ['/429', 429, '30'],
    ['/cloudflare-challenge', 403, undefined],
  ])('%s -> %i', async (path, status, retryAfter) => {
    const got = response(await client.get(web.url(path)));
    expect(got.status).toBe(status);
    expect(got.headers['retry-after']).toBe(retryAfter);
    expect(got.url).toBe(web.url(path));
    expect(got.finalUrl).toBe(web.url(path));
    expect(got.redirects).toEqual([]);
    expect(got.truncated).toBe(false);
    expect(got.bodySkipped).toBe(false);
    expect(got.body.length).toBeGreaterThan(0);
  });

  it('gives the body, lower-cased headers, the remote address and timings', async () => {
    const before = Date.now();
    const got = response(await client.get(web.url('/ok')));
    expect(text(got.body)).toBe(OK_PAGE);
    expect(got.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(got.remoteAddress).toBe('127.0.0.1');
    expect(Date.parse(got.timings.startedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(got.timings.headersMs).toBeGreaterThanOrEqual(0);
    expect(got.timings.totalMs).toBeGreaterThanOrEqual(got.timings.headersMs);
  });

  it('shows a Cloudflare challenge as the 403 it is, with its marker header and page', async () => {
    const got = response(await client.get(web.url('/cloudflare-challenge')));
    expect(got.headers['cf-mitigated']).toBe('challenge');
    expect(text(got.body)).toBe(CHALLENGE_PAGE);
  });

  it('keeps a body that has no content type', async () => {
    const got = response(await client.get(web.url('/no-content-type')));
    expect(got.headers['content-type']).toBeUndefined();
    expect(text(got.body)).toBe(OK_PAGE);
  });

  it('joins repeated headers, set-cookie with newlines', async () => {
    const got = response(await client.get(web.url('/set-cookies')));
    expect(got.headers['set-cookie']).toBe('a=1; Path=/\nb=2; Path=/');
    expect(got.headers['x-multi']).toBe('one, two');
  });

  it('sends the configured User-Agent and browser-like Accept headers, plus extra headers', async () => {
    const got = response(await client.get(web.url('/echo'), { headers: { 'Accept-Language': 'de-DE', 'X-Case': '7' } }));
    const echoed = JSON.parse(text(got.body)) as { method: string; headers: Record<string, string> };
    expect(echoed.method).toBe('GET');
    expect(echoed.headers).toMatchObject({
      'user-agent': 'takedown-test/1.0',
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'accept-language': 'de-DE',
      'accept-encoding': 'gzip, deflate, br',
      'x-case': '7',
    });
  });

  it('refuses a URL that is not http(s) with a UserError', async () => {
    await expect(client.get('ftp://files.example/x')).rejects.toMatchObject({ code: 'HTTP_URL_INVALID' });
    await expect(client.get('not a url')).rejects.toMatchObject({ code: 'HTTP_URL_INVALID' });
  });
});

describe('redirects', () => {
  it.each([301, 302, 303, 307, 308])('follows a chain of %i by hand and records every hop', async (status) => {
    const got = response(await client.get(web.url(`/redirect/3?status=${status}`)));
    expect(got.status).toBe(200);
    expect(got.finalUrl).toBe(web.url(`/redirect/0?status=${status}`));
    expect(got.redirects).toEqual([3, 2, 1].map((n) => ({
      url: web.url(`/redirect/${n}?status=${status}`),
      status,
      location: web.url(`/redirect/${n - 1}?status=${status}`),
    })));
  });

  it('follows exactly maxRedirects and fails on one more', async () => {
    const capped = clientWith({ maxRedirects: 2 });
    expect(response(await capped.get(web.url('/redirect/2'))).redirects).toHaveLength(2);
    const over = failure(await capped.get(web.url('/redirect/3')));
    expect(over.kind).toBe('too-many-redirects');
    expect(over.redirects).toHaveLength(3);
    expect(over.url).toBe(web.url('/redirect/1'));
  });

  it('defaults to 10 redirects', async () => {
    const plain = clientWith({ maxRedirects: undefined });
    expect(response(await plain.get(web.url('/redirect/10'))).redirects).toHaveLength(10);
    expect(failure(await plain.get(web.url('/redirect/11'))).kind).toBe('too-many-redirects');
  });

  it.each([
    ['/redirect-loop', 'redirect-loop', 2],
    ['/redirect-no-location', 'bad-redirect', 0],
    ['/redirect-bad-location', 'bad-redirect', 0],
    ['/redirect-to-ftp', 'bad-redirect', 1],
  ])('%s fails as %s with %i hops recorded', async (path, kind, hops) => {
    const got = failure(await client.get(web.url(path)));
    expect(got.kind).toBe(kind);
    expect(got.redirects).toHaveLength(hops);
    expect(got.url).toBe(path === '/redirect-loop' ? web.url('/redirect-loop-2') : web.url(path));
  });

  it('does not read a big redirect body to its end', async () => {
    web.route('/redirect-with-huge-body', (_req, res) => {
      res.writeHead(302, { location: '/ok', 'content-length': String(200 * 1024 * 1024) });
      res.write(Buffer.alloc(1024 * 1024));
    });
    const { outcome, ms } = await timed(() => client.get(web.url('/redirect-with-huge-body')));
    expect(response(outcome).status).toBe(200);
    expect(ms).toBeLessThan(2000);
  });

  it('drops credentials given for one origin when a redirect leaves it', async () => {
    const aliased = clientWith({ resolve: { 'fixture.test': '127.0.0.1' } });
    const hop = encodeURIComponent(web.url('/echo', 'fixture.test'));
    const got = response(await aliased.get(web.url(`/redirect-to?url=${hop}`), { headers: { Cookie: 'session=1', 'X-Keep': 'yes' } }));
    const echoed = JSON.parse(text(got.body)) as { headers: Record<string, string> };
    expect(echoed.headers['host']).toBe(`fixture.test:${web.port}`);
    expect(echoed.headers['x-keep']).toBe('yes');
    expect(echoed.headers['cookie']).toBeUndefined();
  });
});

describe('network failures', () => {
  it.each([
    ['/reset', 'reset', 'UND_ERR_SOCKET', 'the site closed the connection before the answer was complete [UND_ERR_SOCKET]'],
    ['/reset-body', 'reset', 'UND_ERR_SOCKET', 'the site closed the connection before the answer was complete [UND_ERR_SOCKET]'],
    ['/hang', 'timeout', 'UND_ERR_HEADERS_TIMEOUT', 'the site did not start answering within'],
    ['/hang-body', 'timeout', 'UND_ERR_BODY_TIMEOUT', 'the page stopped arriving for'],
    ['/malformed-headers', 'protocol', undefined, 'Invalid header token'],
    ['/malformed-status', 'protocol', undefined, 'Invalid status code'],
  ])('%s fails as %s (%s) within bounded time', async (path, kind, code, message) => {
    const { outcome, ms } = await timed(() => client.get(web.url(path)));
    const got = failure(outcome);
    expect(got.kind).toBe(kind);
    expect(got.code).toBe(code);
    expect(got.message).toContain(message);
    if (kind === 'protocol') expect(got.message).toMatch(/^the answer was not valid HTTP \(/);
    expect(got.url).toBe(web.url(path));
    expect(got.timings.totalMs).toBeGreaterThanOrEqual(0);
    // undici checks header and body timeouts on a coarse (~0.5 s) tick, hence the slack.
    expect(ms).toBeLessThan(2500);
  });

  it('fails as refused when nothing listens', async () => {
    const got = failure(await client.get('http://127.0.0.1:1/'));
    expect(got).toMatchObject({ kind: 'refused', code: 'ECONNREFUSED', message: 'the connection was refused by 127.0.0.1:1 [ECONNREFUSED]' });
  });

  it('fails as dns for a name that does not resolve', async () => {
    // .invalid is reserved (RFC 6761): no resolver may answer it, so no query leaves the machine.
    const got = failure(await client.get('http://no-such-host.invalid/'));
    expect(got.kind).toBe('dns');
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(got.code);
    expect(got.message).toMatch(/^the (?:host name could not be found|name server did not answer in time) \[(?:ENOTFOUND|EAI_AGAIN)\]$/);
  });

  it('enforces the total deadline on a body that keeps dripping', async () => {
    const quick = clientWith({ timeoutMs: 400, bodyTimeoutMs: 1000 });
    const { outcome, ms } = await timed(() => quick.get(web.url('/slow-body?interval=20&bytes=1000')));
    expect(failure(outcome)).toMatchObject({ kind: 'timeout', code: 'ERR_TOTAL_TIMEOUT' });
    expect(failure(outcome).message).toBe('no complete answer within 400 ms [ERR_TOTAL_TIMEOUT]');
    expect(ms).toBeLessThan(1500);
  });

  it('reads a slow body that keeps within the idle timeout', async () => {
    const got = response(await client.get(web.url('/slow-body?interval=10&bytes=20')));
    expect(text(got.body)).toBe('x'.repeat(20));
  });

  it('counts redirects in the total deadline', async () => {
    const quick = clientWith({ timeoutMs: 400, headersTimeoutMs: 5000 });
    const { outcome, ms } = await timed(() => quick.get(web.url('/redirect-to?url=/hang')));
    const got = failure(outcome);
    expect(got).toMatchObject({ kind: 'timeout', code: 'ERR_TOTAL_TIMEOUT', url: web.url('/hang') });
    expect(got.redirects).toHaveLength(1);
    expect(ms).toBeLessThan(1500);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { outcome, ms } = await timed(() => client.get(web.url('/hang'), { signal: controller.signal }));
    expect(failure(outcome)).toMatchObject({ kind: 'aborted', code: 'ABORT_ERR' });
    expect(ms).toBeLessThan(450);
  });
});

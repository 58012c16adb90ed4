// The polite runner against the loopback fixture web: the soft-404 probe and its confirmation,
// per-host limits, retries, and stopping promptly when interrupted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startFixtureWeb, type FixtureWeb } from '../fixture-web/server.ts';
import { createHttpClient } from '../../src/http/client.ts';
import { LaneHeap, runChecks, type Lane, type Politeness } from '../../src/checker/run-checks.ts';
import { systemClock } from '../../src/core/clock.ts';
import type { CheckResult } from '../../src/core/check-result.ts';
import type { HttpClient } from '../../src/core/http-types.ts';

let web: FixtureWeb;
let http: HttpClient;
const HOSTS = ['slug.example', 'soft.example', 'canon.example', 'busy.example'];

function html(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>${title}</title><body><main>${body}</main></body>`);
}
const story = (id: string): string =>
  `<h1>Clip ${id}</h1><video src="/media/${id}.mp4"></video>` +
  Array.from({ length: 30 }, (_, i) => `<p>Comment ${i} on clip ${id}: people talk about the weather and the city.</p>`).join('');

beforeAll(async () => {
  web = await startFixtureWeb();
  // A tube that ignores the title slug: /video/<id>/<anything> is the clip; unknown ids are 404.
  web.route('/video/*', (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const id = url.pathname.split('/')[2] ?? '';
    if (/^\d+$/.test(id)) return html(res, 200, `Clip ${id} - SlugTube`, story(id));
    return html(res, 404, 'Not found', '<h1>Not found</h1>');
  }, { host: 'slug.example' });
  // A forum whose every unknown address is its index page with status 200: a real soft 404.
  web.route('/*', (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname === '/t/77/summer-photos') return html(res, 200, 'Summer photos - SoftForum', story('77'));
    return html(res, 200, 'SoftForum', '<h1>SoftForum</h1><p>Welcome to the forum index. Pick a board below to start reading.</p><ul><li>General chat and news</li><li>Photos and art</li><li>Off topic</li></ul>');
  }, { host: 'soft.example' });
  // A site that redirects any slug to the canonical one.
  web.route('/v/*', (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const [, , id, slug] = url.pathname.split('/');
    if (slug !== 'real-title') return res.writeHead(301, { location: `/v/${id}/real-title` }).end();
    return html(res, 200, `Video ${id}`, story(id ?? ''));
  }, { host: 'canon.example' });
  web.route('/slow/*', async (_req: IncomingMessage, res: ServerResponse) => {
    await new Promise((r) => setTimeout(r, 150));
    html(res, 404, 'Not found', '<h1>Not found</h1>');
  }, { host: 'busy.example' });
  http = createHttpClient({
    userAgent: 'takedown-test',
    timeoutMs: 3000,
    connectTimeoutMs: 1000,
    maxBodyBytes: 1 << 20,
    allowPrivate: true,
    resolve: Object.fromEntries(HOSTS.map((h) => [h, '127.0.0.1'])),
  });
});
afterAll(async () => {
  await http.close();
  await web.close();
});

const polite: Politeness = { concurrency: 8, perHost: 2, intervalMs: 0, hosts: {}, retries: 0 };

async function check(urls: string[], politeness = polite, signal?: AbortSignal): Promise<Map<string, CheckResult>> {
  const results = new Map<string, CheckResult>();
  await runChecks(
    urls.map((url) => ({ key: url, url, skipMedia: true })),
    politeness,
    { http, clock: systemClock, random: Math.random, matchProvider: () => null, signal },
    (job, result) => {
      results.set(job.url, result);
    },
  );
  return results;
}

describe('soft-404 probe', () => {
  it.each([
    ['a site that ignores the title slug keeps a live clip live', 'slug.example', '/video/123/jane-doe-leaked', 'live'],
    ['the same clip without a slug', 'slug.example', '/video/124', 'live'],
    ['a slug redirected to the canonical one is live', 'canon.example', '/v/9/some-old-title', 'live'],
    ['a real forum thread is live', 'soft.example', '/t/77/summer-photos', 'live'],
    ['the forum index served for a missing thread is a soft 404', 'soft.example', '/t/79/some-title', 'soft-removed'],
    ['the forum index served for a short address is a soft 404', 'soft.example', '/t/80', 'soft-removed'],
  ])('%s', async (_name, host, path, state) => {
    const url = web.url(path, host);
    const result = (await check([url])).get(url);
    expect(result?.state, result?.detail).toBe(state);
  });
});

describe('page memory', () => {
  it('hands each result its whole page, then frees the page once the result is recorded', async () => {
    // Bigger than Node's pooled buffers (32 KB): such a page has its buffer to itself.
    web.route('/big/*', (_req: IncomingMessage, res: ServerResponse) => html(res, 200, 'Clip 321 - BusyTube', story('321').repeat(25)), { host: 'busy.example' });
    const url = web.url('/big/321', 'busy.example');
    const seen: { during: number; body: Uint8Array }[] = [];
    await runChecks(
      [{ key: url, url, skipMedia: true }],
      polite,
      { http, clock: systemClock, random: Math.random, matchProvider: () => null },
      (_job, _result, outcome) => {
        if (!outcome.ok) throw new Error('expected an answer');
        seen.push({ during: outcome.response.body.byteLength, body: outcome.response.body });
      },
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]?.during).toBeGreaterThan(40_000);
    // Freed at once (detached), not left to the next full garbage collection.
    expect(seen[0]?.body.byteLength).toBe(0);
    expect((seen[0]?.body.buffer as ArrayBuffer).detached).toBe(true);
  });
});

describe('politeness and interruption', () => {
  it('never has more than per-host requests in flight to one host', async () => {
    const before = web.requests.length;
    let inFlight = 0;
    let peak = 0;
    web.route('/count/*', async (_req: IncomingMessage, res: ServerResponse) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 40));
      inFlight--;
      html(res, 404, 'Not found', '<h1>Not found</h1>');
    }, { host: 'busy.example' });
    const urls = Array.from({ length: 12 }, (_, i) => web.url(`/count/${i}`, 'busy.example'));
    const results = await check(urls, { ...polite, perHost: 3 });
    expect(results.size).toBe(12);
    expect(peak).toBe(3);
    expect(web.requests.length - before).toBe(12);
  });

  it('checks every one of many URLs over several hosts exactly once', async () => {
    const hosts = ['busy.example', 'slug.example', 'canon.example'];
    const urls = Array.from({ length: 300 }, (_, i) => web.url(`/count/many-${i}`, hosts[i % 3]));
    const seen: string[] = [];
    await runChecks(
      urls.map((url) => ({ key: url, url, skipMedia: true })),
      { ...polite, concurrency: 4, perHost: 2 },
      { http, clock: systemClock, random: Math.random, matchProvider: () => null },
      (job) => {
        seen.push(job.url);
      },
    );
    expect(seen).toHaveLength(300);
    expect(new Set(seen).size).toBe(300);
  });

  it('a failing result handler fails the run instead of being lost', async () => {
    const urls = Array.from({ length: 20 }, (_, i) => web.url(`/count/fail-${i}`, 'busy.example'));
    const run = runChecks(
      urls.map((url) => ({ key: url, url, skipMedia: true })),
      polite,
      { http, clock: systemClock, random: Math.random, matchProvider: () => null },
      () => {
        throw new Error('disk full');
      },
    );
    await expect(run).rejects.toThrow('disk full');
  });

  it('stops promptly when aborted, leaving queued URLs unchecked', async () => {
    const urls = Array.from({ length: 200 }, (_, i) => web.url(`/slow/${i}`, 'busy.example'));
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('interrupted')), 400);
    const started = Date.now();
    const results = await check(urls, { ...polite, perHost: 1, intervalMs: 50 }, abort.signal);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(results.size).toBeGreaterThan(0);
    expect(results.size).toBeLessThan(10);
  });
});

describe('slots are held for exchanges only', () => {
  it('a URL sleeping before its retry does not hold up the host', async () => {
    const asked = new Map<string, number>();
    web.route('/limited/*', (_req: IncomingMessage, res: ServerResponse, url: URL) => {
      const times = (asked.get(url.pathname) ?? 0) + 1;
      asked.set(url.pathname, times);
      if (times === 1) return res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }).end('slow down');
      html(res, 404, 'Not found', '<h1>Not found</h1>');
    }, { host: 'busy.example' });
    const limited = web.url('/limited/a', 'busy.example');
    const others = Array.from({ length: 4 }, (_, i) => web.url(`/count/free-${i}`, 'busy.example'));
    const finished: string[] = [];
    const started = Date.now();
    const at = new Map<string, number>();
    await runChecks(
      [limited, ...others].map((url) => ({ key: url, url, skipMedia: true })),
      { ...polite, perHost: 1, retries: 1 },
      { http, clock: systemClock, random: () => 0, matchProvider: () => null },
      (job, result) => {
        finished.push(job.url);
        at.set(job.url, Date.now() - started);
        expect(result.state).toBe('removed');
      },
    );
    expect(finished.at(-1)).toBe(limited);
    expect(asked.get('/limited/a')).toBe(2);
    // With perHost 1 the others would wait out the second the first URL sleeps.
    for (const url of others) expect(at.get(url)).toBeLessThan(900);
    expect(at.get(limited)).toBeGreaterThanOrEqual(1000);
  });
});

describe('timings', () => {
  it("a check's duration runs from its first request, not from when it started waiting for a slot", async () => {
    web.route('/paced/*', async (_req: IncomingMessage, res: ServerResponse) => {
      await new Promise((r) => setTimeout(r, 150));
      html(res, 404, 'Not found', '<h1>Not found</h1>');
    }, { host: 'busy.example' });
    const urls = Array.from({ length: 4 }, (_, i) => web.url(`/paced/${i}`, 'busy.example'));
    const results = await check(urls, { ...polite, perHost: 1 });
    const durations = urls.map((url) => results.get(url)?.durationMs ?? 0);
    // One at a time: the last waits some 450 ms for the host, but its own check takes about 150.
    for (const ms of durations) expect(ms).toBeLessThan(400);
    const starts = urls.map((url) => Date.parse(results.get(url)?.checkedAt ?? ''));
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual(400);
  });
});

describe('the order lanes get their turn', () => {
  const lane = (left: number, name: string): Lane<string> => ({
    jobs: Array.from({ length: left }, () => ({ key: name, url: `https://${name}.example/`, skipMedia: true })),
    next: 0,
    started: 0,
    depth: 5,
    waiting: true,
  });

  it('the host with the most URLs left first; among equals, the one that waited longest', () => {
    const heap = new LaneHeap<string>();
    const lanes = [lane(3, 'a'), lane(10, 'b'), lane(1, 'c'), lane(10, 'd'), lane(7, 'e')];
    for (const l of lanes) heap.push(l);
    const order: string[] = [];
    while (heap.size > 0) order.push(heap.pop()?.jobs[0]?.key ?? '?');
    expect(order).toEqual(['b', 'd', 'e', 'a', 'c']);
    expect(heap.pop()).toBeUndefined();
  });

  it('keeps that order over many pushes and pops', () => {
    const heap = new LaneHeap<string>();
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const left = Math.floor(random() * 50);
      heap.push(lane(left, String(i)));
      if (random() < 0.3) heap.pop();
    }
    let previous = Infinity;
    while (heap.size > 0) {
      const next = heap.pop() as Lane<string>;
      const left = next.jobs.length - next.next;
      expect(left).toBeLessThanOrEqual(previous);
      previous = left;
    }
  });
});

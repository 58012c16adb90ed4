// A forum-like site on the loopback fixture web for discovery tests: a listing (the watch place),
// threads one and two links away, pictures on the forum and on an image host, links to other
// sites. The case's picture is served as a resized, recompressed copy; another picture is not it.
import type { ServerResponse } from 'node:http';
import sharp from 'sharp';
import type { FixtureWeb } from '../fixture-web/server.ts';
import { startFixtureWeb } from '../fixture-web/server.ts';
import { createHttpClient } from '../../src/http/client.ts';
import type { HttpClient } from '../../src/core/http-types.ts';
import { hashImageBytes } from '../../src/discovery/image-hash.ts';
import type { Fingerprint } from '../../src/discovery/fingerprints.ts';
import { testPicture } from './pictures.ts';

export const HOSTS = ['forum.example', 'www.forum.example', 'img.example', 'tube.example', 'victim.example'] as const;

export interface ForumSite {
  web: FixtureWeb;
  http: HttpClient;
  /** http://HOST:PORT/PATH. */
  url(path: string, host?: (typeof HOSTS)[number]): string;
  /** The fingerprint of the case's original picture (as takedown hash --add writes it). */
  fingerprint: Fingerprint;
  /** Every picture body served, to look for in the workspace afterwards. */
  served: Buffer[];
  /** Requests for pictures (by path), on any host. */
  pictureRequests(): string[];
  /** Requests for pages of a host, in order. */
  pageRequests(host: (typeof HOSTS)[number]): string[];
  close(): Promise<void>;
}

function html(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><head><title>Forum</title></head><body>${body}</body></html>`);
}

export async function startForumSite(options: { threads?: number } = {}): Promise<ForumSite> {
  const web = await startFixtureWeb();
  const url = (path: string, host: (typeof HOSTS)[number] = 'forum.example'): string => web.url(path, host);
  const original = await testPicture(21);
  const copy = await sharp(original).resize(400, 300).jpeg({ quality: 70 }).toBuffer();
  const fullCopy = await sharp(original).jpeg({ quality: 85 }).toBuffer();
  const unrelated = await sharp(await testPicture(22)).jpeg({ quality: 80 }).toBuffer();
  const own = await hashImageBytes(original, 'original');
  const fingerprint: Fingerprint = { sha256: own.sha256, pdq: own.pdq, quality: own.quality, label: 'beach photo' };
  const served: Buffer[] = [copy, fullCopy, unrelated];

  const picture = (bytes: Buffer, type = 'image/jpeg') => (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': type, 'content-length': String(bytes.length) });
    res.end(bytes);
  };
  const extra = options.threads ?? 0;
  const extraLinks = Array.from({ length: extra }, (_, i) => `<li><a href="/t/${100 + i}">Thread number ${100 + i}</a></li>`).join('');

  // Later routes win over earlier ones: the catch-all first.
  web.route('/t/*', (_req, res) => html(res, '<p>A thread.</p>'), { host: 'forum.example' });
  web.route('/', (_req, res) => html(res, '<p>Welcome to the forum.</p>'), { host: 'forum.example' });
  web.route('/login', (_req, res) => html(res, '<form><input name="user"><input type="password" name="pw"></form>'), { host: 'forum.example' });
  web.route(
    '/latest',
    (_req, res) =>
      html(
        res,
        `<nav><a href="/">Home</a> <a href="/login">Log in</a></nav>
        <h1>Latest threads</h1>
        <ul>
          <li><a href="/t/2-cars">Cars and trucks</a> <span>started by john</span></li>
          <li><a href="/t/3-misc">Misc uploads</a> <span>12 replies</span></li>
          <li><a href="/t/1-beach">New pics of ZOË Doe!</a> <span>by anon</span></li>
          <li><a href="${url('/v/99', 'tube.example')}">full video</a> featuring zoe_doe</li>
          <li><a href="${url('/blog', 'victim.example')}">Zoe Doe's own blog</a></li>
          <li><a href="/t/5-known">Zoe Doe again</a></li>
          <li><a href="${url('/t/7-www', 'www.forum.example')}">Holiday thread</a></li>
          <li><a href="/avatars/zoe-doe.png">Zoe Doe avatar</a></li>
          ${extraLinks}
        </ul>`,
      ),
    { host: 'forum.example' },
  );
  web.route('/t/1-beach', (_req, res) => html(res, '<article><p>Nothing to see here.</p></article>'), { host: 'forum.example' });
  web.route('/t/2-cars', (_req, res) => html(res, '<article><p>Trucks.</p></article>'), { host: 'forum.example' });
  web.route(
    '/t/3-misc',
    (_req, res) =>
      html(
        res,
        `<article>
          <p>Some uploads:</p>
          <a href="/full/3.jpg"><img src="${url('/th/3.jpg', 'img.example')}" alt="upload"></a>
          <figure><img src="/img/other.jpg" alt="a landscape"><figcaption>A landscape</figcaption></figure>
          <p><a href="/t/3-misc/page/2">Next page</a></p>
        </article>`,
      ),
    { host: 'forum.example' },
  );
  web.route('/t/3-misc/page/2', (_req, res) => html(res, '<p><a href="/t/9-deep">Zoe Doe deep link</a></p>'), { host: 'forum.example' });
  web.route('/t/5-known', (_req, res) => html(res, '<p>known</p>'), { host: 'forum.example' });
  web.route('/t/7-www', (_req, res) => html(res, '<p><a href="/t/8-from-www">Zoë Doe on www</a></p>'), { host: 'www.forum.example' });
  web.route('/full/3.jpg', picture(fullCopy), { host: 'forum.example' });
  web.route('/img/other.jpg', picture(unrelated), { host: 'forum.example' });
  web.route('/avatars/zoe-doe.png', picture(unrelated), { host: 'forum.example' });
  web.route('/th/3.jpg', picture(copy), { host: 'img.example' });
  web.route('/v/99', (_req, res) => html(res, '<p>video</p>'), { host: 'tube.example' });
  web.route('/blog', (_req, res) => html(res, '<p>blog</p>'), { host: 'victim.example' });

  const http = createHttpClient({
    userAgent: 'takedown-test',
    timeoutMs: 5000,
    connectTimeoutMs: 1000,
    maxBodyBytes: 4 * 1024 * 1024,
    allowPrivate: true,
    resolve: Object.fromEntries(HOSTS.map((h) => [h, '127.0.0.1'])),
  });
  const isPicture = (path: string): boolean => /\.(jpe?g|png)(\?|$)/i.test(path);
  return {
    web,
    http,
    url,
    fingerprint,
    served,
    pictureRequests: () => web.requests.filter((r) => isPicture(r.path)).map((r) => `${r.host}${r.path}`),
    pageRequests: (host) => web.requests.filter((r) => r.host === host && !isPicture(r.path)).map((r) => r.path),
    close: async () => {
      await http.close();
      await web.close();
    },
  };
}

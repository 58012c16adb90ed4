// The demo's local web: a few sample "platforms" on 127.0.0.1, routed by Host header, showing
// every check state. Nothing here is real content; the pages are text placeholders.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type DemoSite = 'tube' | 'forum' | 'clips' | 'social' | 'down';

type Handler = (req: IncomingMessage, res: ServerResponse, path: string) => void;

function page(res: ServerResponse, status: number, title: string, body: string, headers: Record<string, string> = {}): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><header><a href="/">Home</a> · <a href="/search">Search</a> · <a href="/login">Log in</a></header>
<main>${body}</main><footer>Sample site for the takedown demo. No real content.</footer></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(html);
}

function filler(topic: string, n: number): string {
  const sentences = [
    `This sample ${topic} page stands in for a real one.`,
    'Viewers left comments, the uploader answered questions, and related items are listed below.',
    'Tags, a description and a view counter fill the rest of the page as on any platform.',
  ];
  return Array.from({ length: n }, (_, i) => `<p>${sentences[i % sentences.length]} (${i + 1})</p>`).join('\n');
}

const tube: Handler = (_req, res, path) => {
  if (path === '/video/1001') {
    return page(res, 200, 'Holiday clip - DemoTube', `<h1>Holiday clip</h1><div class="player" data-playable="true"></div>${filler('video', 12)}`);
  }
  if (path === '/video/1002') {
    // The platform keeps the page and shows its own notice: only the provider marker tells.
    return page(res, 200, 'DemoTube', '<div class="notice">This video has been removed by the uploader.</div>');
  }
  if (path === '/video/1003') return page(res, 404, 'Not Found - DemoTube', '<h1>404</h1>');
  return page(res, 404, 'Not Found - DemoTube', '<h1>404</h1>');
};

// A forum that answers every unknown address with its index page and status 200 (a "soft 404").
const forumIndex = `<h1>DemoForum</h1><p>Welcome to the forum index.</p><ul><li>General</li><li>Photos</li><li>Off topic</li></ul>`;
const forum: Handler = (_req, res, path) => {
  if (path === '/') return page(res, 200, 'DemoForum', forumIndex);
  if (path === '/thread/77') {
    return page(
      res,
      200,
      'Photos from last summer - DemoForum',
      `<h1>Photos from last summer</h1>
<p>Someone said an older copy was removed from another site, so it was posted again here.</p>${filler('thread', 14)}`,
    );
  }
  if (path === '/thread/78') {
    res.writeHead(302, { location: '/' });
    return res.end();
  }
  return page(res, 200, 'DemoForum', forumIndex);
};

const clips: Handler = (_req, res, path) => {
  if (path === '/v/451') return page(res, 451, 'Unavailable For Legal Reasons', '<h1>Unavailable for legal reasons</h1>');
  if (path === '/v/410') return page(res, 410, 'Gone', '<h1>Gone</h1>');
  if (path === '/v/403') {
    return page(res, 403, 'Just a moment...', '<h1>Checking your browser before accessing clips.demo.test</h1>', {
      'cf-mitigated': 'challenge',
      server: 'cloudflare',
    });
  }
  return page(res, 404, 'Not Found', '<h1>Not Found</h1>');
};

const social: Handler = (_req, res, path) => {
  if (path === '/p/55') {
    res.writeHead(302, { location: `/login?next=${encodeURIComponent(path)}` });
    return res.end();
  }
  if (path === '/p/56') return page(res, 200, 'Post by @demo_user - DemoSocial', `<h1>@demo_user</h1>${filler('post', 10)}`);
  if (path.startsWith('/login')) {
    return page(res, 200, 'Log in - DemoSocial', '<h1>Log in to continue</h1><form><input name="u"><input type="password" name="p"></form>');
  }
  return page(res, 404, 'Not Found', '<h1>Sorry, this page is not available.</h1>');
};

const down: Handler = (_req, res) => page(res, 503, 'Service Unavailable', '<h1>Down for maintenance</h1>');

const SITES: Record<string, Handler> = {
  'tube.demo.test': tube,
  'forum.demo.test': forum,
  'clips.demo.test': clips,
  'social.demo.test': social,
  'down.demo.test': down,
};

export interface SampleWeb {
  port: number;
  /** The URL of a path on one of the demo sites, by short name ("tube" for tube.demo.test). */
  url(site: DemoSite, path: string): string;
  close(): Promise<void>;
}

export async function startSampleWeb(): Promise<SampleWeb> {
  const server: Server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const site = SITES[host];
    if (!site) return page(res, 421, 'Misdirected Request', '<h1>Unknown demo host</h1>');
    site(req, res, path);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (site, path) => `http://${site}.demo.test:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

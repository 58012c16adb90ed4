// The fixture web's built-in routes: plain answers and the hostile ones an HTTP client must survive.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, pipeline } from 'node:stream';
import { brotliCompressSync, constants, createGzip, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

const HTML = { 'content-type': 'text/html; charset=utf-8' };

export function page(title: string, text = title): string {
  return `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;
}

/** The page served by /gzip, /br, /deflate, /deflate-raw (and corrupted by /bad-gzip), decoded. */
export const COMPRESSED_PAGE = page(
  'Compressed page',
  Array.from({ length: 4000 }, (_, i) => `line ${i} ${((i * 2654435761) % 4294967296).toString(36)}`).join('\n'),
);

export const OK_PAGE = page('OK', 'The content is here.');
export const CHALLENGE_PAGE = page('Just a moment...', 'Checking if the site connection is secure. Enable JavaScript and cookies to continue.');
/** Bytes of /huge when no `mb` is given. */
export const HUGE_BYTES = 50 * 1024 * 1024;
/** Decoded size of /gzip-bomb: past a gigabyte. */
export const BOMB_BYTES = 1100 * 1024 * 1024;

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100 * 1024, 0x42), Buffer.from([0xff, 0xd9])]);

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = HTML): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function redirect(res: ServerResponse, location: string | undefined, status = 302): void {
  res.writeHead(status, location === undefined ? HTML : { ...HTML, location });
  res.end(page('Moved'));
}

function numberParam(url: URL, name: string, fallback: number): number {
  const value = Number(url.searchParams.get(name));
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** A stream of `total` zero bytes, made on demand so that nothing big sits in memory. */
function zeros(total: number): Readable {
  const block = Buffer.alloc(64 * 1024);
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) {
        this.push(null);
        return;
      }
      const size = Math.min(block.length, left);
      left -= size;
      this.push(size === block.length ? block : block.subarray(0, size));
    },
  });
}

// Writes the status line and part of the headers, then kills the connection.
function resetMidHeaders(req: IncomingMessage): void {
  req.socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Partial: ');
  setTimeout(() => req.socket.destroy(), 20);
}

function resetMidBody(res: ServerResponse): void {
  res.writeHead(200, { ...HTML, 'content-length': String(1024 * 1024) });
  res.write(`${page('Partial')}${' '.repeat(4000)}`);
  setTimeout(() => res.socket?.destroy(), 30);
}

function slowBody(res: ServerResponse, url: URL): void {
  const interval = numberParam(url, 'interval', 100);
  let left = numberParam(url, 'bytes', 100);
  res.writeHead(200, { ...HTML, 'content-length': String(left) });
  const timer = setInterval(() => {
    res.write('x');
    left -= 1;
    if (left <= 0) {
      clearInterval(timer);
      res.end();
    }
  }, interval);
  res.on('close', () => clearInterval(timer));
}

function huge(res: ServerResponse, url: URL): void {
  const total = numberParam(url, 'mb', HUGE_BYTES / (1024 * 1024)) * 1024 * 1024;
  res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(total) });
  pipeline(zeros(total), res, () => undefined);
}

function gzipBomb(res: ServerResponse): void {
  res.writeHead(200, { ...HTML, 'content-encoding': 'gzip' });
  pipeline(zeros(BOMB_BYTES), createGzip({ level: constants.Z_BEST_COMPRESSION }), res, () => undefined);
}

// Valid gzip up to the middle, garbage after: a decoder yields the first part, then fails.
function badGzip(): Buffer {
  const good = gzipSync(COMPRESSED_PAGE);
  const bad = Buffer.from(good);
  bad.fill(0xa5, Math.floor(bad.length / 2), bad.length - 8);
  return bad;
}

// Raw bytes that no HTTP parser accepts: a header line without a colon.
function malformed(req: IncomingMessage, raw: string): void {
  req.socket.end(raw);
}

export const BUILTIN_ROUTES: ReadonlyArray<{ path: string; handler: Handler }> = [
  { path: '/ok', handler: (_req, res) => send(res, 200, OK_PAGE) },
  {
    path: '/echo',
    handler: (req, res) =>
      send(res, 200, JSON.stringify({ method: req.method, url: req.url, headers: req.headers }), { 'content-type': 'application/json' }),
  },
  { path: '/404', handler: (_req, res) => send(res, 404, page('Not Found')) },
  { path: '/410', handler: (_req, res) => send(res, 410, page('Gone')) },
  { path: '/451', handler: (_req, res) => send(res, 451, page('Unavailable For Legal Reasons')) },
  { path: '/500', handler: (_req, res) => send(res, 500, page('Internal Server Error')) },
  { path: '/503', handler: (_req, res) => send(res, 503, page('Service Unavailable'), { ...HTML, 'retry-after': '120' }) },
  { path: '/429', handler: (_req, res) => send(res, 429, page('Too Many Requests'), { ...HTML, 'retry-after': '30' }) },
  {
    // /redirect/3 -> /redirect/2 -> /redirect/1 -> /redirect/0 (200); ?status=301|303|307|308 picks the code.
    path: '/redirect/*',
    handler: (_req, res, url) => {
      const n = Number(url.pathname.slice('/redirect/'.length));
      if (!Number.isInteger(n) || n <= 0) return send(res, 200, OK_PAGE);
      redirect(res, `/redirect/${n - 1}${url.search}`, numberParam(url, 'status', 302));
    },
  },
  { path: '/redirect-loop', handler: (_req, res) => redirect(res, '/redirect-loop-2') },
  { path: '/redirect-loop-2', handler: (_req, res) => redirect(res, '/redirect-loop') },
  { path: '/redirect-no-location', handler: (_req, res) => redirect(res, undefined) },
  { path: '/redirect-bad-location', handler: (_req, res) => redirect(res, 'http://[not-an-address/') },
  { path: '/redirect-to-private', handler: (_req, res) => redirect(res, 'http://10.0.0.1/') },
  { path: '/redirect-to-metadata', handler: (_req, res) => redirect(res, 'http://169.254.169.254/latest/meta-data/') },
  { path: '/redirect-to-ftp', handler: (_req, res) => redirect(res, 'ftp://ftp.example/file.jpg') },
  {
    // /redirect-to?url=<absolute or relative URL>&status=301: a redirect anywhere, for other tests.
    path: '/redirect-to',
    handler: (_req, res, url) => redirect(res, url.searchParams.get('url') ?? '/ok', numberParam(url, 'status', 302)),
  },
  { path: '/reset', handler: (req) => resetMidHeaders(req) },
  { path: '/reset-body', handler: (_req, res) => resetMidBody(res) },
  { path: '/hang', handler: () => undefined },
  {
    path: '/hang-body',
    handler: (_req, res) => {
      res.writeHead(200, { ...HTML, 'content-length': '100000' });
      res.write('<!doctype html><title>Hanging</title>');
    },
  },
  { path: '/slow-body', handler: (_req, res, url) => slowBody(res, url) },
  { path: '/huge', handler: (_req, res, url) => huge(res, url) },
  { path: '/gzip-bomb', handler: (_req, res) => gzipBomb(res) },
  { path: '/gzip', handler: (_req, res) => send(res, 200, gzipSync(COMPRESSED_PAGE), { ...HTML, 'content-encoding': 'gzip' }) },
  { path: '/br', handler: (_req, res) => send(res, 200, brotliCompressSync(COMPRESSED_PAGE), { ...HTML, 'content-encoding': 'br' }) },
  { path: '/deflate', handler: (_req, res) => send(res, 200, deflateSync(COMPRESSED_PAGE), { ...HTML, 'content-encoding': 'deflate' }) },
  {
    path: '/deflate-raw',
    handler: (_req, res) => send(res, 200, deflateRawSync(COMPRESSED_PAGE), { ...HTML, 'content-encoding': 'deflate' }),
  },
  { path: '/bad-gzip', handler: (_req, res) => send(res, 200, badGzip(), { ...HTML, 'content-encoding': 'gzip' }) },
  {
    path: '/unknown-encoding',
    handler: (_req, res) => send(res, 200, 'opaque bytes', { ...HTML, 'content-encoding': 'x-custom' }),
  },
  {
    path: '/malformed-headers',
    handler: (req) => malformed(req, 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nThis line has no colon\r\n\r\nhello'),
  },
  { path: '/malformed-status', handler: (req) => malformed(req, 'HTTP/1.1 two hundred OK\r\n\r\nhello') },
  { path: '/image.jpg', handler: (_req, res) => send(res, 200, JPEG, { 'content-type': 'image/jpeg' }) },
  { path: '/video.mp4', handler: (_req, res) => send(res, 200, JPEG, { 'content-type': 'video/mp4' }) },
  { path: '/no-content-type', handler: (_req, res) => send(res, 200, OK_PAGE, {}) },
  {
    path: '/set-cookies',
    handler: (_req, res) => {
      res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; Path=/']);
      res.setHeader('x-multi', ['one', 'two']);
      send(res, 200, OK_PAGE);
    },
  },
  {
    path: '/cloudflare-challenge',
    handler: (_req, res) =>
      send(res, 403, CHALLENGE_PAGE, { ...HTML, 'cf-mitigated': 'challenge', server: 'cloudflare', 'cf-ray': '8f00000000000000-AMS' }),
  },
];

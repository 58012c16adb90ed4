// The synthetic web, run as its own process: one node:http server per loopback address, answering per the truth in synthetic.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildPages, splice, type Pages } from './pages.ts';
import { hostAddress, idInPath, isIndexFallbackHost, targetOf, unit, type WebShape } from './synthetic.ts';

/** Messages from the parent process. */
export type WebRequest = { type: 'index'; n: number } | { type: 'usage' } | { type: 'stop' };

export interface WebUsage {
  type: 'usage';
  userUs: number;
  systemUs: number;
  rssBytes: number;
  requests: number;
  hanging: number;
}

export interface WebReady {
  type: 'ready';
  origins: string[];
  indexOrigin: string;
}

const HTML = 'text/html; charset=utf-8';
let requests = 0;
let hanging = 0;

function send(req: IncomingMessage, res: ServerResponse, status: number, body: Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': HTML, 'content-length': String(body.length), server: 'nginx', ...headers });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function redirect(res: ServerResponse, status: number, location: string): void {
  res.writeHead(status, { location, 'content-length': '0', server: 'nginx' });
  res.end();
}

function sendLive(req: IncomingMessage, res: ServerResponse, chunks: Buffer[], length: number): void {
  res.writeHead(200, { 'content-type': HTML, 'content-length': String(length), server: 'nginx', 'cache-control': 'max-age=60' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  res.cork();
  for (const chunk of chunks) res.write(chunk);
  res.end();
}

/** A slow backend: for GET the headers come at once and the body trickles in over `ms`; HEAD waits `ms` for its headers. */
function sendSlow(req: IncomingMessage, res: ServerResponse, chunks: Buffer[], length: number, ms: number): void {
  if (req.method === 'HEAD') {
    setTimeout(() => sendLive(req, res, chunks, length), ms);
    return;
  }
  res.writeHead(200, { 'content-type': HTML, 'content-length': String(length), server: 'nginx' });
  res.flushHeaders();
  const body = Buffer.concat(chunks, length);
  const pieces = 10;
  const size = Math.ceil(body.length / pieces);
  for (let i = 0; i < pieces; i++) {
    setTimeout(() => {
      if (res.destroyed) return;
      const piece = body.subarray(i * size, (i + 1) * size);
      if (i === pieces - 1) res.end(piece);
      else res.write(piece);
    }, Math.round(((i + 1) * ms) / pieces));
  }
}

function answer(shape: WebShape, pages: Pages, host: number, req: IncomingMessage, res: ServerResponse): void {
  requests++;
  const target = req.url ?? '/';
  const unknown = (): void => {
    // Index-fallback sites answer every unknown path with their home page and 200.
    if (isIndexFallbackHost(host)) send(req, res, 200, pages.home(host));
    else send(req, res, 404, pages.status.get(404) ?? Buffer.alloc(0));
  };
  if (target === '/') return send(req, res, 200, pages.home(host));
  if (target.startsWith('/login')) return send(req, res, 200, pages.login);
  const id = idInPath(target);
  if (id === null) return unknown();
  const t = targetOf(shape, id);
  if (t.host !== host) return unknown();
  const variant = (salt: number, count: number): number => Math.floor(unit(shape.seed, id, salt) * count);
  if (t.kind === 'live-slash' && target === `${t.path}/`) {
    const { chunks, length } = splice(pages.live[variant(10, pages.live.length)] ?? [], id);
    return sendLive(req, res, chunks, length);
  }
  if (target !== t.path) return unknown();

  switch (t.kind) {
    case 'live':
    case 'live-mention': {
      const list = t.kind === 'live' ? pages.live : pages.mention;
      const { chunks, length } = splice(list[variant(10, list.length)] ?? [], id);
      return sendLive(req, res, chunks, length);
    }
    case 'live-slow': {
      const { chunks, length } = splice(pages.live[variant(10, pages.live.length)] ?? [], id);
      return sendSlow(req, res, chunks, length, 1000 + variant(11, 2000));
    }
    case 'live-slash':
      return redirect(res, 301, `${t.path}/`);
    case 'removed-404':
    case 'removed-410': {
      const code = t.kind === 'removed-404' ? 404 : 410;
      return send(req, res, code, pages.status.get(code) ?? Buffer.alloc(0));
    }
    case 'soft-wording':
      return send(req, res, 200, pages.removalNotices[variant(12, pages.removalNotices.length)] ?? Buffer.alloc(0));
    case 'soft-index':
      return send(req, res, 200, pages.home(host));
    case 'redirect-root':
      return redirect(res, 302, variant(13, 2) === 0 ? '/' : `http://${req.headers.host ?? hostAddress(host)}/`);
    case 'legal-451':
      return send(req, res, 451, pages.status.get(451) ?? Buffer.alloc(0));
    case 'login-redirect':
      return redirect(res, 302, `/login?next=${encodeURIComponent(target)}`);
    case 'rate-limited':
      return send(req, res, 429, pages.status.get(429) ?? Buffer.alloc(0), { 'retry-after': '1' });
    case 'server-error': {
      const code = [500, 502, 503][variant(14, 3)] ?? 500;
      return send(req, res, code, pages.status.get(code) ?? Buffer.alloc(0));
    }
    case 'reset': {
      if (req.method === 'HEAD') {
        req.socket.destroy();
        return;
      }
      const { chunks, length } = splice(pages.live[0] ?? [], id);
      res.writeHead(200, { 'content-type': HTML, 'content-length': String(length), server: 'nginx' });
      res.write(Buffer.concat(chunks, length).subarray(0, 8192));
      setTimeout(() => req.socket.destroy(), 50);
      return;
    }
    case 'hang':
      hanging++;
      res.on('close', () => hanging--);
      return;
  }
}

function listen(server: Server, address: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ host: address, port, backlog: 4096 }, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function makeServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Server {
  const server = createServer({ keepAliveTimeout: 10_000, requestTimeout: 0, headersTimeout: 60_000 }, handler);
  // A hanging answer must stay open until the client gives up.
  server.timeout = 0;
  return server;
}

function indexPage(origins: readonly string[], shape: WebShape, n: number): Buffer {
  const lines = ['<!doctype html><html><head><meta charset="utf-8"><title>bench index</title></head><body><ul>'];
  for (let id = 0; id < n; id++) {
    const t = targetOf(shape, id);
    lines.push(`<li><a href="${origins[t.host]}${t.path.replace(/&/g, '&amp;')}">${id}</a></li>`);
  }
  lines.push('</ul></body></html>');
  return Buffer.from(lines.join('\n'));
}

async function main(): Promise<void> {
  const shape: WebShape = { seed: Number(process.env.BENCH_SEED ?? 1), hosts: Number(process.env.BENCH_HOSTS ?? 128) };
  const pages = buildPages(shape.seed, shape.hosts);
  const servers: Server[] = [];
  const origins: string[] = [];
  let port = 0;
  for (let h = 0; h < shape.hosts; h++) {
    const server = makeServer((req, res) => answer(shape, pages, h, req, res));
    const address = hostAddress(h);
    let bound: number;
    try {
      bound = await listen(server, address, port);
    } catch {
      // The shared port is taken on this address: any free one will do.
      bound = await listen(server, address, 0);
    }
    if (h === 0) port = bound;
    servers.push(server);
    origins.push(`http://${address}:${bound}`);
  }
  const indexes = new Map<number, Buffer>();
  const indexServer = makeServer((req, res) => {
    const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? 0);
    const page = indexes.get(n);
    if (page) send(req, res, 200, page);
    else send(req, res, 404, Buffer.from('no index'));
  });
  const indexPort = await listen(indexServer, '127.0.0.1', 0);
  servers.push(indexServer);

  process.on('message', (message: WebRequest) => {
    if (message.type === 'index') {
      if (!indexes.has(message.n)) indexes.set(message.n, indexPage(origins, shape, message.n));
      process.send?.({ type: 'index', n: message.n });
    } else if (message.type === 'usage') {
      const cpu = process.cpuUsage();
      const usage: WebUsage = { type: 'usage', userUs: cpu.user, systemUs: cpu.system, rssBytes: process.memoryUsage().rss, requests, hanging };
      process.send?.(usage);
    } else if (message.type === 'stop') {
      for (const server of servers) server.closeAllConnections();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  const ready: WebReady = { type: 'ready', origins, indexOrigin: `http://127.0.0.1:${indexPort}` };
  process.send?.(ready);
}

await main();

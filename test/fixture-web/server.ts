// A local web for tests: real HTTP and HTTPS servers on 127.0.0.1 with hostile built-in routes.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { BUILTIN_ROUTES } from './hostile-routes.ts';

/** A route handler; a returned promise that rejects turns into a 500. */
export type FixtureHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => unknown;

export interface RouteOptions {
  /** Only answer when the Host header names this host (port ignored), e.g. `tube.example`. */
  host?: string;
}

export interface FixtureRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** Host header without the port. */
  host: string;
  headers: IncomingMessage['headers'];
  secure: boolean;
}

export interface FixtureWeb {
  port: number;
  httpsPort: number;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** `https://127.0.0.1:<httpsPort>`. */
  httpsOrigin: string;
  /** An http URL on this server; with `host`, that name instead of 127.0.0.1 (map it with `resolve`). */
  url(path: string, host?: string): string;
  /** The same over HTTPS; the certificate covers localhost, fixture.test, *.fixture.test, tube.example, forum.example, site.example, 127.0.0.1 and ::1. */
  httpsUrl(path: string, host?: string): string;
  /**
   * Adds a route: an exact path (query ignored), or a prefix ending in `*` (`/files/*`). Routes
   * added later win over earlier ones and over the built-ins; host-bound routes win over others.
   */
  route(path: string, handler: FixtureHandler, options?: RouteOptions): void;
  /** Every request received, oldest first. */
  requests: FixtureRequest[];
  /** PEM of the self-signed certificate, for HttpConfig.ca. */
  cert: string;
  close(): Promise<void>;
}

interface Route {
  path: string;
  host: string | undefined;
  handler: FixtureHandler;
}

const CERT_DIR = new URL('./certs/', import.meta.url);
export const FIXTURE_CERT = readFileSync(new URL('fixture-cert.pem', CERT_DIR), 'utf8');
const FIXTURE_KEY = readFileSync(new URL('fixture-key.pem', CERT_DIR), 'utf8');

function matches(route: Route, path: string, host: string): boolean {
  if (route.host !== undefined && route.host !== host) return false;
  if (route.path.endsWith('*')) return path.startsWith(route.path.slice(0, -1));
  return route.path === path;
}

function hostOf(req: IncomingMessage): string {
  const header = req.headers.host ?? '';
  // [::1]:8080 keeps its brackets; name:port loses the port.
  return header.replace(/:\d+$/, '').toLowerCase();
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function shut(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Hanging routes keep their sockets open on purpose; end them so close() returns.
    for (const socket of sockets) socket.destroy();
    server.closeAllConnections();
  });
}

export async function startFixtureWeb(): Promise<FixtureWeb> {
  const custom: Route[] = [];
  const requests: FixtureRequest[] = [];
  const sockets = new Set<Socket>();

  function pick(path: string, host: string): FixtureHandler | undefined {
    for (const bound of [true, false]) {
      for (let i = custom.length - 1; i >= 0; i--) {
        const route = custom[i];
        if (route !== undefined && (route.host !== undefined) === bound && matches(route, path, host)) return route.handler;
      }
    }
    return BUILTIN_ROUTES.find((route) => matches({ ...route, host: undefined }, path, host))?.handler;
  }

  function handle(secure: boolean) {
    return (req: IncomingMessage, res: ServerResponse): void => {
      const host = hostOf(req);
      const url = new URL(req.url ?? '/', `${secure ? 'https' : 'http'}://${host || '127.0.0.1'}`);
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', host, headers: req.headers, secure });
      // A client that hangs up mid-answer is what several routes provoke; it is not an error here.
      res.on('error', () => undefined);
      req.socket.on('error', () => undefined);
      const handler = pick(url.pathname, host);
      if (handler === undefined) {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><title>Not Found</title><h1>Not Found</h1>');
        return;
      }
      Promise.resolve(handler(req, res, url)).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fixture route failed: ${String(err)}`);
      });
    };
  }

  const http = createServer(handle(false));
  const https = createTlsServer({ key: FIXTURE_KEY, cert: FIXTURE_CERT }, handle(true));
  for (const server of [http, https]) {
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    // TLS handshakes that a test makes fail on purpose must not crash the server.
    server.on('tlsClientError', () => undefined);
    server.on('clientError', (_err: Error, socket: Socket) => socket.destroy());
  }
  const port = await listen(http);
  const httpsPort = await listen(https);
  const origin = `http://127.0.0.1:${port}`;
  const httpsOrigin = `https://127.0.0.1:${httpsPort}`;

  return {
    port,
    httpsPort,
    origin,
    httpsOrigin,
    url: (path, host) => `http://${host ?? '127.0.0.1'}:${port}${path}`,
    httpsUrl: (path, host) => `https://${host ?? '127.0.0.1'}:${httpsPort}${path}`,
    route(path, handler, options = {}) {
      custom.push({ path, host: options.host?.toLowerCase(), handler });
    },
    requests,
    cert: FIXTURE_CERT,
    close: async () => {
      await Promise.all([shut(http, sockets), shut(https, sockets)]);
    },
  };
}

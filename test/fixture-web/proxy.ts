// A tiny loopback forward proxy for tests: CONNECT tunnels and absolute-URI requests, logged.
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';

export interface ProxiedRequest {
  /** CONNECT for a tunnel, else the method of an absolute-URI request. */
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
}

export interface ForwardProxy {
  port: number;
  /** `http://127.0.0.1:<port>`, for HTTP_PROXY / HTTPS_PROXY. */
  url: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

export interface ForwardProxyOptions {
  /** Host name -> IP this proxy connects to, so tests can use names that no DNS knows. */
  resolve?: Record<string, string>;
  /** Answer every CONNECT with this status instead of tunnelling (e.g. 403). */
  refuseConnectWith?: number;
}

function splitHostPort(authority: string): { host: string; port: number } {
  const match = /^\[?([^\]]+)\]?:(\d+)$/.exec(authority);
  return { host: match?.[1] ?? authority, port: Number(match?.[2] ?? 80) };
}

export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const address = (host: string): string => options.resolve?.[host.toLowerCase()] ?? host;

  const server = createServer((req, res) => {
    const target = req.url ?? '';
    requests.push({ method: req.method ?? 'GET', target });
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      res.writeHead(400).end('absolute URI expected');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    delete headers['proxy-authorization'];
    const upstream = httpRequest(
      { host: address(url.hostname), port: Number(url.port || 80), path: `${url.pathname}${url.search}`, method: req.method, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });

  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    requests.push({ method: 'CONNECT', target });
    client.on('error', () => undefined);
    if (options.refuseConnectWith !== undefined) {
      client.end(`HTTP/1.1 ${options.refuseConnectWith} Refused\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    const { host, port } = splitHostPort(target);
    const upstream = connect(port, address(host), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n'));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }),
  };
}

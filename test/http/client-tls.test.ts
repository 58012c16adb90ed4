// TLS: self-signed refused, trusted through `ca` or NODE_EXTRA_CA_CERTS, name checks, handshake timeout.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.ts';
import type { HttpConfig } from '../../src/http/config.ts';
import type { HttpClient, HttpFailure, HttpOutcome } from '../../src/core/http-types.ts';
import { startFixtureWeb } from '../fixture-web/server.ts';
import type { FixtureWeb } from '../fixture-web/server.ts';
import { failure } from './helpers.ts';

const BASE: HttpConfig = {
  userAgent: 'takedown-test/1.0',
  timeoutMs: 3000,
  connectTimeoutMs: 300,
  headersTimeoutMs: 1000,
  bodyTimeoutMs: 1000,
  maxBodyBytes: 1024 * 1024,
  allowPrivate: true,
  resolve: { 'tube.example': '127.0.0.1', 'unlisted.example': '127.0.0.1' },
};

let web: FixtureWeb;
let tarpit: Server;
const tarpitSockets = new Set<Socket>();
const clients: HttpClient[] = [];

function clientWith(patch: Partial<HttpConfig>): HttpClient {
  const made = createHttpClient({ ...BASE, ...patch });
  clients.push(made);
  return made;
}

beforeAll(async () => {
  web = await startFixtureWeb();
  // Accepts TCP and never speaks: a TLS handshake against it can only time out.
  tarpit = createServer((socket) => {
    tarpitSockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => tarpit.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await Promise.all(clients.map((each) => each.close()));
  for (const socket of tarpitSockets) socket.destroy();
  await new Promise((resolve) => tarpit.close(resolve));
  await web.close();
});

describe('certificate checks', () => {
  it('refuses a self-signed certificate as tls', async () => {
    const got = failure(await clientWith({}).get(web.httpsUrl('/ok')));
    expect(got).toMatchObject({ kind: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'the certificate is self-signed [DEPTH_ZERO_SELF_SIGNED_CERT]' });
  });

  it.each([
    ['an IP literal', () => web.httpsUrl('/ok')],
    ['a name mapped with resolve (SNI and Host keep the name)', () => web.httpsUrl('/ok', 'tube.example')],
  ])('trusts it when given in `ca`, for %s', async (_label, url) => {
    const got = await clientWith({ ca: [web.cert] }).get(url());
    expect(got.ok && got.response.status).toBe(200);
    expect(web.requests.at(-1)?.secure).toBe(true);
  });

  it('still checks the name against the certificate', async () => {
    const got = failure(await clientWith({ ca: [web.cert] }).get(web.httpsUrl('/ok', 'unlisted.example')));
    expect(got).toMatchObject({ kind: 'tls', code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: 'the certificate is for another host name [ERR_TLS_CERT_ALTNAME_INVALID]' });
  });

  it('times a stalled handshake out as a connect timeout', async () => {
    const port = (tarpit.address() as AddressInfo).port;
    const started = performance.now();
    const got = failure(await clientWith({ ca: [web.cert] }).get(`https://127.0.0.1:${port}/`));
    expect(got).toMatchObject({ kind: 'timeout', code: 'UND_ERR_CONNECT_TIMEOUT' });
    expect(got.message).toMatch(/^no connection to the site within [\d.]+ m?s \[UND_ERR_CONNECT_TIMEOUT\]$/);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('NODE_EXTRA_CA_CERTS', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'takedown-tls-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // Node reads NODE_EXTRA_CA_CERTS once at startup, so this needs a fresh process.
  async function fetchInChild(env: Record<string, string>): Promise<string> {
    const script = join(dir, 'probe.ts');
    const client = fileURLToPath(new URL('../../src/http/client.ts', import.meta.url));
    await writeFile(
      script,
      [
        `import { createHttpClient } from ${JSON.stringify(client)};`,
        `const http = createHttpClient(${JSON.stringify({ ...BASE, resolve: {} })});`,
        'const got = await http.get(process.argv[2]);',
        "console.log(got.ok ? `status ${got.response.status}` : `${got.failure.kind} ${got.failure.code}`);",
        'await http.close();',
      ].join('\n'),
    );
    return new Promise((resolve, reject) => {
      const childEnv = { ...process.env, ...env };
      if (env['NODE_EXTRA_CA_CERTS'] === undefined) delete childEnv['NODE_EXTRA_CA_CERTS'];
      execFile(process.execPath, [script, web.httpsUrl('/ok')], { env: childEnv, timeout: 15_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`${err.message}\n${stderr}`));
        else resolve(stdout.trim());
      });
    });
  }

  it('is honoured by undici without passing `ca`', async () => {
    const certFile = join(dir, 'fixture-ca.pem');
    await writeFile(certFile, web.cert);
    expect(await fetchInChild({ NODE_EXTRA_CA_CERTS: certFile })).toBe('status 200');
  });

  it('is what makes the difference', async () => {
    expect(await fetchInChild({})).toBe('tls DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});

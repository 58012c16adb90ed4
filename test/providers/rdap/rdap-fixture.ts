// A loopback RDAP world for the tests: bootstrap files, a registry, a registrar and a regional registry
// on the fixture web, with RDAP JSON built the way real servers shape it (RFC 9083, ICANN profile).
import type { ServerResponse } from 'node:http';
import { createHttpClient } from '../../../src/http/client.ts';
import type { HttpClient } from '../../../src/core/http-types.ts';
import { startFixtureWeb } from '../../fixture-web/server.ts';
import type { FixtureWeb } from '../../fixture-web/server.ts';

export type Json = Record<string, unknown>;

export interface RdapWorld {
  web: FixtureWeb;
  http: HttpClient;
  /** Base URLs on the fixture web; they end with `/`. */
  bootstrapBase: string;
  registry: string;
  registrar: string;
  rir: string;
  rirNarrow: string;
  /** Serves `body` as RDAP JSON at `path` (status 200 unless given). */
  json(path: string, body: unknown, status?: number): void;
  /** Requests received whose path starts with `prefix`. */
  hits(prefix: string): string[];
  close(): Promise<void>;
}

export function vcard(...properties: unknown[][]): unknown {
  return ['vcard', [['version', {}, 'text', '4.0'], ...properties]];
}

export function abuseEntity(email: string, phone = 'tel:+1.5550100', handle = 'ABUSE-1'): Json {
  return {
    objectClassName: 'entity',
    handle,
    roles: ['abuse'],
    vcardArray: vcard(['fn', {}, 'text', 'Abuse Desk'], ['email', {}, 'text', email], ['tel', { type: 'voice' }, 'uri', phone]),
  };
}

export function registrarEntity(name: string, ianaId: string, abuse: Json[] = []): Json {
  return {
    objectClassName: 'entity',
    handle: ianaId,
    roles: ['registrar'],
    publicIds: [{ type: 'IANA Registrar ID', identifier: ianaId }],
    vcardArray: vcard(['fn', {}, 'text', name]),
    entities: abuse,
  };
}

export function domainObject(name: string, entities: Json[], links: Json[] = []): Json {
  return {
    objectClassName: 'domain',
    ldhName: name.toUpperCase(),
    rdapConformance: ['rdap_level_0', 'icann_rdap_response_profile_0', 'icann_rdap_technical_implementation_guide_0'],
    entities,
    links,
  };
}

export function relatedLink(href: string): Json {
  return { value: href, rel: 'related', href, type: 'application/rdap+json' };
}

export async function startRdapWorld(options: { maxBodyBytes?: number } = {}): Promise<RdapWorld> {
  const web = await startFixtureWeb();
  const base = (path: string): string => web.url(path);
  const world = {
    bootstrapBase: base('/bootstrap/'),
    registry: base('/registry/'),
    registrar: base('/registrar/'),
    rir: base('/rir/'),
    rirNarrow: base('/rir-narrow/'),
  };
  const send = (res: ServerResponse, body: unknown, status = 200): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/rdap+json', 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  };
  const json = (path: string, body: unknown, status = 200): void => web.route(path, (_req, res) => send(res, body, status));

  // `.example` is served by the registry; `.test` by one that never answers.
  json('/bootstrap/dns.json', {
    version: '1.0',
    publication: '2026-01-01T00:00:00Z',
    services: [
      [['example'], [world.registry]],
      [['test'], [base('/silent-registry/')]],
    ],
  });
  json('/bootstrap/ipv4.json', {
    version: '1.0',
    publication: '2026-01-01T00:00:00Z',
    services: [
      [['81.0.0.0/8'], [world.rir]],
      [['81.2.0.0/16'], [world.rirNarrow]],
    ],
  });
  json('/bootstrap/ipv6.json', {
    version: '1.0',
    publication: '2026-01-01T00:00:00Z',
    services: [[['2a00::/12'], [world.rir]]],
  });
  // Anything not set up below is unknown to the registries: an RDAP error object with 404.
  for (const prefix of ['/registry/*', '/registrar/*', '/rir/*', '/rir-narrow/*']) {
    web.route(prefix, (_req, res) => send(res, { errorCode: 404, title: 'Not Found', description: ['No such object.'] }, 404));
  }
  web.route('/silent-registry/*', () => new Promise(() => undefined));

  const http = createHttpClient({
    userAgent: 'takedown-test/1.0',
    timeoutMs: 1500,
    connectTimeoutMs: 500,
    headersTimeoutMs: 1000,
    bodyTimeoutMs: 1000,
    maxBodyBytes: options.maxBodyBytes ?? 8 * 1024 * 1024,
    allowPrivate: true,
  });

  return {
    web,
    http,
    ...world,
    json,
    hits: (prefix) => web.requests.filter((r) => r.path.startsWith(prefix)).map((r) => r.path),
    close: async () => {
      await http.close();
      await web.close();
    },
  };
}

// A tiny RDAP service on loopback for the demo: bootstrap files that send `.test` domains and
// 127.0.0.0/8 here, a registrar with an abuse desk for every domain, and a hosting network with
// an abuse desk for every loopback address. The answers have the shapes real servers give
// (RFC 9083: registrar entity with a nested abuse entity; an IP network with its abuse contact).
import { createServer, type Server } from 'node:http';

export interface DemoRdap {
  /** Base URL of the bootstrap files (dns.json, ipv4.json, ipv6.json). */
  bootstrapUrl: string;
  close(): Promise<void>;
}

function vcard(name: string, email: string): unknown {
  return ['vcard', [['version', {}, 'text', '4.0'], ['fn', {}, 'text', name], ['email', {}, 'text', email]]];
}

function domainAnswer(name: string): unknown {
  return {
    objectClassName: 'domain',
    ldhName: name,
    rdapConformance: ['rdap_level_0'],
    entities: [
      {
        objectClassName: 'entity',
        roles: ['registrar'],
        handle: '9999',
        publicIds: [{ type: 'IANA Registrar ID', identifier: '9999' }],
        vcardArray: vcard('Demo Registrar, Inc.', 'registrar@registrar.demo.test'),
        entities: [{ objectClassName: 'entity', roles: ['abuse'], vcardArray: vcard('Abuse desk', 'abuse@registrar.demo.test') }],
      },
      { objectClassName: 'entity', roles: ['registrant'], vcardArray: vcard('REDACTED FOR PRIVACY', 'REDACTED@redacted.invalid') },
    ],
  };
}

function ipAnswer(address: string): unknown {
  return {
    objectClassName: 'ip network',
    handle: 'DEMO-NET-1',
    name: 'Demo Hosting Ltd',
    startAddress: '127.0.0.0',
    endAddress: '127.255.255.255',
    ipVersion: 'v4',
    cidr0_cidrs: [{ v4prefix: '127.0.0.0', length: 8 }],
    rdapConformance: ['rdap_level_0', 'cidr0'],
    entities: [
      {
        objectClassName: 'entity',
        roles: ['registrant'],
        vcardArray: vcard('Demo Hosting Ltd', 'noc@hosting.demo.test'),
        entities: [{ objectClassName: 'entity', roles: ['abuse'], vcardArray: vcard('Demo Hosting abuse team', 'abuse@hosting.demo.test') }],
      },
    ],
    remarks: [{ description: [`demo answer for ${address}`] }],
  };
}

export async function startDemoRdap(): Promise<DemoRdap> {
  let base = '';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/rdap+json' });
      res.end(JSON.stringify(body));
    };
    const services = (keys: string[]): unknown => ({
      version: '1.0',
      publication: '2026-11-21T00:00:00Z',
      description: 'takedown demo bootstrap',
      services: [[keys, [`${base}rdap/`]]],
    });
    if (path === '/dns.json') return json(200, services(['test']));
    if (path === '/ipv4.json') return json(200, services(['127.0.0.0/8']));
    if (path === '/ipv6.json') return json(200, services(['::1/128']));
    const domain = /^\/rdap\/domain\/([a-z0-9.-]+)$/i.exec(path);
    if (domain?.[1] !== undefined) return json(200, domainAnswer(domain[1].toLowerCase()));
    const ip = /^\/rdap\/ip\/([0-9a-f.:]+)$/i.exec(path);
    if (ip?.[1] !== undefined) return json(200, ipAnswer(ip[1]));
    return json(404, { errorCode: 404, title: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  base = `http://127.0.0.1:${port}/`;
  return {
    bootstrapUrl: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

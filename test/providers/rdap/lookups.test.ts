// Domain, IP and site lookups against a loopback RDAP world: thin registries, nested abuse desks,
// placeholders, 404s, servers that hang or send garbage, and one lookup per host on a large run.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../../src/core/errors.ts';
import { createRdapClient } from '../../../src/providers/rdap/index.ts';
import type { RdapClientOptions, RdapMissing } from '../../../src/providers/rdap/index.ts';
import { abuseEntity, domainObject, registrarEntity, relatedLink, startRdapWorld, vcard } from './rdap-fixture.ts';
import type { Json, RdapWorld } from './rdap-fixture.ts';

let world: RdapWorld;

function client(extra: Partial<RdapClientOptions> = {}) {
  // No snapshot: these tests must be answered by the loopback bootstrap, never by shipped data.
  return createRdapClient({ http: world.http, bootstrapBase: world.bootstrapBase, snapshotDir: '/nonexistent/rdap/', ...extra });
}

function failed(result: { ok: boolean }): RdapMissing {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result as RdapMissing;
}

function network(handle: string, extra: Json): Json {
  return { objectClassName: 'ip network', handle, name: `NET-${handle}`, country: 'GB', ...extra };
}

beforeAll(async () => {
  world = await startRdapWorld();
  const { json, registrar } = world;

  // A thin gTLD registry: the registrar is named, its abuse desk is on the registrar's own server.
  json(
    '/registry/domain/thin.example',
    domainObject('thin.example', [registrarEntity('Example Registrar, Inc.', '9999')], [
      { rel: 'related', href: 'https://registrar.invalid/whois/thin.example', type: 'text/html' },
      { rel: 'self', href: `${world.registry}domain/thin.example`, type: 'application/rdap+json' },
      relatedLink(`${registrar}domain/thin.example`),
    ]),
  );
  json(
    '/registrar/domain/thin.example',
    domainObject('thin.example', [
      { roles: ['registrant'], vcardArray: vcard(['fn', {}, 'text', 'REDACTED FOR PRIVACY']) },
      registrarEntity('Example Registrar, Inc.', '9999', [abuseEntity('abuse@registrar.example', 'tel:+1.5550100', 'RAR-ABUSE')]),
    ]),
  );

  // A thick registry answer already has the abuse desk: its registrar link is not needed.
  json(
    '/registry/domain/thick.example',
    domainObject('thick.example', [registrarEntity('Thick Registrar', '1234', [abuseEntity('abuse@thick.example')])], [
      relatedLink(`${registrar}domain/thick.example`),
    ]),
  );

  // GDPR placeholders where the abuse desk should be.
  json(
    '/registry/domain/redacted.example',
    domainObject('redacted.example', [
      registrarEntity('Private Registrar', '4321', [
        { roles: ['abuse'], vcardArray: vcard(['email', {}, 'text', 'REDACTED FOR PRIVACY'], ['tel', {}, 'uri', 'tel:REDACTED']) },
      ]),
    ]),
  );

  // Registry -> r1 -> r2 -> r3, every answer thin: only two hops are followed.
  json('/registry/domain/chain.example', domainObject('chain.example', [registrarEntity('Chain', '1')], [relatedLink(`${registrar}r1/domain/chain.example`)]));
  // A relative href is resolved against the answer's URL.
  json('/registrar/r1/domain/chain.example', domainObject('chain.example', [], [relatedLink('/registrar/r2/domain/chain.example')]));
  json('/registrar/r2/domain/chain.example', domainObject('chain.example', [], [relatedLink(`${registrar}r3/domain/chain.example`)]));
  json('/registrar/r3/domain/chain.example', domainObject('chain.example', [registrarEntity('Chain', '1', [abuseEntity('abuse@r3.example')])]));

  // The registrar's server is down (404 here): the registry's facts still come back.
  json('/registry/domain/orphan.example', domainObject('orphan.example', [registrarEntity('Gone Registrar', '7')], [relatedLink(`${registrar}domain/orphan.example`)]));

  // Hostile answers.
  world.web.route('/registry/domain/garbage.example', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rdap+json' });
    res.end('{"objectClassName": "domain", "entities": [');
  });
  world.web.route('/registry/domain/html.example', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>Welcome</html>');
  });
  world.web.route('/registry/domain/huge.example', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rdap+json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let left = 48;
    const more = (): void => {
      while (left > 0) {
        left -= 1;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end();
    };
    more();
  });
  json('/registry/domain/wrong.example', { objectClassName: 'nameserver', ldhName: 'ns1.wrong.example' });
  json('/registry/domain/list.example', [1, 2, 3]);
  json('/registry/domain/busy.example', { errorCode: 503 }, 503);

  // Networks. 81.2.0.0/16 is served by the narrow RIR, the rest of 81/8 by the wide one.
  json(
    '/rir-narrow/ip/81.2.69.160',
    network('NARROW-1', {
      startAddress: '81.2.69.0',
      endAddress: '81.2.69.255',
      cidr0_cidrs: [{ v4prefix: '81.2.69.0', length: 24 }],
      entities: [
        {
          handle: 'ORG-EXAMPLE',
          roles: ['registrant'],
          vcardArray: vcard(['fn', {}, 'text', 'Example Hosting Ltd']),
          entities: [
            { handle: 'NOC-1', roles: ['technical', 'noc'], vcardArray: vcard(['email', {}, 'text', 'noc@hosting.example']) },
            abuseEntity('abuse@hosting.example', 'tel:+44.2079460000', 'ABUSE-HOSTING'),
          ],
        },
      ],
    }),
  );
  json('/rir/ip/81.9.9.9', network('WIDE-1', { startAddress: '81.9.9.0', endAddress: '81.9.9.127', entities: [abuseEntity('removed@lacnic.net', 'tel:', 'WITHHELD')] }));
  json(
    '/rir/ip/2a00:1450:4001::1',
    network('V6-1', { cidr0_cidrs: [{ v6prefix: '2a00:1450::', length: 29 }], entities: [abuseEntity('abuse@v6.example')] }),
  );
});

afterAll(async () => {
  await world.close();
});

describe('domain()', () => {
  it('follows a thin registry answer to the registrar server and reads the abuse desk nested under the registrar', async () => {
    const rdap = client();
    const result = await rdap.domain('www.thin.example');
    expect(result).toEqual({
      ok: true,
      domain: 'thin.example',
      registrar: {
        name: 'Example Registrar, Inc.',
        ianaId: '9999',
        handle: '9999',
        abuse: [{ scope: 'registrar', email: 'abuse@registrar.example', phone: '+1.5550100', name: 'Abuse Desk', handle: 'RAR-ABUSE' }],
      },
      source: [`${world.registry}domain/thin.example`, `${world.registrar}domain/thin.example`],
      warnings: [],
    });
    // Same registration, same run: no second request.
    expect(await rdap.domain('thin.example')).toBe(result);
    expect(world.hits('/registrar/domain/thin.example')).toHaveLength(1);
    const asked = world.web.requests.find((r) => r.path === '/registry/domain/thin.example');
    expect(asked?.headers.accept).toContain('application/rdap+json');
  });

  it('does not follow a link when the registry answer already has the abuse desk', async () => {
    const result = await client().domain('thick.example');
    expect(result.ok && result.registrar.abuse.map((a) => a.email)).toEqual(['abuse@thick.example']);
    expect(world.hits('/registrar/domain/thick.example')).toHaveLength(0);
  });

  it('refuses REDACTED placeholders and says so', async () => {
    const result = await client().domain('redacted.example');
    if (!result.ok) throw new Error(result.detail);
    expect(result.registrar).toEqual({ name: 'Private Registrar', ianaId: '4321', handle: '4321', abuse: [] });
    expect(result.warnings).toEqual([
      'abuse contact: email "REDACTED FOR PRIVACY" is a placeholder',
      'abuse contact: phone "REDACTED" is a placeholder',
      'no usable abuse contact for the registrar of redacted.example',
    ]);
  });

  it('follows at most two registrar links', async () => {
    const result = await client().domain('chain.example');
    expect(result.ok && result.registrar.abuse).toEqual([]);
    expect(result.ok && result.source).toHaveLength(3);
    expect(world.hits('/registrar/r3/')).toHaveLength(0);
    const three = await client({ maxHops: 3 }).domain('chain.example');
    expect(three.ok && three.registrar.abuse.map((a) => a.email)).toEqual(['abuse@r3.example']);
    expect(three.ok && three.source[2]).toBe(`${world.registrar}r2/domain/chain.example`);
  });

  it('keeps the registry facts when the registrar server gives nothing', async () => {
    const result = await client().domain('orphan.example');
    if (!result.ok) throw new Error(result.detail);
    expect(result.registrar.name).toBe('Gone Registrar');
    expect(result.warnings[0]).toContain("the registrar's RDAP server gave nothing");
    expect(result.warnings[0]).toContain('HTTP 404');
  });

  it('answers not-found for a domain the registry does not know (404)', async () => {
    const result = failed(await client().domain('unregistered.example'));
    expect(result).toEqual({
      ok: false,
      reason: 'not-found',
      detail: `${world.registry}domain/unregistered.example has no such domain (HTTP 404)`,
      source: [`${world.registry}domain/unregistered.example`],
    });
  });

  it.each([
    ['site.nowhere', 'no RDAP server for .nowhere in the dns.json bootstrap (download published 2026-01-01T00:00:00Z)'],
    ['81.2.69.160', '81.2.69.160 is an IP address, so it has no registrable domain to look up'],
    ['localhost', 'localhost is not under a public suffix, so it has no registrable domain to look up'],
  ])('answers no-server for %s', async (name, detail) => {
    expect(failed(await client().domain(name))).toEqual({ ok: false, reason: 'no-server', detail, source: [] });
  });

  it.each([
    ['garbage.example', 'bad-answer', 'is not JSON'],
    ['html.example', 'bad-answer', 'answered text/html, not RDAP JSON'],
    ['huge.example', 'bad-answer', 'sent more than 1048576 bytes'],
    ['wrong.example', 'bad-answer', 'answered a "nameserver" object, not domain'],
    ['list.example', 'bad-answer', 'JSON that is not an RDAP object'],
    ['busy.example', 'unreachable', 'answered HTTP 503'],
    ['hangs.test', 'unreachable', 'did not answer'],
  ])('fails cleanly on %s (%s)', async (name, reason, detail) => {
    const started = performance.now();
    const result = failed(await client().domain(name));
    expect(result.reason).toBe(reason);
    expect(result.detail).toContain(detail);
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it.each([[''], ['exa mple.com'], ['https://example.com/x'], ['a..b.example'], [42 as unknown as string]])('rejects %j with RDAP_HOST_INVALID', async (name) => {
    const error: unknown = await client().domain(name).catch((e: unknown) => e);
    expect(isUserError(error) && error.code).toBe('RDAP_HOST_INVALID');
  });
});

describe('ip()', () => {
  it('reads the network and an abuse desk nested two levels down, from the most specific prefix', async () => {
    const result = await client().ip('81.2.69.160');
    expect(result).toEqual({
      ok: true,
      ip: '81.2.69.160',
      network: {
        name: 'NET-NARROW-1',
        handle: 'NARROW-1',
        cidr: ['81.2.69.0/24'],
        startAddress: '81.2.69.0',
        endAddress: '81.2.69.255',
        country: 'GB',
        abuse: [{ scope: 'network', email: 'abuse@hosting.example', phone: '+44.2079460000', name: 'Abuse Desk', handle: 'ABUSE-HOSTING' }],
      },
      source: [`${world.rirNarrow}ip/81.2.69.160`],
      warnings: [],
    });
  });

  it('computes the CIDR from start and end, and refuses the LACNIC withheld marker', async () => {
    const result = await client().ip('81.9.9.9');
    if (!result.ok) throw new Error(result.detail);
    expect(result.network.cidr).toEqual(['81.9.9.0/25']);
    expect(result.network.abuse).toEqual([]);
    expect(result.warnings).toContain('abuse contact WITHHELD: email "removed@lacnic.net" is a placeholder');
  });

  it('looks up IPv6 through ipv6.json', async () => {
    const result = await client().ip('2A00:1450:4001:0::1');
    expect(result.ok && result.network.cidr).toEqual(['2a00:1450::/29']);
    expect(result.ok && result.network.abuse[0]?.email).toBe('abuse@v6.example');
  });

  it.each([
    ['192.168.1.1', '192.168.1.1 is a private, local or reserved address: no registry holds it'],
    ['127.0.0.1', '127.0.0.1 is a private, local or reserved address: no registry holds it'],
    ['11.0.0.1', 'no regional registry serves 11.0.0.1 in the ipv4.json bootstrap (download published 2026-01-01T00:00:00Z): a private, reserved or unallocated address'],
  ])('answers no-server for %s without asking a registry', async (address, detail) => {
    const before = world.web.requests.length;
    expect(failed(await client().ip(address))).toEqual({ ok: false, reason: 'no-server', detail, source: [] });
    expect(world.web.requests.slice(before).filter((r) => !r.path.startsWith('/bootstrap/'))).toEqual([]);
  });

  it('answers not-found for an address the registry does not know', async () => {
    expect(failed(await client().ip('81.200.0.1')).reason).toBe('not-found');
  });

  it.each([['999.1.1.1'], ['81.2.69'], ['fe80::1%eth0'], ['']])('rejects %j with RDAP_IP_INVALID', async (address) => {
    const error: unknown = await client().ip(address).catch((e: unknown) => e);
    expect(isUserError(error) && error.code).toBe('RDAP_IP_INVALID');
  });
});

describe('site()', () => {
  it('resolves the host through the resolve map and runs both lookups', async () => {
    const rdap = client({ resolve: { 'WWW.Thin.Example': '81.2.69.160' }, lookupHost: () => Promise.reject(new Error('no DNS in tests')) });
    const site = await rdap.site('www.thin.example');
    expect(site.host).toBe('www.thin.example');
    expect(site.domain).toBe('thin.example');
    expect(site.ip).toBe('81.2.69.160');
    expect(site.registrar.ok && site.registrar.registrar.abuse[0]?.email).toBe('abuse@registrar.example');
    expect(site.network.ok && site.network.network.abuse[0]?.email).toBe('abuse@hosting.example');
  });

  it('reports a host that does not resolve as not-found and still looks up its registrar', async () => {
    const gone = Object.assign(new Error('queryA ENOTFOUND'), { code: 'ENOTFOUND' });
    const site = await client({ lookupHost: () => Promise.reject(gone) }).site('thick.example');
    expect(site.ip).toBeUndefined();
    expect(site.network).toEqual({ ok: false, reason: 'not-found', detail: 'thick.example did not resolve to an address (ENOTFOUND)', source: [] });
    expect(site.registrar.ok).toBe(true);
  });

  it('uses the first address the resolver gives', async () => {
    const site = await client({ lookupHost: async () => '81.2.69.160' }).site('thin.example');
    expect(site.ip).toBe('81.2.69.160');
  });

  it('rejects a bad resolve map entry with RDAP_CONFIG_INVALID', () => {
    let error: unknown;
    try {
      client({ resolve: { 'a.example': 'not-an-ip' } });
    } catch (e) {
      error = e;
    }
    expect(isUserError(error) && error.code).toBe('RDAP_CONFIG_INVALID');
  });
});

describe('a run over 1,000 URLs on 20 hosts', () => {
  it('does 20 domain and 20 address lookups, never more than `concurrency` at once', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = (body: Json) => (_req: IncomingMessage, res: ServerResponse) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(200, { 'content-type': 'application/rdap+json' });
        res.end(JSON.stringify(body));
      }, 25);
    };
    const resolve: Record<string, string> = {};
    for (let i = 0; i < 20; i++) {
      world.web.route(`/registry/domain/bulk-${i}.example`, slow(domainObject(`bulk-${i}.example`, [registrarEntity('Bulk', '5', [abuseEntity(`abuse@bulk-${i}.example`)])])));
      world.web.route(`/rir/ip/81.3.0.${i}`, slow(network(`BULK-${i}`, { entities: [abuseEntity('abuse@bulk-isp.example')] })));
      resolve[`www.bulk-${i}.example`] = `81.3.0.${i}`;
    }
    const rdap = client({ resolve, concurrency: 3 });
    const urls = Array.from({ length: 1000 }, (_, i) => new URL(`https://www.bulk-${i % 20}.example/v/${i}`));
    const sites = await Promise.all(urls.map((url) => rdap.site(url.hostname)));

    expect(new Set(sites).size).toBe(20);
    expect(sites.every((s) => s.registrar.ok && s.network.ok)).toBe(true);
    expect(world.hits('/registry/domain/bulk-')).toHaveLength(20);
    expect(world.hits('/rir/ip/81.3.0.')).toHaveLength(20);
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
    expect(rdap.bootstrapStatus().map((b) => [b.kind, b.origin])).toEqual(
      expect.arrayContaining([
        ['dns', 'download'],
        ['ipv4', 'download'],
      ]),
    );
  });
});

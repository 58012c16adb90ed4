// RFC 9224 matching tables (longest labels, most specific prefix, https first) and the shipped snapshot.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchDomain, matchIp, orderBaseUrls, parseBootstrap } from '../../../src/providers/rdap/bootstrap.ts';
import type { BootstrapKind, BootstrapTable } from '../../../src/providers/rdap/bootstrap.ts';
import { defaultSnapshotDir } from '../../../src/providers/rdap/bootstrap-source.ts';
import { formatCidr, parseCidr, parseIp, rangeToCidrs } from '../../../src/providers/rdap/ip-address.ts';

function table(kind: BootstrapKind, services: [string[], string[]][]): BootstrapTable {
  const parsed = parseBootstrap({ version: '1.0', publication: '2026-01-01T00:00:00Z', services }, kind);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.table;
}

function ip(text: string) {
  const parsed = parseIp(text);
  if (parsed === undefined) throw new Error(`not an IP: ${text}`);
  return parsed;
}

describe('domains: the longest run of labels wins', () => {
  const dns = table('dns', [
    [['uk'], ['https://uk.example/rdap/']],
    [['co.uk', 'org.uk'], ['https://co-uk.example/rdap/']],
    [['COM', 'net.'], ['https://verisign.example/com/v1/']],
  ]);

  it.each([
    ['shop.co.uk', 'co.uk', 'https://co-uk.example/rdap/'],
    ['www.shop.co.uk', 'co.uk', 'https://co-uk.example/rdap/'],
    ['shop.uk', 'uk', 'https://uk.example/rdap/'],
    ['shop.ltd.uk', 'uk', 'https://uk.example/rdap/'],
    ['example.com', 'com', 'https://verisign.example/com/v1/'],
    ['EXAMPLE.NET.', 'net', 'https://verisign.example/com/v1/'],
  ])('%s -> %s', (name, key, baseUrl) => {
    expect(matchDomain(dns, name)).toEqual({ key, baseUrl });
  });

  it.each([['example.de'], ['uk.example'], ['localhost']])('%s has no server', (name) => {
    expect(matchDomain(dns, name)).toBeUndefined();
  });
});

describe('addresses: the most specific prefix wins', () => {
  const v4 = table('ipv4', [
    [['10.0.0.0/8'], ['https://wide.example/']],
    [['10.1.0.0/16'], ['https://narrow.example/']],
    [['10.1.2.0/24'], ['https://narrowest.example/']],
    [['2001:db8::/32', 'not-a-prefix', '8'], ['https://ignored.example/']],
  ]);
  const v6 = table('ipv6', [
    [['2001:db8::/32'], ['https://wide6.example/']],
    [['2001:db8:1::/48'], ['https://narrow6.example/']],
    [['2c00::/12'], ['https://afr.example/rdap/']],
  ]);

  it.each([
    ['10.9.9.9', 'https://wide.example/'],
    ['10.1.9.9', 'https://narrow.example/'],
    ['10.1.2.3', 'https://narrowest.example/'],
    ['::ffff:10.1.9.9', 'https://narrow.example/'],
  ])('IPv4 %s -> %s', (address, baseUrl) => {
    expect(matchIp(v4, ip(address))?.baseUrl).toBe(baseUrl);
  });

  it.each([
    ['2001:db8:ffff::1', 'https://wide6.example/'],
    ['2001:DB8:1:2::3', 'https://narrow6.example/'],
    ['2c0f:f000::1', 'https://afr.example/rdap/'],
  ])('IPv6 %s -> %s', (address, baseUrl) => {
    expect(matchIp(v6, ip(address))?.baseUrl).toBe(baseUrl);
  });

  it('skips keys of the other family or that are not prefixes, and answers nothing outside the table', () => {
    expect(v4.prefixes.map((p) => p.key)).toEqual(['10.1.2.0/24', '10.1.0.0/16', '10.0.0.0/8']);
    expect(matchIp(v4, ip('11.0.0.1'))).toBeUndefined();
    expect(matchIp(v6, ip('2002::1'))).toBeUndefined();
  });
});

describe('base URLs', () => {
  it.each([
    [['http://a.example/rdap/', 'https://a.example/rdap/'], ['https://a.example/rdap/', 'http://a.example/rdap/']],
    [['https://b.example/rdap'], ['https://b.example/rdap/']],
    [['http://only-http.example/'], ['http://only-http.example/']],
    [['ftp://c.example/', 'not a url', 'https://u:p@d.example/', 'https://e.example/?q=1'], []],
  ])('%j -> %j', (urls, expected) => {
    expect(orderBaseUrls(urls)).toEqual(expected);
  });
});

describe('malformed bootstrap files are refused with a reason', () => {
  it.each([
    [null, 'expected a JSON object'],
    [[], 'expected a JSON object'],
    [{ services: 'x' }, '"services" is missing'],
    [{ services: [[['com']]] }, 'services[0]'],
    [{ services: [[['com'], [42]]] }, 'services[0]'],
    [{ services: [[['com'], ['ftp://x/']]] }, 'no usable entries'],
    [{ services: [] }, 'no usable entries'],
  ])('%j', (data, problem) => {
    const parsed = parseBootstrap(data, 'dns');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });

  it('refuses a file with an absurd number of services', () => {
    const services = Array.from({ length: 10_001 }, (_, i) => [[`t${i}`], ['https://x.example/']]);
    expect(parseBootstrap({ services }, 'dns').ok).toBe(false);
  });
});

describe('IP helpers', () => {
  it.each([
    ['192.0.2.0', '192.0.2.255', ['192.0.2.0/24']],
    ['192.0.2.1', '192.0.2.6', ['192.0.2.1/32', '192.0.2.2/31', '192.0.2.4/31', '192.0.2.6/32']],
    ['2001:db8::', '2001:db8:0:ffff:ffff:ffff:ffff:ffff', ['2001:db8::/48']],
    ['0.0.0.0', '255.255.255.255', ['0.0.0.0/0']],
  ])('%s - %s -> %j', (start, end, cidrs) => {
    expect(rangeToCidrs(ip(start), ip(end))?.map(formatCidr)).toEqual(cidrs);
  });

  it('refuses reversed, mixed or too fragmented ranges', () => {
    expect(rangeToCidrs(ip('10.0.0.9'), ip('10.0.0.1'))).toBeUndefined();
    expect(rangeToCidrs(ip('10.0.0.1'), ip('2001:db8::1'))).toBeUndefined();
    expect(rangeToCidrs(ip('0.0.0.1'), ip('255.255.255.254'))).toBeUndefined();
  });

  it.each([
    ['10.1.2.3/16', '10.1.0.0/16'],
    ['2001:DB8:0:0::1/32', '2001:db8::/32'],
    ['::ffff:0:0/96', '::ffff:0:0/96'],
  ])('%s -> %s', (text, canonical) => {
    const cidr = parseCidr(text);
    expect(cidr === undefined ? undefined : formatCidr(cidr)).toBe(canonical);
  });

  it.each([['10.0.0.0/33'], ['10.0.0.0'], ['2001:db8::/129'], ['fe80::1%eth0/64'], ['x/8']])('%s is not a prefix', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it.each([['[2001:DB8::1]', '2001:db8::1'], ['::ffff:192.0.2.1', '192.0.2.1'], ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1']])(
    '%s reads as %s',
    (text, canonical) => {
      expect(parseIp(text)?.text).toBe(canonical);
    },
  );
});

describe('the shipped snapshot (data/rdap/)', () => {
  const dir = defaultSnapshotDir();
  const load = (kind: BootstrapKind): BootstrapTable => table(kind, JSON.parse(readFileSync(join(dir, `${kind}.json`), 'utf8')).services);

  it.each([['dns'], ['ipv4'], ['ipv6']] as const)('%s.json is a valid RFC 9224 file with a publication date and https servers only', (kind) => {
    const data = JSON.parse(readFileSync(join(dir, `${kind}.json`), 'utf8'));
    expect(data.version).toBe('1.0');
    expect(data.publication).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const parsed = parseBootstrap(data, kind);
    expect(parsed.ok).toBe(true);
    for (const [, urls] of data.services as [string[], string[]][]) for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/.*\/$|^https:\/\/[^/]+\/$/);
  });

  it.each([
    ['example.com', 'https://rdap.verisign.com/com/v1/'],
    ['example.net', 'https://rdap.verisign.com/net/v1/'],
    ['example.org', 'https://rdap.publicinterestregistry.org/rdap/'],
    ['example.co.uk', 'https://rdap.nominet.uk/uk/'],
    ['example.xyz', 'https://rdap.centralnic.com/xyz/'],
    ['example.app', 'https://pubapi.registry.google/rdap/'],
  ])('%s -> %s', (name, baseUrl) => {
    expect(matchDomain(load('dns'), name)?.baseUrl).toBe(baseUrl);
  });

  it.each([
    ['8.8.8.8', 'https://rdap.arin.net/registry/'],
    ['193.0.6.139', 'https://rdap.db.ripe.net/'],
    ['1.1.1.1', 'https://rdap.apnic.net/'],
    ['200.160.2.3', 'https://rdap.lacnic.net/rdap/'],
    ['41.1.1.1', 'https://rdap.afrinic.net/rdap/'],
    ['2600:1f18::1', 'https://rdap.arin.net/registry/'],
    ['2a00:1450:4001::1', 'https://rdap.db.ripe.net/'],
    ['2400:cb00::1', 'https://rdap.apnic.net/'],
    ['2800:3f0::1', 'https://rdap.lacnic.net/rdap/'],
    ['2c0f:fb50::1', 'https://rdap.afrinic.net/rdap/'],
  ])('%s -> %s', (address, baseUrl) => {
    const parsed = ip(address);
    expect(matchIp(load(parsed.family === 4 ? 'ipv4' : 'ipv6'), parsed)?.baseUrl).toBe(baseUrl);
  });

  // 192.168.0.0/16 sits inside ARIN's 192.0.0.0/8: the client refuses private addresses before matching.
  it.each([['10.0.0.1'], ['127.0.0.1'], ['fd00::1']])('%s (not public) has no server', (address) => {
    const parsed = ip(address);
    expect(matchIp(load(parsed.family === 4 ? 'ipv4' : 'ipv6'), parsed)).toBeUndefined();
  });
});

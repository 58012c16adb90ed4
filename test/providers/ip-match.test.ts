// providerForAddress: which provider announces an IP address (IPv4 and IPv6, most specific range wins).
import { describe, expect, it } from 'vitest';
import type { Provider } from '../../src/core/provider.ts';
import { GENERIC_PROVIDERS, parseCidr, providerForAddress } from '../../src/providers/ip-match.ts';

function provider(id: string, ipRanges: string[]): Provider {
  return {
    id,
    name: id,
    kind: 'cdn',
    hosts: [],
    patterns: [],
    signals: { removed: [], legal: [], blocked: [], live: [] },
    examples: [],
    channels: [],
    ipRanges,
    source: ['test'],
    checked: '2026-11-21',
  };
}

const providers = [
  provider('big-cdn', ['104.16.0.0/13', '2606:4700::/32']),
  provider('reseller', ['104.16.128.0/17', '2606:4700:10::/48']),
  provider('tiny', ['104.16.200.7/32']),
  provider('everything', ['0.0.0.0/0']),
];
const v6only = [provider('v6', ['2001:db8::/32'])];

describe('providerForAddress', () => {
  it.each([
    ['IPv4 inside the big range', providers, '104.17.1.1', 'big-cdn'],
    ['IPv4 at the first address of a range', providers, '104.16.0.0', 'big-cdn'],
    ['IPv4 at the last address of a range', providers, '104.23.255.255', 'big-cdn'],
    ['IPv4 in a more specific range', providers, '104.16.130.1', 'reseller'],
    ['the most specific of three', providers, '104.16.200.7', 'tiny'],
    ['outside every specific range: the /0', providers, '8.8.8.8', 'everything'],
    ['IPv6 inside the big range', providers, '2606:4700:3030::6815:1', 'big-cdn'],
    ['IPv6 in a more specific range', providers, '2606:4700:10::ac43:1', 'reseller'],
    ['IPv6 written out in full', providers, '2606:4700:0010:0000:0000:0000:0000:0001', 'reseller'],
    ['IPv6 in brackets', providers, '[2606:4700::1]', 'big-cdn'],
    ['IPv4-mapped IPv6 counts as IPv4', providers, '::ffff:104.16.200.7', 'tiny'],
    ['IPv6 outside every range', providers, '2a00:1450::1', null],
    ['IPv4 when only IPv6 ranges exist', v6only, '192.0.2.1', null],
    ['IPv6 /0 is not an IPv4 match', [provider('all-v6', ['::/0'])], '192.0.2.1', null],
    ['not an address', providers, 'cloudflare.com', null],
    ['an address with a prefix', providers, '104.16.0.0/13', null],
    ['no providers', [], '104.16.0.1', null],
  ] as const)('%s', (_name, list, ip, expected) => {
    expect(providerForAddress(list, ip)?.id ?? null).toBe(expected);
  });

  it('gives a tie to the first provider in the given order', () => {
    const twins = [provider('first', ['192.0.2.0/24']), provider('second', ['192.0.2.0/24'])];
    expect(providerForAddress(twins, '192.0.2.9')?.id).toBe('first');
  });
});

describe('parseCidr', () => {
  it.each([
    ['192.0.2.0/24', { family: 4, prefix: 24 }],
    ['0.0.0.0/0', { family: 4, prefix: 0 }],
    ['2a06:98c0::/29', { family: 6, prefix: 29 }],
    ['::/0', { family: 6, prefix: 0 }],
  ] as const)('%s parses', (text, expected) => {
    expect(parseCidr(text)).toMatchObject(expected);
  });

  it.each([
    ['192.0.2.1/24', 'has bits set after the /24 prefix (got "192.0.2.1/24"); did you mean "192.0.2.0/24"?'],
    ['2a06:98c4::/29', 'has bits set after the /29 prefix (got "2a06:98c4::/29"); did you mean "2a06:98c0::/29"?'],
    ['2001:db8:0:0:1::/64', 'has bits set after the /64 prefix (got "2001:db8:0:0:1::/64"); did you mean "2001:db8::/64"?'],
    ['192.0.2.0/024', 'has a prefix length outside 0 to 32 (got "192.0.2.0/024")'],
    ['192.0.2.0/', 'has a prefix length outside 0 to 32 (got "192.0.2.0/")'],
    ['300.0.2.0/24', 'must be an IPv4 or IPv6 range in CIDR form such as 192.0.2.0/24 or 2001:db8::/32 (got "300.0.2.0/24")'],
  ])('%s is refused', (text, message) => {
    expect(parseCidr(text)).toEqual({ error: message });
  });
});

describe('GENERIC_PROVIDERS', () => {
  it('names the four fallback providers', () => {
    expect(GENERIC_PROVIDERS).toEqual({ site: 'generic-site', host: 'generic-host', cdn: 'generic-cdn', registrar: 'generic-registrar' });
  });
});

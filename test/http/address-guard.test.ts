// The SSRF guard: address table, always-local names, pre-connect checks and the guarded lookup.
import type { LookupAddress } from 'node:dns';
import { lookup as realLookup } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  PrivateAddressError,
  checkTargetHost,
  createGuardedLookup,
  isPrivateAddress,
  isPrivateHostName,
} from '../../src/http/address-guard.ts';

describe('isPrivateAddress', () => {
  it.each([
    ['10.0.0.1', true],
    ['10.255.255.255', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['172.15.255.255', false],
    ['192.168.1.1', true],
    ['192.169.0.1', false],
    ['100.64.0.1', true],
    ['100.127.255.255', true],
    ['100.128.0.1', false],
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['169.254.169.254', true],
    ['169.254.0.1', true],
    ['0.0.0.0', true],
    ['0.1.2.3', true],
    ['224.0.0.1', true],
    ['239.255.255.250', true],
    ['255.255.255.255', true],
    ['192.0.2.10', true],
    ['198.18.0.1', true],
    ['8.8.8.8', false],
    ['1.1.1.1', false],
    ['93.184.216.34', false],
    ['::1', true],
    ['[::1]', true],
    ['::', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:10.1.2.3', true],
    ['::ffff:169.254.169.254', true],
    ['::ffff:8.8.8.8', false],
    ['::127.0.0.1', true],
    ['64:ff9b::10.0.0.1', true],
    ['64:ff9b::8.8.8.8', false],
    ['2002:0a00:0001::1', true],
    ['2002:0808:0808::1', false],
    ['fe80::1', true],
    ['fe80::1%eth0', true],
    ['febf::1', true],
    ['fc00::1', true],
    ['fd12:3456:789a::1', true],
    ['ff02::1', true],
    ['2001:db8::1', true],
    ['2606:4700:4700::1111', false],
    ['2a00:1450:4001:80b::200e', false],
    ['not-an-ip', true],
    ['1.2.3', true],
    ['01.2.3.4', true],
    ['1::2::3', true],
  ])('%s -> %s', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });
});

describe('isPrivateHostName', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['localhost.', true],
    ['app.localhost', true],
    ['metadata.google.internal', true],
    ['metadata', true],
    ['localhost.example.com', false],
    ['example.com', false],
    ['mylocalhost', false],
  ])('%s -> %s', (name, expected) => {
    expect(isPrivateHostName(name)).toBe(expected);
  });
});

describe('checkTargetHost', () => {
  it.each([
    ['127.0.0.1', false, 'ERR_PRIVATE_ADDRESS'],
    ['[::1]', false, 'ERR_PRIVATE_ADDRESS'],
    ['[::ffff:7f00:1]', false, 'ERR_PRIVATE_ADDRESS'],
    ['localhost', false, 'ERR_PRIVATE_ADDRESS'],
    ['169.254.169.254', false, 'ERR_PRIVATE_ADDRESS'],
    ['8.8.8.8', false, undefined],
    ['example.com', false, undefined],
    ['127.0.0.1', true, undefined],
    ['localhost', true, undefined],
  ])('%s (allowPrivate %s) -> %s', (host, allowPrivate, code) => {
    expect(checkTargetHost(host, allowPrivate)?.code).toBe(code);
  });
});

// A resolver that answers from a table, as node:dns lookup does with { all: true }.
function fakeDns(table: Record<string, LookupAddress[]>): typeof realLookup {
  const fake = (hostname: string, _options: unknown, callback: (err: Error | null, addresses: LookupAddress[]) => void): void => {
    const found = table[hostname];
    if (found === undefined) callback(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    else callback(null, found);
  };
  return fake as unknown as typeof realLookup;
}

function lookupOnce(
  lookup: ReturnType<typeof createGuardedLookup>,
  host: string,
  all: boolean,
): Promise<{ err: (Error & { code?: string }) | null; address: unknown; family?: number }> {
  return new Promise((resolve) => {
    lookup(host, { all }, (err, address, family) => resolve({ err, address, ...(family === undefined ? {} : { family }) }));
  });
}

describe('createGuardedLookup', () => {
  const dnsLookup = fakeDns({
    'public.example': [{ address: '93.184.216.34', family: 4 }],
    'rebind.example': [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ],
    'v6.example': [{ address: 'fd00::5', family: 6 }],
  });

  it.each([
    ['public.example', false, undefined],
    ['rebind.example', false, 'ERR_PRIVATE_ADDRESS'],
    ['v6.example', false, 'ERR_PRIVATE_ADDRESS'],
    ['rebind.example', true, undefined],
    ['missing.example', false, 'ENOTFOUND'],
  ])('%s (allowPrivate %s) -> %s', async (host, allowPrivate, code) => {
    const lookup = createGuardedLookup({ allowPrivate, dnsLookup });
    const { err } = await lookupOnce(lookup, host, true);
    expect(err?.code).toBe(code);
  });

  it('answers in the shape asked for: one address, or all', async () => {
    const lookup = createGuardedLookup({ allowPrivate: false, dnsLookup });
    expect(await lookupOnce(lookup, 'public.example', false)).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect(await lookupOnce(lookup, 'public.example', true)).toEqual({
      err: null,
      address: [{ address: '93.184.216.34', family: 4 }],
    });
  });

  it('applies `resolve` before DNS, and still guards the mapped address', async () => {
    const resolve = { 'Mapped.Example': '203.0.113.9', 'ok.example': '8.8.4.4', 'v6.example': '2606:4700::1' };
    const lookup = createGuardedLookup({ allowPrivate: false, resolve, dnsLookup });
    expect((await lookupOnce(lookup, 'mapped.example', false)).err).toBeInstanceOf(PrivateAddressError);
    expect(await lookupOnce(lookup, 'ok.example', false)).toEqual({ err: null, address: '8.8.4.4', family: 4 });
    expect(await lookupOnce(lookup, 'v6.example', false)).toEqual({ err: null, address: '2606:4700::1', family: 6 });
  });

  it('names the host and the refused address in its error', async () => {
    const lookup = createGuardedLookup({ allowPrivate: false, dnsLookup });
    const { err } = await lookupOnce(lookup, 'rebind.example', false);
    expect(err).toMatchObject({ host: 'rebind.example', address: '10.0.0.5' });
    expect(err?.message).toContain('rebind.example (10.0.0.5)');
  });
});

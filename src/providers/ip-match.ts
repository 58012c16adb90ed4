// Finds the provider that announces an IP address (a CDN or host named by its ip_ranges), and parses CIDRs.
import type { Provider } from '../core/provider.ts';
import { parseIPv4, parseIPv6 } from '../core/ip-ranges.ts';

/** The ids of the fallback providers for a site that has no definition of its own. */
export const GENERIC_PROVIDERS = {
  site: 'generic-site',
  host: 'generic-host',
  cdn: 'generic-cdn',
  registrar: 'generic-registrar',
} as const;

/** An address as a number: 32 bits for IPv4, 128 for IPv6. */
interface Address {
  family: 4 | 6;
  value: bigint;
}

export interface Cidr extends Address {
  prefix: number;
}

const WIDTH = { 4: 32, 6: 128 } as const;

/** Parses an IPv4 or IPv6 address (brackets allowed); IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes IPv4. */
export function parseAddress(text: string): Address | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIPv4(bare);
  if (v4 !== undefined) return { family: 4, value: BigInt(v4) };
  const groups = parseIPv6(bare);
  if (groups === undefined) return undefined;
  const value = groups.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
  // A dual-stack resolver may hand over ::ffff:104.16.1.1; it is the IPv4 address it carries.
  if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn };
  return { family: 6, value };
}

function mask(family: 4 | 6, prefix: number): bigint {
  const width = BigInt(WIDTH[family]);
  const all = (1n << width) - 1n;
  return prefix === 0 ? 0n : (all >> (width - BigInt(prefix))) << (width - BigInt(prefix));
}

function formatAddress(address: Address): string {
  if (address.family === 4) {
    const v = address.value;
    return [24n, 16n, 8n, 0n].map((shift) => String((v >> shift) & 0xffn)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((address.value >> BigInt(112 - 16 * i)) & 0xffffn));
  // Shorten the longest run of two or more zero groups (RFC 5952).
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i > 1) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at === -1) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

/** A CIDR such as 173.245.48.0/20 or 2606:4700::/32, or a message saying what is wrong with it. */
export function parseCidr(text: string): Cidr | { error: string } {
  const got = JSON.stringify(text);
  const slash = text.indexOf('/');
  const expected = 'must be an IPv4 or IPv6 range in CIDR form such as 192.0.2.0/24 or 2001:db8::/32';
  if (slash === -1) return { error: `${expected} (got ${got}: no /prefix)` };
  const address = parseAddress(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || text.startsWith('[')) return { error: `${expected} (got ${got})` };
  // The IPv4-mapped form would silently turn into an IPv4 range with a different prefix.
  if (address.family === 4 && text.slice(0, slash).includes(':')) return { error: `${expected}; write IPv4 ranges in dotted form (got ${got})` };
  const width = WIDTH[address.family];
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > width) {
    return { error: `has a prefix length outside 0 to ${width} (got ${got})` };
  }
  const prefix = Number(prefixText);
  const network = address.value & mask(address.family, prefix);
  if (network !== address.value) {
    const fixed = `${formatAddress({ family: address.family, value: network })}/${prefix}`;
    return { error: `has bits set after the /${prefix} prefix (got ${got}); did you mean "${fixed}"?` };
  }
  return { family: address.family, value: network, prefix };
}

function contains(range: Cidr, address: Address): boolean {
  return range.family === address.family && (address.value & mask(range.family, range.prefix)) === range.value;
}

const compiled = new WeakMap<Provider, Cidr[]>();

/** The provider's ranges, parsed once per provider object; ranges that do not parse are skipped (the schema rejects them). */
function rangesOf(provider: Provider): Cidr[] {
  let ranges = compiled.get(provider);
  if (!ranges) {
    ranges = provider.ipRanges.map(parseCidr).filter((r): r is Cidr => !('error' in r));
    compiled.set(provider, ranges);
  }
  return ranges;
}

/**
 * The provider whose ip_ranges contain `ip`, or null. When several do, the most specific range
 * (longest prefix) wins, so a host can carve its customers' block out of a larger network.
 * Ties go to the first provider in the given order.
 */
export function providerForAddress(providers: readonly Provider[], ip: string): Provider | null {
  const address = parseAddress(ip.trim());
  if (address === undefined) return null;
  let best: { provider: Provider; prefix: number } | null = null;
  for (const provider of providers) {
    for (const range of rangesOf(provider)) {
      if (contains(range, address) && (best === null || range.prefix > best.prefix)) best = { provider, prefix: range.prefix };
    }
  }
  return best?.provider ?? null;
}

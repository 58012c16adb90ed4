// IP addresses and CIDR prefixes as numbers: matching bootstrap prefixes and reading RDAP ranges.
import { isNonPublicIPv4, isNonPublicIPv6, parseIPv4, parseIPv6 } from '../../core/ip-ranges.ts';

export interface IpAddress {
  family: 4 | 6;
  value: bigint;
  /** Canonical text: dotted IPv4, compressed lower-case IPv6 without brackets. */
  text: string;
}

export interface Cidr {
  family: 4 | 6;
  /** The first address (host bits cleared). */
  value: bigint;
  length: number;
}

const BITS = { 4: 32n, 6: 128n } as const;

function v4Text(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

function v6Text(value: bigint): string {
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  // The WHATWG URL serializer compresses the longest zero run, as RFC 5952 asks.
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/** Parses an IPv4 or IPv6 address; IPv4-mapped IPv6 (::ffff:a.b.c.d) comes back as IPv4. */
export function parseIp(text: string): IpAddress | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIPv4(bare);
  if (v4 !== undefined) return { family: 4, value: BigInt(v4), text: v4Text(BigInt(v4)) };
  // A zone id (fe80::1%eth0) names a local link: nothing a registry can answer for.
  if (bare.includes('%')) return undefined;
  const groups = parseIPv6(bare);
  if (groups === undefined) return undefined;
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn, text: v4Text(value & 0xffffffffn) };
  return { family: 6, value, text: v6Text(value) };
}

/** False for private, loopback, link-local, documentation, multicast and other reserved space. */
export function isPublicIp(ip: IpAddress): boolean {
  if (ip.family === 4) return !isNonPublicIPv4(Number(ip.value));
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((ip.value >> shift) & 0xffffn));
  return !isNonPublicIPv6(groups);
}

/** Parses `address/length`; host bits that are set are cleared rather than refused. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash === -1) return undefined;
  const lengthText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText)) return undefined;
  const address = parseIPv4(text.slice(0, slash)) !== undefined ? parseIp(text.slice(0, slash)) : parseV6Only(text.slice(0, slash));
  if (address === undefined) return undefined;
  const length = Number(lengthText);
  if (length > Number(BITS[address.family])) return undefined;
  return { family: address.family, value: networkOf(address.value, address.family, length), length };
}

// A v6 prefix must stay v6 even when it falls in ::ffff:0:0/96.
function parseV6Only(text: string): IpAddress | undefined {
  if (text.includes('%')) return undefined;
  const groups = parseIPv6(text);
  if (groups === undefined) return undefined;
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return { family: 6, value, text: v6Text(value) };
}

function networkOf(value: bigint, family: 4 | 6, length: number): bigint {
  const hostBits = BITS[family] - BigInt(length);
  return (value >> hostBits) << hostBits;
}

export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  return cidr.family === ip.family && networkOf(ip.value, ip.family, cidr.length) === cidr.value;
}

export function formatCidr(cidr: Cidr): string {
  return `${cidr.family === 4 ? v4Text(cidr.value) : v6Text(cidr.value)}/${cidr.length}`;
}

/** The fewest CIDR blocks covering start..end (inclusive), at most `max` of them; undefined past that. */
export function rangeToCidrs(start: IpAddress, end: IpAddress, max = 32): Cidr[] | undefined {
  if (start.family !== end.family || start.value > end.value) return undefined;
  const bits = BITS[start.family];
  const out: Cidr[] = [];
  let current = start.value;
  while (current <= end.value) {
    if (out.length === max) return undefined;
    // The largest block that starts at `current` (alignment) and does not pass `end` (size).
    let size = 0n;
    while (size < bits && ((current >> size) & 1n) === 0n && current + (1n << (size + 1n)) - 1n <= end.value) size += 1n;
    out.push({ family: start.family, value: current, length: Number(bits - size) });
    current += 1n << size;
  }
  return out;
}

// Pure IP parsing and the table of address ranges that are not on the public internet.

/** A parsed IPv4 address as an unsigned 32-bit number. */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    // Strict dotted decimal, like net.isIPv4: the WHATWG URL parser has already turned forms such
    // as 0x7f.1 or 2130706433 into this shape, so anything else here is not an address.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** A parsed IPv6 address as eight 16-bit groups; a zone id (`%eth0`) is ignored. */
export function parseIPv6(text: string): number[] | undefined {
  const zone = text.indexOf('%');
  const body = zone === -1 ? text : text.slice(0, zone);
  if (body.length === 0 || !/^[0-9a-fA-F:.]+$/.test(body)) return undefined;
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const pieces = text.split(':');
  const groups: number[] = [];
  for (const [index, piece] of pieces.entries()) {
    if (piece.includes('.')) {
      // An embedded IPv4 address may only stand last (::ffff:127.0.0.1).
      const v4 = index === pieces.length - 1 ? parseIPv4(piece) : undefined;
      if (v4 === undefined) return undefined;
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
    groups.push(Number.parseInt(piece, 16));
  }
  return groups;
}

// [first address, prefix length]: loopback, private, shared (CGNAT), link-local (cloud metadata
// at 169.254.169.254), documentation, benchmarking, multicast, reserved and broadcast.
const IPV4_NON_PUBLIC: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const IPV4_RANGES = IPV4_NON_PUBLIC.map(([first, bits]) => {
  const size = 2 ** (32 - bits);
  return { first: parseIPv4(first) ?? 0, size };
});

export function isNonPublicIPv4(value: number): boolean {
  return IPV4_RANGES.some((range) => value >= range.first && value < range.first + range.size);
}

function embeddedIPv4(groups: number[], at: number): number {
  return (groups[at] ?? 0) * 65536 + (groups[at + 1] ?? 0);
}

export function isNonPublicIPv6(groups: number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0] = groups;
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  // ::/96 holds :: and ::1 and the deprecated IPv4-compatible form; none is a public target.
  if (upperZero && g5 === 0) return true;
  // IPv4-mapped (::ffff:a.b.c.d): judged as the IPv4 address it stands for.
  if (upperZero && g5 === 0xffff) return isNonPublicIPv4(embeddedIPv4(groups, 6));
  // NAT64 well-known prefix 64:ff9b::/96 reaches the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return isNonPublicIPv4(embeddedIPv4(groups, 6));
  }
  // 64:ff9b:1::/48 is NAT64 for local use only.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return true;
  // 6to4 (2002::/16) carries an IPv4 address in bits 16..48.
  if (g0 === 0x2002) return isNonPublicIPv4(embeddedIPv4(groups, 1));
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return true; // discard-only 100::/64
  if (g0 === 0x2001 && g1 === 0xdb8) return true; // documentation 2001:db8::/32
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return true; // deprecated site-local fec0::/10
  if ((g0 & 0xff00) === 0xff00) return true; // multicast ff00::/8
  return false;
}

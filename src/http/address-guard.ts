// SSRF guard: refuses private, loopback and link-local targets, checked after DNS inside connect.
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { isNonPublicIPv4, isNonPublicIPv6, parseIPv4, parseIPv6 } from '../core/ip-ranges.ts';

export const PRIVATE_ADDRESS_CODE = 'ERR_PRIVATE_ADDRESS';

/**
 * True when `ip` is not a public internet address: private, CGNAT, loopback, link-local (cloud
 * metadata), unique-local, unspecified, multicast, reserved or documentation ranges, and IPv4-mapped
 * or NAT64 forms of those. Text that is not an IP address also answers true, so that a caller
 * refuses what it cannot judge. Brackets (`[::1]`) and IPv6 zone ids are accepted.
 */
export function isPrivateAddress(ip: string): boolean {
  const text = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return isNonPublicIPv4(v4);
  const v6 = parseIPv6(text);
  if (v6 !== undefined) return isNonPublicIPv6(v6);
  return true;
}

// Names that reach the local machine or a cloud metadata service without needing DNS to say so;
// some resolvers (systemd-resolved, /etc/hosts) answer them locally, and a proxy would too.
const PRIVATE_NAMES = new Set(['localhost', 'localhost.localdomain', 'metadata', 'metadata.google.internal']);

/** True for host names that always mean this machine or a metadata service (`localhost`, `*.localhost`). */
export function isPrivateHostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return PRIVATE_NAMES.has(name) || name.endsWith('.localhost');
}

/** The error the guard raises; its `code` is what classifyError maps to 'private-address'. */
export class PrivateAddressError extends Error {
  readonly code = PRIVATE_ADDRESS_CODE;
  readonly host: string;
  readonly address: string | undefined;

  constructor(host: string, address?: string) {
    const what = address === undefined || address === host ? host : `${host} (${address})`;
    super(`refused to connect to ${what}: not a public internet address (allow private addresses to permit it)`);
    this.name = 'PrivateAddressError';
    this.host = host;
    this.address = address;
  }
}

/**
 * Checks what can be checked before any connection: an IP-literal host, or a name that is always
 * local. Names that need DNS are checked later by the guarded lookup, at connect time.
 */
export function checkTargetHost(hostname: string, allowPrivate: boolean): PrivateAddressError | undefined {
  if (allowPrivate) return undefined;
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (isIP(bare) !== 0) return isPrivateAddress(bare) ? new PrivateAddressError(bare, bare) : undefined;
  return isPrivateHostName(bare) ? new PrivateAddressError(bare) : undefined;
}

export interface GuardedLookupOptions {
  allowPrivate: boolean;
  /** Host name -> IP to connect to instead of asking DNS (like curl --resolve). */
  resolve?: Record<string, string>;
  /** The resolver; node:dns lookup unless a test passes another. */
  dnsLookup?: typeof dnsLookup;
}

/**
 * A `lookup` for net/tls connect that applies `resolve` and then refuses non-public addresses.
 * Checking here, on the very addresses the socket is about to use, closes the DNS-rebinding gap a
 * separate resolve-then-connect check would leave. Any non-public address in the answer refuses the
 * host: a name that mixes public and private answers is itself a rebinding tell.
 */
export function createGuardedLookup(options: GuardedLookupOptions): LookupFunction {
  const resolveMap = new Map<string, string>();
  for (const [name, ip] of Object.entries(options.resolve ?? {})) resolveMap.set(name.toLowerCase(), ip);
  const resolver = options.dnsLookup ?? dnsLookup;

  return function guardedLookup(hostname, lookupOptions, callback) {
    function answer(addresses: LookupAddress[]): void {
      if (!options.allowPrivate) {
        const bad = addresses.find((entry) => isPrivateAddress(entry.address));
        if (bad !== undefined) {
          callback(new PrivateAddressError(hostname, bad.address), '');
          return;
        }
      }
      if (lookupOptions.all === true) {
        callback(null, addresses);
        return;
      }
      const first = addresses[0];
      if (first === undefined) {
        callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
        return;
      }
      callback(null, first.address, first.family);
    }

    const mapped = resolveMap.get(hostname.toLowerCase());
    if (mapped !== undefined) {
      answer([{ address: mapped, family: isIP(mapped) === 6 ? 6 : 4 }]);
      return;
    }
    const query: LookupOptions & { all: true } = { ...lookupOptions, all: true };
    resolver(hostname, query, (err, addresses) => {
      if (err) {
        callback(err, '');
        return;
      }
      answer(addresses);
    });
  };
}

// A site's host name, checked and lower-cased, and the first IP address it resolves to.
import { lookup } from 'node:dns/promises';
import { UserError } from '../../core/errors.ts';
import { parseIp } from './ip-address.ts';
import type { RdapMissing } from './types.ts';

/** Resolves a host name to one address; node:dns lookup (the system resolver) by default. */
export type HostLookup = (host: string) => Promise<string>;

export const systemHostLookup: HostLookup = async (host) => (await lookup(host)).address;

/** `Example.COM.` -> `example.com`; IP literals keep their canonical form. Anything else is a UserError. */
export function normalizeHost(input: string, field = 'host'): string {
  const trimmed = typeof input === 'string' ? input.trim() : '';
  const ip = parseIp(trimmed);
  if (ip !== undefined) return ip.text;
  const invalid = new UserError('RDAP_HOST_INVALID', `${field}: expected a host name such as example.com, got ${JSON.stringify(input)}`);
  if (trimmed === '' || trimmed.length > 253 || /[\s/\\?#@:%[\]]/.test(trimmed)) throw invalid;
  let hostname: string;
  try {
    hostname = new URL(`http://${trimmed}/`).hostname;
  } catch {
    throw invalid;
  }
  const name = hostname.replace(/\.$/, '');
  if (name === '' || name.startsWith('.') || name.includes('..')) throw invalid;
  return name;
}

export type Resolved = { ok: true; ip: string } | RdapMissing;

/** The caller's `resolve` map first (tests, the demo), then DNS. IP-literal hosts are their own address. */
export async function resolveHost(host: string, map: ReadonlyMap<string, string>, hostLookup: HostLookup): Promise<Resolved> {
  const literal = parseIp(host);
  if (literal !== undefined) return { ok: true, ip: literal.text };
  const mapped = map.get(host);
  if (mapped !== undefined) return { ok: true, ip: mapped };
  try {
    const address = parseIp(await hostLookup(host));
    if (address !== undefined) return { ok: true, ip: address.text };
    return { ok: false, reason: 'not-found', detail: `${host} resolved to something that is not an IP address`, source: [] };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    // No such name, or a name without addresses: the host is gone, not the resolver.
    const gone = code === 'ENOTFOUND' || code === 'ENODATA';
    return { ok: false, reason: gone ? 'not-found' : 'unreachable', detail: `${host} did not resolve to an address (${code})`, source: [] };
  }
}

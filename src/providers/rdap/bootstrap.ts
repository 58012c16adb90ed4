// RFC 9224 bootstrap files: parse IANA's dns/ipv4/ipv6 JSON and find the RDAP server for a name or address.
import { cidrContains, parseCidr } from './ip-address.ts';
import type { Cidr, IpAddress } from './ip-address.ts';

export const BOOTSTRAP_KINDS = ['dns', 'ipv4', 'ipv6'] as const;
export type BootstrapKind = (typeof BOOTSTRAP_KINDS)[number];

/** A parsed bootstrap file: one entry per key, base URLs ordered https first, each ending in `/`. */
export interface BootstrapTable {
  kind: BootstrapKind;
  publication?: string;
  /** dns: lower-case label runs (`co.uk`, `com`) to base URLs. */
  domains: Map<string, string[]>;
  /** ipv4/ipv6: prefixes, most specific first. */
  prefixes: { cidr: Cidr; key: string; urls: string[] }[];
}

export interface ServerMatch {
  /** The bootstrap key that matched (`co.uk`, `81.0.0.0/8`). */
  key: string;
  /** The base URL to query: https when the entry offers it. */
  baseUrl: string;
}

export type ParsedBootstrap = { ok: true; table: BootstrapTable } | { ok: false; problem: string };

// IANA's dns.json has ~600 services and ~1,200 keys; these caps only stop hostile or broken files.
const MAX_SERVICES = 10_000;
const MAX_KEYS = 100_000;
const MAX_URLS_PER_SERVICE = 16;
const MAX_STRING = 2048;

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length <= MAX_STRING);
}

/** Usable base URLs: absolute http(s), a trailing `/` added when missing, https first (RFC 9224 §3). */
export function orderBaseUrls(urls: readonly string[]): string[] {
  const usable: string[] = [];
  for (const text of urls) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
    if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') continue;
    usable.push(url.href.endsWith('/') ? url.href : `${url.href}/`);
  }
  return [...usable.filter((u) => u.startsWith('https:')), ...usable.filter((u) => u.startsWith('http:'))];
}

/** Reads a bootstrap document (already JSON-parsed). Entries without a usable URL or key are skipped. */
export function parseBootstrap(data: unknown, kind: BootstrapKind): ParsedBootstrap {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, problem: 'expected a JSON object with a "services" list' };
  }
  const record = data as Record<string, unknown>;
  const services = record['services'];
  if (!Array.isArray(services)) return { ok: false, problem: '"services" is missing or not a list' };
  if (services.length > MAX_SERVICES) return { ok: false, problem: `"services" has ${services.length} entries (more than ${MAX_SERVICES})` };
  const publication = typeof record['publication'] === 'string' && record['publication'].length <= 64 ? record['publication'] : undefined;
  const table: BootstrapTable = { kind, ...(publication === undefined ? {} : { publication }), domains: new Map(), prefixes: [] };
  let keyCount = 0;
  for (const [index, service] of services.entries()) {
    if (!Array.isArray(service) || service.length < 2 || !isStringArray(service[0]) || !isStringArray(service[1])) {
      return { ok: false, problem: `services[${index}]: expected [[keys...], [urls...]]` };
    }
    const [keys, rawUrls] = service as [string[], string[]];
    keyCount += keys.length;
    if (keyCount > MAX_KEYS) return { ok: false, problem: `more than ${MAX_KEYS} keys` };
    const urls = orderBaseUrls(rawUrls.slice(0, MAX_URLS_PER_SERVICE));
    if (urls.length === 0) continue;
    for (const key of keys) addKey(table, key, urls);
  }
  table.prefixes.sort((a, b) => b.cidr.length - a.cidr.length);
  if (table.domains.size === 0 && table.prefixes.length === 0) return { ok: false, problem: 'no usable entries' };
  return { ok: true, table };
}

function addKey(table: BootstrapTable, key: string, urls: string[]): void {
  if (table.kind === 'dns') {
    const name = key.toLowerCase().replace(/\.$/, '');
    // The first service that lists a key keeps it; a later duplicate is a publishing mistake.
    if (name !== '' && !table.domains.has(name)) table.domains.set(name, urls);
    return;
  }
  const cidr = parseCidr(key);
  if (cidr === undefined || cidr.family !== (table.kind === 'ipv4' ? 4 : 6)) return;
  table.prefixes.push({ cidr, key, urls });
}

/** The entry for the longest run of trailing labels of `name` (`co.uk` before `uk`). */
export function matchDomain(table: BootstrapTable, name: string): ServerMatch | undefined {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.');
  for (let i = 0; i < labels.length; i++) {
    const key = labels.slice(i).join('.');
    const urls = table.domains.get(key);
    if (urls?.[0] !== undefined) return { key, baseUrl: urls[0] };
  }
  return undefined;
}

/** The entry with the most specific prefix holding `ip` (`10.1.0.0/16` before `10.0.0.0/8`). */
export function matchIp(table: BootstrapTable, ip: IpAddress): ServerMatch | undefined {
  const hit = table.prefixes.find((entry) => cidrContains(entry.cidr, ip));
  return hit?.urls[0] === undefined ? undefined : { key: hit.key, baseUrl: hit.urls[0] };
}

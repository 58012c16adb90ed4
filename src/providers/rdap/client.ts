// createRdapClient: options checked once, bootstrap files loaded once, every answer kept for the run,
// and at most `concurrency` RDAP requests in flight.
import PQueue from 'p-queue';
import { systemClock } from '../../core/clock.ts';
import type { Clock } from '../../core/clock.ts';
import { UserError } from '../../core/errors.ts';
import type { HttpClient } from '../../core/http-types.ts';
import type { BootstrapKind } from './bootstrap.ts';
import { BOOTSTRAP_MAX_AGE_MS, defaultSnapshotDir, IANA_BOOTSTRAP_BASE, loadBootstrap } from './bootstrap-source.ts';
import type { BootstrapOrigin, LoadedBootstrap } from './bootstrap-source.ts';
import { parseIp } from './ip-address.ts';
import { lookupDomain, registrableDomain } from './lookup-domain.ts';
import type { LookupDeps } from './lookup-domain.ts';
import { lookupIp } from './lookup-ip.ts';
import { normalizeHost, resolveHost, systemHostLookup } from './resolve-host.ts';
import type { HostLookup } from './resolve-host.ts';
import type { DomainResult, IpResult, SiteLookup } from './types.ts';

export interface RdapClientOptions {
  /** All requests go through it; its address guard and caps apply (tests set allowPrivate). */
  http: HttpClient;
  /** Dates the cache (24 h freshness); the system clock by default. */
  clock?: Clock;
  /** Folder for cached bootstrap files, e.g. `<workspace>/.takedown/cache/rdap/`; none when absent. */
  cacheDir?: string;
  /** Where the bootstrap files are downloaded from; IANA (https://data.iana.org/rdap/) by default. */
  bootstrapBase?: string;
  /** The shipped snapshot (data/rdap/); tests may point elsewhere. */
  snapshotDir?: string;
  /** How long a cached bootstrap file is used before a new download; 24 h by default. */
  bootstrapMaxAgeMs?: number;
  /** RDAP requests in flight at once; 4 by default. */
  concurrency?: number;
  /** Cap on one RDAP answer; 1 MiB by default (real answers are a few kB). */
  maxBodyBytes?: number;
  /** Registrar links followed after a registry answer; 2 by default. */
  maxHops?: number;
  /** Host -> IP used instead of DNS by site() (tests, the demo). */
  resolve?: Record<string, string>;
  /** The resolver site() uses for hosts not in `resolve`; node:dns lookup by default. */
  lookupHost?: HostLookup;
  signal?: AbortSignal;
}

export interface BootstrapStatus {
  kind: BootstrapKind;
  origin: BootstrapOrigin;
  publication?: string;
  fetchedAt?: string;
  problems: string[];
}

export interface RdapClient {
  /** The registrar of a host's registrable domain and its abuse desk. Throws UserError RDAP_HOST_INVALID for a malformed name. */
  domain(name: string): Promise<DomainResult>;
  /** The network holding an address and its abuse desk. Throws UserError RDAP_IP_INVALID for a malformed address. */
  ip(address: string): Promise<IpResult>;
  /** Both lookups for a site's host (resolved to its first address). */
  site(host: string): Promise<SiteLookup>;
  /** The bootstrap files loaded so far and where each came from. */
  bootstrapStatus(): BootstrapStatus[];
}

function invalid(field: string, value: unknown, expected: string): UserError {
  return new UserError('RDAP_CONFIG_INVALID', `rdap.${field}: expected ${expected}, got ${JSON.stringify(value)}`);
}

function wholeNumber(field: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) throw invalid(field, value, `a whole number >= ${min}`);
  return value;
}

function baseUrl(value: string | undefined): string {
  if (value === undefined) return IANA_BOOTSTRAP_BASE;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('bootstrapBase', value, 'an http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('bootstrapBase', value, 'an http(s) URL');
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function resolveMap(map: Record<string, string> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [host, ip] of Object.entries(map ?? {})) {
    const address = parseIp(ip);
    if (address === undefined) throw invalid(`resolve.${host}`, ip, 'an IPv4 or IPv6 address');
    out.set(normalizeHost(host, `rdap.resolve.${host}`), address.text);
  }
  return out;
}

/** Keeps one promise per key: concurrent and later calls share it; a throw (a bug, a bad input) is not kept. */
function memo<T>(cache: Map<string, Promise<T>>, key: string, run: () => Promise<T>): Promise<T> {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const started = run();
  cache.set(key, started);
  started.catch(() => cache.delete(key));
  return started;
}

export function createRdapClient(options: RdapClientOptions): RdapClient {
  const clock = options.clock ?? systemClock;
  const queue = new PQueue({ concurrency: wholeNumber('concurrency', options.concurrency, 4, 1) });
  const limit = <T>(task: () => Promise<T>): Promise<T> => queue.add(task);
  const maxBodyBytes = wholeNumber('maxBodyBytes', options.maxBodyBytes, 1024 * 1024, 1024);
  const sourceDeps = {
    http: options.http,
    clock,
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    baseUrl: baseUrl(options.bootstrapBase),
    snapshotDir: options.snapshotDir ?? defaultSnapshotDir(),
    maxAgeMs: wholeNumber('bootstrapMaxAgeMs', options.bootstrapMaxAgeMs, BOOTSTRAP_MAX_AGE_MS, 0),
    limit,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const hosts = resolveMap(options.resolve);
  const hostLookup = options.lookupHost ?? systemHostLookup;

  const bootstraps = new Map<string, Promise<LoadedBootstrap>>();
  const loaded: LoadedBootstrap[] = [];
  const deps: LookupDeps = {
    http: options.http,
    limit,
    maxBodyBytes,
    maxHops: wholeNumber('maxHops', options.maxHops, 2, 0),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    bootstrap: (kind) =>
      memo(bootstraps, kind, async () => {
        const got = await loadBootstrap(kind, sourceDeps);
        loaded.push(got);
        return got;
      }),
  };

  const domains = new Map<string, Promise<DomainResult>>();
  const ips = new Map<string, Promise<IpResult>>();
  const sites = new Map<string, Promise<SiteLookup>>();

  async function domain(name: string): Promise<DomainResult> {
    const host = normalizeHost(name, 'domain');
    // www.example.com and example.com are one registration: one lookup.
    return memo(domains, registrableDomain(host) ?? host, () => lookupDomain(host, deps));
  }

  async function ip(address: string): Promise<IpResult> {
    const parsed = parseIp(typeof address === 'string' ? address.trim() : '');
    if (parsed === undefined) {
      throw new UserError('RDAP_IP_INVALID', `ip: expected an IPv4 or IPv6 address, got ${JSON.stringify(address)}`);
    }
    return memo(ips, parsed.text, () => lookupIp(parsed, deps));
  }

  async function site(hostInput: string): Promise<SiteLookup> {
    const host = normalizeHost(hostInput);
    return memo(sites, host, async () => {
      const [registrar, resolved] = await Promise.all([domain(host), resolveHost(host, hosts, hostLookup)]);
      const network = resolved.ok ? await ip(resolved.ip) : resolved;
      const registrable = registrableDomain(host);
      return {
        host,
        ...(registrable === undefined ? {} : { domain: registrable }),
        ...(resolved.ok ? { ip: resolved.ip } : {}),
        registrar,
        network,
      };
    });
  }

  function bootstrapStatus(): BootstrapStatus[] {
    return loaded.map((entry) => ({
      kind: entry.kind,
      origin: entry.origin,
      ...(entry.table.publication === undefined ? {} : { publication: entry.table.publication }),
      ...(entry.fetchedAt === undefined ? {} : { fetchedAt: entry.fetchedAt }),
      problems: [...entry.problems],
    }));
  }

  return { domain, ip, site, bootstrapStatus };
}

// What an RDAP lookup returns: plain objects, a closed set of failure reasons, contacts tagged by scope.

/**
 * Who an abuse contact acts for:
 * - registrar: the domain's registrar, which can suspend the domain;
 * - network: the holder of the IP block the site is served from, which can take the host down.
 */
export const ABUSE_SCOPES = ['registrar', 'network'] as const;
export type AbuseScope = (typeof ABUSE_SCOPES)[number];

/** One abuse desk; it has an email, a phone or both (never neither). */
export interface AbuseContact {
  scope: AbuseScope;
  email?: string;
  phone?: string;
  name?: string;
  /** The entity's RDAP handle, when it has one. */
  handle?: string;
}

/**
 * Why a lookup has no answer:
 * - no-server: the bootstrap names no RDAP server for it (a ccTLD without RDAP, a private or
 *   unallocated address, a host with no registrable domain);
 * - not-found: the server answered that it has no such object (HTTP 404), or the host has no address;
 * - unreachable: no answer (DNS, refused, timeout, TLS, rate limited, server error);
 * - bad-answer: an answer that is not usable RDAP JSON (wrong type, garbage, too large, wrong object).
 */
export const RDAP_FAILURE_REASONS = ['no-server', 'not-found', 'unreachable', 'bad-answer'] as const;
export type RdapFailureReason = (typeof RDAP_FAILURE_REASONS)[number];

export interface RdapMissing {
  ok: false;
  reason: RdapFailureReason;
  /** One sentence for people: what was asked, of whom, and what came back. */
  detail: string;
  /** The RDAP URLs asked (empty when none was). */
  source: string[];
}

export interface RegistrarInfo {
  name?: string;
  /** publicIds entry of type "IANA Registrar ID". */
  ianaId?: string;
  handle?: string;
  /** Usable contacts only: placeholders are left out (and named in `warnings`). */
  abuse: AbuseContact[];
}

export interface DomainFound {
  ok: true;
  /** The registrable domain that was looked up (`example.co.uk` for `www.example.co.uk`). */
  domain: string;
  registrar: RegistrarInfo;
  /** The RDAP URLs whose answers were used, registry first. */
  source: string[];
  /** Things a person may want to know: refused placeholders, a registrar server that did not answer. */
  warnings: string[];
}

export interface NetworkInfo {
  name?: string;
  handle?: string;
  /** From cidr0_cidrs, else computed from startAddress..endAddress. */
  cidr: string[];
  startAddress?: string;
  endAddress?: string;
  country?: string;
  abuse: AbuseContact[];
}

export interface IpFound {
  ok: true;
  ip: string;
  network: NetworkInfo;
  source: string[];
  warnings: string[];
}

export type DomainResult = DomainFound | RdapMissing;
export type IpResult = IpFound | RdapMissing;

/** Both lookups for one site. */
export interface SiteLookup {
  /** The host as given, lower-cased. */
  host: string;
  /** Its registrable domain; absent for IP-literal hosts and names under a bare public suffix. */
  domain?: string;
  /** The first address the host resolved to; absent when it did not resolve. */
  ip?: string;
  registrar: DomainResult;
  network: IpResult;
}

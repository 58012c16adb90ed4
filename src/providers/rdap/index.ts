// Abuse contacts by RDAP: who registered a site's domain and who holds its IP address, and their abuse desks.
//
//   const rdap = createRdapClient({ http, cacheDir: join(workspace, '.takedown/cache/rdap'), clock });
//   await rdap.domain('www.example.co.uk');  // registrar of example.co.uk, its abuse email and phone
//   await rdap.ip('203.0.113.7');            // network name, handle, CIDR, its abuse email
//   await rdap.site('tube.example');         // both, for the host's first address
//
// A missing answer is a result, never an exception: `{ ok: false, reason, detail, source }` with a
// reason from RDAP_FAILURE_REASONS. Only malformed input throws (UserError RDAP_HOST_INVALID,
// RDAP_IP_INVALID, RDAP_CONFIG_INVALID). Every abuse contact carries its scope ('registrar' can
// suspend the domain, 'network' can take the host down); placeholders (REDACTED, NOT DISCLOSED,
// PLEASE QUERY, removed@lacnic.net, non-addresses) are left out and named in `warnings`.
//
// Bootstrap (RFC 9224): the workspace cache when younger than 24 h, else a download from
// `bootstrapBase` (IANA by default, then cached 0600 in a 0700 folder), else an older cached copy,
// else the snapshot shipped in data/rdap/ (see its README). One client is one run: each domain,
// address and site is looked up once, and at most `concurrency` requests are in flight.
export { createRdapClient } from './client.ts';
export type { BootstrapStatus, RdapClient, RdapClientOptions } from './client.ts';
export type { BootstrapOrigin } from './bootstrap-source.ts';
export { IANA_BOOTSTRAP_BASE } from './bootstrap-source.ts';
export type { HostLookup } from './resolve-host.ts';
export { ABUSE_SCOPES, RDAP_FAILURE_REASONS } from './types.ts';
export type {
  AbuseContact,
  AbuseScope,
  DomainFound,
  DomainResult,
  IpFound,
  IpResult,
  NetworkInfo,
  RdapFailureReason,
  RdapMissing,
  RegistrarInfo,
  SiteLookup,
} from './types.ts';

// What DNS and RDAP say about the sites that have no channel of their own: their host's and their
// registrar's abuse desks, and the CDN in front of them (recognised by the providers' address ranges).
import { join } from 'node:path';
import type { Provider } from '../core/provider.ts';
import type { SiteFacts } from '../notices/plan.ts';
import { providerForAddress } from '../providers/ip-match.ts';
import { createRdapClient } from '../providers/rdap/index.ts';
import { systemHostLookup, type HostLookup } from '../providers/rdap/resolve-host.ts';
import { proxyFor, readProxySettings } from '../http/proxy-env.ts';
import type { SiteLookup } from '../providers/rdap/types.ts';
import type { CliIo } from './io.ts';
import { workspaceHttp, type Workspace } from './context.ts';

const PROXIED = 'PROXY_IN_USE';

/**
 * With a proxy (a corporate proxy, a Tor bridge), the sites' names must not go to the local DNS
 * server: the checker's requests do not, so neither may the lookup of who hosts them.
 */
function lookupUnlessProxied(env: Record<string, string | undefined>): HostLookup {
  const proxies = readProxySettings(env);
  return async (host) => {
    if (proxyFor(new URL(`https://${host}/`), proxies) !== undefined) {
      throw Object.assign(new Error(`${host}: not resolved while a proxy is in use`), { code: PROXIED });
    }
    return systemHostLookup(host);
  };
}

export type SiteFactsLookup = (hosts: readonly string[]) => Promise<Map<string, SiteFacts>>;

/** Turns one RDAP site lookup into the planner's facts. */
export function siteFactsFrom(site: SiteLookup, providers: readonly Provider[]): SiteFacts {
  const problems: string[] = [];
  const facts: SiteFacts = { host: site.host, domain: site.domain ?? site.host };
  if (site.ip !== undefined) {
    facts.ip = site.ip;
    const cdn = providerForAddress(providers, site.ip);
    if (cdn !== null && cdn.kind === 'cdn') facts.cdn = cdn;
  }
  if (site.network.ok) {
    const contact = site.network.network.abuse.find((a) => a.email !== undefined);
    if (contact?.email !== undefined) {
      const name = site.network.network.name ?? contact.name;
      facts.hostAbuse = { email: contact.email, ...(name === undefined ? {} : { name }) };
    } else problems.push(`the network of ${site.ip ?? site.host} lists no abuse email`);
  } else if (site.network.detail.includes(PROXIED)) {
    problems.push(`the host of ${site.host} was not looked up: a proxy is set, and resolving the site's name here would show it to this network's DNS server`);
  } else problems.push(site.network.detail);
  if (site.registrar.ok) {
    const contact = site.registrar.registrar.abuse.find((a) => a.email !== undefined);
    if (contact?.email !== undefined) {
      const name = site.registrar.registrar.name ?? contact.name;
      facts.registrarAbuse = { email: contact.email, ...(name === undefined ? {} : { name }) };
    } else problems.push(`the registrar of ${facts.domain} lists no abuse email`);
  } else problems.push(site.registrar.detail);
  if (problems.length > 0) facts.problem = problems.join('; ');
  return facts;
}

export async function workspaceSiteFacts(
  io: CliIo,
  workspace: Workspace,
  providers: readonly Provider[],
  options: { lookup: boolean; allowPrivate?: boolean },
): Promise<SiteFactsLookup> {
  if (!options.lookup) {
    return async (hosts) =>
      new Map(hosts.map((host) => [host, { host, domain: host, problem: 'lookups were turned off (--no-lookup)' }]));
  }
  const http = await workspaceHttp(io, workspace.settings, options.allowPrivate === undefined ? {} : { allowPrivate: options.allowPrivate });
  const rdap = createRdapClient({
    http,
    cacheDir: join(workspace.stateDir, 'cache', 'rdap'),
    resolve: workspace.settings.check.resolve,
    lookupHost: lookupUnlessProxied(io.env),
    ...(workspace.settings.rdap.bootstrapUrl === undefined ? {} : { bootstrapBase: workspace.settings.rdap.bootstrapUrl }),
  });
  return async (hosts) => {
    const found = await Promise.all(hosts.map(async (host) => siteFactsFrom(await rdap.site(host), providers)));
    return new Map(found.map((f) => [f.host, f]));
  };
}

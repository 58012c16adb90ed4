// What DNS and RDAP say about the sites that have no channel of their own: their host's and their
// registrar's abuse desks, and the CDN in front of them (recognised by the providers' address ranges).
import { join } from 'node:path';
import type { Provider } from '../core/provider.ts';
import type { SiteFacts } from '../notices/plan.ts';
import { providerForAddress } from '../providers/ip-match.ts';
import { createRdapClient } from '../providers/rdap/index.ts';
import type { SiteLookup } from '../providers/rdap/types.ts';
import type { CliIo } from './io.ts';
import { workspaceHttp, type Workspace } from './context.ts';

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
    ...(workspace.settings.rdap.bootstrapUrl === undefined ? {} : { bootstrapBase: workspace.settings.rdap.bootstrapUrl }),
  });
  return async (hosts) => {
    const found = await Promise.all(hosts.map(async (host) => siteFactsFrom(await rdap.site(host), providers)));
    return new Map(found.map((f) => [f.host, f]));
  };
}

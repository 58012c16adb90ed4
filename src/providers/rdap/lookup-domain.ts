// Domain -> its registrar and the registrar's abuse desk: the registry's RDAP answer, then the
// registrar's own server (links rel "related"/"registrar") when the registry's answer is thin.
import { getDomain } from 'tldts';
import { matchDomain } from './bootstrap.ts';
import type { BootstrapKind } from './bootstrap.ts';
import type { LoadedBootstrap } from './bootstrap-source.ts';
import { cleanName } from './contact-values.ts';
import { findRegistrar, isObject, nearestAbuse, publicId, stringField } from './entities.ts';
import type { RdapObject } from './entities.ts';
import { fetchAnswer } from './fetch-answer.ts';
import type { FetchAnswerDeps } from './fetch-answer.ts';
import { parseIp } from './ip-address.ts';
import { readVcard } from './jcard.ts';
import type { DomainResult, RegistrarInfo } from './types.ts';

export interface LookupDeps extends FetchAnswerDeps {
  bootstrap: (kind: BootstrapKind) => Promise<LoadedBootstrap>;
  /** Registrar links followed after the registry's answer; 2 by default. */
  maxHops: number;
}

const LINK_RELS = new Set(['related', 'registrar']);

/** The registrable domain of a host through the public suffix list (ICANN section), or undefined. */
export function registrableDomain(host: string): string | undefined {
  if (parseIp(host) !== undefined) return undefined;
  return getDomain(host, { allowPrivateDomains: false }) ?? undefined;
}

function bootstrapNote(loaded: LoadedBootstrap): string {
  const published = loaded.table.publication === undefined ? '' : ` published ${loaded.table.publication}`;
  return `the ${loaded.kind}.json bootstrap (${loaded.origin}${published})`;
}

/** Links to another RDAP answer for the same domain, most likely the registrar's, not yet fetched. */
function registrarLinks(data: RdapObject, answerUrl: string, fetched: ReadonlySet<string>): string[] {
  const links = data['links'];
  if (!Array.isArray(links)) return [];
  const out: string[] = [];
  for (const link of links.slice(0, 50)) {
    if (!isObject(link) || typeof link['rel'] !== 'string' || !LINK_RELS.has(link['rel'].toLowerCase())) continue;
    const href = link['href'];
    const type = typeof link['type'] === 'string' ? link['type'].toLowerCase() : undefined;
    if (typeof href !== 'string' || href.length > 2048) continue;
    let url: URL;
    try {
      url = new URL(href, answerUrl);
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
    // "related" also points at web pages; only RDAP answers (by type, or by path when untyped) help.
    const rdap = type === undefined ? url.pathname.toLowerCase().includes('/domain/') : type.includes('json');
    if (rdap && !fetched.has(url.href) && !out.includes(url.href)) out.push(url.href);
  }
  return out;
}

function readRegistrar(data: RdapObject, into: RegistrarInfo, warnings: string[]): boolean {
  const entity = findRegistrar(data);
  if (entity === undefined) return false;
  const card = readVcard(entity['vcardArray']);
  const name = cleanName(card.fn ?? card.org);
  if (into.name === undefined && name.ok) into.name = name.value;
  const ianaId = publicId(entity, 'IANA Registrar ID');
  if (into.ianaId === undefined && ianaId !== undefined) into.ianaId = ianaId;
  const handle = stringField(entity, 'handle', 100);
  if (into.handle === undefined && handle !== undefined) into.handle = handle;
  if (into.abuse.length === 0) into.abuse = nearestAbuse(entity, 'registrar', warnings);
  return true;
}

export async function lookupDomain(host: string, deps: LookupDeps): Promise<DomainResult> {
  const domain = registrableDomain(host);
  if (domain === undefined) {
    const why = parseIp(host) === undefined ? 'is not under a public suffix' : 'is an IP address';
    return { ok: false, reason: 'no-server', detail: `${host} ${why}, so it has no registrable domain to look up`, source: [] };
  }
  const loaded = await deps.bootstrap('dns');
  const server = matchDomain(loaded.table, domain);
  if (server === undefined) {
    const tld = domain.slice(domain.lastIndexOf('.') + 1);
    return { ok: false, reason: 'no-server', detail: `no RDAP server for .${tld} in ${bootstrapNote(loaded)}`, source: [] };
  }
  const query = `${server.baseUrl}domain/${domain}`;
  const first = await fetchAnswer(query, 'domain', deps);
  if (!first.ok) return first;

  const warnings: string[] = [];
  const source = [first.url];
  // Asked and answering URLs both: a registry that redirects must not be asked again through its own link.
  const fetched = new Set([query, first.url]);
  const registrar: RegistrarInfo = { abuse: [] };
  let named = readRegistrar(first.data, registrar, warnings);
  let current = first;
  // A thin registry answer names the registrar but not its abuse desk; the registrar's server has it.
  for (let hop = 0; hop < deps.maxHops && registrar.abuse.length === 0; hop++) {
    const next = registrarLinks(current.data, current.url, fetched)[0];
    if (next === undefined) break;
    fetched.add(next);
    const answer = await fetchAnswer(next, 'domain', deps);
    if (!answer.ok) {
      warnings.push(`the registrar's RDAP server gave nothing: ${answer.detail}`);
      break;
    }
    fetched.add(answer.url);
    source.push(answer.url);
    named = readRegistrar(answer.data, registrar, warnings) || named;
    current = answer;
  }
  if (!named) warnings.push(`no registrar is named in the RDAP answer for ${domain}`);
  else if (registrar.abuse.length === 0) warnings.push(`no usable abuse contact for the registrar of ${domain}`);
  return { ok: true, domain, registrar, source, warnings };
}

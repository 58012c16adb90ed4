// IP address -> the network holding it and that network's abuse desk, from the regional registry's RDAP.
import { matchIp } from './bootstrap.ts';
import { isObject, nearestAbuse, stringField } from './entities.ts';
import type { RdapObject } from './entities.ts';
import { fetchAnswer } from './fetch-answer.ts';
import { formatCidr, isPublicIp, parseCidr, parseIp, rangeToCidrs } from './ip-address.ts';
import type { IpAddress } from './ip-address.ts';
import type { LookupDeps } from './lookup-domain.ts';
import type { IpResult, NetworkInfo } from './types.ts';

/** cidr0_cidrs (the RIRs' "cidr0" extension): [{ v4prefix | v6prefix, length }]. */
function cidr0(data: RdapObject): string[] {
  const list = data['cidr0_cidrs'];
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const item of list.slice(0, 32)) {
    if (!isObject(item)) continue;
    const prefix = item['v4prefix'] ?? item['v6prefix'];
    const length = item['length'];
    if (typeof prefix !== 'string' || prefix.length > 64 || typeof length !== 'number' || !Number.isInteger(length)) continue;
    const cidr = parseCidr(`${prefix}/${length}`);
    if (cidr !== undefined) out.push(formatCidr(cidr));
  }
  return out;
}

function readNetwork(data: RdapObject, warnings: string[]): NetworkInfo {
  const start = parseIp(stringField(data, 'startAddress', 64) ?? '');
  const end = parseIp(stringField(data, 'endAddress', 64) ?? '');
  let cidr = cidr0(data);
  if (cidr.length === 0 && start !== undefined && end !== undefined) cidr = (rangeToCidrs(start, end) ?? []).map(formatCidr);
  const name = stringField(data, 'name');
  const handle = stringField(data, 'handle', 100);
  const country = stringField(data, 'country', 8);
  return {
    ...(name === undefined ? {} : { name }),
    ...(handle === undefined ? {} : { handle }),
    cidr,
    ...(start === undefined ? {} : { startAddress: start.text }),
    ...(end === undefined ? {} : { endAddress: end.text }),
    ...(country === undefined ? {} : { country }),
    abuse: nearestAbuse(data, 'network', warnings),
  };
}

export async function lookupIp(ip: IpAddress, deps: LookupDeps): Promise<IpResult> {
  // Registries answer for private space too (ARIN holds 192.168.0.0/16 as "reserved"): an abuse
  // desk from that answer would be IANA's, so such addresses are not looked up at all.
  if (!isPublicIp(ip)) {
    return { ok: false, reason: 'no-server', detail: `${ip.text} is a private, local or reserved address: no registry holds it`, source: [] };
  }
  const loaded = await deps.bootstrap(ip.family === 4 ? 'ipv4' : 'ipv6');
  const server = matchIp(loaded.table, ip);
  if (server === undefined) {
    const published = loaded.table.publication === undefined ? '' : ` published ${loaded.table.publication}`;
    return {
      ok: false,
      reason: 'no-server',
      detail: `no regional registry serves ${ip.text} in the ${loaded.kind}.json bootstrap (${loaded.origin}${published}): a private, reserved or unallocated address`,
      source: [],
    };
  }
  const answer = await fetchAnswer(`${server.baseUrl}ip/${ip.text}`, 'ip network', deps);
  if (!answer.ok) return answer;
  const warnings: string[] = [];
  const network = readNetwork(answer.data, warnings);
  if (network.abuse.length === 0) warnings.push(`no usable abuse contact for the network holding ${ip.text}`);
  return { ok: true, ip: ip.text, network, source: [answer.url], warnings };
}

// Rules between the keys of one provider file, which a per-field schema cannot express.
import { describeValue } from '../case-file/schema-issues.ts';
import { CHANNEL_KINDS } from '../core/notice.ts';
import { PROVIDER_KINDS } from '../core/provider.ts';
import type { Provider, ProviderKind } from '../core/provider.ts';
import { parseCidr } from './ip-match.ts';
import { providerMatches } from './match.ts';
import { HOSTLESS_KINDS, isRecord } from './schema.ts';

/** A problem with its path in the YAML data, positioned later by the caller. */
export interface PathProblem {
  path: (string | number)[];
  message: string;
}

/** The id check, on the raw data so that it is reported even when other fields are broken. */
export function idProblem(data: unknown, fileId: string): PathProblem | undefined {
  const id = isRecord(data) ? data['id'] : undefined;
  if (typeof id !== 'string' || id === fileId) return undefined;
  return { path: ['id'], message: `must equal the file name without .yaml, "${fileId}" (got ${describeValue(id)})` };
}

function providerKind(data: Record<string, unknown>): ProviderKind | undefined {
  const kind = data['kind'];
  return PROVIDER_KINDS.find((k) => k === kind);
}

function hasSignals(signals: unknown): boolean {
  return isRecord(signals) && Object.values(signals).some((group) => Array.isArray(group) && group.length > 0);
}

/**
 * Rules between keys, read from the raw YAML data so that they are reported together with every
 * schema problem rather than only once the rest of the file is right. Each rule stays silent when
 * a key it reads is itself malformed: the schema reports that one.
 */
export function rawProblems(data: unknown): PathProblem[] {
  if (!isRecord(data)) return [];
  const problems: PathProblem[] = [];
  const kind = providerKind(data);
  if (kind !== undefined && !HOSTLESS_KINDS.includes(kind) && data['hosts'] === undefined) {
    problems.push({
      path: ['hosts'],
      message: `missing (required): a ${kind} provider needs the hosts it serves; only ${HOSTLESS_KINDS.join(', ')} providers may leave it out`,
    });
  }
  if (hasSignals(data['signals']) && data['examples'] === undefined) {
    problems.push({ path: ['examples'], message: 'missing (required): a provider with checker signals needs examples that show them at work' });
  }
  const channels = data['channels'];
  if (Array.isArray(channels)) problems.push(...channels.flatMap((channel, i) => channelProblems(channel, i, kind)));
  if (Array.isArray(channels)) problems.push(...repeatedChannelIds(channels));
  const routesTo = data['routes_to'];
  if (typeof routesTo === 'string') {
    if (routesTo === data['id']) problems.push({ path: ['routes_to'], message: `names this provider itself ("${routesTo}")` });
    else if (Array.isArray(channels) && channels.length > 0) {
      problems.push({ path: ['routes_to'], message: `a provider that routes to "${routesTo}" has no channels of its own: remove routes_to or channels` });
    }
  }
  return problems;
}

function channelProblems(channel: unknown, i: number, providerKind: ProviderKind | undefined): PathProblem[] {
  if (!isRecord(channel)) return [];
  const at = (...rest: string[]): (string | number)[] => ['channels', i, ...rest];
  const problems: PathProblem[] = [];
  const kind = CHANNEL_KINDS.find((k) => k === channel['kind']);
  const has = (key: string): boolean => channel[key] !== undefined && channel[key] !== null;
  const from = channel['address_from'];
  if (kind === 'email' && !has('address') && !has('address_from')) {
    problems.push({ path: at(), message: 'an email channel needs address, or address_from (rdap-abuse or site-home)' });
  }
  if (kind === 'web-form' && !has('url') && from !== 'site-home') {
    const got = has('address_from') ? ` (got address_from ${describeValue(from)})` : '';
    problems.push({ path: has('address_from') ? at('address_from') : at(), message: `a web-form channel needs url, or address_from: site-home${got}` });
  }
  if (kind === 'in-app' && !has('url')) {
    problems.push({ path: at(), message: 'an in-app channel needs url: the help page that explains how to report in the app' });
  }
  if (has('address') && has('address_from')) {
    problems.push({ path: at('address_from'), message: 'give address or address_from, not both' });
  }
  if (channel['minors'] === true && channel['adults_only'] === true) {
    problems.push({
      path: at('adults_only'),
      message: 'cannot be true together with minors: true (a channel either takes content made under 18 or must not be used for it)',
    });
  }
  const bases = channel['bases'];
  if (Array.isArray(bases) && bases.length === 0 && providerKind !== undefined && providerKind !== 'hash-programme') {
    problems.push({ path: at('bases'), message: 'must list at least 1 notice kind (only hash-programme channels, which take no notice, may list none)' });
  }
  return problems;
}

function repeatedChannelIds(channels: unknown[]): PathProblem[] {
  const problems: PathProblem[] = [];
  const seen = new Map<string, number>();
  channels.forEach((channel, i) => {
    const id = isRecord(channel) ? channel['id'] : undefined;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else problems.push({ path: ['channels', i, 'id'], message: `repeats channel id "${id}" (already channels[${first}])` });
  });
  return problems;
}

/** Checks on a provider that passed the schema: repeated hosts and ranges, examples that this provider would not match. */
export function crossCheckProvider(provider: Provider): PathProblem[] {
  const problems: PathProblem[] = [];
  const seen = new Map<string, number>();
  provider.hosts.forEach((host, i) => {
    const first = seen.get(host);
    if (first === undefined) seen.set(host, i);
    else problems.push({ path: ['hosts', i], message: `repeats "${host}" (already hosts[${first}])` });
  });
  const ranges = new Map<string, number>();
  provider.ipRanges.forEach((text, i) => {
    const range = parseCidr(text);
    const key = 'error' in range ? text : `${range.family}/${range.value}/${range.prefix}`;
    const first = ranges.get(key);
    if (first === undefined) ranges.set(key, i);
    else problems.push({ path: ['ip_ranges', i], message: `repeats ${JSON.stringify(text)} (already ip_ranges[${first}])` });
  });
  provider.examples.forEach((example, i) => {
    if (!providerMatches(provider, example.url)) {
      const what = provider.patterns.length > 0 ? 'hosts and patterns' : 'hosts';
      problems.push({ path: ['examples', i, 'url'], message: `does not match this provider's ${what}: ${example.url}` });
    }
  });
  return problems;
}

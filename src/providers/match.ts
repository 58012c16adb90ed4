// Finds the provider for a URL: longest host suffix first, then the provider's URL patterns.
import type { Provider } from '../core/provider.ts';

export type ProviderMatcher = (url: string) => Provider | null;

const compiled = new WeakMap<Provider, RegExp[]>();

/** The provider's patterns, compiled once per provider object. */
function patternsOf(provider: Provider): RegExp[] {
  let regexes = compiled.get(provider);
  if (!regexes) {
    regexes = provider.patterns.map((p) => new RegExp(p));
    compiled.set(provider, regexes);
  }
  return regexes;
}

/** Lower-case host name of an http(s) URL without a trailing dot, or null when it has none. */
export function hostOf(url: string): string | null {
  const parsed = URL.parse(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return null;
  const host = parsed.hostname.toLowerCase();
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** True when `host` is `claimed` or one of its subdomains. */
export function hostClaims(claimed: string, host: string): boolean {
  return host === claimed || host.endsWith(`.${claimed}`);
}

/** Whether this one provider would take the URL (ignoring every other provider). */
export function providerMatches(provider: Provider, url: string): boolean {
  const host = hostOf(url);
  if (host === null) return false;
  if (!provider.hosts.some((claimed) => hostClaims(claimed, host))) return false;
  const regexes = patternsOf(provider);
  return regexes.length === 0 || regexes.some((r) => r.test(url));
}

/**
 * A matcher over many providers, indexed by host so that a lookup costs a few map reads per label
 * of the host rather than a scan of every provider. On each host level, providers with patterns
 * are tried before a provider without (which takes whatever its hosts serve); when nothing on a
 * level takes the URL, the parent domain is tried.
 */
export function createMatcher(providers: readonly Provider[]): ProviderMatcher {
  const byHost = new Map<string, Provider[]>();
  for (const provider of providers) {
    patternsOf(provider);
    for (const host of provider.hosts) {
      const list = byHost.get(host) ?? [];
      if (!list.includes(provider)) list.push(provider);
      byHost.set(host, list);
    }
  }
  for (const list of byHost.values()) {
    // Stable: patterned providers first, then file order (callers pass providers sorted by id).
    list.sort((a, b) => Number(a.patterns.length === 0) - Number(b.patterns.length === 0));
  }

  return (url: string): Provider | null => {
    let host = hostOf(url);
    while (host !== null) {
      const candidates = byHost.get(host);
      if (candidates) {
        for (const provider of candidates) {
          const regexes = patternsOf(provider);
          if (regexes.length === 0 || regexes.some((r) => r.test(url))) return provider;
        }
      }
      const dot = host.indexOf('.');
      host = dot === -1 ? null : host.slice(dot + 1);
    }
    return null;
  };
}

/**
 * For notices: who to ask about a URL. The checker's matcher, when the provider it finds has
 * channels; otherwise the provider with channels that serves the host (its patterns ignored),
 * so that a platform URL the checker's patterns do not cover (a Facebook photo, an Instagram
 * story, an Imgur album) still goes to the platform's own channel, not to an "unknown site".
 */
export function createRoutingMatcher(providers: readonly Provider[]): ProviderMatcher {
  const checker = createMatcher(providers);
  const withChannels = providers.filter((p) => p.channels.length > 0);
  return (url: string): Provider | null => {
    const found = checker(url);
    if (found !== null && found.channels.length > 0) return found;
    let host = hostOf(url);
    while (host !== null) {
      const level = host;
      const owner = withChannels.find((p) => p.hosts.includes(level));
      if (owner !== undefined) return owner;
      const dot = host.indexOf('.');
      host = dot === -1 ? null : host.slice(dot + 1);
    }
    return found;
  };
}

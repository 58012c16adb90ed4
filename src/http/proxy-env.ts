// Reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY from an env record and picks the proxy for a URL.
import { UserError } from '../core/errors.ts';

export interface NoProxyEntry {
  hostname: string;
  /** 0 when the entry names no port. */
  port: number;
}

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  /** `all` when NO_PROXY is `*`. */
  noProxy: NoProxyEntry[] | 'all';
}

type Env = Record<string, string | undefined>;

// Lower case first, as curl and undici do; an empty value counts as unset.
function pick(env: Env, name: string): { name: string; value: string } | undefined {
  for (const key of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[key]?.trim();
    if (value) return { name: key, value };
  }
  return undefined;
}

function proxyUrl(found: { name: string; value: string } | undefined): string | undefined {
  if (found === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(found.value);
  } catch {
    throw new UserError(
      'PROXY_URL_INVALID',
      `${found.name}: "${found.value}" is not a URL; expected http://host:port or https://host:port`,
    );
  }
  // SOCKS and other schemes are not wired here: refusing is better than silently going direct.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(
      'PROXY_URL_INVALID',
      `${found.name}: "${found.value}" uses ${url.protocol} but only http:// and https:// proxies are supported`,
    );
  }
  return url.href;
}

/** Same entry syntax as undici's EnvHttpProxyAgent: host, .host, *.host, host:port, or `*`. */
export function parseNoProxy(value: string): NoProxyEntry[] | 'all' {
  if (value.trim() === '*') return 'all';
  const entries: NoProxyEntry[] = [];
  for (const raw of value.split(/[,\s]/)) {
    if (!raw) continue;
    const withPort = /^(.+):(\d+)$/.exec(raw);
    const host = withPort?.[1] ?? raw;
    entries.push({
      hostname: host.replace(/^\*?\./, '').toLowerCase(),
      port: withPort?.[2] === undefined ? 0 : Number.parseInt(withPort[2], 10),
    });
  }
  return entries;
}

/**
 * Proxy settings from `env`. Like undici's EnvHttpProxyAgent, https URLs fall back to HTTP_PROXY
 * when HTTPS_PROXY is unset, so a user who set one proxy never leaks https traffic around it.
 */
export function readProxySettings(env: Env): ProxySettings {
  const httpProxy = proxyUrl(pick(env, 'http_proxy'));
  const httpsProxy = proxyUrl(pick(env, 'https_proxy')) ?? httpProxy;
  const noProxy = parseNoProxy(pick(env, 'no_proxy')?.value ?? '');
  return {
    ...(httpProxy === undefined ? {} : { httpProxy }),
    ...(httpsProxy === undefined ? {} : { httpsProxy }),
    noProxy,
  };
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/** The proxy URL to use for `url`, or undefined to connect directly. */
export function proxyFor(url: URL, settings: ProxySettings): string | undefined {
  const proxy = url.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
  if (proxy === undefined || settings.noProxy === 'all') return undefined;
  // url.hostname keeps the brackets of an IPv6 literal, as NO_PROXY entries are written.
  const hostname = url.hostname.toLowerCase();
  const port = Number.parseInt(url.port, 10) || DEFAULT_PORTS[url.protocol] || 0;
  for (const entry of settings.noProxy) {
    if (entry.port !== 0 && entry.port !== port) continue;
    if (hostname === entry.hostname || hostname.endsWith(`.${entry.hostname}`)) return undefined;
  }
  return proxy;
}

// The HttpClient on undici: GET with redirects followed by hand, SSRF guard, caps, timeouts, proxy.
import { getCACertificates } from 'node:tls';
import { Agent, ProxyAgent, buildConnector, request } from './undici-parts.ts';
import type { Dispatcher } from 'undici';
import type { GetOptions, HttpClient, HttpFailure, HttpOutcome, HttpResponse, RedirectHop } from '../core/http-types.ts';
import { UserError } from '../core/errors.ts';
import { urlKey } from '../core/url-key.ts';
import { checkTargetHost, createGuardedLookup } from './address-guard.ts';
import { classifyError } from './classify-error.ts';
import type { HttpConfig } from './config.ts';
import { validateHttpConfig } from './config.ts';
import { failureMessage } from './failure-message.ts';
import { isMediaType, normalizeHeaders, rawHeaderPairs, requestHeaders } from './headers.ts';
import { proxyFor, readProxySettings } from './proxy-env.ts';
import { readBody } from './read-body.ts';
import { nextRedirect } from './redirect.ts';

export type { HttpConfig } from './config.ts';

// A redirect's own body is read this far, so that the connection can be reused, and no further.
const REDIRECT_BODY_DUMP_BYTES = 64 * 1024;
const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

interface Route {
  dispatcher: Dispatcher;
  proxy: string | undefined;
}

function originKey(protocol: string, hostname: string, port: string | number): string {
  return `${protocol}//${hostname}:${Number(port) || DEFAULT_PORTS[protocol] || 0}`;
}

function parseTarget(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError('HTTP_URL_INVALID', `url: expected an absolute http(s) URL, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UserError('HTTP_URL_INVALID', `url: expected an http or https URL, got ${JSON.stringify(url)}`);
  }
  return parsed;
}

/** Reads the final body, or drops it unread when it is media the case may not fetch. */
async function takeBody(
  body: Dispatcher.ResponseData['body'],
  headers: Record<string, string>,
  skipMedia: boolean,
  cap: number,
): Promise<Pick<HttpResponse, 'body' | 'truncated' | 'bodySkipped'>> {
  if (skipMedia && isMediaType(headers['content-type'])) {
    // Destroying a body that already arrived in full makes undici emit 'Request aborted' on it;
    // unheard, that error would crash the process.
    body.on('error', () => undefined);
    body.destroy();
    return { body: new Uint8Array(0), truncated: false, bodySkipped: true };
  }
  const read = await readBody(body, headers['content-encoding'], cap);
  return { ...read, bodySkipped: false };
}

export function createHttpClient(config: HttpConfig): HttpClient {
  validateHttpConfig(config);
  const maxRedirects = config.maxRedirects ?? 10;
  const proxySettings = readProxySettings(config.env ?? {});
  // Passing `ca` to TLS replaces the default store, so extra CAs are added to it, not swapped in.
  // The default store already holds NODE_EXTRA_CA_CERTS, which Node reads at startup.
  const ca = config.ca !== undefined && config.ca.length > 0 ? [...getCACertificates('default'), ...config.ca] : undefined;
  const tlsOptions = { timeout: config.connectTimeoutMs, ...(ca === undefined ? {} : { ca }) };

  // Address of the latest connection to each origin; undici does not tell which socket answered a
  // request, and a pooled socket for an origin was opened by this same connector.
  const lastAddress = new Map<string, string>();
  const connector = buildConnector({
    ...tlsOptions,
    lookup: createGuardedLookup({
      allowPrivate: config.allowPrivate,
      ...(config.resolve === undefined ? {} : { resolve: config.resolve }),
    }),
  });
  const direct = new Agent({
    connect(options, callback) {
      connector(options, (err, socket) => {
        if (err === null && socket.remoteAddress !== undefined) {
          lastAddress.set(originKey(options.protocol, options.hostname, options.port), socket.remoteAddress);
        }
        if (err === null) callback(null, socket);
        else callback(err, null);
      });
    },
  });
  const proxies = new Map<string, InstanceType<typeof ProxyAgent>>();

  function route(url: URL): Route {
    const proxy = proxyFor(url, proxySettings);
    if (proxy === undefined) return { dispatcher: direct, proxy };
    let agent = proxies.get(proxy);
    if (agent === undefined) {
      // The proxy itself is not vetted by the address guard: it is the user's own choice and often
      // sits on loopback (Tor bridges, local filtering proxies). Plain-http targets also go through a
      // CONNECT tunnel (undici's default): Tor's HTTPTunnelPort speaks nothing else, and a proxy that
      // refuses a tunnel fails loudly, where an absolute-URI proxy error page would pass for the site.
      agent = new ProxyAgent({ uri: proxy, requestTls: tlsOptions, proxyTls: tlsOptions });
      proxies.set(proxy, agent);
    }
    return { dispatcher: agent, proxy };
  }

  async function get(url: string, options: GetOptions = {}): Promise<HttpOutcome> {
    const first = parseTarget(url);
    const cap = options.maxBodyBytes ?? config.maxBodyBytes;
    if (!Number.isInteger(cap) || cap < 0) {
      throw new UserError('HTTP_CONFIG_INVALID', `maxBodyBytes: expected a whole number >= 0, got ${JSON.stringify(cap)}`);
    }
    const startedAt = new Date().toISOString();
    const started = performance.now();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), config.timeoutMs);
    const signal = options.signal === undefined ? deadline.signal : AbortSignal.any([deadline.signal, options.signal]);

    const redirects: RedirectHop[] = [];
    const seen = new Set([urlKey(first.href)]);
    let current = first;
    let currentText = url;
    let headersMs = 0;
    let proxy: string | undefined;

    function timings(): HttpFailure['timings'] {
      return { startedAt, headersMs, totalMs: Math.round(performance.now() - started) };
    }
    function fail(failure: Pick<HttpFailure, 'kind' | 'message'> & { code?: string | undefined }): HttpOutcome {
      const { code, ...rest } = failure;
      return {
        ok: false,
        failure: { ...rest, ...(code === undefined ? {} : { code }), url: currentText, redirects, timings: timings() },
      };
    }

    try {
      for (;;) {
        // Every hop is vetted. Direct connections are also checked after DNS, in the guarded lookup.
        // Through a proxy, the proxy resolves the target's name, so only IP literals and always-local
        // names can be refused (here); the DNS-based check is then the proxy's job.
        const refused = checkTargetHost(current.hostname, config.allowPrivate);
        if (refused !== undefined) return fail({ kind: 'private-address', code: refused.code, message: refused.message });
        const hop = route(current);
        proxy = hop.proxy;
        const sent = requestHeaders(config.userAgent, options.headers, current.origin === first.origin);
        const response = await request(current, {
          dispatcher: hop.dispatcher,
          method: 'GET',
          headers: sent,
          // The flat list as received (names, order, repeats), kept for evidence records.
          responseHeaders: 'raw',
          signal,
          ...(config.headersTimeoutMs === undefined ? {} : { headersTimeout: config.headersTimeoutMs }),
          ...(config.bodyTimeoutMs === undefined ? {} : { bodyTimeout: config.bodyTimeoutMs }),
        });
        headersMs = Math.round(performance.now() - started);
        const raw = rawHeaderPairs(response.headers);
        const headers = normalizeHeaders(raw.grouped);
        const step = nextRedirect({
          url: currentText,
          status: response.statusCode,
          location: headers['location'],
          seen,
          followed: redirects.length,
          maxRedirects,
        });

        if (step.kind === 'final') {
          const taken = await takeBody(response.body, headers, options.skipMediaBody === true, cap);
          const address = proxy === undefined ? lastAddress.get(originKey(current.protocol, current.hostname, current.port)) : undefined;
          return {
            ok: true,
            response: {
              url,
              finalUrl: current.href,
              status: response.statusCode,
              headers,
              ...taken,
              redirects,
              ...(address === undefined ? {} : { remoteAddress: address }),
              timings: timings(),
              wire: {
                method: 'GET',
                requestHeaders: [['host', current.host], ...Object.entries(sent)],
                httpVersion: '1.1',
                statusText: response.statusText ?? '',
                responseHeaders: raw.pairs,
              },
            },
          };
        }

        await response.body.dump({ limit: REDIRECT_BODY_DUMP_BYTES, signal }).catch(() => undefined);
        if (step.hop !== undefined) redirects.push(step.hop);
        if (step.kind === 'fail') return fail({ kind: step.failure, message: step.message });
        current = new URL(step.hop.location);
        currentText = step.hop.location;
        seen.add(urlKey(current.href));
      }
    } catch (err) {
      if (deadline.signal.aborted) {
        return fail({ kind: 'timeout', code: 'ERR_TOTAL_TIMEOUT', message: failureMessage('timeout', 'ERR_TOTAL_TIMEOUT', config, proxy, err) });
      }
      if (options.signal?.aborted === true) {
        return fail({ kind: 'aborted', code: 'ABORT_ERR', message: 'the request was cancelled by the caller' });
      }
      const { kind, code } = classifyError(err);
      // undici reports a proxy that refused the CONNECT tunnel as an aborted request; nobody here
      // aborted it, so it is the proxy saying no.
      const proxyRefused = kind === 'aborted' && proxy !== undefined;
      const finalKind = proxyRefused ? 'refused' : kind;
      return fail({ kind: finalKind, code, message: failureMessage(finalKind, code, config, proxy, err) });
    } finally {
      clearTimeout(timer);
    }
  }

  async function close(): Promise<void> {
    await Promise.all([direct.close(), ...[...proxies.values()].map((agent) => agent.close())]);
  }

  return { get, close };
}

// The parts of undici the HTTP client uses, loaded one by one. undici's index loads all of it
// (fetch, WebSocket, EventSource, caches, mocks), and its fetch code touches globals that make
// Node load the copy of undici built into Node as well: together some 15 MB more memory in every
// check, for code a check never runs. test/http/undici-parts.test.ts pins these paths to the
// index's own exports, so an undici upgrade that moves them fails there, not in a user's run.
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const load = createRequire(import.meta.url);

// What undici's index does first: every dispatcher gets request(), connect() and the rest (the
// proxy agent opens its tunnels with connect()).
const Dispatcher = load('undici/lib/dispatcher/dispatcher.js') as { prototype: object };
Object.assign(Dispatcher.prototype, load('undici/lib/api/index.js') as object);

export const Agent = load('undici/lib/dispatcher/agent.js') as typeof Undici.Agent;
export const ProxyAgent = load('undici/lib/dispatcher/proxy-agent.js') as typeof Undici.ProxyAgent;
export const buildConnector = load('undici/lib/core/connect.js') as typeof Undici.buildConnector;

type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'>;
const dispatchRequest = (load('undici/lib/api/index.js') as { request: unknown }).request as (
  this: Undici.Dispatcher,
  options: Undici.Dispatcher.RequestOptions,
) => Promise<Undici.Dispatcher.ResponseData>;

/** undici's request(url, options) for an absolute URL and an explicit dispatcher. */
export function request(url: URL, options: RequestOptions & { dispatcher: Undici.Dispatcher }): Promise<Undici.Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  return dispatchRequest.call(dispatcher, { ...rest, origin: url.origin, path: `${url.pathname}${url.search}` });
}

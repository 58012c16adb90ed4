// The HTTP layer's public surface: the undici-backed HttpClient and its pure helpers.
export { createHttpClient } from './client.ts';
export type { HttpConfig } from './config.ts';
export { validateHttpConfig } from './config.ts';
export { isPrivateAddress, isPrivateHostName, PRIVATE_ADDRESS_CODE } from './address-guard.ts';
export { classifyError } from './classify-error.ts';
export type { ErrorClass } from './classify-error.ts';
export { readProxySettings, proxyFor } from './proxy-env.ts';
export type { ProxySettings } from './proxy-env.ts';

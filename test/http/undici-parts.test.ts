// The client loads undici's parts one by one (src/http/undici-parts.ts): they must be the very
// ones undici's index exports, or an upgrade has moved them.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as Undici from 'undici';
import { Agent, ProxyAgent, buildConnector } from '../../src/http/undici-parts.ts';

describe('undici parts', () => {
  it('are the classes and functions of undici index', () => {
    expect(Agent).toBe(Undici.Agent);
    expect(ProxyAgent).toBe(Undici.ProxyAgent);
    expect(buildConnector).toBe(Undici.buildConnector);
    // Every dispatcher has undici's request API, as after importing undici itself.
    const load = createRequire(import.meta.url);
    const api = load('undici/lib/api/index.js') as Record<string, unknown>;
    expect(Object.keys(api).length).toBeGreaterThan(0);
    for (const [name, fn] of Object.entries(api)) expect((Agent.prototype as unknown as Record<string, unknown>)[name]).toBe(fn);
    expect(Undici.Agent.prototype.request).toBe(api['request']);
  });
});

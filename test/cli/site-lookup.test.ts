// Site facts from RDAP: abuse desks, the CDN by address range, and no local DNS behind a proxy.
import { describe, expect, it } from 'vitest';
import { siteFactsFrom } from '../../src/cli/site-lookup.ts';
import { loadBuiltinProviders } from '../../src/providers/load.ts';

const providers = await loadBuiltinProviders();

describe('siteFactsFrom', () => {
  it('takes the network and registrar abuse emails, and recognises a CDN by its address', () => {
    const facts = siteFactsFrom(
      {
        host: 'forum.example',
        domain: 'forum.example',
        ip: '104.16.1.1',
        network: { ok: true, ip: '104.16.1.1', network: { name: 'CLOUDFLARENET', cidr: [], abuse: [{ scope: 'network', email: 'abuse@cloudflare.com' }] }, source: [], warnings: [] },
        registrar: { ok: true, domain: 'forum.example', registrar: { name: 'Names Inc', abuse: [{ scope: 'registrar', email: 'abuse@names.example' }] }, source: [], warnings: [] },
      },
      providers,
    );
    expect(facts).toMatchObject({
      domain: 'forum.example',
      ip: '104.16.1.1',
      hostAbuse: { name: 'CLOUDFLARENET', email: 'abuse@cloudflare.com' },
      registrarAbuse: { name: 'Names Inc', email: 'abuse@names.example' },
    });
    expect(facts.cdn?.id).toBe('cloudflare');
    expect(facts.problem).toBeUndefined();
  });

  it('says the host was not looked up when a proxy is in use', () => {
    const facts = siteFactsFrom(
      {
        host: 'forum.example',
        domain: 'forum.example',
        network: { ok: false, reason: 'unreachable', detail: 'forum.example did not resolve to an address (PROXY_IN_USE)', source: [] },
        registrar: { ok: false, reason: 'no-server', detail: 'no RDAP server for .example', source: [] },
      },
      providers,
    );
    expect(facts.problem).toMatch(/was not looked up: a proxy is set, and resolving the site's name here would show it to this network's DNS server; no RDAP server for \.example/);
  });
});

// The provider registry: every file in providers/ loads cleanly, every example matches its own
// provider and is classified to the state (and reason) it expects, the providers the notices need
// are there, and every channel is sourced and dated.
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/checker/classify.ts';
import { formatIssue } from '../../src/core/errors.ts';
import type { Provider, ProviderExample } from '../../src/core/provider.ts';
import { exampleOutcome } from '../../src/providers/examples.ts';
import { defaultProvidersDir, loadProviders } from '../../src/providers/load.ts';
import { GENERIC_PROVIDERS, providerForAddress } from '../../src/providers/ip-match.ts';
import { createMatcher, providerMatches } from '../../src/providers/match.ts';

const dir = defaultProvidersDir();
const { providers, issues } = await loadProviders(dir);
const matcher = createMatcher(providers);

const examples: [string, string, Provider, ProviderExample][] = providers.flatMap((provider) =>
  provider.examples.map((example): [string, string, Provider, ProviderExample] => [provider.id, example.name, provider, example]),
);

describe('providers/ registry', () => {
  it('loads without a single issue', () => {
    expect(issues.map(formatIssue)).toEqual([]);
  });

  it('holds at least 32 providers, one per .yaml file', () => {
    const files = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
    expect(providers.length).toBeGreaterThanOrEqual(32);
    expect(providers.length).toBe(files.length);
  });

  it.each(providers.map((p) => [p.id, p] as const))('%s: file name equals id, facts dated and sourced', (id, provider) => {
    expect(basename(provider.file ?? '')).toBe(`${id}.yaml`);
    expect(provider.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(provider.source.length).toBeGreaterThan(0);
    const { removed, legal, blocked, live } = provider.signals;
    if (removed.length + legal.length + blocked.length + live.length > 0) expect(provider.examples.length).toBeGreaterThan(0);
  });

  it.each(examples)('%s / %s: the URL belongs to this provider and no other', (id, _name, _provider, example) => {
    expect(matcher(example.url)?.id).toBe(id);
    expect(providers.filter((p) => providerMatches(p, example.url)).map((p) => p.id)).toEqual([id]);
  });

  it.each(examples)('%s / %s: classified as expected', (_id, _name, provider, example) => {
    const result = classify({ url: example.url, outcome: exampleOutcome(example), provider, probe: null });
    const got = example.expect.reason === undefined ? { state: result.state } : { state: result.state, reason: result.reason };
    expect(got, JSON.stringify(result.detail)).toEqual(example.expect);
  });
});

/** The providers issue 3 names; the notices planner relies on them. */
const REQUIRED = [
  'google-search', 'bing', 'yandex', 'duckduckgo',
  'facebook', 'instagram', 'threads', 'twitter', 'reddit', 'tiktok', 'snapchat', 'telegram', 'discord',
  'youtube', 'vimeo', 'pornhub', 'onlyfans', 'imgur', 'tumblr', 'bluesky',
  'cloudflare', 'stopncii', 'ncmec-take-it-down', 'ncmec-cybertipline', 'iwf', 'esafety',
  ...Object.values(GENERIC_PROVIDERS),
];

/** Named providers the research has no channel for: they fall back to the generic providers. */
const NO_CHANNEL_KNOWN = ['tumblr', 'bluesky'];

/** Files that repeat another file's channels (YAML anchors cannot span files). */
const SAME_CHANNELS: [string, string][] = [
  ['instagram', 'facebook'],
  ['instagram-profile', 'facebook'],
  ['threads', 'facebook'],
  ['twitter-account', 'twitter'],
  ['reddit-user', 'reddit'],
  ['tiktok-profile', 'tiktok'],
  ['telegram-channel', 'telegram'],
  ['pornhub-user', 'pornhub'],
  ['imgur-user', 'imgur'],
];

const byId = (id: string): Provider => {
  const provider = providers.find((p) => p.id === id);
  if (!provider) throw new Error(`no provider "${id}"`);
  return provider;
};

const channels = providers.flatMap((p) => p.channels.map((ch) => [`${p.id} / ${ch.id}`, ch] as const));

describe('providers/ directory for notices', () => {
  it.each(REQUIRED.map((id) => [id]))('%s is defined, with channels or a route to another provider', (id) => {
    const provider = byId(id);
    if (NO_CHANNEL_KNOWN.includes(id)) expect(provider.channels).toEqual([]);
    else expect(provider.channels.length > 0 || provider.routesTo !== undefined, id).toBe(true);
  });

  it.each(channels)('%s: sourced and dated', (_name, channel) => {
    expect(channel.source.length).toBeGreaterThan(0);
    for (const source of channel.source) expect(source.trim()).not.toBe('');
    expect(channel.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each(SAME_CHANNELS)('%s has the same channels as %s', (copy, main) => {
    expect(byId(copy).channels).toEqual(byId(main).channels);
  });

  it.each([
    ['twitter', 'take-it-down-form', []],
    ['discord', 'take-it-down-form', []],
    ['snapchat', 'safety-form', []],
    ['google-search', 'dmca', ['lumen']],
    ['cloudflare', 'abuse-form', ['site-owner', 'host']],
    ['vimeo', 'privacy-complaint', ['uploader']],
  ])('%s / %s discloses the reporter to %j', (id, channelId, targets) => {
    expect(byId(id).channels.find((ch) => ch.id === channelId)?.disclosesReporterTo).toEqual(targets);
  });

  it.each([['twitter'], ['discord'], ['facebook'], ['instagram'], ['threads']])('%s lists take-it-down first', (id) => {
    expect(byId(id).channels[0]?.bases[0]).toBe('take-it-down');
  });

  it.each([['google-search'], ['bing'], ['yandex']])('%s takes search-delisting', (id) => {
    expect(byId(id).kind).toBe('search-engine');
    expect(byId(id).channels.some((ch) => ch.bases.includes('search-delisting'))).toBe(true);
  });

  it('DuckDuckGo routes to Bing', () => {
    expect(byId('duckduckgo')).toMatchObject({ routesTo: 'bing', channels: [] });
  });

  it('child protection: hash programmes and report lines are marked for minors or adults', () => {
    expect(byId('stopncii')).toMatchObject({ kind: 'hash-programme', channels: [{ adultsOnly: true, minors: false }] });
    expect(byId('ncmec-take-it-down')).toMatchObject({ kind: 'hash-programme', channels: [{ minors: true, adultsOnly: false }] });
    for (const id of ['ncmec-cybertipline', 'iwf']) expect(byId(id).channels).toMatchObject([{ minors: true, bases: ['child-protection'] }]);
    expect(byId('esafety')).toMatchObject({ kind: 'regulator', channels: [{ bases: ['esafety-referral'], responseHours: 24 }] });
  });

  it('the generic providers find their address at run time', () => {
    expect(byId(GENERIC_PROVIDERS.site).channels).toMatchObject([
      { kind: 'web-form', addressFrom: 'site-home', bases: ['policy-ncii', 'dsa-art16', 'gdpr-erasure', 'take-it-down', 'uk-intimate-image', 'dmca'] },
    ]);
    for (const id of [GENERIC_PROVIDERS.host, GENERIC_PROVIDERS.cdn]) {
      expect(byId(id).channels).toMatchObject([{ kind: 'email', addressFrom: 'rdap-abuse', bases: ['abuse-report', 'dsa-art16'] }]);
    }
    expect(byId(GENERIC_PROVIDERS.registrar).channels).toMatchObject([{ kind: 'email', addressFrom: 'rdap-abuse', bases: ['abuse-report'] }]);
  });

  it('Cloudflare: a CDN with the NCSEI category and its published ranges', () => {
    const cloudflare = byId('cloudflare');
    expect(cloudflare.kind).toBe('cdn');
    expect(cloudflare.channels[0]?.fields.some((f) => f.answer.includes('NCSEI'))).toBe(true);
    expect(cloudflare.ipRanges).toContain('173.245.48.0/20');
    expect(providerForAddress(providers, '104.16.132.229')?.id).toBe('cloudflare');
    expect(providerForAddress(providers, '2606:4700::6810:84e5')?.id).toBe('cloudflare');
    expect(providerForAddress(providers, '192.0.2.1')).toBeNull();
  });
});

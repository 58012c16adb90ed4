// The provider registry: every file in providers/ loads cleanly, every example matches its own
// provider and is classified to the state (and reason) it expects, the providers the notices need
// are there, every channel is sourced and dated, its notes are sentences, and its form answers are
// worded for each kind of filer, adult and minor.
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/checker/classify.ts';
import { formatIssue } from '../../src/core/errors.ts';
import type { NoticeContext, ProviderChannel } from '../../src/core/notice.ts';
import type { Provider, ProviderExample } from '../../src/core/provider.ts';
import { renderSnippet, renderSnippetCollecting } from '../../src/notices/render.ts';
import { exampleOutcome } from '../../src/providers/examples.ts';
import { defaultProvidersDir, loadProviders } from '../../src/providers/load.ts';
import { GENERIC_PROVIDERS, providerForAddress } from '../../src/providers/ip-match.ts';
import { createMatcher, providerMatches } from '../../src/providers/match.ts';
import { fullContext, minorContext } from '../notices/sample-context.ts';

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
const NO_CHANNEL_KNOWN: string[] = [];

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
  ['bluesky-profile', 'bluesky'],
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
    ['twitter', 'dmca', ['uploader']],
    ['bluesky', 'ncii-form', []],
    ['bluesky', 'copyright', ['uploader']],
    ['tumblr', 'dmca', ['uploader']],
  ])('%s / %s discloses the reporter to %j', (id, channelId, targets) => {
    expect(byId(id).channels.find((ch) => ch.id === channelId)?.disclosesReporterTo).toEqual(targets);
  });

  it.each([['twitter'], ['discord'], ['facebook'], ['instagram'], ['threads'], ['bluesky']])('%s lists take-it-down first', (id) => {
    expect(byId(id).channels[0]?.bases[0]).toBe('take-it-down');
  });

  it.each([['google-search'], ['bing'], ['yandex']])('%s takes search-delisting', (id) => {
    expect(byId(id).kind).toBe('search-engine');
    expect(byId(id).channels.some((ch) => ch.bases.includes('search-delisting'))).toBe(true);
  });

  it.each([['google-search'], ['bing']])('%s takes gdpr-delisting after its own NCII form', (id) => {
    const bases = byId(id).channels.map((ch) => ch.bases);
    expect(bases.findIndex((b) => b.includes('gdpr-delisting'))).toBeGreaterThan(bases.findIndex((b) => b.includes('search-delisting')));
  });

  it('DMCA comes after the TAKE IT DOWN and policy routes where a platform has both', () => {
    for (const id of ['twitter', 'bluesky', 'tumblr']) {
      const channels = byId(id).channels;
      expect(channels.at(-1)?.bases, id).toEqual(['dmca']);
    }
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

/**
 * Notes printed from `providers show` that test/cli/providers.test.ts quotes word for word: they
 * become full sentences when that test is updated with them (its owner's file).
 */
const NOTES_QUOTED_BY_CLI_TEST = new Set<string>([]);

describe('provider wording', () => {
  it.each(providers.map((p) => [p.id, p.name] as const))('%s is named as an organisation (%s), not by a checker label', (_id, name) => {
    expect(name).not.toMatch(/\b(users?|profiles?|accounts?|channels?|posts?|members?|creators?)\b/i);
  });

  it('variant files carry the name of the organisation they belong to', () => {
    for (const [variant, main] of [
      ['telegram-channel', 'telegram'], ['twitter-account', 'twitter'], ['reddit-user', 'reddit'], ['tiktok-profile', 'tiktok'],
      ['pornhub-user', 'pornhub'], ['imgur-user', 'imgur'], ['instagram-profile', 'instagram'], ['erome-user', 'erome'],
      ['redgifs-user', 'redgifs'], ['xvideos-profile', 'xvideos'], ['bluesky-profile', 'bluesky'],
    ] as const) {
      expect(byId(variant).name, variant).toBe(byId(main).name);
    }
    expect(byId('telegram').name).toBe('Telegram');
  });

  const notes = providers.flatMap((p) =>
    p.channels.flatMap((ch): [string, string | undefined][] => [
      [`${p.id} / ${ch.id} / disclosure`, ch.disclosureNote],
      [`${p.id} / ${ch.id} / note`, ch.note],
      ...ch.fields.map((f): [string, string | undefined] => [`${p.id} / ${ch.id} / field ${f.label}`, f.note]),
    ]),
  ).filter((entry): entry is [string, string] => entry[1] !== undefined && !NOTES_QUOTED_BY_CLI_TEST.has(entry[0]));

  it.each(notes)('%s is a full sentence', (_where, note) => {
    expect(note).toMatch(/^(?:[A-Z0-9"'(]|eSafety\b)/);
    expect(note).toMatch(/[.?!]["')]?$/);
  });
});

/** Every filer, adult and minor, deepfake or not: what a form answer is rendered over. */
function answerContexts(): { name: string; minor: boolean; context: NoticeContext }[] {
  const out: { name: string; minor: boolean; context: NoticeContext }[] = [];
  for (const minor of [false, true]) {
    for (const role of ['subject', 'representative'] as const) {
      for (const deepfake of [false, true]) {
        for (const consent of ['none', 'withdrawn'] as const) {
          const context = minor ? minorContext('policy-ncii', { role }) : fullContext('policy-ncii', { role });
          context.case.deepfake = deepfake;
          context.case.consent = consent;
          out.push({ name: `${role}${minor ? ', under 18' : ''}${deepfake ? ', deepfake' : ''}, consent ${consent}`, minor, context });
        }
      }
    }
  }
  return out;
}

/** Whether the planner may use this channel for content made when the person was under 18 (src/notices/plan.ts). */
function usableForMinors(provider: Provider, channel: ProviderChannel): boolean {
  if (channel.adultsOnly) return false;
  // Search engines' adult forms are skipped for a minor: the child-protection reports reach them.
  if (provider.kind === 'search-engine' && !channel.minors) return false;
  return true;
}

const answered = providers.flatMap((p) => p.channels.filter((ch) => ch.fields.length > 0).map((ch) => [`${p.id} / ${ch.id}`, p, ch] as const));

describe('form answers', () => {
  it.each(answered)('%s: names the person depicted only where the field asks for that name, and never speaks as them for a representative', (_name, provider, channel) => {
    for (const { name, minor, context } of answerContexts()) {
      if (minor && !usableForMinors(provider, channel)) continue;
      const subjectName = context.subject.name ?? '';
      for (const field of channel.fields) {
        const { text, missing } = renderSnippetCollecting(field.answer, context);
        const where = `${field.label} (${name})`;
        expect(missing, where).toEqual([]);
        const asksForName = /name of the person depicted/i.test(field.label);
        expect(/subject\.name/.test(field.answer), where).toBe(asksForName);
        // The search queries a user lists often hold the name: that field may show it, no other.
        if (context.claimant.role === 'representative' && !/search\.queries/.test(field.answer)) {
          expect(text.includes(subjectName), where).toBe(asksForName);
          expect(text, where).not.toMatch(/\b(shows me|portrays me|of me|without my consent|I am the person|when I was)\b/i);
        }
        if (minor) expect(text, where).not.toMatch(/without (my |their )?(consent|permission)|never consented/i);
        else expect(text, where).not.toMatch(/under[ -]?18|child sexual abuse/i);
      }
    }
  });

  it('Meta says so when the person was under 18 when the content was made', () => {
    const field = byId('facebook').channels[0]?.fields.find((f) => f.label.startsWith('It shows you'));
    expect(renderSnippet(field?.answer ?? '', minorContext('policy-ncii', { role: 'representative' }))).toBe(
      'It shows the person I represent when they were under 18: it is child sexual abuse material.',
    );
    expect(renderSnippet(field?.answer ?? '', fullContext('policy-ncii', { role: 'representative' }))).toBe(
      'It shows the person I represent, and it was shared without permission.',
    );
  });

  it('Google: the country of residence is the first country among the jurisdictions, never EU, and a guess the note says to check', () => {
    const field = byId('google-search').channels[0]?.fields.find((f) => f.label === 'Country of residence');
    const answer = (jurisdictions: string[]): string => {
      const context = fullContext('search-delisting');
      context.case.jurisdictions = jurisdictions;
      return renderSnippet(field?.answer ?? '', context);
    };
    expect(answer(['US', 'EU', 'GB', 'AU'])).toBe('US');
    expect(answer(['eu', 'de'])).toBe('DE');
    expect(answer(['EU', 'UK'])).toBe('UK');
    expect(answer(['EU'])).toBe('(choose the country where you live)');
    expect(field?.note).toMatch(/^Check this answer\./);
  });

  it('Google: a representative writes about the person represented', () => {
    const fields = byId('google-search').channels[0]?.fields ?? [];
    const context = fullContext('search-delisting', { role: 'representative' });
    const text = (label: string): string => renderSnippet(fields.find((f) => f.label.startsWith(label))?.answer ?? '', context);
    expect(text('Are you the person shown')).toBe('I represent the person shown (Example Law LLP).');
    expect(text('What the content does')).toBe('It shows the person I represent nude, in a sexual act or in an intimate state, without their consent.');
    context.case.deepfake = true;
    expect(text('What the content does')).toBe('Content falsely portrays the person I represent in a sexual act, or in an intimate state.');
  });

  it('Cloudflare: the packet tells the filer to keep the report from the website operator, as the notice asks', () => {
    const channel = byId('cloudflare').channels[0];
    expect(channel?.disclosureNote).toMatch(/not to forward your report to the website operator: choose that option/);
    expect(channel?.note).toMatch(/pass the report to the hosting provider only/);
    expect(channel?.note).toMatch(/option not to forward it to the website operator, tick it/);
  });
});

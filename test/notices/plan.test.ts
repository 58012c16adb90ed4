// The planner: which recipients, in which order, under which basis, for which URLs.
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/core/case.ts';
import type { NoticeKind, ProviderChannel } from '../../src/core/notice.ts';
import type { Provider, ProviderKind } from '../../src/core/provider.ts';
import { basesFor, planNotices } from '../../src/notices/plan.ts';
import type { PlanInput, PlanTarget, PriorRequest, SiteFacts } from '../../src/notices/plan.ts';
import { legalAreas } from '../../src/case-file/jurisdictions.ts';

function channel(id: string, kind: ProviderChannel['kind'], bases: NoticeKind[], extra: Partial<ProviderChannel> = {}): ProviderChannel {
  return {
    id,
    kind,
    bases,
    fields: [],
    disclosesReporterTo: [],
    minors: false,
    adultsOnly: false,
    source: ['test'],
    checked: '2026-11-21',
    ...(kind === 'email' ? { address: `${id}@provider.example` } : { url: `https://provider.example/${id}` }),
    ...extra,
  };
}

function provider(id: string, kind: ProviderKind, channels: ProviderChannel[], extra: Partial<Provider> = {}): Provider {
  return {
    id,
    name: id.replace(/-/g, ' '),
    kind,
    hosts: [],
    patterns: [],
    signals: { removed: [], legal: [], blocked: [], live: [] },
    examples: [],
    channels,
    ipRanges: [],
    source: ['test'],
    checked: '2026-11-21',
    ...extra,
  };
}

const SOCIAL = provider('social', 'platform', [
  channel('tida-form', 'web-form', ['take-it-down', 'policy-ncii']),
  channel('dsa-form', 'web-form', ['dsa-art16']),
  channel('copyright', 'email', ['dmca'], { disclosesReporterTo: ['lumen', 'uploader'] }),
], { hosts: ['social.example'] });
const GENERIC_SITE = provider('generic-site', 'generic', [
  channel('operator', 'web-form', ['take-it-down', 'uk-intimate-image', 'dsa-art16', 'gdpr-erasure', 'policy-ncii', 'dmca'], { url: undefined, addressFrom: 'site-home' }),
]);
const GENERIC_HOST = provider('generic-host', 'generic', [channel('abuse', 'email', ['abuse-report', 'dsa-art16'], { address: undefined, addressFrom: 'rdap-abuse' })]);
const GENERIC_REGISTRAR = provider('generic-registrar', 'generic', [channel('abuse', 'email', ['abuse-report'], { address: undefined, addressFrom: 'rdap-abuse' })]);
const CDN = provider('cloudcdn', 'cdn', [channel('abuse-form', 'web-form', ['abuse-report'], { disclosesReporterTo: ['site-owner', 'host'] })]);
const SEARCH = provider('searcher', 'search-engine', [channel('ncii', 'web-form', ['search-delisting']), channel('rtbf', 'web-form', ['gdpr-delisting'])]);
const DUCK = provider('duck', 'search-engine', [], { routesTo: 'searcher' });
const ESAFETY = provider('esafety', 'regulator', [channel('report', 'web-form', ['esafety-referral'], { minors: true })]);
const TIPLINE = provider('tipline', 'regulator', [channel('report', 'web-form', ['child-protection'], { minors: true })]);
const STOPNCII = provider('stopncii', 'hash-programme', [channel('hash', 'web-form', [], { adultsOnly: true })]);
const TAKEITDOWN = provider('take-it-down-hash', 'hash-programme', [channel('hash', 'web-form', [], { minors: true })]);
const PROVIDERS = [SOCIAL, GENERIC_SITE, GENERIC_HOST, GENERIC_REGISTRAR, CDN, SEARCH, DUCK, ESAFETY, TIPLINE, STOPNCII, TAKEITDOWN];

function makeCase(overrides: { jurisdictions?: string[]; minor?: boolean; dmca?: boolean; allow?: string[] } = {}): Case {
  return {
    id: 'c1',
    subject: { name: 'Jane Doe', minorAtCreation: overrides.minor ?? false },
    claimant: { role: 'representative', name: 'A. Lawyer', email: 'a@law.example', confirmsGoodFaith: true },
    jurisdictions: overrides.jurisdictions ?? ['US'],
    facts: { consent: 'none', copyrightOwner: overrides.dmca ?? false, dmcaAcceptDisclosure: overrides.dmca ?? false, deepfake: false },
    keywords: [],
    allow: overrides.allow ?? [],
    targets: [],
    watch: [],
    fingerprints: [],
    storeMedia: false,
    file: '/cases/c1.yaml',
  };
}

let nextId = 1;
function target(url: string, state: PlanTarget['state'] = 'live'): PlanTarget {
  return { targetId: nextId++, url, state, checkedAt: state === null ? null : '2026-11-20T10:00:00.000Z' };
}

const SITES = new Map<string, SiteFacts>([
  ['forum.example', { host: 'forum.example', domain: 'forum.example', ip: '192.0.2.10', hostAbuse: { name: 'Hosting Co', email: 'abuse@hosting.example' }, registrarAbuse: { name: 'Names Inc', email: 'abuse@names.example' } }],
  ['cdn-site.example', { host: 'cdn-site.example', domain: 'cdn-site.example', ip: '198.51.100.7', cdn: CDN, registrarAbuse: { name: 'Names Inc', email: 'abuse@names.example' } }],
  ['nowhere.example', { host: 'nowhere.example', domain: 'nowhere.example', problem: 'RDAP: no server for .example' }],
]);

function plan(targets: PlanTarget[], c: Case = makeCase(), prior: PriorRequest[] = [], now = new Date('2026-11-21T12:00:00Z')) {
  const input: PlanInput = {
    case: c,
    targets,
    providers: PROVIDERS,
    providerFor: (url) => (new URL(url).hostname === 'social.example' ? SOCIAL : null),
    sites: SITES,
    prior,
    now,
  };
  return planNotices(input);
}

const summary = (p: ReturnType<typeof plan>) => p.notices.map((n) => `${n.rung} ${n.provider.id}/${n.channel.id} ${n.kind} x${n.targets.length}`);

describe('basesFor', () => {
  it.each([
    [['US'], false, false, ['take-it-down', 'policy-ncii']],
    [['EU'], false, false, ['dsa-art16', 'gdpr-erasure', 'policy-ncii']],
    [['DE'], false, false, ['dsa-art16', 'gdpr-erasure', 'policy-ncii']],
    [['NO'], false, false, ['gdpr-erasure', 'policy-ncii']],
    [['UK'], false, false, ['uk-intimate-image', 'policy-ncii']],
    [['US', 'UK', 'EU'], false, false, ['take-it-down', 'uk-intimate-image', 'dsa-art16', 'gdpr-erasure', 'policy-ncii']],
    [['AU'], false, false, ['policy-ncii']],
    [['US'], true, false, ['take-it-down', 'policy-ncii', 'dmca']],
    [['US'], true, true, ['take-it-down', 'policy-ncii']],
  ] as const)('site rung for %j (dmca %s, minor %s) -> %j', (jurisdictions, dmca, minor, expected) => {
    const c = makeCase({ jurisdictions: [...jurisdictions], dmca, minor });
    expect(basesFor('site', legalAreas(c.jurisdictions), c)).toEqual(expected);
  });

  it.each([
    ['host', ['EU'], ['dsa-art16', 'abuse-report']],
    ['host', ['US'], ['abuse-report']],
    ['registrar', ['EU'], ['abuse-report']],
    ['search', ['US'], ['search-delisting']],
    ['search', ['FR'], ['search-delisting', 'gdpr-delisting']],
    ['regulator', ['AU'], ['esafety-referral']],
    ['regulator', ['US'], []],
  ] as const)('%s rung for %j -> %j', (rung, jurisdictions, expected) => {
    const c = makeCase({ jurisdictions: [...jurisdictions] });
    expect(basesFor(rung, legalAreas(c.jurisdictions), c)).toEqual(expected);
  });
});

describe('planNotices', () => {
  it('groups a platform\'s URLs into one notice under the best basis, with search delisting in parallel', () => {
    const p = plan([target('https://social.example/p/1'), target('https://social.example/p/2')]);
    expect(summary(p)).toEqual(['site social/tida-form take-it-down x2', 'search searcher/ncii search-delisting x2']);
    expect(p.notices[0]?.alternatives).toEqual(['policy-ncii']);
    expect(p.notices[0]?.formUrl).toBe('https://provider.example/tida-form');
  });

  it('splits a notice for a channel that takes one URL per report', () => {
    const one = provider('one-each', 'platform', [channel('form', 'web-form', ['take-it-down'], { maxUrls: 1 })]);
    const p = planNotices({
      case: makeCase(),
      targets: [target('https://one.example/1'), target('https://one.example/2'), target('https://one.example/3')],
      providers: [one],
      providerFor: () => one,
      sites: new Map(),
      prior: [],
      now: new Date('2026-11-21T12:00:00Z'),
    });
    expect(p.notices.map((n) => n.targets.map((t) => t.url))).toEqual([['https://one.example/1'], ['https://one.example/2'], ['https://one.example/3']]);
  });

  it('uses the DSA form for an EU case and offers GDPR delisting as the alternative', () => {
    const p = plan([target('https://social.example/p/1')], makeCase({ jurisdictions: ['EU'] }));
    expect(summary(p)).toEqual(['site social/dsa-form dsa-art16 x1', 'search searcher/ncii search-delisting x1']);
    expect(p.notices[1]?.alternatives).toEqual(['gdpr-delisting']);
  });

  it('falls back to DMCA only when allowed, and warns that it discloses the claimant', () => {
    const only = provider('copy-only', 'platform', [channel('copyright', 'email', ['dmca'], { disclosesReporterTo: ['lumen'] })]);
    const input = (dmca: boolean): PlanInput => ({
      case: makeCase({ jurisdictions: ['CA'], dmca }),
      targets: [target('https://copy.example/1')],
      providers: [only],
      providerFor: () => only,
      sites: new Map(),
      prior: [],
      now: new Date('2026-11-21T12:00:00Z'),
    });
    expect(planNotices(input(false)).notices).toEqual([]);
    expect(planNotices(input(false)).skipped[0]?.reason).toMatch(/no channel for this case's bases \(policy-ncii\)/);
    const withDmca = planNotices(input(true));
    expect(withDmca.notices.map((n) => n.kind)).toEqual(['dmca']);
    expect(withDmca.notices[0]?.warnings.join('\n')).toMatch(/lumen/);
    expect(withDmca.notices[0]?.warnings.join('\n')).toMatch(/counter-notice/);
  });

  it('starts an unknown site at its operator and groups per site', () => {
    const p = plan([target('https://forum.example/t/1'), target('https://forum.example/t/2'), target('https://cdn-site.example/x')]);
    expect(summary(p)).toEqual([
      'site generic-site/operator take-it-down x2',
      'site generic-site/operator take-it-down x1',
      'search searcher/ncii search-delisting x3',
    ]);
    expect(p.notices[0]?.formUrl).toBe('https://forum.example/');
    expect(p.notices[0]?.recipientName).toBe('forum.example (site operator)');
    expect(p.notices[0]?.warnings.join('\n')).toMatch(/look for a contact, report, abuse or DMCA link on https:\/\/forum.example\//);
  });

  it('climbs to the host when the site\'s request is overdue, marking it for escalation, then to the registrar', () => {
    const t = target('https://forum.example/t/9');
    const prior: PriorRequest[] = [
      { id: 7, rung: 'site', providerId: 'generic-site', kind: 'take-it-down', status: 'sent', deadlineAt: '2026-11-20T00:00:00Z', targetIds: [t.targetId] },
      { id: 8, rung: 'search', providerId: 'searcher', kind: 'search-delisting', status: 'sent', deadlineAt: null, targetIds: [t.targetId] },
    ];
    const p = plan([t], makeCase({ jurisdictions: ['EU'] }), prior);
    expect(summary(p)).toEqual(['host generic-host/abuse dsa-art16 x1']);
    expect(p.notices[0]).toMatchObject({ address: 'abuse@hosting.example', recipientName: 'Hosting Co (host of forum.example)', escalates: [7] });

    const refused: PriorRequest[] = [
      { ...prior[0]!, status: 'expired' },
      { id: 9, rung: 'host', providerId: 'generic-host', kind: 'dsa-art16', status: 'refused', deadlineAt: null, targetIds: [t.targetId] },
      prior[1]!,
    ];
    const next = plan([t], makeCase({ jurisdictions: ['EU'] }), refused);
    expect(summary(next)).toEqual(['registrar generic-registrar/abuse abuse-report x1']);
    expect(next.notices[0]).toMatchObject({ address: 'abuse@names.example', escalates: [] });
  });

  it('does nothing for a URL whose request is still waiting within its deadline', () => {
    const t = target('https://social.example/p/3');
    const prior: PriorRequest[] = [
      { id: 1, rung: 'site', providerId: 'social', kind: 'take-it-down', status: 'sent', deadlineAt: '2026-11-22T00:00:00Z', targetIds: [t.targetId] },
      { id: 2, rung: 'search', providerId: 'searcher', kind: 'search-delisting', status: 'draft', deadlineAt: null, targetIds: [t.targetId] },
    ];
    expect(plan([t], makeCase(), prior).notices).toEqual([]);
  });

  it('routes a site behind a CDN to the CDN, with its disclosure warning', () => {
    const t = target('https://cdn-site.example/x');
    const prior: PriorRequest[] = [{ id: 3, rung: 'site', providerId: 'generic-site', kind: 'take-it-down', status: 'refused', deadlineAt: null, targetIds: [t.targetId] }];
    const p = plan([t], makeCase(), prior);
    expect(summary(p)).toEqual(['cdn cloudcdn/abuse-form abuse-report x1', 'search searcher/ncii search-delisting x1']);
    expect(p.notices[0]?.warnings.join('\n')).toMatch(/site-owner, host/);
  });

  it('says which rung it passed over for want of a contact', () => {
    const t = target('https://nowhere.example/b');
    const noHost = new Map(SITES);
    noHost.set('nowhere.example', { host: 'nowhere.example', domain: 'nowhere.example', registrarAbuse: { email: 'abuse@names.example' }, problem: 'RDAP: no network found' });
    const prior: PriorRequest[] = [{ id: 5, rung: 'site', providerId: 'generic-site', kind: 'take-it-down', status: 'refused', deadlineAt: null, targetIds: [t.targetId] }];
    const p = planNotices({ case: makeCase(), targets: [t], providers: PROVIDERS, providerFor: () => null, sites: noHost, prior, now: new Date('2026-11-21T12:00:00Z') });
    const registrar = p.notices.find((n) => n.rung === 'registrar');
    expect(registrar?.warnings).toContain('the host rung was passed over: no abuse contact found for the host of nowhere.example (RDAP: no network found)');
  });

  it('skips a rung without a contact and says why when nothing is left', () => {
    const t = target('https://nowhere.example/a');
    const prior: PriorRequest[] = [{ id: 4, rung: 'site', providerId: 'generic-site', kind: 'take-it-down', status: 'refused', deadlineAt: null, targetIds: [t.targetId] }];
    const p = plan([t], makeCase(), prior);
    expect(p.notices.filter((n) => n.rung !== 'search')).toEqual([]);
    expect(p.skipped[0]?.reason).toMatch(/no abuse contact found for the host of nowhere.example \(RDAP: no server for .example\).*no registrar abuse contact/);
  });

  it('leaves out gone and allow-listed URLs, and keeps blocked and never-checked ones', () => {
    const p = plan(
      [
        target('https://social.example/gone', 'removed'),
        target('https://social.example/own', 'live'),
        target('https://social.example/walled', 'blocked'),
        target('https://social.example/new', null),
      ],
      makeCase({ allow: ['https://social.example/own'] }),
    );
    expect(p.notices[0]?.targets.map((t) => t.url)).toEqual(['https://social.example/walled', 'https://social.example/new']);
    expect(p.skipped.map((s) => s.reason)).toEqual(['already gone (removed)', "on the case's allow-list (https://social.example/own)"]);
  });

  it('routes a minor\'s case to child protection, never to adult forms or hash programmes', () => {
    const p = plan([target('https://social.example/p/1')], makeCase({ jurisdictions: ['US', 'AU'], minor: true }));
    expect(summary(p)).toEqual([
      'site social/tida-form take-it-down x1',
      'regulator esafety/report esafety-referral x1',
      'child-protection tipline/report child-protection x1',
    ]);
    expect(p.advice.join('\n')).toMatch(/take it down hash/);
    expect(p.advice.join('\n')).not.toMatch(/stopncii/);
  });

  it('suggests the adult hash programme and names search engines that route elsewhere', () => {
    const p = plan([target('https://social.example/p/1')]);
    expect(p.advice).toEqual([
      expect.stringMatching(/^stopncii \(https:\/\/provider.example\/hash\): hash the images on the device/),
      'duck shows results from searcher: the searcher request covers it.',
    ]);
  });
});

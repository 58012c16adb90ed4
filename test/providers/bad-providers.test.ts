// Broken provider files: every problem is reported at once, at its line and column, with a readable message.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/core/errors.ts';
import { loadProviders } from '../../src/providers/load.ts';
import { checkRegistry, parseProviderText } from '../../src/providers/parse.ts';

/** A valid provider; each case below breaks one thing in it. */
const GOOD = `id: tube
name: Tube
kind: platform
hosts: [tube.example]
signals:
  removed:
    - text: This video has been removed
examples:
  - name: removed
    url: https://tube.example/v/1
    response: { status: 200, body: '<p>This video has been removed</p>' }
    expect: { state: soft-removed }
source: research note
checked: 2026-11-21
`;

const cases: [string, string, string[]][] = [
  ['valid file', GOOD, []],
  [
    'bad regular expression in patterns and html',
    GOOD.replace('hosts: [tube.example]\n', "hosts: [tube.example]\npatterns: ['^https://tube\\.example/(v']\n").replace(
      '- text: This video has been removed',
      "- html: 'removed[a-'",
    ),
    [
      'providers/tube.yaml:5:12 patterns[0]: is not a valid regular expression (Unterminated group): "^https://tube\\\\.example/(v"',
      'providers/tube.yaml:8:13 signals.removed[0].html: is not a valid regular expression (Unterminated character class): "removed[a-"',
    ],
  ],
  [
    'unknown keys with suggestions',
    GOOD.replace('kind: platform', 'kind: platform\nhost: [x.example]').replace('- text:', '- txt:'),
    [
      'providers/tube.yaml:4:1 host: unknown key; did you mean "hosts"?',
      'providers/tube.yaml:8:7 signals.removed[0].txt: unknown key; did you mean "text"?',
      'providers/tube.yaml:8:7 signals.removed[0]: needs exactly one matcher (status, text, title, html, json, redirect, lost_param, header); got none',
    ],
  ],
  ['missing checked', GOOD.replace('checked: 2026-11-21\n', ''), ['providers/tube.yaml checked: missing (required)']],
  [
    'checked is not a date',
    GOOD.replace('checked: 2026-11-21', 'checked: 2026-02-30'),
    ['providers/tube.yaml:14:10 checked: must be an ISO date YYYY-MM-DD (got "2026-02-30")'],
  ],
  [
    'id differs from the file name',
    GOOD.replace('id: tube', 'id: tube-site'),
    ['providers/tube.yaml:1:5 id: must equal the file name without .yaml, "tube" (got "tube-site")'],
  ],
  [
    'example URL on another host',
    GOOD.replace('url: https://tube.example/v/1', 'url: https://other.example/v/1'),
    ["providers/tube.yaml:10:10 examples[0].url: does not match this provider's hosts: https://other.example/v/1"],
  ],
  [
    'example URL outside the patterns',
    GOOD.replace('hosts: [tube.example]\n', "hosts: [tube.example]\npatterns: ['^https://tube\\.example/watch/']\n"),
    ["providers/tube.yaml:11:10 examples[0].url: does not match this provider's hosts and patterns: https://tube.example/v/1"],
  ],
  [
    'misspelt kind, state and reason',
    GOOD.replace('kind: platform', 'kind: platfrom').replace('expect: { state: soft-removed }', 'expect: { state: soft-remove, reason: http-44 }'),
    [
      'providers/tube.yaml:3:7 kind: must be one of platform, host, cdn, registrar, search-engine, regulator, hash-programme, generic (got "platfrom"); did you mean "platform"?',
      'providers/tube.yaml:12:22 examples[0].expect.state: must be one of live, removed, soft-removed, redirected, legal-block, blocked, unreachable (got "soft-remove"); did you mean "soft-removed"?',
    ],
  ],
  [
    'reason of another state',
    GOOD.replace('expect: { state: soft-removed }', 'expect: { state: soft-removed, reason: http-404 }'),
    ['providers/tube.yaml:12:44 examples[0].expect.reason: reason "http-404" belongs to state removed, not soft-removed'],
  ],
  [
    'signal state outside its group',
    GOOD.replace('- text: This video has been removed', '- text: This video has been removed\n      state: live'),
    ['providers/tube.yaml:8:14 signals.removed[0].state: must be one of removed, soft-removed, redirected (got "live")'],
  ],
  [
    'upper-case host and bad status',
    GOOD.replace('hosts: [tube.example]', 'hosts: [Tube.example]').replace('- text: This video has been removed', '- status: [404, 999]'),
    [
      'providers/tube.yaml:4:9 hosts[0]: must be a lower-case host name such as example.com (got "Tube.example")',
      'providers/tube.yaml:7:21 signals.removed[0].status[1]: must be an HTTP status code from 100 to 599 (got 999)',
    ],
  ],
  [
    'json matcher without a condition, header without a value',
    GOOD.replace('- text: This video has been removed', '- json: { path: error }\n    - header: { name: ETag }'),
    [
      'providers/tube.yaml:7:13 signals.removed[0].json: needs one of equals, exists or not_null',
      'providers/tube.yaml:8:15 signals.removed[1].header: needs exactly one of equals or pattern',
    ],
  ],
  ['YAML syntax error', GOOD.replace('name: Tube', 'name: [Tube'), ['providers/tube.yaml:2:7 invalid YAML: this "[" is never closed: add the closing "]"']],
];

describe('bad provider files', () => {
  it.each(cases)('%s', (_name, text, expected) => {
    const parsed = parseProviderText(text, 'providers/tube.yaml');
    expect(parsed.issues.map(formatIssue)).toEqual(expected);
    expect(parsed.provider === undefined).toBe(expected.length > 0);
  });
});

/** A valid channel block, inserted before `source:`; each case below breaks one thing in it. */
const CHANNEL = `channels:
  - id: ncii-form
    kind: web-form
    url: https://tube.example/report
    bases: [take-it-down, policy-ncii]
    fields:
      - { label: Name, answer: '{{ claimant.name }}' }
    discloses_reporter_to: []
    source: Tube help centre
    checked: 2026-11-21
`;

/** The same channel without its `channels:` line, to list several. */
const MORE = CHANNEL.replace('channels:\n', '');

function withTail(tail: string): string {
  return GOOD.replace('source: research note', `${tail}source: research note`);
}

const channelCases: [string, string, string[]][] = [
  ['valid channel', withTail(CHANNEL), []],
  [
    'misspelt channel kind, basis and disclosure target',
    withTail(
      CHANNEL.replace('kind: web-form', 'kind: web-from')
        .replace('take-it-down,', 'take-it-dwon,')
        .replace('discloses_reporter_to: []', 'discloses_reporter_to: [uploder]'),
    ),
    [
      'providers/tube.yaml:15:11 channels[0].kind: must be one of email, web-form, in-app (got "web-from"); did you mean "web-form"?',
      'providers/tube.yaml:17:13 channels[0].bases[0]: must be one of take-it-down, dmca, dsa-art16, gdpr-erasure, gdpr-delisting, uk-intimate-image, esafety-referral, policy-ncii, abuse-report, search-delisting, child-protection (got "take-it-dwon"); did you mean "take-it-down"?',
      'providers/tube.yaml:20:29 channels[0].discloses_reporter_to[0]: must be one of uploader, site-owner, host, lumen, public (got "uploder"); did you mean "uploader"?',
    ],
  ],
  [
    'channel without disclosure, checked date or field answer',
    withTail(
      CHANNEL.replace('    discloses_reporter_to: []\n', '')
        .replace("      - { label: Name, answer: '{{ claimant.name }}' }\n", '      - { label: Name }\n')
        .replace('    checked: 2026-11-21\n', ''),
    ),
    [
      "providers/tube.yaml:14:5 channels[0].discloses_reporter_to: missing (required): who the channel may pass the reporter's identity to (uploader, site-owner, host, lumen, public), or [] when it keeps it confidential",
      'providers/tube.yaml:14:5 channels[0].checked: missing (required)',
      'providers/tube.yaml:19:9 channels[0].fields[0].answer: missing (required)',
    ],
  ],
  [
    'bad channel id, url, response time and date; minors with adults_only',
    withTail(
      CHANNEL.replace('id: ncii-form', 'id: NCII_form')
        .replace('url: https://tube.example/report', 'url: tube.example/report\n    response_hours: 0\n    minors: true\n    adults_only: true')
        .replace('checked: 2026-11-21\n', 'checked: 2026-13-01\n'),
    ),
    [
      'providers/tube.yaml:14:9 channels[0].id: must be kebab-case (a-z, 0-9, single hyphens) (got "NCII_form")',
      'providers/tube.yaml:16:10 channels[0].url: must be an absolute http(s) URL (got "tube.example/report")',
      'providers/tube.yaml:17:21 channels[0].response_hours: must be more than 0 (got 0)',
      'providers/tube.yaml:19:18 channels[0].adults_only: cannot be true together with minors: true (a channel either takes content made under 18 or must not be used for it)',
      'providers/tube.yaml:25:14 channels[0].checked: must be an ISO date YYYY-MM-DD (got "2026-13-01")',
    ],
  ],
  [
    'email channel with a bad address',
    withTail(CHANNEL.replace('kind: web-form', 'kind: email').replace('url: https://tube.example/report', 'address: abuse(at)tube.example')),
    ['providers/tube.yaml:16:14 channels[0].address: must be an email address (got "abuse(at)tube.example")'],
  ],
  [
    'channels without a way to reach them, a repeated id and no bases',
    withTail(
      CHANNEL +
        MORE.replace('url: https://tube.example/report', 'address_from: rdap-abuse') +
        MORE.replace('kind: web-form', 'kind: in-app').replace('    url: https://tube.example/report\n', '').replace('id: ncii-form', 'id: in-app') +
        MORE.replace('kind: web-form', 'kind: email')
          .replace('    url: https://tube.example/report\n', '')
          .replace('id: ncii-form', 'id: mail')
          .replace('bases: [take-it-down, policy-ncii]', 'bases: []'),
    ),
    [
      'providers/tube.yaml:23:9 channels[1].id: repeats channel id "ncii-form" (already channels[0])',
      'providers/tube.yaml:25:19 channels[1].address_from: a web-form channel needs url, or address_from: site-home (got address_from "rdap-abuse")',
      'providers/tube.yaml:32:5 channels[2]: an in-app channel needs url: the help page that explains how to report in the app',
      'providers/tube.yaml:40:5 channels[3]: an email channel needs address, or address_from (rdap-abuse or site-home)',
      'providers/tube.yaml:42:12 channels[3].bases: must list at least 1 notice kind (only hash-programme channels, which take no notice, may list none)',
    ],
  ],
  [
    'email channel with both address and address_from',
    withTail(CHANNEL.replace('kind: web-form', 'kind: email').replace('url: https://tube.example/report', 'address: abuse@tube.example\n    address_from: rdap-abuse')),
    ['providers/tube.yaml:17:19 channels[0].address_from: give address or address_from, not both'],
  ],
  [
    'bad IP ranges',
    withTail("ip_ranges: [192.0.2.0/24, 192.0.2.1/24, 2001:db8::/129, 2001:db8::, '[2001:db8::]/32', ::ffff:192.0.2.0/120, 10.0.0.0]\n"),
    [
      'providers/tube.yaml:13:27 ip_ranges[1]: has bits set after the /24 prefix (got "192.0.2.1/24"); did you mean "192.0.2.0/24"?',
      'providers/tube.yaml:13:41 ip_ranges[2]: has a prefix length outside 0 to 128 (got "2001:db8::/129")',
      "providers/tube.yaml:13:57 ip_ranges[3]: must be text (got a mapping): quote IPv6 ranges, e.g. '2001:db8::/32'",
      'providers/tube.yaml:13:69 ip_ranges[4]: must be an IPv4 or IPv6 range in CIDR form such as 192.0.2.0/24 or 2001:db8::/32 (got "[2001:db8::]/32")',
      'providers/tube.yaml:13:88 ip_ranges[5]: must be an IPv4 or IPv6 range in CIDR form such as 192.0.2.0/24 or 2001:db8::/32; write IPv4 ranges in dotted form (got "::ffff:192.0.2.0/120")',
      'providers/tube.yaml:13:110 ip_ranges[6]: must be an IPv4 or IPv6 range in CIDR form such as 192.0.2.0/24 or 2001:db8::/32 (got "10.0.0.0": no /prefix)',
    ],
  ],
  [
    'the same range twice',
    withTail('ip_ranges: [192.0.2.0/24, 2001:db8::/32, 2001:0db8:0::/32]\n'),
    ['providers/tube.yaml:13:42 ip_ranges[2]: repeats "2001:0db8:0::/32" (already ip_ranges[1])'],
  ],
  ['routes to itself', withTail('routes_to: tube\n'), ['providers/tube.yaml:13:12 routes_to: names this provider itself ("tube")']],
  [
    'routes elsewhere and has channels',
    withTail(`${CHANNEL}routes_to: other-tube\n`),
    ['providers/tube.yaml:23:12 routes_to: a provider that routes to "other-tube" has no channels of its own: remove routes_to or channels'],
  ],
  [
    'a platform without hosts',
    GOOD.replace('hosts: [tube.example]\n', '').replace(/examples:[\s\S]*soft-removed \}\n/, '').replace(/signals:[\s\S]*removed\n/, ''),
    ['providers/tube.yaml hosts: missing (required): a platform provider needs the hosts it serves; only generic, regulator, hash-programme providers may leave it out'],
  ],
  [
    'signals without examples',
    GOOD.replace(/examples:[\s\S]*soft-removed \}\n/, ''),
    ['providers/tube.yaml examples: missing (required): a provider with checker signals needs examples that show them at work'],
  ],
  [
    'a regulator with channels only: no hosts, signals or examples needed',
    `id: tube\nname: Tube regulator\nkind: regulator\n${CHANNEL.replace('bases: [take-it-down, policy-ncii]', 'bases: [esafety-referral]')}source: research note\nchecked: 2026-11-21\n`,
    [],
  ],
  [
    'a hash programme channel may list no bases; others may not',
    `id: tube\nname: Tube hashes\nkind: hash-programme\n${CHANNEL.replace('bases: [take-it-down, policy-ncii]', 'bases: []')}source: research note\nchecked: 2026-11-21\n`,
    [],
  ],
];

describe('bad channels, ranges and routes', () => {
  it.each(channelCases)('%s', (_name, text, expected) => {
    const parsed = parseProviderText(text, 'providers/tube.yaml');
    expect(parsed.issues.map(formatIssue)).toEqual(expected);
    expect(parsed.provider === undefined).toBe(expected.length > 0);
  });

  it('gives channels the ProviderChannel shape with defaults', () => {
    const parsed = parseProviderText(withTail(`${CHANNEL}ip_ranges: [192.0.2.0/24]\n`), 'providers/tube.yaml');
    expect(parsed.provider?.channels).toEqual([
      {
        id: 'ncii-form',
        kind: 'web-form',
        url: 'https://tube.example/report',
        bases: ['take-it-down', 'policy-ncii'],
        fields: [{ label: 'Name', answer: '{{ claimant.name }}' }],
        disclosesReporterTo: [],
        minors: false,
        adultsOnly: false,
        source: ['Tube help centre'],
        checked: '2026-11-21',
      },
    ]);
    expect(parsed.provider?.ipRanges).toEqual(['192.0.2.0/24']);
    expect(parsed.provider).not.toHaveProperty('routesTo');
  });
});

describe('loadProviders across files', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports two catch-all providers on one host, notes .yml files, and keeps the valid ones', async () => {
    dir = await mkdtemp(join(tmpdir(), 'providers-'));
    await writeFile(join(dir, 'tube.yaml'), GOOD);
    await writeFile(join(dir, 'tube-two.yaml'), GOOD.replace('id: tube', 'id: tube-two'));
    await writeFile(join(dir, 'tube-videos.yaml'), GOOD.replace('id: tube', 'id: tube-videos').replace('hosts: [tube.example]\n', "hosts: [tube.example]\npatterns: ['/v/']\n"));
    await writeFile(join(dir, 'old.yml'), GOOD);
    await writeFile(join(dir, 'README.md'), '# not a provider');
    const { providers, issues } = await loadProviders(dir);
    expect(issues.map(formatIssue)).toEqual([
      `${join(dir, 'old.yml')}: note: ignored: provider files must end in .yaml`,
      `${join(dir, 'tube.yaml')}:4:9 hosts[0]: host "tube.example" is already claimed by provider "tube-two" (${join(dir, 'tube-two.yaml')}); add patterns to one of them to tell their URLs apart`,
    ]);
    expect(providers.map((p) => p.id)).toEqual(['tube-two', 'tube-videos']);
  });

  it('gives the Provider shape: camelCase keys, defaults, shorthand lists', async () => {
    const text = `id: shape
name: Shape
kind: host
hosts: [shape.example]
politeness: { per_host: 1, interval_ms: 1500 }
signals:
  removed:
    - lost_param: v
    - status: 410
    - json: { path: error, equals: null }
    - json: { path: data.gone, not_null: true }
  blocked:
    - header: { name: CF-Mitigated, equals: challenge }
examples:
  - name: gone
    url: https://shape.example/x?v=1
    response:
      status: 200
      final_url: https://shape.example/
      redirects: [{ url: 'https://shape.example/x?v=1', status: 301, location: 'https://shape.example/' }]
    expect: { state: redirected, reason: provider-redirect }
source: one line
checked: 2026-11-21
`;
    const parsed = parseProviderText(text, 'shape.yaml');
    expect(parsed.issues).toEqual([]);
    expect(parsed.provider).toEqual({
      id: 'shape',
      name: 'Shape',
      kind: 'host',
      hosts: ['shape.example'],
      patterns: [],
      politeness: { perHost: 1, intervalMs: 1500 },
      signals: {
        removed: [{ lostParam: 'v' }, { status: [410] }, { json: { path: 'error', equals: null } }, { json: { path: 'data.gone', notNull: true } }],
        legal: [],
        blocked: [{ header: { name: 'cf-mitigated', equals: 'challenge' } }],
        live: [],
      },
      examples: [
        {
          name: 'gone',
          url: 'https://shape.example/x?v=1',
          response: {
            status: 200,
            finalUrl: 'https://shape.example/',
            redirects: [{ url: 'https://shape.example/x?v=1', status: 301, location: 'https://shape.example/' }],
          },
          expect: { state: 'redirected', reason: 'provider-redirect' },
        },
      ],
      channels: [],
      ipRanges: [],
      source: ['one line'],
      checked: '2026-11-21',
      file: 'shape.yaml',
    });
  });
});

describe('checkRegistry', () => {
  const router = (id: string, to: string): string => `id: ${id}\nname: ${id}\nkind: search-engine\nhosts: [${id}.example]\nroutes_to: ${to}\nsource: s\nchecked: 2026-11-21\n`;

  it('reports routes_to naming no provider (with a suggestion), a broken one, or one that routes on', () => {
    const files = [
      parseProviderText(GOOD, 'p/tube.yaml'),
      parseProviderText(router('finder', 'tubee'), 'p/finder.yaml'),
      parseProviderText(router('seeker', 'finder'), 'p/seeker.yaml'),
      parseProviderText('id: broken\nname: Broken\nkind: platfrom\n', 'p/broken.yaml'),
      parseProviderText(router('looker', 'broken'), 'p/looker.yaml'),
      parseProviderText(router('goer', 'tube'), 'p/goer.yaml'),
      parseProviderText(GOOD.replace('id: tube', 'id: tube-two').replace('source:', `${CHANNEL}source:`).replace(/tube\.example/g, 'two.example'), 'p/tube-two.yaml'),
      parseProviderText(router('comer', 'tube-two'), 'p/comer.yaml'),
    ];
    expect(checkRegistry(files).map(formatIssue)).toEqual([
      'p/finder.yaml:5:12 routes_to: no provider has id "tubee"; did you mean "tube"?',
      'p/seeker.yaml:5:12 routes_to: "finder" routes on to "tubee": name "tubee" directly',
      'p/looker.yaml:5:12 routes_to: provider "broken" has errors of its own',
      'p/goer.yaml:5:12 routes_to: "tube" has no channels to file with',
    ]);
  });

  it('lets routes_to name a provider from elsewhere (the built-in ones)', () => {
    const builtin = parseProviderText(GOOD.replace('source:', `${CHANNEL}source:`), 'builtin/tube.yaml').provider!;
    expect(checkRegistry([parseProviderText(router('finder', 'tube'), 'own/finder.yaml')], { known: [builtin] })).toEqual([]);
  });

  it('reports the same IP range in two providers', () => {
    const ranged = (id: string): string => GOOD.replace('id: tube', `id: ${id}`).replace('hosts: [tube.example]', `hosts: [${id}.example]`).replace('https://tube.example/v/1', `https://${id}.example/v/1`).replace('source:', 'ip_ranges: [192.0.2.0/24]\nsource:');
    const files = [parseProviderText(ranged('one'), 'p/one.yaml'), parseProviderText(ranged('two'), 'p/two.yaml')];
    expect(checkRegistry(files).map(formatIssue)).toEqual(['p/two.yaml:13:13 ip_ranges[0]: range 192.0.2.0/24 is already in provider "one" (p/one.yaml)']);
  });

  it('reports the same id from two folders', () => {
    const first = parseProviderText(GOOD, 'builtin/tube.yaml');
    const second = parseProviderText(GOOD.replace('hosts: [tube.example]\n', "hosts: [tube.example]\npatterns: ['/v/']\n"), 'own/tube.yaml');
    expect(checkRegistry([first, second]).map(formatIssue)).toEqual([
      'own/tube.yaml:1:5 id: duplicate provider id "tube" (also in builtin/tube.yaml)',
    ]);
  });
});

describe('loadProviders on a missing folder', () => {
  it('throws a UserError with a stable code', async () => {
    const missing = join(tmpdir(), 'no-such-providers-folder-4f3a');
    await expect(loadProviders(missing)).rejects.toMatchObject({
      name: 'UserError',
      code: 'PROVIDERS_DIR_MISSING',
      message: `providers folder ${JSON.stringify(missing)}: no such folder`,
    });
  });
});

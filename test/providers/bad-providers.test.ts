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

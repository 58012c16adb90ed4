// Workspace settings: defaults, conversion to camelCase, size strings, and bad settings reported at their position.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/core/errors.ts';
import { DEFAULT_SETTINGS, parseByteSize, parseHours, validateSettingsText } from '../../src/workspace/settings-schema.ts';
import { loadSettings } from '../../src/workspace/settings.ts';

describe('validateSettingsText', () => {
  it.each([[''], ['# only comments\n'], ['check:\nsender:\n'], ['check: {}\nsender: {}\n']])('gives the defaults for %j', (text) => {
    expect(validateSettingsText(text, 'takedown.yaml')).toEqual({ settings: DEFAULT_SETTINGS, issues: [] });
  });

  it('converts every key and keeps unset ones at their default', () => {
    const text = `check:
  concurrency: 64
  per_host: 4
  interval_ms: 1000
  timeout_s: 7.5
  max_body_bytes: 512KB
  retries: 0
  user_agent: test-agent/1
  allow_private: true
  hosts:
    Tube.Example: { per_host: 1 }
    forum.example: { interval_ms: 5000 }
  resolve:
    tube.example: 127.0.0.1
    v6.example: "::1"
sender:
  name: A. Lawyer
  email: takedowns@lawfirm.example
`;
    const result = validateSettingsText(text, 'takedown.yaml');
    expect(result.issues).toEqual([]);
    expect(result.settings).toEqual({
      check: {
        ...DEFAULT_SETTINGS.check,
        concurrency: 64,
        perHost: 4,
        intervalMs: 1000,
        timeoutS: 7.5,
        maxBodyBytes: 512_000,
        retries: 0,
        userAgent: 'test-agent/1',
        allowPrivate: true,
        hosts: { 'tube.example': { perHost: 1 }, 'forum.example': { intervalMs: 5000 } },
        resolve: { 'tube.example': '127.0.0.1', 'v6.example': '::1' },
      },
      sender: { name: 'A. Lawyer', email: 'takedowns@lawfirm.example' },
      smtp: DEFAULT_SETTINGS.smtp,
      notices: DEFAULT_SETTINGS.notices,
      rdap: {},
      sweep: DEFAULT_SETTINGS.sweep,
      notify: DEFAULT_SETTINGS.notify,
      evidence: DEFAULT_SETTINGS.evidence,
    });
  });

  it('never hands out the shared defaults object', () => {
    const { settings } = validateSettingsText('', 'takedown.yaml');
    settings.check.hosts['x.example'] = { perHost: 1 };
    expect(DEFAULT_SETTINGS.check.hosts).toEqual({});
  });

  it('reports every bad setting at its position, in file order', () => {
    const text = `check:
  concurency: 8
  per_host: 0
  interval_ms: 1.5
  timeout_s: -1
  max_body_bytes: 2 megs
  max_redirects: "10"
  allow_private: yes
  hosts:
    tube.example:
      per_hsot: 1
    "bad/host": { per_host: 1 }
  resolve:
    tube.example: 999.1.1.1
sender:
  email: nope
colour: red
`;
    expect(validateSettingsText(text, 'takedown.yaml').issues.map(formatIssue)).toEqual([
      'takedown.yaml:2:3 check.concurency: unknown key; did you mean "concurrency"?',
      'takedown.yaml:3:13 check.per_host: must be at least 1 (got 0)',
      'takedown.yaml:4:16 check.interval_ms: must be a whole number (got 1.5)',
      'takedown.yaml:5:14 check.timeout_s: must be more than 0 (got -1)',
      'takedown.yaml:6:19 check.max_body_bytes: must be a number of bytes like 2000000, "2MB" or "512KB" (got "2 megs")',
      'takedown.yaml:7:18 check.max_redirects: must be a number (got "10")',
      'takedown.yaml:8:18 check.allow_private: must be true or false (got "yes")',
      'takedown.yaml:11:7 check.hosts["tube.example"].per_hsot: unknown key; did you mean "per_host"?',
      'takedown.yaml:12:5 check.hosts["bad/host"]: must be a host name like tube.example (got "bad/host")',
      'takedown.yaml:14:19 check.resolve["tube.example"]: must be an IP address like 127.0.0.1 or ::1 (got "999.1.1.1")',
      'takedown.yaml:16:10 sender.email: must be an email address (got "nope")',
      'takedown.yaml:17:1 colour: unknown key; expected one of check, sender, smtp, rdap, notices, sweep, notify, evidence',
    ]);
  });

  it.each([
    ['check:\n  concurrency: 1000\n', 'takedown.yaml:2:16 check.concurrency: must be at most 512 (got 1000)'],
    ['check:\n  per_host: 33\n', 'takedown.yaml:2:13 check.per_host: must be at most 32 (got 33)'],
    ['check:\n  user_agent: ""\n', 'takedown.yaml:2:15 check.user_agent: must not be empty'],
    ['check: 5\n', 'takedown.yaml:1:8 check: must be a mapping (got 5)'],
    ['- a\n', 'takedown.yaml:1:1 the settings file must be a mapping with check:, sender:, smtp:, notices: and rdap: (got a list)'],
    ['check:\n\tconcurrency: 1\n', 'takedown.yaml:2:1 invalid YAML: tabs are not allowed as indentation; indent with spaces'],
    ['check:\n  retries: 1\n  retries: 2\n', 'takedown.yaml:3:3 check.retries: duplicate key; "retries" is already set at line 2'],
  ])('reports %j', (text, line) => {
    const result = validateSettingsText(text, 'takedown.yaml');
    expect(result.issues.map(formatIssue)).toEqual([line]);
    expect(result.settings).toEqual(DEFAULT_SETTINGS);
  });
});

describe('sweep and notify settings', () => {
  it('reads schedules as durations or hours, and notification targets', () => {
    const text = `sweep:
  every:
    live: 12h
    unconfirmed: 90m
    confirmed: 2w
    unseen: 4
    unseen_max: 3d
    discover: 1d
  report_unseen_after: 5d
  max_urls: 5000
notify:
  email: lawyer@firm.example
  webhook: https://hooks.example/takedown
  webhook_secret_env: TAKEDOWN_WEBHOOK_SECRET
`;
    const result = validateSettingsText(text, 'takedown.yaml');
    expect(result.issues).toEqual([]);
    expect(result.settings.sweep).toEqual({
      every: { live: 12, unconfirmed: 1.5, confirmed: 336, unseen: 4, unseenMax: 72, discover: 24 },
      reportUnseenAfterHours: 120,
      maxUrls: 5000,
    });
    expect(result.settings.notify).toEqual({ email: ['lawyer@firm.example'], webhook: 'https://hooks.example/takedown', webhookSecretEnv: 'TAKEDOWN_WEBHOOK_SECRET' });
  });

  it('keeps the defaults for unset keys: confirmed removals are checked weekly, never never', () => {
    const { settings } = validateSettingsText('sweep:\n  every:\n    live: 6h\nnotify:\n  email: [a@x.example, b@x.example]\n', 'takedown.yaml');
    expect(settings.sweep.every).toEqual({ ...DEFAULT_SETTINGS.sweep.every, live: 6 });
    expect(settings.sweep.every.confirmed).toBe(168);
    // Watch places are read at most once in 20 hours: every night from a nightly job, not on each run of a more frequent one.
    expect(settings.sweep.every.discover).toBe(20);
    expect(settings.notify).toEqual({ email: ['a@x.example', 'b@x.example'] });
  });

  it('reports bad schedules and targets at their position', () => {
    const text = `sweep:
  every:
    confirmed: never
    live: -1
  max_urls: 0
notify:
  email: [nope]
  webhook: hooks.example
  webhook_secret_env: my secret
`;
    expect(validateSettingsText(text, 'takedown.yaml').issues.map(formatIssue)).toEqual([
      'takedown.yaml:3:16 sweep.every.confirmed: must be a duration like 20h, 7d or 90m, or a number of hours (got "never")',
      'takedown.yaml:4:11 sweep.every.live: must be at least 0 (got -1)',
      'takedown.yaml:5:13 sweep.max_urls: must be at least 1 (got 0)',
      'takedown.yaml:7:11 notify.email[0]: must be an email address (got "nope")',
      'takedown.yaml:8:12 notify.webhook: must be an http(s) URL like https://hooks.example/takedown (got "hooks.example")',
      'takedown.yaml:9:23 notify.webhook_secret_env: must be the name of an environment variable, like TAKEDOWN_WEBHOOK_SECRET (got "my secret"); the secret itself never goes in this file',
    ]);
  });

  it.each([
    ['20h', 20],
    ['90m', 1.5],
    ['7d', 168],
    ['1w', 168],
    [6, 6],
    ['6', '6'],
    ['soon', 'soon'],
  ])('parseHours(%j) -> %j', (input, hours) => {
    expect(parseHours(input)).toBe(hours);
  });
});

describe('parseByteSize', () => {
  it.each([
    [2_000_000, 2_000_000],
    ['2MB', 2_000_000],
    ['512KB', 512_000],
    ['512kb', 512_000],
    ['1.5 MiB', 1_572_864],
    ['1GB', 1_000_000_000],
    ['100', 100],
    ['100B', 100],
    ['2 megs', '2 megs'],
    ['-1MB', '-1MB'],
  ])('%j -> %j', (input, bytes) => {
    expect(parseByteSize(input)).toBe(bytes);
  });
});

describe('loadSettings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'takedown-settings-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses the defaults when the workspace has no takedown.yaml', async () => {
    expect(await loadSettings(dir)).toEqual({ settings: DEFAULT_SETTINGS, issues: [] });
  });

  it('reads takedown.yaml and names it in issues', async () => {
    await writeFile(join(dir, 'takedown.yaml'), 'check:\n  per_host: 1\n  retries: many\n');
    const { issues } = await loadSettings(dir);
    expect(issues.map(formatIssue)).toEqual([`${join(dir, 'takedown.yaml')}:3:12 check.retries: must be a number (got "many")`]);
  });
});

// Workspace settings (takedown.yaml): defaults, schema and pure validation with positioned issues.
import { z } from 'zod';
import type { Issue } from '../core/errors.ts';
import { describeValue, schemaIssues } from '../case-file/schema-issues.ts';
import { issueAt, parseYaml, sortIssues } from '../case-file/yaml-source.ts';
import type { YamlSource } from '../case-file/yaml-source.ts';
import { CAPTURE_SETTINGS, type CaptureSetting } from '../evidence/capture-policy.ts';

export interface HostOverride {
  perHost?: number;
  intervalMs?: number;
}

export interface CheckSettings {
  /** Requests in flight at once, over all hosts. */
  concurrency: number;
  /** Requests in flight at once to one host. */
  perHost: number;
  /** Minimum time between the starts of two requests to the same host. */
  intervalMs: number;
  /** Total time allowed for one request, body included. */
  timeoutS: number;
  connectTimeoutS: number;
  maxBodyBytes: number;
  maxRedirects: number;
  /** Extra attempts after a transient failure. */
  retries: number;
  userAgent: string;
  /** Allow private, loopback and link-local target addresses (tests, intranets). */
  allowPrivate: boolean;
  /** Per-host politeness overrides, keyed by lower-case host name. */
  hosts: Record<string, HostOverride>;
  /** Host name -> IP address, used instead of DNS (like curl --resolve). */
  resolve: Record<string, string>;
}

export interface SenderSettings {
  name?: string;
  email?: string;
}

/** Outgoing mail. The password is never in takedown.yaml: it is read from the variable named by passwordEnv. */
export interface SmtpSettings {
  host?: string;
  port?: number;
  /** `tls`: TLS from the first byte (port 465); `starttls`: upgrade required; `none`: plain (loopback sinks only). */
  security: 'tls' | 'starttls' | 'none';
  user?: string;
  /** Name of the environment variable that holds the password. */
  passwordEnv: string;
}

export interface NoticeSettings {
  /** Follow-up interval for bases without a legal deadline (DSA, platform policies, abuse desks). */
  followUpDays: number;
  /** A removal counts only after the URL was seen gone on two checks at least this far apart. */
  confirmHours: number;
}

export interface RdapSettings {
  /** Where the IANA RDAP bootstrap files are fetched (a mirror, or a local server for tests and the demo). */
  bootstrapUrl?: string;
}

export interface EvidenceSettings {
  /** Which checks are kept as WARC evidence: `change` (a URL's first check and every change of state), `always`, `never`. */
  capture: CaptureSetting;
}

/** How often `takedown sweep` checks a URL again, in hours after its last check, by where it stands. */
export interface SweepEvery {
  live: number;
  /** Seen gone once, not yet confirmed. */
  unconfirmed: number;
  /** Confirmed gone: less often, but always again. */
  confirmed: number;
  /** After a blocked or unreachable check; doubles with each one after it, up to unseenMax. */
  unseen: number;
  unseenMax: number;
  /** Reading a case's watch places for new copies (discovery); a sweep that runs more often skips it. */
  discover: number;
}

export interface SweepSettings {
  every: SweepEvery;
  /** A URL that cannot be seen (blocked or unreachable) this long is reported, once per streak. */
  reportUnseenAfterHours: number;
  /** At most this many URLs per sweep (the most overdue first); null: no cap. */
  maxUrls: number | null;
}

/** Where `takedown sweep` reports changes. Email goes through the smtp settings, from sender.email. */
export interface NotifySettings {
  email: string[];
  webhook?: string;
  /** Name of the environment variable holding the webhook's signing secret. */
  webhookSecretEnv?: string;
}

export interface Settings {
  check: CheckSettings;
  sender: SenderSettings;
  smtp: SmtpSettings;
  notices: NoticeSettings;
  rdap: RdapSettings;
  sweep: SweepSettings;
  notify: NotifySettings;
  evidence: EvidenceSettings;
}

// Sites serve bot walls to unusual agents; a current desktop browser sees what a visitor sees.
export const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';

export const DEFAULT_SETTINGS: Settings = {
  check: {
    concurrency: 16,
    perHost: 2,
    intervalMs: 250,
    timeoutS: 20,
    connectTimeoutS: 10,
    maxBodyBytes: 2_000_000,
    maxRedirects: 10,
    retries: 2,
    userAgent: DEFAULT_USER_AGENT,
    allowPrivate: false,
    hosts: {},
    resolve: {},
  },
  sender: {},
  smtp: { security: 'starttls', passwordEnv: 'TAKEDOWN_SMTP_PASSWORD' },
  notices: { followUpDays: 7, confirmHours: 1 },
  rdap: {},
  // Under a day for live URLs and watch places, so that a nightly cron job that starts a little early still finds them due.
  sweep: {
    every: { live: 20, unconfirmed: 1, confirmed: 168, unseen: 6, unseenMax: 72, discover: 20 },
    reportUnseenAfterHours: 72,
    maxUrls: null,
  },
  notify: { email: [] },
  evidence: { capture: 'change' },
};

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** `2000000`, `"2MB"`, `"512KB"`, `"1.5 MiB"` -> bytes; anything else is left for the schema to reject. */
export function parseByteSize(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(value);
  if (match === null) return value;
  const unit = UNITS[(match[2] ?? 'b').toLowerCase()] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

const DURATION_UNITS: Record<string, number> = { m: 1 / 60, min: 1 / 60, h: 1, d: 24, w: 168 };

/** `20h`, `7d`, `90m`, `2w` or a number of hours -> hours; anything else is left for the schema to reject. */
export function parseHours(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d|w)\s*$/i.exec(value);
  if (match === null) return value;
  return Number(match[1]) * (DURATION_UNITS[(match[2] ?? 'h').toLowerCase()] ?? 1);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpAddress(value: string): boolean {
  if (IPV4.test(value)) return true;
  if (!value.includes(':')) return false;
  try {
    return new URL(`http://[${value}]/`).hostname !== '';
  } catch {
    return false;
  }
}

/** The host name as URLs will show it (lower case, IDN as punycode), or undefined if it is not a bare host. */
export function normalizeHost(value: string): string | undefined {
  if (!/^[^\s/@:?#\\]+$/.test(value)) return undefined;
  try {
    return new URL(`http://${value}/`).hostname;
  } catch {
    return undefined;
  }
}

/** An absolute http(s) URL that the URL parser accepts (a regular expression lets "https://a b/" through). */
function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\/[^/\s]+/.test(value)) return false;
  const url = URL.parse(value);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

const perHost = z.int().min(1).max(32);
const intervalMs = z.int().min(0).max(3_600_000);
const seconds = z.number().positive().max(3600);

// At most a year: a confirmed removal is checked again, never never.
const hours = z.preprocess(
  parseHours,
  z
    .number({
      error: (issue) =>
        issue.code === 'invalid_type' ? `must be a duration like 20h, 7d or 90m, or a number of hours (got ${describeValue(issue.input)})` : undefined,
    })
    .min(0)
    .max(24 * 366),
);

const byteSize = z.preprocess(
  parseByteSize,
  z
    .int({ error: (issue) => `must be a number of bytes like 2000000, "2MB" or "512KB" (got ${describeValue(issue.input)})` })
    .min(1),
);

const ipAddress = z.string().refine(isIpAddress, {
  error: (issue) => `must be an IP address like 127.0.0.1 or ::1 (got ${describeValue(issue.input)})`,
});

export const settingsSchema = z.strictObject({
  check: z
    .strictObject({
      concurrency: z.int().min(1).max(512).optional(),
      per_host: perHost.optional(),
      interval_ms: intervalMs.optional(),
      timeout_s: seconds.optional(),
      connect_timeout_s: seconds.optional(),
      max_body_bytes: byteSize.optional(),
      max_redirects: z.int().min(0).max(50).optional(),
      retries: z.int().min(0).max(10).optional(),
      user_agent: z.string().min(1).optional(),
      allow_private: z.boolean().optional(),
      hosts: z.record(z.string(), z.strictObject({ per_host: perHost.optional(), interval_ms: intervalMs.optional() })).nullish(),
      resolve: z.record(z.string(), ipAddress).nullish(),
    })
    .nullish(),
  sender: z.strictObject({ name: z.string().optional(), email: z.email().optional() }).nullish(),
  smtp: z
    .strictObject({
      host: z.string().min(1).optional(),
      port: z.int().min(1).max(65535).optional(),
      security: z.enum(['tls', 'starttls', 'none']).optional(),
      user: z.string().min(1).optional(),
      password_env: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
          error: (issue) => `must be the name of an environment variable, like TAKEDOWN_SMTP_PASSWORD (got ${describeValue(issue.input)}); the password itself never goes in this file`,
        })
        .optional(),
    })
    .nullish(),
  rdap: z
    .strictObject({
      bootstrap_url: z
        .string()
        .refine(isHttpUrl, {
          error: (issue) => `must be an http(s) URL like https://data.iana.org/rdap/ (got ${describeValue(issue.input)})`,
        })
        .optional(),
    })
    .nullish(),
  notices: z
    .strictObject({
      follow_up_days: z.int().min(1).max(365).optional(),
      confirm_hours: z.number().min(0).max(24 * 90).optional(),
    })
    .nullish(),
  sweep: z
    .strictObject({
      every: z
        .strictObject({
          live: hours.optional(),
          unconfirmed: hours.optional(),
          confirmed: hours.optional(),
          unseen: hours.optional(),
          unseen_max: hours.optional(),
          discover: hours.optional(),
        })
        .nullish(),
      report_unseen_after: hours.optional(),
      max_urls: z.int().min(1).optional(),
    })
    .nullish(),
  notify: z
    .strictObject({
      email: z.union([z.email(), z.array(z.email())]).optional(),
      webhook: z
        .string()
        .refine(isHttpUrl, {
          error: (issue) => `must be an http(s) URL like https://hooks.example/takedown (got ${describeValue(issue.input)})`,
        })
        .optional(),
      webhook_secret_env: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
          error: (issue) => `must be the name of an environment variable, like TAKEDOWN_WEBHOOK_SECRET (got ${describeValue(issue.input)}); the secret itself never goes in this file`,
        })
        .optional(),
    })
    .nullish(),
  evidence: z.strictObject({ capture: z.enum(CAPTURE_SETTINGS).optional() }).nullish(),
});

type SettingsData = z.output<typeof settingsSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function copyDefaults(): Settings {
  return structuredClone(DEFAULT_SETTINGS);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Host names as URLs show them (`Tube.Example` -> `tube.example`), so lookups by URL host match. */
function byHost<T, U>(map: Record<string, T> | null | undefined, convert: (value: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [key, value] of Object.entries(map ?? {})) out[normalizeHost(key) ?? key] = convert(value);
  return out;
}

/** Keys of check.hosts and check.resolve that are not host names, read from the raw data so they are always reported. */
function hostKeyIssues(source: YamlSource, data: Record<string, unknown>): Issue[] {
  const check = isRecord(data['check']) ? data['check'] : {};
  const issues: Issue[] = [];
  for (const section of ['hosts', 'resolve']) {
    const map = check[section];
    if (!isRecord(map)) continue;
    for (const key of Object.keys(map)) {
      if (normalizeHost(key) !== undefined) continue;
      const message = `must be a host name like tube.example (got ${JSON.stringify(key)})`;
      issues.push(issueAt(source, ['check', section, key], message, { at: 'key' }));
    }
  }
  return issues;
}

function buildSettings(data: SettingsData): Settings {
  const settings = copyDefaults();
  const check = data.check ?? {};
  Object.assign(
    settings.check,
    definedOnly({
      concurrency: check.concurrency,
      perHost: check.per_host,
      intervalMs: check.interval_ms,
      timeoutS: check.timeout_s,
      connectTimeoutS: check.connect_timeout_s,
      maxBodyBytes: check.max_body_bytes,
      maxRedirects: check.max_redirects,
      retries: check.retries,
      userAgent: check.user_agent,
      allowPrivate: check.allow_private,
    }),
    {
      hosts: byHost(check.hosts, (value) => definedOnly({ perHost: value.per_host, intervalMs: value.interval_ms })),
      resolve: byHost(check.resolve, (ip) => ip),
    },
  );
  settings.sender = definedOnly({ name: data.sender?.name, email: data.sender?.email });
  Object.assign(
    settings.smtp,
    definedOnly({
      host: data.smtp?.host,
      port: data.smtp?.port,
      security: data.smtp?.security,
      user: data.smtp?.user,
      passwordEnv: data.smtp?.password_env,
    }),
  );
  Object.assign(
    settings.notices,
    definedOnly({ followUpDays: data.notices?.follow_up_days, confirmHours: data.notices?.confirm_hours }),
  );
  settings.rdap = definedOnly({ bootstrapUrl: data.rdap?.bootstrap_url });
  const every = data.sweep?.every ?? {};
  Object.assign(
    settings.sweep.every,
    definedOnly({ live: every.live, unconfirmed: every.unconfirmed, confirmed: every.confirmed, unseen: every.unseen, unseenMax: every.unseen_max, discover: every.discover }),
  );
  if (data.sweep?.report_unseen_after !== undefined) settings.sweep.reportUnseenAfterHours = data.sweep.report_unseen_after;
  if (data.sweep?.max_urls !== undefined) settings.sweep.maxUrls = data.sweep.max_urls;
  const email = data.notify?.email;
  settings.notify = {
    email: email === undefined ? [] : Array.isArray(email) ? email : [email],
    ...definedOnly({ webhook: data.notify?.webhook, webhookSecretEnv: data.notify?.webhook_secret_env }),
  };
  Object.assign(settings.evidence, definedOnly({ capture: data.evidence?.capture }));
  return settings;
}

/**
 * Validates the text of a takedown.yaml. Empty text means all defaults. When there are errors the
 * settings returned are the defaults; callers must look at the issues first.
 */
export function validateSettingsText(text: string, file: string): { settings: Settings; issues: Issue[] } {
  const parsed = parseYaml(text, file);
  const { source, data } = parsed;
  const issues = [...parsed.issues];
  if (data === undefined || data === null) return { settings: copyDefaults(), issues };
  if (!isRecord(data)) {
    issues.push(issueAt(source, [], `the settings file must be a mapping with check:, sender:, smtp:, notices: and rdap: (got ${describeValue(data)})`));
    return { settings: copyDefaults(), issues };
  }
  const checked = schemaIssues(source, settingsSchema, data);
  issues.push(...checked.issues, ...hostKeyIssues(source, data));
  sortIssues(issues);
  const failed = issues.some((issue) => issue.severity === 'error');
  if (failed || checked.value === undefined) return { settings: copyDefaults(), issues };
  return { settings: buildSettings(checked.value), issues };
}

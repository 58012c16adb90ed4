// The YAML schema of one provider file (providers/*.yaml): snake_case YAML in, the core Provider type out.
import { z } from 'zod';
import { ADDRESS_SOURCES, CHANNEL_KINDS, DISCLOSURE_TARGETS, NOTICE_KINDS } from '../core/notice.ts';
import type { ChannelField, ProviderChannel } from '../core/notice.ts';
import { PROVIDER_KINDS } from '../core/provider.ts';
import type { Provider, ProviderExample, ProviderKind, ProviderSignal } from '../core/provider.ts';
import { CHECK_STATES, REASONS } from '../core/states.ts';
import type { CheckState } from '../core/states.ts';
import { didYouMean } from '../case-file/did-you-mean.ts';
import { describeValue } from '../case-file/schema-issues.ts';
import { parseCidr } from './ip-match.ts';

function hint(word: unknown, candidates: readonly string[]): string {
  const match = typeof word === 'string' ? didYouMean(word, candidates) : undefined;
  return match === undefined ? '' : `; did you mean "${match}"?`;
}

/** An enum whose error names the allowed values, shows the bad one and suggests the closest. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (iss) =>
      iss.input === undefined
        ? undefined
        : `must be one of ${values.join(', ')} (got ${describeValue(iss.input)})${hint(iss.input, values)}`,
  });
}

/** The matcher keys of a signal as written in YAML; exactly one per signal. */
export const SIGNAL_MATCHERS = ['status', 'text', 'title', 'html', 'json', 'redirect', 'lost_param', 'header'] as const;

/** Which states a signal in each group may narrow to (ProviderSignals in src/core/provider.ts). */
export const GROUP_STATES = {
  removed: ['removed', 'soft-removed', 'redirected'],
  legal: ['legal-block'],
  blocked: ['blocked'],
  live: ['live'],
} as const satisfies Record<string, readonly CheckState[]>;

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The engine's complaint about a regular expression, or undefined when it compiles. */
export function regexError(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    // V8 says "Invalid regular expression: /(a/: Unterminated group"; keep the reason only.
    const reason = text.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return `is not a valid regular expression (${reason}): ${JSON.stringify(source)}`;
  }
}

function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isHttpUrl(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:');
}

const text = z.string().min(1);

const regex = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    const error = regexError(value);
    if (error) ctx.addIssue({ code: 'custom', message: error, input: value });
  });

const httpUrl = z.string().refine(isHttpUrl, {
  error: (iss) => `must be an absolute http(s) URL (got ${describeValue(iss.input)})`,
});

const httpStatus = z
  .number()
  .refine((n) => Number.isInteger(n) && n >= 100 && n <= 599, {
    error: (iss) => `must be an HTTP status code from 100 to 599 (got ${describeValue(iss.input)})`,
  });

/** `status: 404` is shorthand for `status: [404]`. */
const statusList = z.preprocess((v) => (typeof v === 'number' ? [v] : v), z.array(httpStatus).min(1));

const jsonMatcher = z
  .strictObject({
    path: text,
    equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    exists: z.boolean().optional(),
    not_null: z.boolean().optional(),
  })
  .superRefine((json, ctx) => {
    if (!('equals' in json) && json.exists === undefined && json.not_null === undefined) {
      ctx.addIssue({ code: 'custom', message: 'needs one of equals, exists or not_null', input: json });
    }
  })
  .transform((json): NonNullable<ProviderSignal['json']> => ({
    path: json.path,
    ...('equals' in json ? { equals: json.equals ?? null } : {}),
    ...(json.exists === undefined ? {} : { exists: json.exists }),
    ...(json.not_null === undefined ? {} : { notNull: json.not_null }),
  }));

const headerMatcher = z
  .strictObject({ name: text, equals: z.string().optional(), pattern: regex.optional() })
  .superRefine((header, ctx) => {
    if ((header.equals === undefined) === (header.pattern === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'needs exactly one of equals or pattern', input: header });
    }
  })
  .transform((header): NonNullable<ProviderSignal['header']> => ({
    // Response headers reach the checker with lower-cased names.
    name: header.name.toLowerCase(),
    ...(header.equals === undefined ? {} : { equals: header.equals }),
    ...(header.pattern === undefined ? {} : { pattern: header.pattern }),
  }));

function signalSchema(states: readonly [CheckState, ...CheckState[]]) {
  return z
    .strictObject({
      status: statusList.optional(),
      text: text.optional(),
      title: text.optional(),
      html: regex.optional(),
      json: jsonMatcher.optional(),
      redirect: regex.optional(),
      lost_param: text.optional(),
      header: headerMatcher.optional(),
      state: oneOf(states).optional(),
      note: text.optional(),
      source: text.optional(),
    })
    .superRefine((signal, ctx) => {
      const given = SIGNAL_MATCHERS.filter((key) => signal[key] !== undefined);
      if (given.length === 1) return;
      const got = given.length === 0 ? 'none' : given.join(' and ');
      ctx.addIssue({
        code: 'custom',
        message: `needs exactly one matcher (${SIGNAL_MATCHERS.join(', ')}); got ${got}`,
        input: signal,
      });
    })
    .transform(
      (s): ProviderSignal =>
        dropUndefined({
          status: s.status,
          text: s.text,
          title: s.title,
          html: s.html,
          json: s.json,
          redirect: s.redirect,
          lostParam: s.lost_param,
          header: s.header,
          state: s.state,
          note: s.note,
          source: s.source,
        }),
    );
}

function signalList(states: readonly [CheckState, ...CheckState[]]) {
  return z.array(signalSchema(states)).default([]);
}

const signalsSchema = z
  .strictObject({
    removed: signalList(GROUP_STATES.removed),
    legal: signalList(GROUP_STATES.legal),
    blocked: signalList(GROUP_STATES.blocked),
    live: signalList(GROUP_STATES.live),
  })
  .default({ removed: [], legal: [], blocked: [], live: [] });

const expectSchema = z
  .strictObject({ state: oneOf(CHECK_STATES), reason: z.string().optional() })
  .superRefine((expect, ctx) => {
    if (expect.reason === undefined) return;
    const known = Object.keys(REASONS);
    if (!Object.hasOwn(REASONS, expect.reason)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: `unknown reason ${describeValue(expect.reason)}${hint(expect.reason, known)}`,
        input: expect.reason,
      });
      return;
    }
    const owner = REASONS[expect.reason as keyof typeof REASONS].state;
    if (owner !== expect.state) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: `reason "${expect.reason}" belongs to state ${owner}, not ${expect.state}`,
        input: expect.reason,
      });
    }
  });

const exampleSchema = z
  .strictObject({
    name: text,
    url: httpUrl,
    response: z.strictObject({
      status: httpStatus,
      headers: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).optional(),
      body: z.string().optional(),
      final_url: httpUrl.optional(),
      redirects: z
        .array(z.strictObject({ url: httpUrl, status: httpStatus, location: httpUrl }))
        .optional(),
    }),
    expect: expectSchema,
  })
  .transform(
    (e): ProviderExample => ({
      name: e.name,
      url: e.url,
      response: dropUndefined({
        status: e.response.status,
        headers: e.response.headers,
        body: e.response.body,
        finalUrl: e.response.final_url,
        redirects: e.response.redirects,
      }),
      expect: dropUndefined({ state: e.expect.state, reason: e.expect.reason }),
    }),
  );

const isoDate = z.string().refine(isIsoDate, {
  error: (iss) => `must be an ISO date YYYY-MM-DD (got ${describeValue(iss.input)})`,
});

/** `source: one line` is shorthand for a list of one. */
const sourceList = z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(text).min(1));

const kebab = z.string().regex(KEBAB, {
  error: (iss) => `must be kebab-case (a-z, 0-9, single hyphens) (got ${describeValue(iss.input)})`,
});

const cidr = z
  .string({
    // Unquoted in a flow list, `2001:db8::` reads as a mapping key.
    error: (iss) => (isRecord(iss.input) ? `must be text (got a mapping): quote IPv6 ranges, e.g. '2001:db8::/32'` : undefined),
  })
  .superRefine((value, ctx) => {
    const parsed = parseCidr(value);
    if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error, input: value });
  });

const fieldSchema = z
  .strictObject({ label: text, answer: text, note: text.optional() })
  .transform((f): ChannelField => dropUndefined({ label: f.label, answer: f.answer, note: f.note }));

/** One way to reach the provider. Rules between its keys are in cross-checks.ts, on the raw data. */
const channelSchema = z
  .strictObject({
    id: kebab,
    kind: oneOf(CHANNEL_KINDS),
    address: z.email().optional(),
    address_from: oneOf(ADDRESS_SOURCES).optional(),
    url: httpUrl.optional(),
    bases: z.array(oneOf(NOTICE_KINDS), {
      error: (iss) => (iss.input === undefined ? 'missing (required): the notice kinds this channel accepts' : undefined),
    }),
    fields: z.array(fieldSchema).default([]),
    // Required, even when empty, so that every channel says whether it passes the reporter's name on.
    discloses_reporter_to: z.array(oneOf(DISCLOSURE_TARGETS), {
      error: (iss) =>
        iss.input === undefined
          ? `missing (required): who the channel may pass the reporter's identity to (${DISCLOSURE_TARGETS.join(', ')}), or [] when it keeps it confidential`
          : undefined,
    }),
    disclosure_note: text.optional(),
    response_hours: z.number().positive().optional(),
    max_urls: z.int().min(1).max(1000).optional(),
    minors: z.boolean().default(false),
    adults_only: z.boolean().default(false),
    note: text.optional(),
    source: sourceList,
    checked: isoDate,
  })
  .transform(
    (c): ProviderChannel =>
      dropUndefined({
        id: c.id,
        kind: c.kind,
        address: c.address,
        addressFrom: c.address_from,
        url: c.url,
        bases: c.bases,
        fields: c.fields,
        disclosesReporterTo: c.discloses_reporter_to,
        disclosureNote: c.disclosure_note,
        responseHours: c.response_hours,
        maxUrls: c.max_urls,
        minors: c.minors,
        adultsOnly: c.adults_only,
        note: c.note,
        source: c.source,
        checked: c.checked,
      }),
  );

/** Kinds that may have no hosts: a registrar, regulator or hash programme has no content URLs of its own. */
export const HOSTLESS_KINDS: readonly ProviderKind[] = ['generic', 'regulator', 'hash-programme'];

/** One provider file; parseProviderText (parse.ts) runs it and positions every problem. */
export const providerSchema = z
  .strictObject({
    id: kebab,
    name: text,
    kind: oneOf(PROVIDER_KINDS),
    hosts: z
      .array(
        z.string().regex(HOST, {
          error: (iss) => `must be a lower-case host name such as example.com (got ${describeValue(iss.input)})`,
        }),
      )
      .min(1)
      .optional(),
    patterns: z.array(regex).default([]),
    signals: signalsSchema,
    politeness: z
      .strictObject({ per_host: z.int().min(1).optional(), interval_ms: z.int().min(0).optional() })
      .transform((p) => dropUndefined({ perHost: p.per_host, intervalMs: p.interval_ms }))
      .optional(),
    examples: z.array(exampleSchema).min(1).optional(),
    channels: z.array(channelSchema).default([]),
    routes_to: kebab.optional(),
    ip_ranges: z.array(cidr).default([]),
    source: sourceList,
    checked: isoDate,
  })
  .transform(
    (p): Provider =>
      dropUndefined({
        id: p.id,
        name: p.name,
        kind: p.kind,
        hosts: p.hosts ?? [],
        patterns: p.patterns,
        signals: p.signals,
        politeness: p.politeness,
        examples: p.examples ?? [],
        channels: p.channels,
        routesTo: p.routes_to,
        ipRanges: p.ip_ranges,
        source: p.source,
        checked: p.checked,
      }),
  );

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Leaves out keys whose value is undefined, so the result has only the optional fields that were given. */
export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// Every command-line option, defined once: this table drives commander, the --help text and
// the options section of the README (a test keeps the README in step).
import { InvalidArgumentError, Option } from 'commander';
import { NOTICE_KINDS } from '../core/notice.ts';

export interface OptionSpec {
  flags: string;
  description: string;
  choices?: readonly string[];
  parse?: (value: string) => unknown;
}

function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 3600) {
    throw new InvalidArgumentError(`expected a number of seconds above 0 and at most 3600, got "${value}"`);
  }
  return n;
}

export const OPTIONS = {
  workspace: {
    flags: '-w, --workspace <dir>',
    description: 'the workspace folder (default: found by walking up from the current folder, like git)',
  },
  format: {
    flags: '-f, --format <format>',
    description: 'output: text (a table), json (one document) or ndjson (one object a line, as results arrive)',
    choices: ['text', 'json', 'ndjson'],
  },
  quiet: { flags: '-q, --quiet', description: 'print less: check, status and review only what needs a human; sweep nothing on a night without changes' },
  concurrency: {
    flags: '--concurrency <n>',
    description: 'requests in flight at once over all hosts (default 16, or check.concurrency)',
    parse: wholeNumber(1, 512),
  },
  perHost: {
    flags: '--per-host <n>',
    description: 'requests in flight at once to one host (default 2, or check.per_host)',
    parse: wholeNumber(1, 32),
  },
  timeout: {
    flags: '--timeout <seconds>',
    description: 'give up on one request after this long, redirects and body included (default 20)',
    parse: seconds,
  },
  retries: {
    flags: '--retries <n>',
    description: 'retries of transient failures (reset, timeout, 5xx, 429) per URL (default 2)',
    parse: wholeNumber(0, 10),
  },
  allowPrivate: {
    flags: '--allow-private',
    description: 'allow private, loopback and link-local target addresses (intranets, tests)',
  },
  fresh: {
    flags: '--fresh',
    description: 'start a new run instead of resuming an interrupted one over the same cases',
  },
  dryRun: {
    flags: '-n, --dry-run',
    description: 'show what would be done; write, record and send nothing',
  },
  basis: {
    flags: '--basis <kind>',
    description: 'use this kind of notice wherever the recipient accepts it and the case allows it (e.g. dmca, gdpr-delisting)',
    choices: NOTICE_KINDS,
  },
  lookup: {
    flags: '--no-lookup',
    description: 'do not ask DNS and RDAP who hosts a site and who registered its domain (host and registrar rungs are skipped)',
  },
  case: {
    flags: '--case <id>',
    description: 'only the requests of this case',
  },
  yes: {
    flags: '-y, --yes',
    description: 'send without asking (for scripts; review the drafts first)',
  },
  resend: {
    flags: '--resend',
    description: 'send again a request whose earlier send was cut off, after checking it did not arrive',
  },
  outbox: {
    flags: '--outbox',
    description: "write the messages into .takedown/outbox/ for another machine's mailer instead of SMTP",
  },
  ref: {
    flags: '--ref <ticket>',
    description: 'the ticket or case number the provider gave',
  },
  at: {
    flags: '--at <time>',
    description: 'when it happened, e.g. 2026-11-21T14:05 (default: now); a filed request\'s clock starts here',
  },
  note: {
    flags: '--note <text>',
    description: '(mark) a note kept with the request; (review) why a candidate was accepted or rejected; both go into the event log',
  },
  out: {
    flags: '--out <path>',
    description: '(report) write to this file instead of stdout, private (0600) and replaced atomically; csv writes FILE-urls.csv and FILE-requests.csv; (evidence export) the bundle folder, new or empty',
  },
  reportFormat: {
    flags: '-f, --format <format>',
    description: 'report: text (default), json, csv (with --out: FILE-urls.csv and FILE-requests.csv), md (Markdown) or html (one self-contained file)',
    choices: ['text', 'json', 'csv', 'md', 'html'],
  },
  all: {
    flags: '--all',
    description: 'every case: for report, every case recorded in the workspace (a report otherwise covers only the cases it names); for sweep, every case file in cases/ (also what naming none means)',
  },
  discover: {
    flags: '--no-discover',
    description: "(sweep) do not read the cases' watch places for new copies this time (they are read at most once per sweep.every.discover, 20h by default)",
  },
  confirm: {
    flags: '--confirm',
    description: 'confirm a removal on the second check that sees it gone, without waiting notices.confirm_hours (tests, demos)',
  },
  wait: {
    flags: '--wait <seconds>',
    description: 'if another sweep is running, wait up to this long for it (default 0: say so and exit 1)',
    parse: wholeNumber(0, 86_400),
  },
  maxUrls: {
    flags: '--max-urls <n>',
    description: 'check at most this many due URLs, the most overdue first; the rest wait for the next run (default: all, or sweep.max_urls)',
    parse: wholeNumber(1, 10_000_000),
  },
  anonymised: {
    flags: '--anonymised',
    description: 'per provider and notice kind, counts and durations only: no URLs, names, case ids or dates (json or csv)',
  },
  hashCase: {
    flags: '--case <case>',
    description: "the case, by id or file: pictures it already has are marked, and --add writes to it (refused for a minor's case)",
  },
  add: {
    flags: '--add',
    description: "append the fingerprints to the case's fingerprints: list (never the file name; see --label)",
  },
  label: {
    flags: '--label <text>',
    description: 'a label kept with each fingerprint instead of the file name, e.g. "beach photo 2019"',
  },
  demoDir: {
    flags: '--dir <dir>',
    description: 'write the demo workspace here instead of a new temporary folder',
  },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

export function toCommanderOption(name: OptionName): Option {
  const spec: OptionSpec = OPTIONS[name];
  const option = new Option(spec.flags, spec.description);
  if (spec.choices) option.choices(spec.choices);
  if (spec.parse) option.argParser(spec.parse);
  return option;
}

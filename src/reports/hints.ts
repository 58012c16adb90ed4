// Turns a run's results into advice (rate limits, bot walls, timeouts, missing host names, private addresses), pure.
import type { CaseResult } from './check-report.ts';

interface HintRule {
  matches: (r: CaseResult) => boolean;
  /** The hint is only given when every URL of the host matches (a host name that is gone). */
  wholeHost?: boolean;
  advice: (host: string, count: number) => string;
}

const RULES: HintRule[] = [
  {
    matches: ({ result }) => result.reason === 'http-429',
    advice: (host, n) =>
      `${n} URL(s) on ${host} were rate limited (429): raise check.hosts."${host}".interval_ms in takedown.yaml and check again later.`,
  },
  {
    matches: ({ result }) => result.reason === 'challenge',
    advice: (host, n) =>
      `${n} URL(s) on ${host} met a bot wall: this is not a removal; look at them in a browser or check from another network.`,
  },
  {
    // Not "raise --timeout": every retry waits the whole timeout again, so a longer one mostly makes a run slower.
    matches: ({ result }) => result.reason === 'timeout',
    advice: (host, n) =>
      `${n} URL(s) on ${host} did not answer in time: the site may be down or slow; they count as not seen, and the next check will try again (a longer --timeout helps only a slow site).`,
  },
  {
    matches: ({ result }) => result.reason === 'dns',
    wholeHost: true,
    advice: (host, n) =>
      `${n} URL(s) on ${host} failed because the host name could not be found: check the spelling, or the site is gone from DNS (not proof the content is removed).`,
  },
  {
    matches: ({ result }) => result.reason === 'private-address',
    advice: (host, n) =>
      `${n} URL(s) on ${host} lead to a private or loopback address and were not fetched: use --allow-private if that is intended.`,
  },
  {
    matches: ({ result }) => result.reason === 'tls',
    advice: (host, n) =>
      `${n} URL(s) on ${host} failed the TLS check: behind a corporate proxy, set NODE_EXTRA_CA_CERTS to its CA file.`,
  },
];

/** One line of advice per rule and host, in rule order, hosts in the order they first appear. */
export function hintsFor(results: readonly CaseResult[]): string[] {
  const byHost = new Map<string, CaseResult[]>();
  for (const r of results) {
    const host = hostOf(r.result.url);
    const list = byHost.get(host);
    if (list) list.push(r);
    else byHost.set(host, [r]);
  }
  const hints: string[] = [];
  for (const rule of RULES) {
    for (const [host, hostResults] of byHost) {
      const count = hostResults.filter(rule.matches).length;
      if (count === 0 || (rule.wholeHost === true && count < hostResults.length)) continue;
      hints.push(rule.advice(host, count));
    }
  }
  return hints;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

// Turns a run's results into advice (rate limits, bot walls, timeouts, private addresses), pure.
import type { CaseResult } from './check-report.ts';

interface HintRule {
  matches: (r: CaseResult) => boolean;
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
    matches: ({ result }) => result.reason === 'timeout',
    advice: (host, n) => `${n} URL(s) on ${host} timed out: try --timeout 60, or check again later.`,
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

export function hintsFor(results: readonly CaseResult[]): string[] {
  const hints: string[] = [];
  for (const rule of RULES) {
    const byHost = new Map<string, number>();
    for (const r of results) {
      if (!rule.matches(r)) continue;
      const host = hostOf(r.result.url);
      byHost.set(host, (byHost.get(host) ?? 0) + 1);
    }
    for (const [host, count] of byHost) hints.push(rule.advice(host, count));
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

// The anonymised outcome export for advocacy: per provider and notice kind, counts and durations only. Pure.
import type { NoticeKind } from '../core/notice.ts';
import { providerStats } from './provider-stats.ts';
import type { ProviderStats, Report } from './report-types.ts';

/** What stands in for a provider the built-in directory does not know. */
export const OTHER_PROVIDER = 'other';

/** A provider's figures without its id or name, keyed by provider (or `other`) and notice kind. */
export type OutcomeRow = { provider: string; noticeKind: NoticeKind } & Omit<ProviderStats, 'providerId' | 'label'>;

export interface OutcomeExport {
  kind: 'takedown-outcomes';
  version: 1;
  /** The day only: a time of day could be matched against a provider's own records. */
  generatedOn: string;
  cases: number;
  rows: OutcomeRow[];
}

/**
 * No URLs, names, case ids, tickets, notes or dates of requests: only who was asked, under which
 * kind of notice, how often and how fast they acted. Providers outside `knownProviders` (the
 * built-in directory) become "other": a workspace's own provider file may be named after a
 * small site that points to the person. Generic recipients (a site's operator, its host, its
 * registrar) stay under their generic ids, never the site's name.
 */
export function anonymise(report: Report, knownProviders: ReadonlySet<string>): OutcomeExport {
  const requests = report.cases.flatMap((c) => c.requests);
  const stats = providerStats(requests, (r) => ({
    providerId: knownProviders.has(r.providerId) ? r.providerId : OTHER_PROVIDER,
    label: r.kind,
  }));
  return {
    kind: 'takedown-outcomes',
    version: 1,
    generatedOn: report.generatedAt.slice(0, 10),
    cases: report.cases.length,
    rows: stats
      .map(({ providerId, label, ...counts }) => ({ provider: providerId, noticeKind: label as NoticeKind, ...counts }))
      .sort((a, b) => a.provider.localeCompare(b.provider, 'en') || a.noticeKind.localeCompare(b.noticeKind, 'en')),
  };
}

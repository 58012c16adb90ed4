// Builds what a template is given (NoticeContext) from the case and one planned notice. Pure.
// Optional facts stay absent when the case file does not give them, so a template that needs
// one fails with the list of what to fill in rather than printing an empty gap.
import type { Case } from '../core/case.ts';
import type { NoticeContext } from '../core/notice.ts';
import type { PlannedNotice } from './plan.ts';

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}

export function noticeContext(c: Case, notice: PlannedNotice, requestId: string, date: Date): NoticeContext {
  const claimant = c.claimant;
  return {
    notice: { id: requestId, kind: notice.kind, date: date.toISOString().slice(0, 10) },
    recipient: defined({
      name: notice.recipientName,
      rung: notice.rung,
      channel: notice.channel.kind,
      address: notice.address,
      form_url: notice.formUrl,
    }),
    claimant: defined({
      role: claimant.role,
      name: claimant.name,
      email: claimant.email,
      signature: claimant.signature,
      organisation: claimant.organisation,
      address: claimant.address,
      phone: claimant.phone,
      confirms_good_faith: claimant.confirmsGoodFaith,
    }),
    subject: defined({ name: c.subject.name, minor_at_creation: c.subject.minorAtCreation }),
    case: defined({
      id: c.id,
      description: c.facts.description,
      consent: c.facts.consent,
      jurisdictions: c.jurisdictions,
      deepfake: c.facts.deepfake,
      copyright_work: c.facts.copyrightWork,
    }),
    urls: notice.targets.map((t) => defined({ url: t.url, state: t.state ?? undefined, checked_at: t.checkedAt ?? undefined })),
    site: defined({ host: notice.site.host, domain: notice.site.domain, ip: notice.site.ip }),
    search: { queries: searchQueries(c) },
  };
}

/** The searches that surface the URLs: the subject's name and the case's keywords (handles, usernames). */
export function searchQueries(c: Case): string[] {
  const queries = [c.subject.name, ...c.keywords].filter((q): q is string => q !== undefined && q.trim() !== '');
  return [...new Set(queries)];
}

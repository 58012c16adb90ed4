// When a request's clock runs out: the legal deadline of its basis, else the provider's stated
// time, else the workspace's follow-up interval. Pure.
import type { NoticeKind, ProviderChannel } from '../core/notice.ts';

export interface DeadlineRule {
  /** Hours after sending, or calendar months for the GDPR. */
  hours?: number;
  months?: number;
  /** In words, for people: shown in drafts and status. */
  rule: string;
}

const LEGAL: Partial<Record<NoticeKind, DeadlineRule>> = {
  'take-it-down': { hours: 48, rule: 'TAKE IT DOWN Act, 47 U.S.C. § 223a(a)(3): 48 hours from receipt' },
  // The Crime and Policing Act 2026 adds this duty to the Online Safety Act 2023; its section
  // number and commencement are not confirmed, so the rule says what the notice asks for.
  'uk-intimate-image': { hours: 48, rule: 'UK intimate image content report (Online Safety Act 2023 as amended in 2026): 48 hours from receipt' },
  'esafety-referral': { hours: 24, rule: 'eSafety removal notice (Online Safety Act 2021 s. 77): 24 hours once eSafety issues it' },
  'gdpr-erasure': { months: 1, rule: 'GDPR Art. 12(3): one month from receipt (extendable by two with notice)' },
  'gdpr-delisting': { months: 1, rule: 'GDPR Art. 12(3): one month from receipt (extendable by two with notice)' },
};

/** The rule for a notice of this kind sent through this channel. */
export function deadlineRule(kind: NoticeKind, channel: Pick<ProviderChannel, 'responseHours'>, followUpDays: number): DeadlineRule {
  const legal = LEGAL[kind];
  if (legal !== undefined) return legal;
  if (channel.responseHours !== undefined) {
    return { hours: channel.responseHours, rule: `the provider's stated response time: ${formatHours(channel.responseHours)}` };
  }
  return { hours: followUpDays * 24, rule: `no legal deadline: follow up after ${followUpDays} day${followUpDays === 1 ? '' : 's'} (notices.follow_up_days)` };
}

/** The deadline for a request sent (or filed) at `sentAt`. */
export function deadlineAt(rule: DeadlineRule, sentAt: Date): Date {
  if (rule.months !== undefined) return addMonths(sentAt, rule.months);
  return new Date(sentAt.getTime() + (rule.hours ?? 0) * 3_600_000);
}

/** Calendar months in UTC, clamped to the last day of a shorter month (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, last));
  return result;
}

function formatHours(hours: number): string {
  if (hours % 24 === 0 && hours >= 48) return `${hours / 24} days`;
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

// Sample notice contexts: one filer of each kind, each consent and deepfake combination, each rung, adult and minor.
import type { NoticeContext, NoticeKind, Rung } from '../../src/core/notice.ts';

export interface Variant {
  name: string;
  context: NoticeContext;
}

/** A full context: every optional field given, as a case file filled in completely would. */
export function fullContext(kind: NoticeKind, overrides: { role?: 'subject' | 'representative'; rung?: Rung } = {}): NoticeContext {
  const role = overrides.role ?? 'subject';
  const claimant: NoticeContext['claimant'] =
    role === 'subject'
      ? {
          role,
          name: 'Jane Q. Sample',
          email: 'takedown-7f3a@mail.example',
          signature: '/J. Q. S./',
          address: '1 Main Street, Springfield',
          phone: '+1 555 0100',
          confirms_good_faith: true,
        }
      : {
          role,
          name: 'A. Lawyer',
          organisation: 'Example Law LLP',
          email: 'takedowns@law.example',
          signature: '/A. Lawyer/',
          address: '2 Court Road, Springfield',
          phone: '+1 555 0199',
          confirms_good_faith: true,
        };
  return {
    notice: { id: 'R-0042', kind, date: '2026-07-01' },
    recipient: {
      name: 'Tube Example Inc.',
      rung: overrides.rung ?? 'site',
      channel: 'email',
      address: 'abuse@tube.example',
      form_url: 'https://tube.example/report',
    },
    claimant,
    subject: { name: 'Jane Q. Sample', minor_at_creation: kind === 'child-protection' },
    case: {
      id: '2026-014',
      description: 'Private photos shared in a relationship, posted without consent.',
      consent: 'none',
      jurisdictions: ['US', 'EU', 'GB', 'AU'],
      deepfake: false,
      copyright_work: 'photographs I took of myself in 2023',
    },
    urls: [
      { url: 'https://tube.example/video/123', state: 'live', checked_at: '2026-06-30T10:00:00Z' },
      { url: 'https://tube.example/video/456?t=9#x', state: 'live', checked_at: '2026-06-30T10:00:05Z' },
    ],
    site: { host: 'tube.example', domain: 'tube.example', ip: '203.0.113.7' },
    search: { queries: ['Jane Q. Sample', 'jane sample video'] },
  };
}

const RUNGS_FOR: Partial<Record<NoticeKind, Rung[]>> = {
  'abuse-report': ['site', 'host', 'cdn', 'registrar'],
  'uk-intimate-image': ['site', 'search'],
};

/**
 * Kinds the planner also sends when the person depicted was under 18 when the content was made
 * (besides child-protection, which is only for them): each says so, and drops wording about consent.
 */
export const MINOR_KINDS: readonly NoticeKind[] = ['take-it-down', 'policy-ncii', 'abuse-report', 'dsa-art16', 'uk-intimate-image', 'gdpr-erasure', 'esafety-referral'];

/** A description with no word about consent, so a test can see that the template writes none. */
const MINOR_DESCRIPTION = 'Posted by a former classmate.';

/** The case of a person who was under 18 when the content was made. */
export function minorContext(kind: NoticeKind, overrides: { role?: 'subject' | 'representative'; rung?: Rung } = {}): NoticeContext {
  const context = fullContext(kind, overrides);
  context.subject.minor_at_creation = true;
  context.case.description = MINOR_DESCRIPTION;
  return context;
}

/** Every combination a template must handle: filer, consent, deepfake, (where it matters) rung, and age. */
export function variants(kind: NoticeKind): Variant[] {
  const out: Variant[] = [];
  for (const minor of MINOR_KINDS.includes(kind) ? [false, true] : [false]) {
    for (const role of ['subject', 'representative'] as const) {
      for (const consent of ['none', 'withdrawn'] as const) {
        for (const deepfake of [false, true]) {
          for (const rung of RUNGS_FOR[kind] ?? ['site']) {
            const context = minor ? minorContext(kind, { role, rung }) : fullContext(kind, { role, rung });
            context.case.consent = consent;
            context.case.deepfake = deepfake;
            out.push({ name: `${role}, consent ${consent}${deepfake ? ', deepfake' : ''}, rung ${rung}${minor ? ', under 18' : ''}`, context });
          }
        }
      }
    }
  }
  return out;
}

/**
 * The notices kept as snapshots per kind: the plain one a subject files, a representative's
 * deepfake one, one per other rung, and (for MINOR_KINDS) a representative's for a minor.
 */
export function snapshotVariants(kind: NoticeKind): Variant[] {
  const subject = fullContext(kind);
  const representative = fullContext(kind, { role: 'representative' });
  representative.case.consent = 'withdrawn';
  representative.case.deepfake = true;
  const out: Variant[] = [
    { name: 'subject', context: subject },
    { name: 'representative-deepfake', context: representative },
  ];
  for (const rung of (RUNGS_FOR[kind] ?? []).filter((r) => r !== 'site')) {
    const context = fullContext(kind, { role: 'representative', rung });
    out.push({ name: `representative-${rung}`, context });
  }
  if (MINOR_KINDS.includes(kind)) out.push({ name: 'representative-minor', context: minorContext(kind, { role: 'representative' }) });
  return out;
}

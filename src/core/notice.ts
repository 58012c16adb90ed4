// Notices: the kinds of notice (one per legal basis), provider channels, what a template is given
// to render, and the lifecycle of a request. Shared by providers/, notices/, mail/, store/ and cli/.

/**
 * One notice kind per legal basis or route; each has a template in templates/<kind>.yaml.
 * - take-it-down: US TAKE IT DOWN Act, 47 U.S.C. § 223a (covered platforms; 48 h).
 * - dmca: 17 U.S.C. § 512(c)(3); only when the subject owns the copyright and accepts that the
 *   notice may be published (Lumen) or forwarded to the uploader.
 * - dsa-art16: EU Digital Services Act Art. 16 notice to a hosting service.
 * - gdpr-erasure: GDPR Art. 17 erasure request to the controller of a site.
 * - gdpr-delisting: GDPR Art. 17 delisting request to a search engine (Google Spain, C-131/12).
 * - uk-intimate-image: UK Online Safety Act intimate image content report (48 h).
 * - esafety-referral: Australia, Online Safety Act 2021 s. 32/33 report to the eSafety Commissioner.
 * - policy-ncii: a platform's own rules against non-consensual intimate imagery.
 * - abuse-report: to a host's, CDN's or registrar's abuse desk.
 * - search-delisting: a search engine's own NCII delisting policy (filing packet).
 * - child-protection: report to a child-protection channel (NCMEC CyberTipline, IWF) when the
 *   person shown was under 18 when the content was made.
 */
export const NOTICE_KINDS = [
  'take-it-down',
  'dmca',
  'dsa-art16',
  'gdpr-erasure',
  'gdpr-delisting',
  'uk-intimate-image',
  'esafety-referral',
  'policy-ncii',
  'abuse-report',
  'search-delisting',
  'child-protection',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const CHANNEL_KINDS = ['email', 'web-form', 'in-app'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Who a channel may pass the reporter's identity to. */
export const DISCLOSURE_TARGETS = ['uploader', 'site-owner', 'host', 'lumen', 'public'] as const;
export type DisclosureTarget = (typeof DISCLOSURE_TARGETS)[number];

/**
 * Where a channel's address comes from when the provider file cannot know it (generic providers):
 * - rdap-abuse: the abuse email found by RDAP (the network's for a host, the registrar's for a registrar);
 * - site-home: the site's own home page, where the user looks for its contact or report link.
 */
export const ADDRESS_SOURCES = ['rdap-abuse', 'site-home'] as const;
export type AddressSource = (typeof ADDRESS_SOURCES)[number];

/** One question of a web form and how to answer it: `answer` is a template snippet over the NoticeContext. */
export interface ChannelField {
  label: string;
  answer: string;
  note?: string;
}

/** One way to reach a provider. */
export interface ProviderChannel {
  /** Unique within the provider, kebab-case (e.g. `ncii-form`). */
  id: string;
  kind: ChannelKind;
  /** Email address (email channels). */
  address?: string;
  /** Set on generic providers whose address is found at run time. */
  addressFrom?: AddressSource;
  /** The form (web-form) or the help page that explains the in-app route (in-app). */
  url?: string;
  /** The notice kinds this channel accepts, in the provider's order of preference. */
  bases: NoticeKind[];
  /** What the form asks for, in its order (web forms and in-app reports). */
  fields: ChannelField[];
  /** Empty when the channel keeps the reporter confidential. */
  disclosesReporterTo: DisclosureTarget[];
  disclosureNote?: string;
  /** The provider's stated response time, when it states one. */
  responseHours?: number;
  /** At most this many URLs in one notice (Discord: one report per piece of media). */
  maxUrls?: number;
  /** The channel takes reports about people who were under 18 when the content was made. */
  minors: boolean;
  /** The channel must not be used when the person shown was under 18 (adult hash programmes). */
  adultsOnly: boolean;
  note?: string;
  source: string[];
  /** ISO date the facts were last checked. */
  checked: string;
}

/** Where in the escalation ladder a recipient sits; `search`, `regulator` and `child-protection` run in parallel. */
export const RUNGS = ['site', 'host', 'cdn', 'registrar', 'search', 'regulator', 'child-protection'] as const;
export type Rung = (typeof RUNGS)[number];

/**
 * What a template is given. snake_case because templates are data that people edit. Optional
 * fields are absent, not empty: a template that uses one it did not get fails with the list of
 * every missing field, never an empty gap.
 */
export interface NoticeContext {
  notice: {
    /** The request id, e.g. R-0042. */
    id: string;
    kind: NoticeKind;
    /** ISO date (YYYY-MM-DD) the notice is dated. */
    date: string;
  };
  recipient: {
    name: string;
    rung: Rung;
    channel: ChannelKind;
    address?: string;
    form_url?: string;
  };
  claimant: {
    role: 'subject' | 'representative';
    name?: string;
    email?: string;
    signature?: string;
    organisation?: string;
    address?: string;
    phone?: string;
    /** The claimant confirmed the good-faith statements (case file `claimant.confirms_good_faith`). */
    confirms_good_faith: boolean;
  };
  subject: {
    name?: string;
    minor_at_creation: boolean;
  };
  case: {
    id: string;
    description?: string;
    consent: 'none' | 'withdrawn';
    jurisdictions: string[];
    /** The content is a digital forgery (deepfake). */
    deepfake: boolean;
    /** DMCA only: the copyrighted work (e.g. "photographs I took of myself in 2023"). */
    copyright_work?: string;
  };
  /** The URLs this notice is about, each with what the last check saw. */
  urls: { url: string; state?: string; checked_at?: string }[];
  /** The site the URLs are on (abuse reports name it; registrars act on the domain). */
  site: { host: string; domain: string; ip?: string };
  /** Search delisting: the queries (usually the subject's name) that return the URLs. */
  search: { queries: string[] };
}

export const REQUEST_STATUSES = [
  'draft',
  'sent',
  'acknowledged',
  'resolved',
  'refused',
  'expired',
  'escalated',
  'superseded',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Requests still waiting on someone. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['draft', 'sent', 'acknowledged'];

/** Allowed lifecycle moves; anything else is refused with the allowed list. */
export const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  draft: ['sent', 'superseded'],
  sent: ['acknowledged', 'resolved', 'refused', 'expired', 'escalated'],
  acknowledged: ['resolved', 'refused', 'expired', 'escalated'],
  // A late answer still counts; an expired or refused request can be climbed past.
  expired: ['acknowledged', 'resolved', 'refused', 'escalated'],
  refused: ['escalated', 'resolved'],
  resolved: [],
  escalated: ['resolved'],
  // A replaced draft that was filed after all (from its packet, before the re-draft) can be recorded.
  superseded: ['sent'],
};

export function canMove(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

// Who to ask, under which basis, about which URLs (DESIGN 5.3). Pure: the caller brings the
// latest check states, the providers, what RDAP found about each site and the earlier requests.
//
// For each URL that is not gone the site's own channel comes first; a site without a known
// channel of its own climbs host (or CDN) and registrar as each rung is refused or runs out of
// time. Search-engine delisting, regulators and child-protection channels run in parallel.
// URLs for the same recipient and basis become one notice.
import type { Case } from '../core/case.ts';
import type { NoticeKind, ProviderChannel, RequestStatus, Rung } from '../core/notice.ts';
import type { Provider } from '../core/provider.ts';
import type { CheckState } from '../core/states.ts';
import { isGone } from '../core/states.ts';
import { allowedBy } from '../case-file/case-urls.ts';
import { legalAreas } from '../case-file/jurisdictions.ts';
import type { LegalAreas } from '../case-file/jurisdictions.ts';
import { GENERIC_PROVIDERS as GENERIC } from '../providers/ip-match.ts';

export interface PlanTarget {
  targetId: number;
  url: string;
  /** The last observed state; null when the URL was never checked. */
  state: CheckState | null;
  checkedAt: string | null;
}

export interface AbuseContact {
  /** Who the contact belongs to: the network's or the registrar's name. */
  name?: string;
  email: string;
}

/** What is known about a site's infrastructure, from DNS, RDAP and the providers' address ranges. */
export interface SiteFacts {
  host: string;
  /** Registrable domain (public suffix list). */
  domain: string;
  ip?: string;
  /** The CDN whose address ranges hold the site's IP. */
  cdn?: Provider;
  hostAbuse?: AbuseContact;
  registrarAbuse?: AbuseContact;
  /** Why the lookups found nothing, in words. */
  problem?: string;
}

export interface PriorRequest {
  id: number;
  rung: Rung;
  providerId: string;
  kind: NoticeKind;
  status: RequestStatus;
  deadlineAt: string | null;
  /** When it was resolved, refused or otherwise closed. */
  closedAt?: string | null;
  targetIds: readonly number[];
}

export interface PlanInput {
  case: Case;
  targets: readonly PlanTarget[];
  providers: readonly Provider[];
  /** The provider definition that claims a URL (src/providers/match.ts), or null. */
  providerFor: (url: string) => Provider | null;
  /** By host name. A host missing here is treated as "nothing known". */
  sites: ReadonlyMap<string, SiteFacts>;
  prior: readonly PriorRequest[];
  now: Date;
  /** A notice kind to use first wherever a recipient accepts it and the case allows it (`draft --basis`). */
  prefer?: NoticeKind;
}

export interface PlannedNotice {
  key: string;
  rung: Rung;
  provider: Provider;
  channel: ProviderChannel;
  kind: NoticeKind;
  /** Other bases this recipient accepts for this case, for the user to choose instead. */
  alternatives: NoticeKind[];
  recipientName: string;
  /** Email channels: where to send. */
  address?: string;
  /** Web forms and in-app routes: where to file. */
  formUrl?: string;
  /** The site the URLs are on (one site per notice below the site rung). */
  site: { host: string; domain: string; ip?: string };
  targets: PlanTarget[];
  warnings: string[];
  /** Earlier requests whose deadline passed: this notice climbs past them (they become escalated). */
  escalates: number[];
}

export interface PlanSkip {
  url: string;
  reason: string;
}

export interface Plan {
  notices: PlannedNotice[];
  skipped: PlanSkip[];
  /** Steps only the user can take (hash programmes run on the user's own device), in words. */
  advice: string[];
}


interface Rung0 {
  rung: Rung;
  provider: Provider;
  recipientName: string;
  address?: string;
  formUrl?: string;
  /** Why this rung cannot be used (no contact found). */
  missing?: string;
}

/** Notice kinds worth using on a rung, best first, given the case's law and facts. */
export function basesFor(rung: Rung, areas: LegalAreas, c: Case): NoticeKind[] {
  const minor = c.subject.minorAtCreation;
  const dmca = c.facts.copyrightOwner && c.facts.dmcaAcceptDisclosure && !minor;
  switch (rung) {
    case 'site': {
      const kinds: NoticeKind[] = [];
      if (areas.us) kinds.push('take-it-down');
      if (areas.uk) kinds.push('uk-intimate-image');
      if (areas.dsa) kinds.push('dsa-art16');
      if (areas.gdpr) kinds.push('gdpr-erasure');
      kinds.push('policy-ncii');
      // DMCA last: it can expose the claimant's identity (Lumen, the uploader) and invites a
      // counter-notice; only when the case says the subject owns the copyright and accepts that.
      if (dmca) kinds.push('dmca');
      return kinds;
    }
    case 'host':
      return areas.dsa ? ['dsa-art16', 'abuse-report'] : ['abuse-report'];
    case 'cdn':
    case 'registrar':
      return ['abuse-report'];
    case 'search':
      return areas.gdpr ? ['search-delisting', 'gdpr-delisting'] : ['search-delisting'];
    case 'regulator':
      return areas.au ? ['esafety-referral'] : [];
    case 'child-protection':
      return minor ? ['child-protection'] : [];
  }
}

/** The first (kind, channel) pair in the case's order of preference, then the provider's. */
export function chooseChannel(
  provider: Provider,
  wanted: readonly NoticeKind[],
  minor: boolean,
): { channel: ProviderChannel; kind: NoticeKind; alternatives: NoticeKind[] } | undefined {
  const usable = provider.channels.filter((ch) => !(minor && ch.adultsOnly) && (!minor || ch.minors || !isChildOnly(ch)));
  const accepted = wanted.filter((kind) => usable.some((ch) => ch.bases.includes(kind)));
  const kind = accepted[0];
  if (kind === undefined) return undefined;
  const channel = usable.find((ch) => ch.bases.includes(kind));
  if (channel === undefined) return undefined;
  return { channel, kind, alternatives: accepted.slice(1) };
}

function isChildOnly(channel: ProviderChannel): boolean {
  return channel.bases.length === 1 && channel.bases[0] === 'child-protection';
}

function hostOf(url: string): string {
  return new URL(url).hostname;
}

function siteOf(sites: ReadonlyMap<string, SiteFacts>, host: string): SiteFacts {
  return sites.get(host) ?? { host, domain: host };
}

function byId(providers: readonly Provider[], id: string): Provider | undefined {
  return providers.find((p) => p.id === id);
}

/** The escalation ladder for one URL: its own site's channel, then (for sites without one) host or CDN, then registrar. */
function ladderFor(input: PlanInput, target: PlanTarget): Rung0[] {
  const host = hostOf(target.url);
  const site = siteOf(input.sites, host);
  const own = input.providerFor(target.url);
  if (own !== null && own.channels.length > 0) {
    return [{ rung: 'site', provider: own, recipientName: own.name }];
  }
  const ladder: Rung0[] = [];
  const genericSite = byId(input.providers, GENERIC.site);
  const siteName = own?.name ?? host;
  if (genericSite) {
    ladder.push({ rung: 'site', provider: genericSite, recipientName: `${siteName} (site operator)`, formUrl: `${new URL(target.url).origin}/` });
  }
  if (site.cdn !== undefined) {
    ladder.push({ rung: 'cdn', provider: site.cdn, recipientName: site.cdn.name });
  } else {
    const genericHost = byId(input.providers, GENERIC.host);
    if (genericHost) {
      ladder.push({
        rung: 'host',
        provider: genericHost,
        recipientName: site.hostAbuse?.name ? `${site.hostAbuse.name} (host of ${host})` : `the host of ${host}`,
        ...(site.hostAbuse ? { address: site.hostAbuse.email } : { missing: `no abuse contact found for the host of ${host}${site.problem ? ` (${site.problem})` : ''}` }),
      });
    }
  }
  const genericRegistrar = byId(input.providers, GENERIC.registrar);
  if (genericRegistrar) {
    ladder.push({
      rung: 'registrar',
      provider: genericRegistrar,
      recipientName: site.registrarAbuse?.name ? `${site.registrarAbuse.name} (registrar of ${site.domain})` : `the registrar of ${site.domain}`,
      ...(site.registrarAbuse
        ? { address: site.registrarAbuse.email }
        : { missing: `no registrar abuse contact found for ${site.domain}${site.problem ? ` (${site.problem})` : ''}` }),
    });
  }
  return ladder;
}

function overdue(request: PriorRequest, now: Date): boolean {
  return (
    (request.status === 'sent' || request.status === 'acknowledged') &&
    request.deadlineAt !== null &&
    Date.parse(request.deadlineAt) < now.getTime()
  );
}

const SPENT: readonly RequestStatus[] = ['refused', 'expired', 'escalated'];

type Placement = { at: Rung0; escalates: number[]; passed: string[] } | { covered: true } | { exhausted: string };

/** The rung a URL is on now: the first one not yet spent (refused, expired, escalated or overdue). */
function placeOnLadder(input: PlanInput, target: PlanTarget, ladder: readonly Rung0[]): Placement {
  const escalates: number[] = [];
  const tried: string[] = [];
  const passed: string[] = [];
  for (const step of ladder) {
    const here = input.prior.filter(
      (r) => r.rung === step.rung && r.providerId === step.provider.id && r.targetIds.includes(target.targetId),
    );
    const waiting = here.filter((r) => (r.status === 'draft' || r.status === 'sent' || r.status === 'acknowledged') && !overdue(r, input.now));
    if (waiting.length > 0) return { covered: true };
    // Resolved, and no check since says otherwise: wait for one before asking again (a URL live
    // again after a later check is a reappearance and starts over).
    const resolved = here.filter((r) => r.status === 'resolved');
    if (resolved.some((r) => target.checkedAt === null || r.closedAt == null || Date.parse(target.checkedAt) <= Date.parse(r.closedAt))) {
      return { covered: true };
    }
    const late = here.filter((r) => overdue(r, input.now));
    const spent = here.filter((r) => SPENT.includes(r.status));
    if (late.length > 0 || spent.length > 0) {
      escalates.push(...late.map((r) => r.id));
      tried.push(`${step.rung} (${step.recipientName})`);
      continue;
    }
    if (step.missing !== undefined) {
      tried.push(`${step.rung}: ${step.missing}`);
      passed.push(`the ${step.rung} rung was passed over: ${step.missing}`);
      continue;
    }
    return { at: step, escalates, passed };
  }
  return { exhausted: tried.length > 0 ? `every rung was tried or has no contact: ${tried.join('; ')}` : 'no recipient known for this site' };
}

function warningsFor(channel: ProviderChannel, kind: NoticeKind, rung: Rung, formUrl: string | undefined): string[] {
  const warnings: string[] = [];
  if (channel.disclosesReporterTo.length > 0) {
    const note = channel.disclosureNote ? ` ${channel.disclosureNote}` : '';
    warnings.push(`this channel may pass the reporter's name and contact details to: ${channel.disclosesReporterTo.join(', ')}.${note}`);
  }
  if (kind === 'dmca') {
    warnings.push(
      'a DMCA notice may be published (Lumen) and forwarded to the uploader with the claimant\'s name; a counter-notice can bring the content back in 10 to 14 business days unless a court action is filed',
    );
  }
  if (rung === 'site' && channel.addressFrom === 'site-home' && formUrl !== undefined) {
    warnings.push(`no known channel for this site: look for a contact, report, abuse or DMCA link on ${formUrl}`);
  }
  return warnings;
}

function groupKey(rung: Rung, provider: Provider, channel: ProviderChannel, kind: NoticeKind, recipient: string, host: string): string {
  // Below the site rung each notice is about one site, so that it names one domain and IP.
  const perSite = provider.id.startsWith('generic-') || rung === 'cdn';
  return [rung, provider.id, channel.id, kind, recipient, perSite ? host : ''].join('|');
}

function targetsNotYetAsked(prior: readonly PriorRequest[], provider: Provider, rung: Rung, targets: readonly PlanTarget[]): PlanTarget[] {
  const asked = new Set(
    prior.filter((r) => r.providerId === provider.id && r.rung === rung && r.status !== 'superseded').flatMap((r) => r.targetIds),
  );
  return targets.filter((t) => !asked.has(t.targetId));
}

/** The case's order of bases with a preferred kind moved first (only if the case allows it at all). */
function preferred(kinds: NoticeKind[], prefer: NoticeKind | undefined): NoticeKind[] {
  if (prefer === undefined || !kinds.includes(prefer)) return kinds;
  return [prefer, ...kinds.filter((k) => k !== prefer)];
}

/** Builds the plan for one case. */
export function planNotices(input: PlanInput): Plan {
  const c = input.case;
  const areas = legalAreas(c.jurisdictions);
  const bases = (rung: Rung): NoticeKind[] => preferred(basesFor(rung, areas, c), input.prefer);
  const minor = c.subject.minorAtCreation;
  const skipped: PlanSkip[] = [];
  const groups = new Map<string, PlannedNotice>();

  const eligible: PlanTarget[] = [];
  for (const target of input.targets) {
    const allow = allowedBy(target.url, c.allow);
    if (allow !== undefined) {
      skipped.push({ url: target.url, reason: `on the case's allow-list (${allow})` });
    } else if (target.state !== null && isGone(target.state)) {
      skipped.push({ url: target.url, reason: `already gone (${target.state})` });
    } else {
      eligible.push(target);
    }
  }

  const add = (
    rung: Rung,
    provider: Provider,
    choice: { channel: ProviderChannel; kind: NoticeKind; alternatives: NoticeKind[] },
    recipientName: string,
    recipient: { address?: string; formUrl?: string },
    site: SiteFacts,
    target: PlanTarget,
    escalates: readonly number[],
    passed: readonly string[] = [],
  ): void => {
    const address = recipient.address ?? (choice.channel.kind === 'email' ? choice.channel.address : undefined);
    const formUrl = recipient.formUrl ?? (choice.channel.kind === 'email' ? undefined : choice.channel.url);
    const base = groupKey(rung, provider, choice.channel, choice.kind, address ?? formUrl ?? '', site.host);
    // A channel that takes only so many URLs per report gets several notices.
    const max = choice.channel.maxUrls ?? Number.POSITIVE_INFINITY;
    let part = 0;
    while ((groups.get(part === 0 ? base : `${base}|${part}`)?.targets.length ?? 0) >= max) part++;
    const key = part === 0 ? base : `${base}|${part}`;
    let notice = groups.get(key);
    if (notice === undefined) {
      notice = {
        key,
        rung,
        provider,
        channel: choice.channel,
        kind: choice.kind,
        alternatives: choice.alternatives,
        recipientName,
        ...(address === undefined ? {} : { address }),
        ...(formUrl === undefined ? {} : { formUrl }),
        site: { host: site.host, domain: site.domain, ...(site.ip === undefined ? {} : { ip: site.ip }) },
        targets: [],
        warnings: warningsFor(choice.channel, choice.kind, rung, formUrl),
        escalates: [],
      };
      groups.set(key, notice);
    }
    if (!notice.targets.some((t) => t.targetId === target.targetId)) notice.targets.push(target);
    for (const id of escalates) if (!notice.escalates.includes(id)) notice.escalates.push(id);
    for (const line of passed) if (!notice.warnings.includes(line)) notice.warnings.push(line);
  };

  // The escalation ladder, URL by URL.
  for (const target of eligible) {
    const placed = placeOnLadder(input, target, ladderFor(input, target));
    if ('covered' in placed) continue;
    if ('exhausted' in placed) {
      skipped.push({ url: target.url, reason: placed.exhausted });
      continue;
    }
    const { at, escalates, passed } = placed;
    const choice = chooseChannel(at.provider, bases(at.rung), minor);
    if (choice === undefined) {
      skipped.push({ url: target.url, reason: `${at.recipientName} has no channel for this case's bases (${bases(at.rung).join(', ') || 'none'})` });
      continue;
    }
    const recipient = { ...(at.address === undefined ? {} : { address: at.address }), ...(at.formUrl === undefined ? {} : { formUrl: at.formUrl }) };
    // A site-home "form" only makes sense for the site's own rung; a real form URL wins.
    if (choice.channel.addressFrom !== 'site-home' && choice.channel.url !== undefined) delete recipient.formUrl;
    add(at.rung, at.provider, choice, at.recipientName, recipient, siteOf(input.sites, hostOf(target.url)), target, escalates, passed);
  }

  // In parallel: search engines, regulators, child-protection channels. One notice each for the whole case.
  const parallel: { rung: Rung; kinds: Provider['kind'][] }[] = [
    { rung: 'search', kinds: ['search-engine'] },
    { rung: 'regulator', kinds: ['regulator'] },
    { rung: 'child-protection', kinds: ['regulator', 'hash-programme', 'platform', 'generic'] },
  ];
  for (const { rung, kinds } of parallel) {
    const wanted = bases(rung);
    if (wanted.length === 0) continue;
    for (const provider of input.providers) {
      if (!kinds.includes(provider.kind) || provider.routesTo !== undefined) continue;
      const choice = chooseChannel(provider, wanted, minor);
      if (choice === undefined) continue;
      if (rung === 'child-protection' && !choice.channel.minors) continue;
      // Adult NCII forms are not for content of minors; the child-protection reports reach search engines too.
      if (rung === 'search' && minor && !choice.channel.minors) continue;
      for (const target of targetsNotYetAsked(input.prior, provider, rung, eligible)) {
        add(rung, provider, choice, provider.name, {}, siteOf(input.sites, hostOf(target.url)), target, []);
      }
    }
  }

  const notices = [...groups.values()];
  return { notices, skipped, advice: adviceFor(input, minor, notices) };
}

function adviceFor(input: PlanInput, minor: boolean, notices: readonly PlannedNotice[]): string[] {
  const advice: string[] = [];
  for (const provider of input.providers) {
    if (provider.kind !== 'hash-programme') continue;
    // StopNCII is for adults only; NCMEC Take It Down is for content made before 18.
    const channel = provider.channels.find((ch) => (minor ? ch.minors && !ch.adultsOnly : !ch.minors || ch.adultsOnly));
    if (channel === undefined) continue;
    const where = channel.url === undefined ? '' : ` (${channel.url})`;
    advice.push(
      `${provider.name}${where}: hash the images on the device that holds them, so that partner platforms block re-uploads; the images never leave that device and this tool never handles them.`,
    );
  }
  for (const provider of input.providers) {
    if (provider.routesTo === undefined || provider.kind !== 'search-engine') continue;
    const target = byId(input.providers, provider.routesTo);
    // Only when there is (or was) a request to the engine it routes to.
    const asked = notices.some((n) => n.provider.id === provider.routesTo) || input.prior.some((r) => r.providerId === provider.routesTo);
    if (target !== undefined && asked) advice.push(`${provider.name} shows results from ${target.name}: the ${target.name} request covers it.`);
  }
  return advice;
}

// Discovery for one case: read its watch places, propose the links whose words or pictures match
// the case as candidates in the review queue, and record the run in the event log. Nothing is
// ever sent or drafted for a candidate: a human accepts it first (takedown review).
import { allowedBy } from '../case-file/case-urls.ts';
import type { Case } from '../core/case.ts';
import type { HttpClient } from '../core/http-types.ts';
import { urlKey } from '../core/url-key.ts';
import type { CandidateRow, Store } from '../store/index.ts';
import { appendEvent, countPendingCandidates, knownCandidates, recordCandidates, upsertCase } from '../store/index.ts';
import { crawlPlace, type CrawledPage } from './crawl.ts';
import { isFingerprint, type Fingerprint } from './fingerprints.ts';
import { createHostLanes, type HostLanes } from './host-lanes.ts';
import { compileKeywords } from './keywords.ts';
import type { PageLink } from './page-links.ts';
import { checkPicture, type PictureDeps } from './picture-match.ts';
import { keywordReasons, mergeReasons, type CandidateReason, type PictureReason } from './reasons.ts';
import { mediaKindOf } from './site.ts';

export interface DiscoverDeps {
  http: HttpClient;
  /** Its clock dates the candidates and events. */
  store: Store;
  /** Share one set across the cases of a sweep so that a host shared by two cases is paced once. */
  lanes?: HostLanes;
  signal?: AbortSignal;
  /** Who the events name: 'sweep' from a sweep (default 'discovery'). */
  actor?: string;
}

export interface DiscoverOptions {
  /** Link hops followed from each place within its site (default 1). */
  depth?: number;
  /** Pages requested per place, the place included (default 20). */
  maxPages?: number;
  /** Pictures downloaded and compared per place (default 60). */
  maxPictures?: number;
  /** Larger pictures are not compared (default 10 MiB). */
  maxPictureBytes?: number;
  /** Pause between two requests to one host when `deps.lanes` is not given (default 1000 ms). */
  intervalMs?: number;
}

export const DISCOVERY_DEFAULTS: Readonly<Required<DiscoverOptions>> = { depth: 1, maxPages: 20, maxPictures: 60, maxPictureBytes: 10 * 1024 * 1024, intervalMs: 1000 };

export interface DiscoveryError {
  /** The watch place being read. */
  place: string;
  /** The address that failed (a page or a picture). */
  url: string;
  problem: string;
}

export interface DiscoverOutcome {
  caseId: string;
  /** Candidates proposed for the first time by this run. */
  candidates: CandidateRow[];
  /** Known candidates found again (pending, accepted or rejected: none is proposed again). */
  seenAgain: number;
  /** Pending candidates of the case after the run: a human is needed when above 0. */
  pending: number;
  errors: DiscoveryError[];
  /** Why nothing could be looked for, or what was left out (no keywords, a minor's case). */
  notes: string[];
  pages: number;
  pictures: number;
  aborted: boolean;
}

interface Found {
  url: string;
  kind: PageLink['kind'];
  foundOn: string;
  watchUrl: string;
  reasons: CandidateReason[];
}

/**
 * Reads the case's watch places and records what matches. Pictures are downloaded (in memory
 * only) just for an adult's case with fingerprints; a minor's case is matched on words alone and
 * no media is ever requested. The case's own URLs, its allow-list and its watch places are never
 * candidates; nor is a URL already proposed, whatever was decided about it.
 */
export async function discoverCase(deps: DiscoverDeps, theCase: Case, options: DiscoverOptions = {}): Promise<DiscoverOutcome> {
  const limits = { ...DISCOVERY_DEFAULTS, ...definedOnly(options) };
  const lanes = deps.lanes ?? createHostLanes({ intervalMs: limits.intervalMs });
  const actor = deps.actor ?? 'discovery';
  const outcome: DiscoverOutcome = { caseId: theCase.id, candidates: [], seenAgain: 0, pending: 0, errors: [], notes: [], pages: 0, pictures: 0, aborted: false };
  const minor = theCase.subject.minorAtCreation;
  const matchers = compileKeywords(theCase.keywords);
  const fingerprints: Fingerprint[] = theCase.fingerprints.filter(isFingerprint);
  const fingerprintsUsed = !minor && fingerprints.length > 0;
  if (minor && fingerprints.length > 0) outcome.notes.push('a minor’s case: pictures are never downloaded, so fingerprints are not used; only keywords are looked for');
  if (theCase.watch.length === 0) return finish(deps, outcome);
  if (matchers.length === 0 && !fingerprintsUsed) {
    outcome.notes.push(minor ? 'no keywords: a minor’s case is matched on keywords only; add keywords to look for new copies' : 'no keywords and no fingerprints: nothing to look for');
    return finish(deps, outcome);
  }

  const excluded = new Set([...theCase.targets.map((t) => urlKey(t.url)), ...theCase.watch.map((w) => urlKey(w.url))]);
  const isExcluded = (url: string): boolean => excluded.has(urlKey(url)) || allowedBy(url, theCase.allow) !== undefined;
  const known = knownCandidates(deps.store, theCase.id);
  const found = new Map<string, Found>();
  const add = (url: string, kind: Found['kind'], foundOn: string, watchUrl: string, reasons: readonly CandidateReason[]): void => {
    const key = urlKey(url);
    // A known candidate still linked is seen again, whatever matches now; its pictures are not downloaded again.
    if ((reasons.length === 0 && !known.has(key)) || isExcluded(url)) return;
    const entry = found.get(key);
    if (entry === undefined) found.set(key, { url, kind, foundOn, watchUrl, reasons: [...reasons] });
    else entry.reasons = mergeReasons(entry.reasons, reasons);
  };
  const compared = new Set<string>();
  const net: PictureDeps = { http: deps.http, lanes, ...(deps.signal === undefined ? {} : { signal: deps.signal }) };

  for (const place of theCase.watch) {
    if (isAborted(deps.signal)) break;
    const crawl = await crawlPlace(
      place.url,
      { depth: limits.depth, maxPages: limits.maxPages },
      {
        mayFetch: (url) => allowedBy(url, theCase.allow) === undefined,
        preferred: (link) => keywordReasons(link, matchers).length > 0,
      },
      net,
    );
    outcome.pages += crawl.pages.length;
    outcome.errors.push(...crawl.problems.map((p) => ({ place: place.url, ...p })));
    const pictures: PictureOnPage[] = [];
    for (const page of crawl.pages) {
      for (const link of page.links) {
        add(link.url, link.kind, page.finalUrl, place.url, keywordReasons(link, matchers));
        if (link.kind === 'image') pictures.push({ url: link.url, foundOn: page.finalUrl, ...(link.linkUrl === undefined ? {} : { linkUrl: link.linkUrl }) });
      }
    }
    // A same-site address that turned out to be a picture (no extension in its name).
    for (const media of crawl.media) if (/^image\//i.test(media.contentType)) pictures.push({ url: media.url, foundOn: media.foundOn });
    if (crawl.aborted) {
      outcome.aborted = true;
      break;
    }
    if (!fingerprintsUsed) continue;
    const skip = (url: string): boolean => known.has(urlKey(url)) || isExcluded(url);
    const matches = await comparePictures(pictures, fingerprints, { ...limits, skip, compared }, net);
    outcome.pictures += matches.compared;
    outcome.errors.push(...matches.failed.map((f) => ({ place: place.url, ...f })));
    for (const { picture, reason } of matches.found) {
      add(picture.url, 'image', picture.foundOn, place.url, [reason]);
      // The link around a thumbnail leads to the thread or the full-size picture: propose it too.
      if (picture.linkUrl !== undefined) add(picture.linkUrl, mediaKindOf(picture.linkUrl) ?? 'page', picture.foundOn, place.url, [{ ...reason, picture: picture.url }]);
    }
  }

  // What was found before an interruption is kept; the next run reads the places again.
  if (isAborted(deps.signal)) outcome.aborted = true;
  const recorded = deps.store.transaction(() => {
    upsertCase(deps.store, { id: theCase.id, ...(theCase.title === undefined ? {} : { title: theCase.title }), file: theCase.file, minor });
    const result = recordCandidates(
      deps.store,
      theCase.id,
      [...found.values()].map((f) => ({ url: f.url, kind: f.kind, foundOn: f.foundOn, watchUrl: f.watchUrl, reasons: f.reasons as unknown as Record<string, unknown>[] })),
      actor,
    );
    appendEvent(deps.store, {
      actor,
      kind: 'discovery.run',
      caseId: theCase.id,
      data: {
        places: theCase.watch.map((w) => w.url),
        pages: outcome.pages,
        pictures: outcome.pictures,
        found: result.added.map((c) => c.id),
        seenAgain: result.seenAgain.map((c) => c.id),
        errors: outcome.errors.length,
        aborted: outcome.aborted,
      },
    });
    return result;
  });
  outcome.candidates = recorded.added;
  outcome.seenAgain = recorded.seenAgain.length;
  return finish(deps, outcome);
}

interface PictureOnPage {
  url: string;
  foundOn: string;
  linkUrl?: string;
}

/**
 * Downloads the pictures of one place (up to the cap, each address once per run) and compares
 * them with the fingerprints. `skip` leaves out known candidates and the case's own URLs: a
 * picture already proposed or decided on is not downloaded again.
 */
async function comparePictures(
  pictures: readonly PictureOnPage[],
  fingerprints: readonly Fingerprint[],
  limits: { maxPictures: number; maxPictureBytes: number; skip: (url: string) => boolean; compared: Set<string> },
  deps: PictureDeps,
): Promise<{ found: { picture: PictureOnPage; reason: PictureReason }[]; failed: { url: string; problem: string }[]; compared: number }> {
  const found: { picture: PictureOnPage; reason: PictureReason }[] = [];
  const failed: { url: string; problem: string }[] = [];
  let compared = 0;
  let budget = limits.maxPictures;
  for (const picture of pictures) {
    const key = urlKey(picture.url);
    if (budget <= 0 || isAborted(deps.signal)) break;
    if (limits.compared.has(key) || limits.skip(picture.url)) continue;
    limits.compared.add(key);
    budget -= 1;
    const result = await checkPicture(picture.url, fingerprints, limits.maxPictureBytes, deps);
    if (result.kind === 'failed') failed.push({ url: picture.url, problem: result.problem });
    if (result.kind !== 'match' && result.kind !== 'no-match') continue;
    compared += 1;
    if (result.kind === 'no-match') continue;
    const { match } = result;
    found.push({
      picture,
      reason: {
        kind: 'picture',
        fingerprint: fingerprints.indexOf(match.fingerprint) + 1,
        ...(match.fingerprint.label === undefined ? {} : { label: match.fingerprint.label }),
        distance: match.distance,
        exact: match.exact,
        variant: match.variant,
      },
    });
  }
  return { found, failed, compared };
}

/** Read through a call: TypeScript would otherwise keep a narrowing from before an await. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function finish(deps: DiscoverDeps, outcome: DiscoverOutcome): DiscoverOutcome {
  outcome.pending = countPendingCandidates(deps.store, [outcome.caseId]);
  return outcome;
}

function definedOnly(options: DiscoverOptions): DiscoverOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as DiscoverOptions;
}

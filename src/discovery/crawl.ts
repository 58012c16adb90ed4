// Reads one watch place: the page itself, then pages it links to on the same site, breadth first,
// to a small depth and a page cap. HTML only: a page address that answers with media is not read
// (GetOptions.skipMediaBody), and links whose address names a media file are never followed.
//
// robots.txt is not read, on purpose. It speaks to crawlers that find addresses by themselves and
// index what they find; each place here was chosen by a person for one case, a few pages are
// read one at a time with a pause between them (like someone browsing), and nothing is indexed
// or republished. The sites that host these copies often forbid every robot precisely to avoid
// being watched; obeying them would make discovery useless where it matters most.
import { analysePage } from '../checker/page.ts';
import type { HttpClient, HttpOutcome } from '../core/http-types.ts';
import type { HostLanes } from './host-lanes.ts';
import { extractLinks, type PageLink } from './page-links.ts';
import { sameSite } from './site.ts';
import { urlKey } from '../core/url-key.ts';

export interface CrawlLimits {
  /** Link hops from the place: 0 reads the place only, 1 also the pages it links to (same site). */
  depth: number;
  /** Pages requested per place, the place included, failures included. */
  maxPages: number;
}

export interface CrawlRules {
  /** Whether a same-site page may be requested (allow-listed pages, the victim's own, are not). */
  mayFetch(url: string): boolean;
  /** Links followed before the others (their words matched the case). */
  preferred(link: PageLink): boolean;
}

export interface CrawlDeps {
  http: HttpClient;
  lanes: HostLanes;
  signal?: AbortSignal;
}

export interface CrawledPage {
  url: string;
  /** Where the page was read from after redirects. */
  finalUrl: string;
  depth: number;
  links: PageLink[];
}

export interface CrawlProblem {
  url: string;
  problem: string;
}

export interface CrawlResult {
  pages: CrawledPage[];
  problems: CrawlProblem[];
  /** Same-site page addresses that answered with a picture, video or sound (not read). */
  media: { url: string; foundOn: string; contentType: string }[];
  /** Requests made (the page cap counts these). */
  requests: number;
  aborted: boolean;
}

// HTML first; anything else is accepted so that a site that ignores Accept still answers.
const ACCEPT_HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1';

export async function crawlPlace(place: string, limits: CrawlLimits, rules: CrawlRules, deps: CrawlDeps): Promise<CrawlResult> {
  const result: CrawlResult = { pages: [], problems: [], media: [], requests: 0, aborted: false };
  const scheduled = new Set<string>([urlKey(place)]);
  // The place's site, and its site after redirects (a forum that moved to a new domain).
  const sites = [place];
  let frontier: { url: string; from: string }[] = [{ url: place, from: place }];

  for (let depth = 0; depth <= limits.depth && frontier.length > 0; depth++) {
    const preferred: { url: string; from: string }[] = [];
    const others: { url: string; from: string }[] = [];
    for (const { url, from } of frontier) {
      if (result.requests >= limits.maxPages) break;
      if (deps.signal?.aborted === true) {
        result.aborted = true;
        return result;
      }
      result.requests += 1;
      const outcome = await deps.lanes.run(url, () =>
        deps.http.get(url, { skipMediaBody: true, headers: { accept: ACCEPT_HTML }, ...(deps.signal === undefined ? {} : { signal: deps.signal }) }),
      );
      const page = readPage(outcome, url, depth, from, result);
      if (page === undefined) continue;
      if (depth === 0 && !sameSite(page.finalUrl, place)) sites.push(page.finalUrl);
      else if (!sites.some((site) => sameSite(site, page.finalUrl))) {
        result.problems.push({ url, problem: `redirected to another site (${page.finalUrl}); not read` });
        continue;
      }
      result.pages.push(page);
      if (depth === limits.depth) continue;
      for (const link of page.links) {
        const key = urlKey(link.url);
        if (link.kind !== 'page' || scheduled.has(key)) continue;
        if (!sites.some((site) => sameSite(site, link.url)) || !rules.mayFetch(link.url)) continue;
        scheduled.add(key);
        (rules.preferred(link) ? preferred : others).push({ url: link.url, from: page.finalUrl });
      }
    }
    frontier = [...preferred, ...others];
  }
  return result;
}

function readPage(outcome: HttpOutcome, url: string, depth: number, from: string, result: CrawlResult): CrawledPage | undefined {
  if (!outcome.ok) {
    if (outcome.failure.kind === 'aborted') result.aborted = true;
    result.problems.push({ url, problem: `${outcome.failure.kind}: ${outcome.failure.message}` });
    return undefined;
  }
  const response = outcome.response;
  const contentType = response.headers['content-type'] ?? '';
  if (response.bodySkipped) {
    result.media.push({ url: response.finalUrl, foundOn: from, contentType });
    return undefined;
  }
  if (response.status < 200 || response.status > 299) {
    result.problems.push({ url, problem: `HTTP ${response.status}` });
    return undefined;
  }
  const view = analysePage(response.body, contentType === '' ? null : contentType);
  if (!view.isHtml) {
    // A PDF, a feed or a JSON answer: no links to read here.
    if (depth === 0) result.problems.push({ url, problem: `not an HTML page (${view.mediaType ?? 'no content type'})` });
    return undefined;
  }
  return { url, finalUrl: response.finalUrl, depth, links: extractLinks(view.html, response.finalUrl) };
}

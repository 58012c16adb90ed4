// discoverCase on a forum-like site on loopback: keyword and picture matches, depth and page caps,
// the same-site rule, exclusions, rejected candidates, minors' cases and media never on disk.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../src/core/case.ts';
import { validateCaseText } from '../../src/case-file/validate.ts';
import { discoverCase, type DiscoverOptions } from '../../src/discovery/discover.ts';
import { rejectCandidates } from '../../src/discovery/review.ts';
import { lastDiscoveryAt, listCandidates, listEvents, openStore, verifyEventChain, type Store } from '../../src/store/index.ts';
import { tempDir } from '../cli/helpers.ts';
import { startForumSite, type ForumSite } from './forum-site.ts';

let site: ForumSite;
let ws: ReturnType<typeof tempDir>;
let store: Store;

beforeEach(async () => {
  site = await startForumSite();
  ws = tempDir('takedown-discover-');
  mkdirSync(join(ws.path, '.takedown'), { recursive: true });
  store = openStore(join(ws.path, '.takedown', 'takedown.db'));
});

afterEach(async () => {
  store.close();
  await site.close();
  ws.remove();
});

function caseFile(options: { minor?: boolean; fingerprints?: boolean; keywords?: string[]; id?: string } = {}): Case {
  const fingerprints = options.fingerprints === false ? '[]' : `\n  - sha256: "${site.fingerprint.sha256}"\n    pdq: "${site.fingerprint.pdq}"\n    quality: ${site.fingerprint.quality}\n    label: beach photo`;
  const text = `case:
  id: ${options.id ?? 'zoe-001'}
  subject:
    minor_at_creation: ${options.minor === true}
  claimant:
    role: subject
  jurisdictions: [US]
  facts:
    consent: none
  keywords: [${(options.keywords ?? ['Zoë Doe', 'Jo']).map((k) => JSON.stringify(k)).join(', ')}]
  allow: [${site.url('/', 'victim.example')}]
urls:
  - ${site.url('/t/5-known')}
watch:
  - ${site.url('/latest')}
fingerprints: ${fingerprints}
`;
  const file = join(ws.path, `${options.id ?? 'zoe-001'}.yaml`);
  writeFileSync(file, text);
  const result = validateCaseText(text, file);
  expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return result.case as Case;
}

async function discover(c: Case, options: DiscoverOptions = {}) {
  return discoverCase({ http: site.http, store }, c, { intervalMs: 0, ...options });
}

function urls(rows: readonly { url: string }[]): string[] {
  return rows.map((r) => r.url).sort();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('discoverCase', () => {
  it('proposes links whose words match a keyword and pictures that match a fingerprint, and nothing else', async () => {
    const outcome = await discover(caseFile());
    expect(outcome.errors).toEqual([]);
    expect(urls(outcome.candidates)).toEqual(
      [
        site.url('/t/1-beach'),
        site.url('/avatars/zoe-doe.png'),
        site.url('/full/3.jpg'),
        site.url('/th/3.jpg', 'img.example'),
        site.url('/v/99', 'tube.example'),
        site.url('/t/8-from-www', 'www.forum.example'),
      ].sort(),
    );
    const byUrl = new Map(outcome.candidates.map((c) => [c.url, c]));
    expect(byUrl.get(site.url('/t/1-beach'))?.reasons).toEqual([{ kind: 'keyword', keyword: 'Zoë Doe', field: 'text', snippet: 'New pics of ZOË Doe!' }]);
    expect(byUrl.get(site.url('/v/99', 'tube.example'))?.reasons).toEqual([{ kind: 'keyword', keyword: 'Zoë Doe', field: 'context', snippet: 'featuring zoe_doe' }]);
    // The thumbnail on the image host is a resized, recompressed copy of the case's picture.
    const thumb = byUrl.get(site.url('/th/3.jpg', 'img.example'));
    expect(thumb?.kind).toBe('image');
    expect(thumb?.foundOn).toBe(site.url('/t/3-misc'));
    expect(thumb?.watchUrl).toBe(site.url('/latest'));
    const [reason] = thumb?.reasons ?? [];
    expect(reason).toMatchObject({ kind: 'picture', fingerprint: 1, label: 'beach photo', exact: false });
    expect((reason as { distance: number }).distance).toBeLessThanOrEqual(31);
    // The unrelated picture was compared and is not proposed; "jo" is not found in "john".
    expect(site.pictureRequests()).toContain(`forum.example/img/other.jpg`);
    expect(byUrl.has(site.url('/img/other.jpg'))).toBe(false);
    expect(byUrl.has(site.url('/t/2-cars'))).toBe(false);
    expect(outcome.pending).toBe(6);
    expect(outcome.pictures).toBe(4);
  });

  it('never proposes the case’s own URLs, its allow-list or its watch places, and never fetches the victim’s site', async () => {
    const outcome = await discover(caseFile());
    const found = urls(outcome.candidates);
    expect(found).not.toContain(site.url('/t/5-known'));
    expect(found).not.toContain(site.url('/blog', 'victim.example'));
    expect(found).not.toContain(site.url('/latest'));
    expect(site.pageRequests('victim.example')).toEqual([]);
  });

  it('follows links within the same site only, to the depth asked for', async () => {
    await discover(caseFile());
    expect(site.pageRequests('tube.example')).toEqual([]);
    expect(site.pageRequests('img.example')).toEqual([]);
    // www.forum.example is the same site as forum.example.
    expect(site.pageRequests('www.forum.example')).toEqual(['/t/7-www']);
    const forum = site.pageRequests('forum.example');
    expect(forum[0]).toBe('/latest');
    expect(forum).toContain('/t/3-misc');
    // Two links away: not read at depth 1.
    expect(forum).not.toContain('/t/3-misc/page/2');
    // Links whose words matched are read first.
    expect(forum.slice(1, 3).sort()).toEqual(['/t/1-beach', '/t/5-known']);
  });

  it('reads the place only at depth 0, and two links away at depth 2', async () => {
    const shallow = await discover(caseFile(), { depth: 0 });
    expect(site.pageRequests('forum.example')).toEqual(['/latest']);
    expect(urls(shallow.candidates)).not.toContain(site.url('/th/3.jpg', 'img.example'));
    const deep = await discover(caseFile(), { depth: 2 });
    expect(urls(deep.candidates)).toContain(site.url('/t/9-deep'));
    expect(site.pageRequests('forum.example')).toContain('/t/3-misc/page/2');
  });

  it('requests at most maxPages pages per place', async () => {
    await site.close();
    site = await startForumSite({ threads: 30 });
    await discover(caseFile(), { maxPages: 5 });
    expect([...site.pageRequests('forum.example'), ...site.pageRequests('www.forum.example')]).toHaveLength(5);
  });

  it('does not propose a rejected candidate again, and counts it as seen', async () => {
    const first = await discover(caseFile());
    const video = first.candidates.find((c) => c.url === site.url('/v/99', 'tube.example'));
    expect(video).toBeDefined();
    rejectCandidates({ store }, [video!], { note: 'a different person' });
    const second = await discover(caseFile());
    expect(second.candidates).toEqual([]);
    expect(second.seenAgain).toBe(6);
    expect(second.pending).toBe(5);
    const row = listCandidates(store).find((c) => c.id === video!.id);
    expect(row).toMatchObject({ status: 'rejected', note: 'a different person', seenCount: 2 });
    // Known pictures are not downloaded again.
    const pictures = site.pictureRequests();
    expect(pictures.filter((p) => p.endsWith('/th/3.jpg'))).toHaveLength(1);
  });

  it('records every change in the hash-chained log', async () => {
    const outcome = await discover(caseFile());
    const events = listEvents(store, { caseId: 'zoe-001' });
    expect(events.filter((e) => e.kind === 'candidate.found')).toHaveLength(outcome.candidates.length);
    const run = events.find((e) => e.kind === 'discovery.run');
    expect(run?.data).toMatchObject({ places: [site.url('/latest')], found: outcome.candidates.map((c) => c.id), seenAgain: [] });
    expect(verifyEventChain(store)).toEqual({ ok: true, count: events.length });
    expect(lastDiscoveryAt(store, 'zoe-001')).toBe(run?.at);
    expect(lastDiscoveryAt(store, 'other')).toBeNull();
  });

  it('never requests a picture for a minor’s case, and matches it on words alone', async () => {
    // validate refuses fingerprints in a minor's case; discovery does not rely on it and holds
    // back even when a case with both reaches it.
    const adult = caseFile();
    const outcome = await discover({ ...adult, subject: { ...adult.subject, minorAtCreation: true } }, { depth: 2 });
    expect(site.pictureRequests()).toEqual([]);
    expect(site.pageRequests('img.example')).toEqual([]);
    expect(urls(outcome.candidates)).toEqual(
      [
        site.url('/t/1-beach'),
        site.url('/avatars/zoe-doe.png'),
        site.url('/v/99', 'tube.example'),
        site.url('/t/8-from-www', 'www.forum.example'),
        site.url('/t/9-deep'),
      ].sort(),
    );
    expect(outcome.pictures).toBe(0);
    expect(outcome.notes.join(' ')).toMatch(/minor.*never downloaded/);
  });

  it('looks at nothing when a case has neither keywords nor fingerprints', async () => {
    const outcome = await discover(caseFile({ keywords: [], fingerprints: false }));
    expect(site.web.requests).toEqual([]);
    expect(outcome.notes).toEqual(['no keywords and no fingerprints: nothing to look for']);
  });

  it('compares pictures with fingerprints alone when there are no keywords', async () => {
    const outcome = await discover(caseFile({ keywords: [] }));
    expect(urls(outcome.candidates)).toEqual([site.url('/full/3.jpg'), site.url('/th/3.jpg', 'img.example')].sort());
  });

  it('leaves pictures over the byte cap uncompared', async () => {
    const outcome = await discover(caseFile({ keywords: [] }), { maxPictureBytes: 1024 });
    expect(outcome.candidates).toEqual([]);
    expect(outcome.pictures).toBe(0);
  });

  it('compares a same-site address that turns out to be a picture, and reports pictures that fail', async () => {
    const [, fullCopy] = site.served;
    site.web.route('/t/2-cars', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<p><a href="/attachment/42">attachment</a> <img src="/img/missing.jpg"></p>');
    }, { host: 'forum.example' });
    site.web.route('/attachment/42', (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(fullCopy);
    }, { host: 'forum.example' });
    const outcome = await discover(caseFile({ keywords: [] }), { depth: 2 });
    expect(outcome.candidates.find((c) => c.url === site.url('/attachment/42'))).toMatchObject({ kind: 'image', foundOn: site.url('/t/2-cars') });
    expect(outcome.errors).toContainEqual({ place: site.url('/latest'), url: site.url('/img/missing.jpg'), problem: 'HTTP 404' });
  });

  it('stops at once when interrupted, and records what it did', async () => {
    const abort = new AbortController();
    abort.abort();
    const outcome = await discoverCase({ http: site.http, store, signal: abort.signal }, caseFile(), { intervalMs: 0 });
    expect(outcome.aborted).toBe(true);
    expect(site.web.requests).toEqual([]);
    expect(listEvents(store, { caseId: 'zoe-001' }).at(-1)?.data).toMatchObject({ aborted: true, pages: 0 });
  });

  it('writes no picture to disk: the workspace holds none of the bytes served', async () => {
    await discover(caseFile(), { depth: 2 });
    expect(site.pictureRequests().length).toBeGreaterThan(0);
    store.close();
    const signatures = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from([0xff, 0xd8, 0xff])];
    const pieces = site.served.flatMap((bytes) => [bytes.subarray(0, 64), bytes.subarray(bytes.length >> 1, (bytes.length >> 1) + 64)]);
    for (const file of filesUnder(ws.path)) {
      const content = readFileSync(file);
      for (const needle of [...signatures, ...pieces]) expect(content.includes(needle), `${file} holds picture bytes`).toBe(false);
    }
    store = openStore(join(ws.path, '.takedown', 'takedown.db'));
  });
});

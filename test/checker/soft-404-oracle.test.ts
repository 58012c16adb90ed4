// compareWithProbe and summariseProbe against the straightforward fingerprint they were before
// (whole fingerprint first, shingles as strings, sketch sorted with a comparator): the same
// answer, similarity and why, for every pair of pages the tests and the bench hold.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analysePage, type PageView } from '../../src/checker/page.ts';
import {
  compareWithProbe, MIN_SHINGLES, SKETCH_SIZE, sketchSimilarity, summariseProbe, TEXT_SIMILARITY, TITLE_SIMILARITY,
  type ProbeComparison, type ProbeSummary,
} from '../../src/checker/soft-404.ts';
import { foldText, letterTokens } from '../../src/checker/text.ts';
import type { HttpResponse } from '../../src/core/http-types.ts';
import { buildPages, splice } from '../../bench/pages.ts';
import { response } from './helpers.ts';

// The reference: soft-404.ts as it was, fingerprint included.
function echoes(urls: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of urls) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    let decoded = url.pathname;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      // kept as it is
    }
    const last = decoded.split('/').filter(Boolean).pop();
    for (const piece of [raw, url.href, url.pathname, decoded, last, ...url.searchParams.values()]) {
      if (piece && piece.length >= 3) out.add(foldText(piece));
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

function comparableTokens(text: string, urls: readonly string[]): string[] {
  let folded = foldText(text);
  for (const piece of echoes(urls)) folded = folded.split(piece).join(' ');
  return letterTokens(folded).slice(0, 20_000);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function shingleSet(tokens: readonly string[]): Set<number> {
  const set = new Set<number>();
  if (tokens.length < 3) {
    for (const t of tokens) set.add(fnv1a(t));
    return set;
  }
  for (let i = 0; i + 2 < tokens.length; i++) set.add(fnv1a(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`));
  return set;
}

function fingerprint(page: PageView, urls: readonly string[]): { titleWords: string[]; sketch: number[]; shingles: number } {
  const set = shingleSet(comparableTokens(page.mainText, urls));
  return { titleWords: [...new Set(comparableTokens(page.title, urls))], sketch: [...set].sort((a, b) => a - b).slice(0, SKETCH_SIZE), shingles: set.size };
}

function wordSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const setB = new Set(b);
  return a.filter((w) => setB.has(w)).length / new Set([...a, ...b]).size;
}

function mediaOf(page: PageView): string[] {
  return [...new Set(page.mainMedia.map((src) => src.split(/[?#]/)[0] ?? src))].slice(0, 20);
}

function referenceCompare(page: PageView, r: HttpResponse, probe: ProbeSummary): ProbeComparison {
  const no = (why: string, similarity = 0): ProbeComparison => ({ like: false, similarity, why });
  if (!probe.answered || probe.status !== r.status) return no('probe answered differently');
  if (!page.isHtml || !probe.isHtml) return no('not HTML');
  if (page.appShell || probe.appShell) return no('client-side app shell');
  const print = fingerprint(page, [r.url, r.finalUrl]);
  if (print.shingles < MIN_SHINGLES || probe.shingles < MIN_SHINGLES) return no('too little text to compare');
  if (wordSimilarity(print.titleWords, probe.titleWords) < TITLE_SIMILARITY) return no('different title');
  const probeMedia = new Set(probe.media);
  const own = mediaOf(page).find((src) => !probeMedia.has(src));
  if (own) return no(`shows media the probe page lacks (${own})`);
  const similarity = sketchSimilarity(print.sketch, probe.sketch);
  if (similarity < TEXT_SIMILARITY) return no('different text', similarity);
  return { like: true, similarity, why: `same page as probe ${probe.url} (similarity ${similarity.toFixed(2)})` };
}

// Every page twice over: at a target address, and at a probe address of the same site.
const PAGES = new URL('./pages/', import.meta.url);
const bench = buildPages(20260, 8);
const bodies: [string, Uint8Array][] = [
  ...readdirSync(PAGES).filter((n) => n.endsWith('.html')).map((n): [string, Uint8Array] => [n, new Uint8Array(readFileSync(new URL(n, PAGES)))]),
  ...bench.live.map((t, i): [string, Uint8Array] => [`bench live ${i}`, Buffer.concat(splice(t, 1000 + i).chunks)]),
  ...bench.mention.map((t, i): [string, Uint8Array] => [`bench mention ${i}`, Buffer.concat(splice(t, 2000 + i).chunks)]),
  ...bench.removalNotices.map((b, i): [string, Uint8Array] => [`bench notice ${i}`, b]),
  ['bench home', bench.home(3)],
  ['bench login', bench.login],
  ['an app shell', new TextEncoder().encode('<html><head><title>Clips</title></head><body><div id="root"></div><script src="/app.js"></script></body></html>')],
  // The same clip at two ids: nearly the same page, so the comparison goes all the way to the text.
  ['bench live 0 again', Buffer.concat(splice(bench.live[0] ?? [], 1001).chunks)],
];
const TARGET = 'https://site.example/video/8812';
const PROBE = 'https://site.example/video/takedown-probe-abc123';

describe('compareWithProbe = the full fingerprint compared in order', () => {
  const probes = bodies.map(([name, body]) => [name, summariseProbe({ ok: true, response: response({ url: PROBE, body }) })] as const);

  it('summariseProbe keeps the reference fingerprint', () => {
    for (const [, body] of bodies) {
      const summary = summariseProbe({ ok: true, response: response({ url: PROBE, body }) });
      const reference = fingerprint(analysePage(body, 'text/html; charset=utf-8'), [PROBE, PROBE]);
      expect({ titleWords: summary.titleWords, sketch: summary.sketch, shingles: summary.shingles }).toEqual(reference);
    }
  });

  const outcomes = new Set<string>();

  it.each(bodies.map(([name, body]) => [name, body] as const))('%s against every probe', (_, body) => {
    const r = response({ url: TARGET, body });
    const page = analysePage(r.body, 'text/html; charset=utf-8');
    for (const [, probe] of probes) {
      const got = compareWithProbe(page, r, probe);
      expect(got).toEqual(referenceCompare(page, r, probe));
      outcomes.add(got.why.replace(/ (?:[(]|https:).*/, ''));
    }
  });

  it('the pairs reach every step of the comparison', () => {
    expect([...outcomes].sort()).toEqual(
      ['client-side app shell', 'different text', 'different title', 'same page as probe', 'shows media the probe page lacks', 'too little text to compare'],
    );
  });
});

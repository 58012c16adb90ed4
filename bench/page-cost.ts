// `node bench/page-cost.ts`: CPU per page of takedown's page analysis on the bench's live pages (30-80 KB): the streaming
// reader (src/checker/page-walk.ts) next to the DOM walk it replaced (test/checker/dom-walk.ts), the parse alone, and the
// soft-404 fingerprint, to show where a check's time goes.
import { load } from 'cheerio/slim';
import { Parser } from 'htmlparser2';
import { parseHtml } from '../src/checker/html-events.ts';
import { analysePage } from '../src/checker/page.ts';
import { walkHtml } from '../src/checker/page-walk.ts';
import { compareWithProbe, summariseProbe } from '../src/checker/soft-404.ts';
import { countWords } from '../src/checker/text.ts';
import type { HttpResponse } from '../src/core/http-types.ts';
import { walkHtmlWithDom } from '../test/checker/dom-walk.ts';
import { buildPages, splice } from './pages.ts';

const pages = buildPages(20260, 8);
const bodies = pages.live.map((template, i) => Buffer.concat(splice(template, 1000 + i).chunks));
const texts = bodies.map((b) => b.toString('utf8'));

function time(name: string, fn: (i: number) => void): void {
  for (let i = 0; i < 80; i++) fn(i % bodies.length);
  const rounds = 800;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) fn(i % bodies.length);
  process.stdout.write(`${((performance.now() - started) / rounds).toFixed(3).padStart(7)} ms/page  ${name}\n`);
}

function response(body: Uint8Array, url: string): HttpResponse {
  return {
    url, finalUrl: url, status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body, truncated: false, bodySkipped: false,
    redirects: [], timings: { startedAt: '2026-01-01T00:00:00Z', headersMs: 1, totalMs: 1 },
  };
}

const visible = walkHtml(texts[4] ?? '').visibleText;
process.stdout.write(`pages of ${bodies.map((b) => Math.round(b.length / 1024)).join(', ')} KB\n`);
// analysePage caches its view per body, so each call gets a fresh copy.
time('analysePage (decode, streaming read, word counts)', (i) => analysePage(Uint8Array.from(bodies[i] ?? []), 'text/html; charset=utf-8'));
time('walkHtml (streaming reader, as shipped)', (i) => walkHtml(texts[i] ?? ''));
time('walkHtmlWithDom (cheerio DOM and tree walk, the reader before)', (i) => walkHtmlWithDom(texts[i] ?? ''));
time('cheerio/slim load (DOM only)', (i) => load(texts[i] ?? ''));
time('htmlparser2 Parser with an ontext callback, no DOM', (i) => {
  let chars = 0;
  const parser = new Parser({ ontext: (t) => { chars += t.length; } });
  parser.end(texts[i] ?? '');
});
time('html-events parseHtml (the reader\'s parser) with a text callback', (i) => {
  let chars = 0;
  parseHtml(texts[i] ?? '', {
    onopentag: () => undefined, onclosetag: () => undefined, oncomment: () => undefined, onprocessinginstruction: () => undefined,
    ontext: (t) => { chars += t.length; },
  });
});
time(`countWords over the visible text (${visible.length} chars)`, () => countWords(visible));
// A live page against a probe that answered 200 with the site's home page (the bench's soft hosts).
const probe = summariseProbe({ ok: true, response: response(pages.home(3), 'http://h3.test/v/takedown-probe-x') });
const views = bodies.map((b, i) => analysePage(b, 'text/html; charset=utf-8') && { page: analysePage(b, 'text/html; charset=utf-8'), r: response(b, `http://h3.test/v/${1000 + i}`) });
time('compareWithProbe, live page vs a home-page probe (after the page was read)', (i) => {
  const v = views[i];
  if (v) compareWithProbe(v.page, v.r, probe);
});

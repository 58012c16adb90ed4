// `node bench/page-cost.ts`: CPU per page of takedown's page analysis on the bench's live pages (30-80 KB), next to the
// cost of the parsing alone, to show how much of a check's time a leaner page reader could save.
import { load } from 'cheerio/slim';
import { Parser } from 'htmlparser2';
import { analysePage } from '../src/checker/page.ts';
import { walkHtml } from '../src/checker/page-walk.ts';
import { countWords } from '../src/checker/text.ts';
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

const visible = walkHtml(texts[4] ?? '').visibleText;
process.stdout.write(`pages of ${bodies.map((b) => Math.round(b.length / 1024)).join(', ')} KB\n`);
// analysePage caches its view per body, so each call gets a fresh copy.
time('analysePage (decode, DOM, visible and main text, word counts)', (i) => analysePage(Uint8Array.from(bodies[i] ?? []), 'text/html; charset=utf-8'));
time('walkHtml (DOM and text walk)', (i) => walkHtml(texts[i] ?? ''));
time('cheerio/slim load (DOM only)', (i) => load(texts[i] ?? ''));
time('htmlparser2 Parser with an ontext callback, no DOM', (i) => {
  let chars = 0;
  const parser = new Parser({ ontext: (t) => { chars += t.length; } });
  parser.end(texts[i] ?? '');
});
time(`countWords over the visible text (${visible.length} chars)`, () => countWords(visible));

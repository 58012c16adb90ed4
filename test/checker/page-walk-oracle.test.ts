// The streaming page reader (src/checker/page-walk.ts) against the DOM walk it replaced
// (dom-walk.ts): the same WalkResult, field for field, on every HTML page the tests and the bench
// hold, on hand-written edge cases, and on a few thousand seeded pieces of tag soup.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { walkHtml } from '../../src/checker/page-walk.ts';
import { exampleOutcome } from '../../src/providers/examples.ts';
import { defaultProvidersDir, loadProviders } from '../../src/providers/load.ts';
import { walkHtmlWithDom } from './dom-walk.ts';
import { benchPageTexts } from './helpers.ts';

const PAGES = new URL('./pages/', import.meta.url);
const decoder = new TextDecoder();

function agree(html: string): void {
  expect(walkHtml(html)).toEqual(walkHtmlWithDom(html));
}

describe('streaming reader = DOM walk', () => {
  const fixtures = readdirSync(PAGES).filter((name) => name.endsWith('.html'));

  it('has page fixtures to compare', () => {
    expect(fixtures.length).toBeGreaterThan(30);
  });

  it.each(fixtures)('checker page fixture %s', (name) => {
    agree(readFileSync(new URL(name, PAGES), 'utf8'));
  });

  it('every provider example body', async () => {
    const { providers } = await loadProviders(defaultProvidersDir());
    const bodies = providers.flatMap((p) => p.examples.map((e) => {
      const outcome = exampleOutcome(e);
      return outcome.ok ? decoder.decode(outcome.response.body) : '';
    }));
    expect(bodies.filter((b) => b.includes('<')).length).toBeGreaterThan(20);
    for (const body of bodies) agree(body);
  });

  it('every page of the bench web', () => {
    const texts = benchPageTexts();
    expect(texts.length).toBeGreaterThan(20);
    for (const text of texts) agree(text);
  });

  it.each([
    ['empty', ''],
    ['text only', 'just words &amp; more'],
    ['entities split text nodes', '<p>a&nbsp; &nbsp;b &amp; &lt;c&gt;</p><p>&nbsp;</p> &nbsp; <div>x</div>'],
    ['unclosed tags at the end', '<html><body><main><p>one<div>two<span>three'],
    ['a tag cut off at the end', '<div id="root"><span class="a'],
    ['a tag cut off in a mount', '<div id="app"> <!-- c --> <sp'],
    ['stray closing tags', '</div></p><p>x</br></span>y</main>z'],
    ['implied closes', '<p>one<p>two<ul><li>a<li>b</ul><table><tr><td>c<td>d</table>'],
    ['titles', '<title> First  \n title </title><svg><title>icon</title></svg><title>second</title>'],
    ['title inside hidden, after body', '<body><div hidden><title>Hidden title</title></div><p>x</p></body>'],
    ['json blocks', '<script type="application/ld+json">{"@type":"VideoObject"}</script><script type="application/json; charset=utf-8"> [1] </script><noscript><script type="application/json">{}</script></noscript>'],
    ['json in a hidden element', '<div hidden><script type="application/json">{"a":1}</script></div>'],
    ['empty mounts', '<div id="root"> </div><div id="__next"><!-- x --></div><div id="app">text</div><div id="svelte"><script></script></div>'],
    ['mount with a doctype inside', '<div id="root"><!doctype html></div>'],
    ['mount in a template', '<template><div id="root"></div></template><p>x</p>'],
    ['forms', '<form action="/login" method="POST"><input name="u"><input type="password"><input type="hidden"><textarea></textarea></form><input type="password" hidden>'],
    ['meta refresh and canonical', '<meta http-equiv="Refresh" content="0; url=\'/home\'"><link rel="Canonical  alternate" href=" /x "><meta http-equiv="refresh" content="60;url=/later">'],
    ['media in main, article and outside', '<img src="/a.jpg"><article><img data-src="/b.jpg"></article><main><video><source src="/c.mp4"></video></main><nav><img src="/d.png"></nav>'],
    ['chrome and content', '<header>site<nav>menu</nav></header><article><header>byline</header>story<footer>tags</footer></article><div role="navigation">nav</div><aside>side</aside><footer>legal</footer>'],
    ['hidden styles', '<div style="display:none">a</div><div style="color:red; visibility : hidden">b</div><div aria-hidden=" TRUE ">c</div><dialog>d</dialog><dialog open>e</dialog>'],
    ['headings', '<h1>One <b>bold</b></h1><h2 hidden>no</h2><nav><h2>menu</h2></nav><h3><span>three</span></h3><h1></h1><h4>four</h4>'],
    ['processing instructions and cdata', '<?xml version="1.0"?><p>a<![CDATA[ b ]]>c</p><!doctype html>d'],
    ['foreign content self-closing', '<svg><g/><text>svg text</text></svg><math><mi/>x</math><p/>after'],
    ['void and self-closing html', '<div/>inside?<br/>next<img src="/i.png"/><input/>'],
    ['uppercase names and duplicate attributes', '<DIV ID="ROOT"></DIV><MAIN Role="main" role="x">M</MAIN><IMG SRC="/up.jpg" src="/dup.jpg">'],
    ['textarea and raw text', '<textarea><p>not a tag</p></textarea><style>p{}</style><xmp><b>x</b></xmp><plaintext>rest'],
    ['comments of every kind', '<!-- a --><!----><!--->x<!-- unterminated'],
  ])('edge case: %s', (_, html) => {
    agree(html);
  });

  it('deep nesting', () => {
    agree(`${'<div><span>'.repeat(3000)}deep${'</span></div>'.repeat(3000)}`);
    agree(`${'<b>'.repeat(5000)}x`);
  });

  it('text past the 200,000-character cap', () => {
    const long = Array.from({ length: 60_000 }, (_, i) => `w${i}`).join(' ');
    agree(`<title>t</title><header>${long.slice(0, 1000)}</header><main><h1>${long.slice(0, 500)}</h1><p>${long}</p></main><footer>after the cap</footer>`);
    agree(`<p>${'x'.repeat(250_000)}</p><h1>late heading</h1><div> </div>`);
  });

  it('4,000 seeded pieces of tag soup', () => {
    for (let seed = 1; seed <= 4000; seed++) {
      const html = tagSoup(seed);
      const streamed = walkHtml(html);
      const walked = walkHtmlWithDom(html);
      if (JSON.stringify(streamed) !== JSON.stringify(walked)) expect({ seed, html, result: streamed }).toEqual({ seed, html, result: walked });
    }
  });
});

// Markup made of the pieces the reader's rules care about, in random order, nesting and closing.
const TAGS = [
  'div', 'p', 'span', 'b', 'a', 'main', 'article', 'header', 'footer', 'nav', 'aside', 'section', 'h1', 'h2', 'h3', 'h4',
  'form', 'input', 'textarea', 'select', 'option', 'img', 'video', 'audio', 'source', 'script', 'style', 'template',
  'noscript', 'svg', 'math', 'iframe', 'title', 'meta', 'link', 'base', 'dialog', 'ul', 'li', 'table', 'tr', 'td', 'br',
  'html', 'head', 'body', 'label', 'button', 'object', 'canvas', 'pre', 'textarea',
];
const ATTRIBUTES = [
  'hidden', 'aria-hidden="true"', 'aria-hidden="false"', 'style="display:none"', 'style="visibility: hidden"', 'style="color:red"',
  'role="main"', 'role="navigation"', 'role="banner"', 'role="search"', 'id="root"', 'id="app"', 'id="__next"', 'id="x"', 'open',
  'type="password"', 'type="hidden"', 'type="email"', 'type="application/json"', 'type="application/ld+json"', 'type="text/javascript"',
  'src="/m/a.jpg"', 'data-src="/m/b.mp4"', 'src=" "', 'rel="canonical"', 'href="/canon"', 'http-equiv="refresh"', 'content="0;url=/next"',
  'action="/go"', 'method="POST"', 'class="c"',
];
const TEXTS = [
  'removed', 'This video has been removed', 'hello world', ' ', '  \n\t ', '&amp;', '&nbsp;', '&lt;b&gt;', '{"@type":"VideoObject","contentUrl":"/v.mp4"}',
  'Página no encontrada', 'ページ', '\u00a0', 'a&nbsp;b', '&#x20;', '&bogus;', '<', '>', '"', "'", '=',
];

function tagSoup(seed: number): string {
  let state = seed * 2654435761 >>> 0;
  const next = (): number => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const open: string[] = [];
  let html = '';
  const pieces = 5 + Math.floor(next() * 60);
  for (let i = 0; i < pieces; i++) {
    const r = next();
    if (r < 0.35) {
      const tag = pick(TAGS);
      const attributes = Array.from({ length: Math.floor(next() * 3) }, () => ` ${pick(ATTRIBUTES)}`).join('');
      html += `<${next() < 0.05 ? tag.toUpperCase() : tag}${attributes}${next() < 0.05 ? '/' : ''}>`;
      open.push(tag);
    } else if (r < 0.55) {
      const tag = next() < 0.8 ? (open.pop() ?? pick(TAGS)) : pick(TAGS);
      html += `</${tag}>`;
    } else if (r < 0.9) {
      html += pick(TEXTS);
    } else if (r < 0.95) {
      html += pick(['<!-- removed -->', '<!---->', '<!doctype html>', '<?php echo 1 ?>', '<![CDATA[ removed ]]>', '<!x>']);
    } else {
      html += pick(['</p>', '</br>', '<p/>', '<br>', '</>', '< p>', '<a href="/x', '<div class=']);
    }
  }
  // Now and then the document stops in the middle of something.
  if (next() < 0.2) html = html.slice(0, Math.floor(next() * html.length));
  return html;
}

import { describe, expect, it } from 'vitest';
import { analysePage, MAX_DECODE_BYTES } from '../../src/checker/page.ts';
import { fixture, html } from './helpers.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('analysePage: visible text', () => {
  it('never shows scripts, styles, templates, comments, hidden or aria-hidden elements', () => {
    const page = analysePage(fixture('live-hidden-removal.html'), 'text/html; charset=utf-8');
    expect(page.title).toBe('Beach photo set - PicShare');
    expect(page.headings).toEqual(['Beach photo set']);
    expect(page.visibleText).toBe('Beach photo set Twelve photos from the beach, uploaded by wave_rider.');
    expect(page.mainText).toBe(page.visibleText);
    expect(page.mainMedia).toEqual(['/p/5521/beach-01.jpg']);
  });

  it.each([
    ['script', '<script>var x = "removed"</script>'],
    ['style', '<style>p:before{content:"removed"}</style>'],
    ['noscript', '<noscript>removed</noscript>'],
    ['template', '<template><p>removed</p></template>'],
    ['svg', '<svg><text>removed</text></svg>'],
    ['iframe', '<iframe>removed</iframe>'],
    ['comment', '<!-- removed -->'],
    ['hidden attribute', '<div hidden>removed</div>'],
    ['aria-hidden', '<div aria-hidden="true">removed</div>'],
    ['display:none', '<div style="color:red;display : none">removed</div>'],
    ['visibility:hidden', '<span style="visibility:hidden">removed</span>'],
    ['closed dialog', '<dialog><p>removed</p></dialog>'],
  ])('hides text inside %s', (_, markup) => {
    const page = analysePage(encode(`<html><body><p>shown</p>${markup}</body></html>`), 'text/html');
    expect(page.visibleText).toBe('shown');
  });

  it('separates block elements and keeps inline words whole', () => {
    const page = analysePage(encode('<div>one</div><div>two</div><p>re<b>mo</b>ved<br>next</p>'), 'text/html');
    expect(page.visibleText).toBe('one two removed next');
  });

  it('takes <main> first, then the first <article>, else the body without nav, aside, header and footer', () => {
    const withMain = analysePage(encode('<nav>menu</nav><main>main text<aside>side</aside></main><article>other</article>'), 'text/html');
    expect(withMain.mainText).toBe('main text');
    const withRole = analysePage(encode('<div role="main">role main</div><p>outside</p>'), 'text/html');
    expect(withRole.mainText).toBe('role main');
    const withArticle = analysePage(encode('<header>site</header><article><header>byline</header>story</article><article>second</article>'), 'text/html');
    expect(withArticle.mainText).toBe('byline story');
    const bare = analysePage(encode('<header>site</header><nav>menu</nav><p>body text</p><aside>related</aside><footer>legal</footer>'), 'text/html');
    expect(bare.mainText).toBe('body text');
    expect(bare.visibleText).toBe('site menu body text related legal');
  });

  it('collects visible h1-h3 headings outside navigation and asides', () => {
    const page = analysePage(encode('<h1>One</h1><nav><h2>Menu</h2></nav><h2 hidden>Hidden</h2><h3>Three <i>x</i></h3><h4>Four</h4><aside><h2>Side</h2></aside>'), 'text/html');
    expect(page.headings).toEqual(['One', 'Three x']);
  });

  it('counts words, unspaced scripts by pairs of characters', () => {
    expect(analysePage(encode('<p>one two, three-four</p>'), 'text/html').wordCount).toBe(4);
    expect(analysePage(encode('<p>ページが見つかりません</p>'), 'text/html').wordCount).toBe(6);
  });
});

describe('analysePage: types and decoding', () => {
  it.each([
    ['text/html; charset=windows-1251', new Uint8Array([0x3c, 0x70, 0x3e, 0xc2, 0xe8, 0xe4, 0xe5, 0xee]), 'Видео', 'windows-1251'],
    ['text/html', encode('<meta charset="iso-8859-1"><p>caf\u00e9</p>').map((b) => b), 'cafÃ©', 'windows-1252'],
    ['text/html', new Uint8Array([0xef, 0xbb, 0xbf, ...encode('<p>bom</p>')]), 'bom', 'utf-8'],
    ['text/html; charset=no-such-charset', encode('<p>fallback</p>'), 'fallback', 'utf-8'],
  ])('decodes %s', (type, body, text, charset) => {
    const page = analysePage(body, type);
    expect(page.visibleText).toBe(text);
    expect(page.charset).toBe(charset);
  });

  it('uses <meta charset> when the header names none', () => {
    const bytes = new Uint8Array([...encode('<html><head><meta charset="windows-1251"><title>'), 0xd3, 0xe4, 0xe0, 0xeb, 0xe5, 0xed, 0xee, ...encode('</title></head></html>')]);
    expect(analysePage(bytes, 'text/html').title).toBe('Удалено');
  });

  it.each([
    ['image/jpeg', true],
    ['video/mp4', true],
    ['audio/mpeg', true],
    ['text/html', false],
  ])('marks %s as media: %s', (type, media) => {
    const page = analysePage(encode('<p>x</p>'), type);
    expect(page.isMedia).toBe(media);
    if (media) expect(page.html).toBe('');
  });

  it('parses JSON bodies and JSON script blocks', () => {
    const json = analysePage(encode('{"status":"ERROR","items":[1]}'), 'application/json; charset=utf-8');
    expect(json.isJson).toBe(true);
    expect(json.jsonBlocks).toEqual([{ status: 'ERROR', items: [1] }]);
    const sniffed = analysePage(encode(' [1,2]'), null);
    expect(sniffed.isJson).toBe(true);
    const blocks = analysePage(encode('<script type="application/ld+json">{"@type":"VideoObject"}</script><script type="application/json; charset=utf-8">[true]</script><script type="application/json">{broken</script><script>{"not":"data"}</script>'), 'text/html');
    expect(blocks.jsonBlocks).toEqual([{ '@type': 'VideoObject' }, [true]]);
  });

  it('sniffs HTML served as text/plain or without a type, and shows plain text as it is', () => {
    expect(analysePage(encode('<!DOCTYPE html><title>t</title>'), null).isHtml).toBe(true);
    const plain = analysePage(encode('File not found\n\nplease check the link'), 'text/plain');
    expect(plain.isHtml).toBe(false);
    expect(plain.mainText).toBe('File not found please check the link');
  });
});

describe('analysePage: forms and page data', () => {
  it('reports visible password fields, forms, meta refresh and canonical', () => {
    const page = analysePage(encode(`<head><meta http-equiv="Refresh" content="0; URL='/removed'"><link rel="canonical" href="https://t.example/v/1"></head>
      <form action="/login" method="POST"><input name="u"><input type="password"><input type="hidden" name="t"><input type="submit"></form>
      <div hidden><form><input type="password"></form></div>`), 'text/html');
    expect(page.hasPasswordField).toBe(true);
    expect(page.forms).toEqual([
      { action: '/login', method: 'post', hasPassword: true, inputs: 2 },
      { action: null, method: 'get', hasPassword: false, inputs: 0 },
    ]);
    expect(page.metaRefresh).toBe('/removed');
    expect(page.canonical).toBe('https://t.example/v/1');
  });

  it('ignores a hidden password field and a slow periodic refresh', () => {
    const page = analysePage(encode('<meta http-equiv="refresh" content="300"><div style="display:none"><input type="password"></div>'), 'text/html');
    expect(page.hasPasswordField).toBe(false);
    expect(page.metaRefresh).toBeNull();
  });

  it('recognises an app shell: an empty mount point and almost no text', () => {
    expect(analysePage(encode('<body><div id="root"></div><script src="/app.js"></script></body>'), 'text/html').appShell).toBe(true);
    expect(analysePage(encode('<body><div id="root"><p>server rendered</p></div></body>'), 'text/html').appShell).toBe(false);
  });
});

describe('analysePage: hostile input', () => {
  it.each([
    ['unclosed tags', '<html><head><title>Broken<body><div><p>text <b>bold <i>both</div></span></table>'],
    ['stray closing tags and bad attributes', '</div></div><p class="a" "b" =c>ok</p><<<>>>'],
    ['an unterminated comment', '<p>before</p><!-- never closed <p>after</p>'],
    ['only a doctype', '<!DOCTYPE html>'],
  ])('does not throw on %s', (_, markup) => {
    expect(() => analysePage(encode(markup), 'text/html')).not.toThrow();
  });

  it('does not throw on binary garbage', () => {
    const bytes = new Uint8Array(200_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    expect(() => analysePage(bytes, 'text/html')).not.toThrow();
    expect(() => analysePage(bytes, null)).not.toThrow();
    expect(() => analysePage(bytes, 'application/json')).not.toThrow();
  });

  it('survives 100,000 nested elements without recursion', () => {
    const page = analysePage(encode(`${'<div>'.repeat(100_000)}deep`), 'text/html');
    expect(page.visibleText).toBe('deep');
  });

  it('caps the text it keeps and the bytes it decodes', () => {
    const long = html('Big', 'Big page', 'word '.repeat(400_000));
    const page = analysePage(encode(long), 'text/html');
    expect(page.visibleText.length).toBeLessThanOrEqual(200_100);
    const huge = new Uint8Array(MAX_DECODE_BYTES + 1_000_000).fill(0x61);
    expect(analysePage(huge, 'text/plain').html.length).toBe(MAX_DECODE_BYTES);
  });
});

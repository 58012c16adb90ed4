// The page reader's HTML event parser (src/checker/html-events.ts) against htmlparser2's Parser,
// which it replaces: the same events, in the same order, with the same names, attributes and
// text (text pieces joined, as the reader joins them), on every page fixture, the bench's pages,
// hand-written edge cases, and many thousands of generated documents, some of them character soup
// built to reach every state of the tokenizer.
import { readdirSync, readFileSync } from 'node:fs';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { parseHtml, type HtmlHandler } from '../../src/checker/html-events.ts';
import { benchPageTexts } from './helpers.ts';

type Event = [string, ...unknown[]];

function recorder(): { handler: HtmlHandler; events: Event[] } {
  const events: Event[] = [];
  let text: string | null = null;
  const flush = (): void => {
    if (text !== null) events.push(['text', text]);
    text = null;
  };
  const handler: HtmlHandler = {
    onopentag(name, attribs) {
      flush();
      events.push(['open', name, { ...attribs }]);
    },
    onclosetag(name) {
      flush();
      events.push(['close', name]);
    },
    ontext(data) {
      text = (text ?? '') + data;
    },
    oncomment(data) {
      flush();
      events.push(['comment', data]);
    },
    onprocessinginstruction(name, data) {
      flush();
      events.push(['instruction', name, data]);
    },
  };
  return {
    handler,
    get events() {
      flush();
      return events;
    },
  };
}

function viaHtmlparser2(html: string): Event[] {
  const record = recorder();
  const h = record.handler;
  new Parser({
    onopentag: (name, attribs) => h.onopentag(name, attribs),
    onclosetag: (name) => h.onclosetag(name),
    ontext: (data) => h.ontext(data),
    oncomment: (data) => h.oncomment(data),
    onprocessinginstruction: (name, data) => h.onprocessinginstruction(name, data),
  }).end(html);
  return record.events;
}

function viaOwn(html: string): Event[] {
  const record = recorder();
  parseHtml(html, record.handler);
  return record.events;
}

function agree(html: string): void {
  expect(viaOwn(html)).toEqual(viaHtmlparser2(html));
}

/** Compares without building a diff for every passing document (thousands of them). */
function agreeQuietly(html: string, label: string): void {
  const own = viaOwn(html);
  const reference = viaHtmlparser2(html);
  if (JSON.stringify(own) !== JSON.stringify(reference)) expect({ label, html, events: own }).toEqual({ label, html, events: reference });
}

describe('html-events = htmlparser2 Parser', () => {
  const pagesDir = new URL('./pages/', import.meta.url);
  const fixtures = readdirSync(pagesDir).filter((name) => name.endsWith('.html'));

  it.each(fixtures)('checker page fixture %s', (name) => {
    agree(readFileSync(new URL(name, pagesDir), 'utf8'));
  });

  it('every page of the bench web', () => {
    const texts = benchPageTexts();
    expect(texts.length).toBeGreaterThan(20);
    for (const text of texts) agree(text);
  });

  it.each([
    ['empty', ''],
    ['text and entities', 'a &amp; b &lt;c&gt; &nbsp;&#169;&#xA9;&copy &notit; &notin; &bogus; & &&amp; &#; &#x; &#1114112; &#0;'],
    ['entities at the very end (legacy, named)', 'x &amp'],
    ['entities at the very end (numeric)', 'x &#12'],
    ['entity start at the very end', 'x &'],
    ['ampersands in a row at the end', 'x &&'],
    ['entities in attributes', '<a href="?a=1&amp;b=2&copy=3&lt=4&notit;&amp" title=\'&quot;q&quot;\' data-x=a&amp;b&=c>t</a>'],
    ['entity at the end inside a value', '<a href="x&amp'],
    ['entities in a title, not in scripts', '<title>A &amp; B &lt;</title><script>if (a &amp;&amp; b < c) {}</script><textarea>&amp;</textarea>'],
    ['unquoted, empty and repeated attributes', '<div a b=1 c= d = "x" e=\'y\' f=g/h B=2 a=3 =x "q"=1></div><p x=>y</p>'],
    ['special tags closed in odd ways', '<script>a</scriptx></script ><style>b</STYLE\n><title>c</title\t>d<xmp>e</xmp>f<textarea>g</textarea >'],
    ['special-looking tags', '<scr>1</scr><sty>2</sty><tmp>3</xmp><xitle>4</title><tex>5</tex><s>6</s><t>7</t><x>8</x>'],
    ['self-closing special tags', '<script/>x<title/>y<style/>z'],
    ['unterminated specials', '<script>var a = "</scr'],
    ['unterminated title with an entity', '<title>a &amp'],
    ['comments', '<!-- a --><!----><!---><!-->x<!-- a -- b --><!-- - -- --->y<!--'],
    ['declarations and bogus comments', '<!doctype html><!DOCTYPE HTML PUBLIC "x"><!x><!><!-x><!->z></ x></>w</ >v</#c></3>'],
    ['cdata', '<![CDATA[ a ]] ]]]>b<![CDATA[x<![CDAT[y]]>z<![cdata[w]]>v<![CDATA['],
    ['processing instructions', '<?xml version="1.0"?><?php echo 1 ?><?>x<?'],
    ['closing tags with junk', '</div foo="bar">a</p x>b</br/>c</br >d</img>e</DIV\n>f'],
    ['implied closes and foreign content', '<p>a<div>b<p>c<h1>d</h1><ul><li>e<li>f</ul><table><tr><td>g<td>h<tr><th>i</table><select><option>j<option>k<optgroup>l</select>'],
    ['svg and math', '<svg><g/><path d="x"/><title>t</title><foreignObject><p/></foreignObject><desc/></svg><math><mi/><mo>x</mo></math><p/><br/>'],
    ['cut inside a tag', '<div class="a'],
    ['cut after a slash', '<a b/'],
    ['cut after a closing tag name', '</a x'],
    ['cut in a declaration', '<!doctype html'],
    ['cut after <', 'text<'],
    ['cut after </', 'text</'],
    ['cut in a special start', 'text<scr'],
    ['cut in a closing tag name', 'x</div'],
    ['cut in a bogus comment', 'x</#y'],
    ['lone brackets', '< a><<b>>c<1>d<-->e<=f'],
    ['uppercase and non-ascii names', '<DIV ID="X" Data-Ä="1"><Ünicode attr="ü">t</Ünicode></DIV>'],
    ['__proto__ attribute', '<div __proto__="x" constructor="y" id="z"></div>'],
    ['non-latin text', '<p>Página no encontrada — ページが見つかりません — الصفحة غير موجودة</p>'],
  ])('edge case: %s', (_, html) => {
    agree(html);
  });

  it('deep nesting and long runs', () => {
    agree(`${'<div><span>'.repeat(2000)}deep${'</span></div>'.repeat(2000)}`);
    agree(`<p>${'x'.repeat(200_000)}&amp;${'y'.repeat(1000)}</p><script>${'a<b'.repeat(20_000)}</script>`);
    agree(`<a title="${'v&amp;'.repeat(5000)}">${'&lt;'.repeat(5000)}</a>`);
  });

  it('20,000 seeded documents of character soup', () => {
    for (let seed = 1; seed <= 20_000; seed++) agreeQuietly(characterSoup(seed), `seed ${seed}`);
  });
});

// Pieces that steer the tokenizer into each of its states, joined at random: the documents are
// mostly nonsense, which is what reaches the corners.
const PIECES = [
  '<', '>', '/', '</', '<!', '<!-', '<!--', '-->', '--', '-', '<?', '?>', '<![', '<![CDATA[', ']]>', ']', '[', '=', '"', "'",
  ' ', '\n', '\t', '\f', '\r', '&', '&amp', '&amp;', '&lt;', '&nbsp;', '&#', '&#x', '&#65;', '&#x41;', '&#12', '&notit;', '&noti', '&copy',
  '&bogus;', '&&', 'a', 'b', 'x', 'Z', '1', 'é', 'ペ', '\u00a0', '\u001c', '\u000f',
  'div', 'p', 'br', 'li', 'td', 'tr', 'th', 'table', 'option', 'select', 'input', 'body', 'head', 'h1', 'hr', 'img', 'meta',
  'script', 'SCRIPT', 'style', 'title', 'textarea', 'xmp', 'scr', 'sty', 'tit', 'tex', 'xm', 'svg', 'math', 'mi', 'desc',
  'foreignObject', 'doctype', 'id', 'class', 'href', 'hidden', '__proto__',
];
const TEMPLATES = [
  '<div>', '</div>', '<p>', '</p>', '</br>', '<br/>', '<script>', '</script>', '</script ', '<style>', '</style>', '<title>',
  '</title>', '<textarea>', '</textarea>', '<xmp>', '</xmp>', '<svg>', '</svg>', '<math>', '</math>', '<g/>', '<a href="x">',
  '<a href=x>', "<a href='x'>", '<img src=x/>', '<!-- c -->', '<!doctype html>', '<?x?>', '<![CDATA[d]]>', '<li>', '<td>', '<tr>',
];

function characterSoup(seed: number): string {
  let state = (seed * 2654435761) >>> 0;
  const next = (): number => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  let html = '';
  const length = 1 + Math.floor(next() * 80);
  for (let i = 0; i < length; i++) html += next() < 0.3 ? pick(TEMPLATES) : pick(PIECES);
  return html;
}

// Links and pictures of a page with their words; the reasons built from them.
import { describe, expect, it } from 'vitest';
import { compileKeywords } from '../../src/discovery/keywords.ts';
import { extractLinks, resolve } from '../../src/discovery/page-links.ts';
import { describeReason, keywordReasons, readableAddress } from '../../src/discovery/reasons.ts';
import { mediaKindOf, sameSite, siteOf } from '../../src/discovery/site.ts';
import { formatCandidateId, parseCandidateId } from '../../src/discovery/candidate-id.ts';

const PAGE = 'https://forum.example/board/index.html';

function links(body: string) {
  return extractLinks(`<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`, PAGE);
}

describe('extractLinks', () => {
  it('resolves addresses against the page and its <base>, dropping fragments and non-web links', () => {
    const found = extractLinks(
      '<html><head><base href="/forum/"></head><body><a href="t/1#post-3">a</a> <a href="mailto:x@y.example">m</a> <a href="javascript:void(0)">j</a> <a href="#top">top</a> <a href="https://u:p@x.example/">creds</a></body></html>',
      PAGE,
    );
    expect(found.map((l) => l.url)).toEqual(['https://forum.example/forum/t/1']);
  });

  it('keeps each link’s text, title and the text around it within its block, up to its neighbours', () => {
    const [first, second] = links('<ul><li>Posted by Jo: <a href="/t/1" title="beach">Summer</a> 3 replies</li><li><a href="/t/2">Cars</a></li></ul>');
    expect(first).toEqual({ url: 'https://forum.example/t/1', kind: 'page', text: 'Summer', title: 'beach', alt: '', context: ['Posted by Jo:', '3 replies'] });
    expect(second?.context).toEqual([]);
  });

  it('does not describe a link by its neighbours’ titles', () => {
    const found = links('<div><a href="/t/1">Zoe Doe pics</a> <br> <a href="/t/2">Cars</a> <br> <a href="/t/3">Trucks</a></div>');
    expect(found[1]?.context).toEqual([]);
  });

  it('takes a table row and a figure as the block of a link or a picture', () => {
    const [video, picture] = links('<table><tr><td><a href="/v/9">video</a></td><td>featuring zoe</td></tr></table><figure><img src="/p.jpg"><figcaption>Zoe at the lake</figcaption></figure>');
    expect(video?.context).toEqual(['featuring zoe']);
    expect(picture).toMatchObject({ url: 'https://forum.example/p.jpg', kind: 'image', context: ['Zoe at the lake'] });
  });

  it('gives a picture inside a link the link’s words and address, and the link the picture’s alt text', () => {
    const found = links('<p>New: <a href="/full/3.jpg" title="full size"><img data-src="/th/3.jpg" src="data:image/gif;base64,R0lG" alt="zoe upload"></a></p>');
    expect(found).toEqual([
      { url: 'https://forum.example/full/3.jpg', kind: 'image', text: '', title: 'full size', alt: 'zoe upload', context: ['New:'] },
      { url: 'https://forum.example/th/3.jpg', kind: 'image', text: '', title: 'full size', alt: 'zoe upload', context: ['New:'], linkUrl: 'https://forum.example/full/3.jpg' },
    ]);
  });

  it('merges the links to one address', () => {
    const found = links('<li><a href="/t/3"><img src="/th.png" alt="thumb"></a> <a href="/t/3">Thread three</a></li>');
    expect(found.find((l) => l.url === 'https://forum.example/t/3')).toMatchObject({ text: 'Thread three', alt: 'thumb' });
  });

  it('ignores scripts, styles and the head', () => {
    const found = extractLinks('<html><head><link href="/x.css"></head><body><script>var a = "<a href=/evil>";</script><a href="/ok">ok</a></body></html>', PAGE);
    expect(found.map((l) => l.url)).toEqual(['https://forum.example/ok']);
  });

  it('survives deeply nested markup', () => {
    const deep = `${'<div>'.repeat(20_000)}<a href="/deep">deep</a>${'</div>'.repeat(20_000)}`;
    expect(links(deep).map((l) => l.url)).toEqual(['https://forum.example/deep']);
  });

  it.each([
    ['', undefined],
    ['ftp://x.example/a', undefined],
    ['//cdn.example/a.png', 'https://cdn.example/a.png'],
    ['  /a b  ', 'https://forum.example/a%20b'],
  ])('resolve(%j)', (href, expected) => {
    expect(resolve(href, PAGE)).toBe(expected);
  });
});

describe('keywordReasons', () => {
  const matchers = compileKeywords(['Zoë Doe', 'Jo']);

  it('says where each keyword was found, first field first', () => {
    const [link] = links('<li>Posted by Jo: <a href="/t/zoe-doe-leak" title="ZOE DOE">New pics</a></li>');
    expect(keywordReasons(link!, matchers)).toEqual([
      { kind: 'keyword', keyword: 'Zoë Doe', field: 'title', snippet: 'ZOE DOE' },
      { kind: 'keyword', keyword: 'Jo', field: 'context', snippet: 'Posted by Jo:' },
    ]);
  });

  it('reads the address with its escapes decoded', () => {
    expect(readableAddress('https://x.example/t/zo%C3%AB-doe?q=a+b')).toBe('t zoë-doe q=a b');
    const [link] = links('<a href="/t/zo%C3%AB-doe">thread</a>');
    expect(keywordReasons(link!, matchers)).toEqual([{ kind: 'keyword', keyword: 'Zoë Doe', field: 'address', snippet: 't zoë-doe' }]);
  });

  it('describes reasons for a person', () => {
    expect(describeReason({ kind: 'keyword', keyword: 'Zoë', field: 'text', snippet: 'New pics of ZOË' })).toBe('keyword "Zoë" in the link text: "New pics of ZOË"');
    expect(describeReason({ kind: 'picture', fingerprint: 2, label: 'beach', distance: 12, exact: false, variant: 'mirror' })).toBe('picture: 12 bits from fingerprint #2 (beach), mirror');
    expect(describeReason({ kind: 'picture', fingerprint: 1, distance: 0, exact: true, variant: 'original', picture: 'https://i.example/a.jpg' })).toBe(
      'picture https://i.example/a.jpg: the very same file as fingerprint #1',
    );
  });
});

describe('sites and media', () => {
  it.each([
    ['https://www.forum.example/a', 'https://forum.example/b', true],
    ['https://img.forum.example/a', 'http://forum.example/b', true],
    ['https://forum.example/a', 'https://tube.example/b', false],
    ['https://alice.blogspot.com/', 'https://bob.blogspot.com/', false],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:9090/', true],
  ])('%s and %s: same site %s', (a, b, same) => {
    expect(sameSite(a, b)).toBe(same);
  });

  it('names the site of a host', () => {
    expect(siteOf('https://www.forum.co.uk/x')).toBe('forum.co.uk');
  });

  it.each([
    ['https://x.example/a.JPG', 'image'],
    ['https://x.example/a.webp?w=200', 'image'],
    ['https://x.example/v.mp4', 'media'],
    ['https://x.example/thread.php', null],
    ['https://x.example/dir.jpg/page', null],
  ])('mediaKindOf(%s) = %s', (url, kind) => {
    expect(mediaKindOf(url)).toBe(kind);
  });
});

describe('candidate ids', () => {
  it.each([
    ['C-0042', 42],
    ['c42', 42],
    ['42', 42],
    ['C-0', undefined],
    ['R-0001', undefined],
    ['C-1x', undefined],
  ])('parseCandidateId(%s) = %s', (text, id) => {
    expect(parseCandidateId(text)).toBe(id);
  });

  it('formats as C-0001', () => {
    expect(formatCandidateId(7)).toBe('C-0007');
    expect(formatCandidateId(12345)).toBe('C-12345');
  });
});

import { describe, expect, it } from 'vitest';
import { analyseRedirect, placeOf, registrableDomain, sameSite } from '../../src/checker/redirects.ts';
import type { RedirectKind } from '../../src/checker/redirects.ts';

const hop = (from: string, to: string) => [{ url: from, status: 301, location: to }];

describe('registrableDomain and sameSite', () => {
  it.each([
    ['www.tube.example', 'tube.example'],
    ['a.b.tube.example', 'tube.example'],
    ['news.bbc.co.uk', 'bbc.co.uk'],
    ['www.site.com.au', 'site.com.au'],
    ['cdn.site.com.br', 'site.com.br'],
    ['tube.example', 'tube.example'],
    ['127.0.0.1', '127.0.0.1'],
    ['sub.example.de', 'example.de'],
  ])('%s -> %s', (host, domain) => {
    expect(registrableDomain(host)).toBe(domain);
  });

  it.each([
    ['https://www.tube.example/a', 'https://m.tube.example/b', true],
    ['https://tube.example/a', 'https://cdn.tube.example/b', true],
    ['https://a.co.uk/', 'https://b.co.uk/', false],
    ['https://tube.example/', 'https://other.example/', false],
  ])('%s and %s: %s', (a, b, same) => {
    expect(sameSite(new URL(a), new URL(b))).toBe(same);
  });
});

describe('analyseRedirect', () => {
  it.each<[string, string, string, RedirectKind]>([
    ['no redirect', 'https://tube.example/video/1', 'https://tube.example/video/1', 'none'],
    ['http to https', 'http://tube.example/video/1', 'https://tube.example/video/1', 'benign'],
    ['www added', 'https://tube.example/video/1', 'https://www.tube.example/video/1', 'benign'],
    ['www removed', 'https://www.tube.example/video/1', 'https://tube.example/video/1', 'benign'],
    ['trailing slash', 'https://tube.example/video/1', 'https://tube.example/video/1/', 'benign'],
    ['letter case', 'https://tube.example/Video/AbC', 'https://tube.example/video/abc', 'benign'],
    ['tracking params added', 'https://tube.example/video/1?x=2', 'https://tube.example/video/1?x=2&utm_source=a&fbclid=z', 'benign'],
    ['root url to https root', 'http://tube.example/', 'https://www.tube.example/', 'benign'],
    ['site root', 'https://tube.example/video/1', 'https://tube.example/', 'root'],
    ['site root with tracking', 'https://tube.example/video/1', 'https://tube.example/?ref=removed', 'root'],
    ['locale root', 'https://tube.example/video/1', 'https://tube.example/en/', 'root'],
    ['index file', 'https://tube.example/video/1', 'https://tube.example/index.php', 'root'],
    ['root of another site', 'https://tube.example/video/1', 'https://parked.example/', 'root'],
    ['search path', 'https://tube.example/video/1', 'https://tube.example/search/amateur', 'search'],
    ['search param', 'https://tube.example/video/1', 'https://tube.example/videos?q=amateur+couple', 'search'],
    ['tag listing', 'https://tube.example/video/1', 'https://tube.example/tags/holiday', 'search'],
    ['results page', 'https://www.youtube.example/watch?v=abc', 'https://www.youtube.example/results?search_query=abc', 'search'],
    ['error page', 'https://tube.example/video/1', 'https://tube.example/404.html', 'error'],
    ['error script', 'https://files.example/file/abc', 'https://files.example/error.php?errno=320', 'error'],
    ['video-removed page', 'https://tube.example/video/1', 'https://tube.example/video-removed', 'error'],
    ['not-found page', 'https://tube.example/video/1', 'https://tube.example/en/page-not-found/', 'error'],
    ['error query on root', 'https://tube.example/video/1', 'https://tube.example/?error=video_not_found', 'error'],
    ['login', 'https://fans.example/posts/1', 'https://fans.example/login?next=/posts/1', 'login'],
    ['register', 'https://forum.example/threads/a.55/', 'https://forum.example/register/', 'login'],
    ['accounts host', 'https://drive.example/file/d/abc', 'https://accounts.example/ServiceLogin?continue=x', 'login'],
    ['instagram style login', 'https://social.example/p/abc/', 'https://social.example/accounts/login/?next=%2Fp%2Fabc%2F', 'login'],
    ['age check', 'https://tube.example/video/1', 'https://tube.example/age-verification?return=/video/1', 'age'],
    ['reddit over18', 'https://forum.example/r/x/comments/1', 'https://forum.example/over18?dest=https%3A%2F%2Fforum.example%2Fr%2Fx', 'age'],
    ['tumblr safe mode', 'https://blog.example/post/1', 'https://www.blog.example/safe-mode?url=x', 'age'],
    ['cloudflare challenge', 'https://tube.example/video/1', 'https://tube.example/cdn-cgi/challenge-platform/h/b/jsd', 'challenge'],
    ['consent host', 'https://www.youtube.example/watch?v=abc', 'https://consent.youtube.example/m?continue=x', 'challenge'],
    ['slug added', 'https://tube.example/video/1', 'https://tube.example/video/1/amateur-couple-weekend', 'other'],
    ['slug with error-looking words', 'https://tube.example/video/123', 'https://tube.example/video/123-gone-girl-missing-trailer', 'other'],
    ['words after an id', 'https://tube.example/video/123', 'https://tube.example/video/123/removed', 'other'],
    ['subreddit with a word inside', 'https://old.forum.example/r/gonewild/comments/1', 'https://www.forum.example/r/gonewild/comments/1', 'other'],
    ['domain moved', 'https://tube.example/video/1', 'https://tube2.example/video/1', 'other'],
    ['search to search', 'https://tube.example/search?q=a', 'https://tube.example/search?q=a&page=1', 'other'],
    ['unparsable', 'not a url', 'https://tube.example/', 'other'],
  ])('%s', (_, from, to, kind) => {
    const hops = from === to ? [] : hop(from, to);
    expect(analyseRedirect(from, to, hops).kind).toBe(kind);
  });

  it('reports hops and whether the final URL is on the same site', () => {
    const analysis = analyseRedirect('https://tube.example/video/1', 'https://other.example/', hop('https://tube.example/video/1', 'https://other.example/'));
    expect(analysis).toEqual({ kind: 'root', finalUrl: 'https://other.example/', sameSite: false, hops: 1 });
  });
});

describe('placeOf', () => {
  it.each([
    ['https://tube.example/video/8812', null],
    ['https://tube.example/', 'root'],
    ['https://tube.example/?v=abc', null],
    ['https://tube.example/category/amateur', 'search'],
    ['https://tube.example/signup', 'login'],
  ])('%s -> %s', (url, place) => {
    expect(placeOf(new URL(url))).toBe(place);
  });
});

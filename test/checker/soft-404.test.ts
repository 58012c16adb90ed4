import { describe, expect, it } from 'vitest';
import { analysePage } from '../../src/checker/page.ts';
import {
  compareWithProbe, looksLikeProbe, probeKey, probeUrlFor, sketchSimilarity, summariseProbe, SKETCH_SIZE,
} from '../../src/checker/soft-404.ts';
import { failed, ok, prose, response } from './helpers.ts';

const RANDOM = (): string => 'Q7x9k2m4p6r8t0v1w3y5';

// A site template without semantic elements, so the menu and footer count as main text too.
function sitePage(title: string, content: string, extra = ''): string {
  return `<!doctype html><html><head><title>${title} - PicShare</title></head><body>
<div class="top"><a href="/">PicShare</a> <a href="/new">New uploads</a> <a href="/popular">Popular this week</a> <a href="/upload">Upload your photos</a> <a href="/login">Log in</a></div>
<div class="content">${content}${extra}</div>
<div class="side"><b>Popular galleries</b> Summer at the lake, City lights at night, Mountain hiking trip, Autumn colours in the park, Old harbour boats</div>
<div class="bottom">PicShare is a free image host. Terms of service. Privacy policy. Report abuse. Contact. Copyright 2026 PicShare Ltd. All rights reserved.</div>
</body></html>`;
}

function notFound(path: string): string {
  return sitePage('Oops', `<h2>Oops, nothing here</h2><p>We looked everywhere for ${path} (request 81723) but it is gone or it never existed. Try the search box or browse the popular galleries.</p>`);
}

function probeAnswer(url: string, body: string, status = 200) {
  return summariseProbe(ok({ url, body, status }));
}

describe('probeUrlFor', () => {
  it.each([
    ['https://tube.example/video/123', 'https://tube.example/video/takedown-probe-q7x9k2m4p6r8t0v1w3y5'],
    ['https://tube.example/video/123/', 'https://tube.example/video/takedown-probe-q7x9k2m4p6r8t0v1w3y5/'],
    ['https://tube.example/a/b/page.html#frag', 'https://tube.example/a/b/takedown-probe-q7x9k2m4p6r8t0v1w3y5.html'],
    ['https://imgs.example/AbCdEfG', 'https://imgs.example/takedown-probe-q7x9k2m4p6r8t0v1w3y5'],
    ['https://tube.example/', 'https://tube.example/takedown-probe-q7x9k2m4p6r8t0v1w3y5'],
    ['https://tube.example/view_video.php?viewkey=ph55&pkey=1', 'https://tube.example/view_video.php?viewkey=takedown-probe-q7x9k2m4p6r8t0v1w3y5&pkey=takedown-probe-q7x9k2m4p6r8t0v1w3y5'],
    ['http://127.0.0.1:8080/watch?v=abc', 'http://127.0.0.1:8080/watch?v=takedown-probe-q7x9k2m4p6r8t0v1w3y5'],
  ])('%s -> %s', (target, probe) => {
    expect(probeUrlFor(target, RANDOM)).toBe(probe);
  });

  it('keeps only URL-safe characters of the random token', () => {
    expect(probeUrlFor('https://t.example/x', () => '../<>?&=')).toBe('https://t.example/takedown-probe-x');
  });

  it.each([
    ['https://tube.example/video/123', 'https://tube.example/video/'],
    ['https://tube.example/video/456/', 'https://tube.example/video/'],
    ['https://tube.example/abc', 'https://tube.example/'],
    ['https://tube.example/view_video.php?viewkey=1&b=2', 'https://tube.example/view_video.php?b&viewkey'],
  ])('probeKey(%s) = %s', (target, key) => {
    expect(probeKey(target)).toBe(key);
  });
});

describe('summariseProbe', () => {
  it('keeps a small fingerprint of an answer', () => {
    const url = 'https://pics.example/g/takedown-probe-abc';
    const summary = probeAnswer(url, notFound('/g/takedown-probe-abc'));
    expect(summary).toMatchObject({ url, answered: true, status: 200, finalUrl: url, redirected: false, isHtml: true, appShell: false });
    expect(summary.titleWords).toEqual(['oops', 'picshare']);
    expect(summary.shingles).toBeGreaterThan(40);
    expect(summary.sketch.length).toBeLessThanOrEqual(SKETCH_SIZE);
    expect(JSON.stringify(summary).length).toBeLessThan(4_000);
  });

  it('records a failed probe as unanswered', () => {
    expect(summariseProbe(failed('timeout'))).toMatchObject({ answered: false, status: null, sketch: [] });
  });

  it('caps the sketch of a big page', () => {
    const summary = probeAnswer('https://pics.example/x', sitePage('Big', `<p>${prose(3_000)} ${'unique words follow here '.repeat(10)}</p>`));
    expect(summary.sketch).toHaveLength(SKETCH_SIZE);
  });
});

describe('compareWithProbe', () => {
  const probeUrl = 'https://pics.example/g/takedown-probe-q7x9k2m4p6r8t0v1w3y5';
  const probe = probeAnswer(probeUrl, notFound('/g/takedown-probe-q7x9k2m4p6r8t0v1w3y5'));

  function compare(url: string, body: string, status = 200) {
    const r = response({ url, body, status });
    return compareWithProbe(analysePage(r.body, 'text/html'), r, probe);
  }

  it("matches the site's not-found page that names another requested path", () => {
    const result = compare('https://pics.example/g/55120', notFound('/g/55120'));
    expect(result.like).toBe(true);
    expect(result.similarity).toBeGreaterThanOrEqual(0.85);
    expect(result.why).toContain(probeUrl);
  });

  it('matches when the page echoes the full requested URL', () => {
    expect(compare('https://pics.example/g/55120', notFound('https://pics.example/g/55120')).like).toBe(true);
  });

  it.each([
    ['a live gallery', sitePage('Summer at the lake', `<h2>Summer at the lake</h2><p>${prose(60, 'lake')}</p>`)],
    ['another live gallery', sitePage('City lights', `<h2>City lights at night</h2><p>Twelve long exposures from the harbour bridge, shot on a tripod in January with the old lens.</p>`)],
    ['a live page with a generic title and short text', sitePage('Oops', '<h2>Oops, nothing here</h2><p>Photo uploaded by anna.</p>', '<img src="/i/55120.jpg">')],
  ])('does not match %s of the same template', (_, body) => {
    expect(compare('https://pics.example/g/55120', body).like).toBe(false);
  });

  it('tells same-template pages apart by their text even when the titles agree', () => {
    const live = sitePage('Oops', '<h2>Harbour at dawn</h2><p>Twelve long exposures from the harbour bridge, shot on a tripod in January with the old lens and a borrowed filter.</p>');
    const result = compare('https://pics.example/g/55120', live);
    expect(result.why).toBe('different text');
    expect(result.similarity).toBeLessThan(0.85);
  });

  it('does not match when the status differs', () => {
    const hardProbe = probeAnswer(probeUrl, notFound('x'), 404);
    const r = response({ url: 'https://pics.example/g/1', body: notFound('x') });
    expect(compareWithProbe(analysePage(r.body, 'text/html'), r, hardProbe).why).toBe('probe answered differently');
  });

  it('never matches client-side app shells, which look alike for every URL', () => {
    const shell = '<html><head><title>App</title></head><body><div id="root"></div><script src="/main.js"></script></body></html>';
    const shellProbe = probeAnswer('https://app.example/p/takedown-probe-x', shell);
    const r = response({ url: 'https://app.example/p/1', body: shell });
    expect(compareWithProbe(analysePage(r.body, 'text/html'), r, shellProbe)).toMatchObject({ like: false, why: 'client-side app shell' });
  });

  it('never matches near-empty pages', () => {
    const empty = '<html><head><title>Site</title></head><body><p>Hi</p></body></html>';
    const emptyProbe = probeAnswer('https://e.example/takedown-probe-x', empty);
    const r = response({ url: 'https://e.example/1', body: empty });
    expect(looksLikeProbe(analysePage(r.body, 'text/html'), r, emptyProbe)).toBe(false);
  });

  it('never matches against a failed probe', () => {
    const r = response({ url: 'https://pics.example/g/1', body: notFound('x') });
    expect(looksLikeProbe(analysePage(r.body, 'text/html'), r, summariseProbe(failed('reset')))).toBe(false);
  });

  it('compares big pages through the sketch', () => {
    const text = prose(2_000, 'canal');
    const bigProbe = probeAnswer('https://b.example/takedown-probe-x', sitePage('Missing', `<p>${text}</p>`));
    const same = response({ url: 'https://b.example/77', body: sitePage('Missing', `<p>${text}</p>`) });
    expect(looksLikeProbe(analysePage(same.body, 'text/html'), same, bigProbe)).toBe(true);
    const other = response({ url: 'https://b.example/78', body: sitePage('Missing', `<p>${prose(2_000, 'forest')} ${'different story entirely '.repeat(400)}</p>`) });
    expect(looksLikeProbe(analysePage(other.body, 'text/html'), other, bigProbe)).toBe(false);
  });
});

describe('sketchSimilarity', () => {
  it.each([
    [[1, 2, 3], [1, 2, 3], 1],
    [[1, 2, 3], [4, 5, 6], 0],
    [[1, 2, 3, 4], [1, 2, 5, 6], 2 / 6],
    [[], [], 1],
  ])('%j vs %j = %d', (a, b, expected) => {
    expect(sketchSimilarity(a, b)).toBeCloseTo(expected, 5);
  });
});
